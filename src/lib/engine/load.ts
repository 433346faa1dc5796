/**
 * Loads the importer's canonical CSV (docs/architecture.md) into the normalised DuckDB tables.
 * Same DDL and read_csv options in duckdb-wasm and native DuckDB, explicit column types and no
 * sniffing, so both engines read the same text into the same values.
 */
import {
  DUCK_TYPE,
  TABLES,
  TABLE_BY_KEY,
  createTableSql,
  storedColumns,
  type TableKey
} from '../contract/tables';
import { MAX_CANONICAL_LINE_BYTES } from '../ingest/limits';
import type { Engine } from './engine';
import { sqlString } from './engine';

/**
 * A table that failed to load. The message is Chinese and names only the table: DuckDB's own error
 * quotes the raw lines (full ID and card numbers), so it is never shown, logged or kept.
 */
export class TableLoadError extends Error {
  constructor(readonly table: TableKey) {
    super(
      `数据表「${TABLE_BY_KEY[table].title}」加载失败：已保存的数据格式有误。请在“数据导入”页删除有问题的文件后重新导入。`
    );
    this.name = 'TableLoadError';
  }
}

/**
 * DuckDB ran out of memory while loading (its memory limit, not the data's format). Kept apart from
 * TableLoadError so the user is told to give it more memory, not to re-import a sound file.
 */
export class EngineMemoryError extends Error {
  constructor() {
    super('内存不足：数据库引擎的内存上限不够装入这批数据。');
    this.name = 'EngineMemoryError';
  }
}

/** DuckDB's out-of-memory error (its message is English; only its kind is used, never its text). */
export const isOutOfMemory = (e: unknown): boolean =>
  e instanceof EngineMemoryError || (e instanceof Error && /Out of Memory/i.test(e.message));

let seq = 0;

function columnsStruct(tableKey: TableKey): string {
  const cols = storedColumns(TABLE_BY_KEY[tableKey]);
  return `{${cols.map((c) => `${sqlString(c.key)}: ${sqlString(DUCK_TYPE[c.type])}`).join(', ')}}`;
}

/**
 * True when the text (or its UTF-8 bytes) holds at least one data line: after its header line, or
 * anywhere when it has none (`header` false: a batch of an import, src/lib/session/import-load.ts).
 */
function hasRows(csv: string | Uint8Array, header = true): boolean {
  if (typeof csv === 'string') {
    const nl = header ? csv.indexOf('\n') : -1;
    return (!header || nl >= 0) && csv.slice(nl + 1).trim().length > 0;
  }
  const nl = header ? csv.indexOf(0x0a) : -1;
  if (header && nl < 0) return false;
  // Anything after the header but ASCII whitespace (what trim() drops of a canonical CSV's text).
  for (let i = nl + 1; i < csv.length; i++) if (csv[i] > 0x20) return true;
  return false;
}

/**
 * A part of a table to load: canonical CSV text or its UTF-8 bytes (with the header line), or a
 * table already in the engine with the same columns (an import's rows, loaded while the file was
 * read: src/lib/session/import-load.ts), which becomes part of the table and is then gone.
 */
export type TablePart = string | Uint8Array | { engineTable: string };

/** (Re)creates the table and appends every part to it, in order. */
export async function loadCanonicalCsv(
  engine: Engine,
  tableKey: TableKey,
  parts: TablePart[]
): Promise<void> {
  const def = TABLE_BY_KEY[tableKey];
  const [first] = parts;
  if (parts.length === 1 && typeof first === 'object' && 'engineTable' in first) {
    // The whole table was loaded during the import: it only takes the table's name.
    await engine.exec(
      `DROP TABLE IF EXISTS ${tableKey}; ALTER TABLE ${first.engineTable} RENAME TO ${tableKey}`
    );
    return;
  }
  await engine.exec(createTableSql(def));
  for (const part of parts) {
    if (typeof part === 'object' && 'engineTable' in part) {
      await engine.exec(
        `INSERT INTO ${tableKey} SELECT * FROM ${part.engineTable}; DROP TABLE ${part.engineTable}`
      );
    } else await appendCanonicalCsv(engine, tableKey, part);
  }
}

/**
 * Appends one canonical CSV text (with its header, unless `header` is false) to an existing table
 * (`into`, else the table's own): the CLI loads a large file batch by batch as the importer reads it
 * (issue 9), so no text holds the whole file, and so does the page (src/lib/session/import-load.ts).
 * Bytes are registered as they are; in the browser they are moved to duckdb-wasm's worker, so the
 * caller's buffer is empty afterwards.
 */
export async function appendCanonicalCsv(
  engine: Engine,
  tableKey: TableKey,
  text: string | Uint8Array,
  opts: { header?: boolean; into?: string } = {}
): Promise<void> {
  const header = opts.header ?? true;
  const columns = columnsStruct(tableKey);
  if (!hasRows(text, header)) return;
  const name = `${tableKey}-${++seq}.csv`;
  const path =
    typeof text === 'string' ? await engine.registerText(name, text) : await engine.registerBytes(name, text);
  try {
    // max_line_size: the importer bounds every value (limits.ts), so its lines always fit.
    await engine.exec(
      `INSERT INTO ${opts.into ?? tableKey} SELECT * FROM read_csv(${sqlString(path)}, header = ${header}, ` +
        `auto_detect = false, columns = ${columns}, nullstr = '', quote = '"', escape = '"', delim = ',', ` +
        `max_line_size = ${MAX_CANONICAL_LINE_BYTES})`
    );
  } catch (e) {
    throw isOutOfMemory(e) ? new EngineMemoryError() : new TableLoadError(tableKey);
  } finally {
    await engine.dropText(name);
  }
}

/** Creates all seven tables empty. */
export async function createEmptyTables(engine: Engine): Promise<void> {
  await engine.exec(TABLES.map((t) => createTableSql(t)).join(';\n'));
}

/**
 * Creates all seven tables (empty when a table was not imported, so every rule can run) and loads
 * the given canonical CSV texts. Then call applyPolicy (src/lib/policy/apply.ts), which builds the
 * policy tables and the rules' helper views.
 */
export async function loadTables(
  engine: Engine,
  tables: Partial<Record<TableKey, TablePart[]>>
): Promise<void> {
  await createEmptyTables(engine);
  for (const t of TABLES) {
    const texts = tables[t.key];
    if (texts && texts.length) await loadCanonicalCsv(engine, t.key, texts);
  }
}
