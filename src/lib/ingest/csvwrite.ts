/**
 * The canonical CSV writer (docs/architecture.md: UTF-8, no BOM, '\n', comma, '"' quoting with
 * doubled quotes, empty = NULL, header = storedColumns keys). CSV for people (BOM, formula
 * neutralising) is src/lib/export/csv.ts.
 */
import { TABLE_BY_KEY, storedColumns, type TableKey } from '../contract/tables';

const NEEDS_QUOTES_RE = /[",\r\n]/;

/** One canonical CSV field: quoted only when it holds a quote, comma or line break. */
export function csvEscape(s: string): string {
  return NEEDS_QUOTES_RE.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

/** The header line with its line end, as UTF-8: what a canonical CSV file starts with. */
export function canonicalHeaderBytes(table: TableKey): Uint8Array {
  return new TextEncoder().encode(canonicalHeader(table) + '\n');
}

/** The header line (without line end) of a table's canonical CSV. */
export function canonicalHeader(table: TableKey): string {
  return storedColumns(TABLE_BY_KEY[table])
    .map((c) => c.key)
    .join(',');
}
