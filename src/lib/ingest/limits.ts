/**
 * Size bounds the importer and the loader share, so a value the importer accepts always loads:
 * DuckDB's read_csv refuses a line longer than its max_line_size, and the whole table load fails.
 */
import { TABLES, storedColumns } from '../contract/tables';

/** Excel's own limit for one cell: no real export holds a longer value. A longer cell rejects its row. */
export const MAX_CELL_CHARS = 32_767;

/** A file name longer than this is cut in the canonical src_file column (no OS allows much more). */
export const MAX_NAME_CHARS = 1_000;

/** Rejected rows keep at most this much of their original text (rejected.csv, the import page). */
export const MAX_RAW_CHARS = 2_000;

/**
 * The longest canonical CSV line the importer can write, in UTF-8 bytes: every stored column at
 * its longest with every character a doubled quote or a 3-byte character, plus src_file, src_row
 * and the separators. The loader passes it to read_csv as max_line_size.
 */
export const MAX_CANONICAL_LINE_BYTES = (() => {
  const cols = Math.max(...TABLES.map((t) => storedColumns(t).length));
  return cols * (MAX_CELL_CHARS * 2 * 3 + 3) + (MAX_NAME_CHARS * 2 * 3 + 3) + 64;
})();

/** Reason of a row rejected for a cell over MAX_CELL_CHARS. */
export const TOO_LONG = `字段过长（超过 ${MAX_CELL_CHARS} 个字符）`;
