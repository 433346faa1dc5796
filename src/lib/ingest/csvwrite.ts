/**
 * CSV writers. The canonical CSV (docs/architecture.md: UTF-8, no BOM, '\n', comma, '"' quoting
 * with doubled quotes, empty = NULL, header = storedColumns keys) and a generic writer the CLI
 * reuses for rejected.csv and findings.csv.
 */
import { TABLE_BY_KEY, storedColumns, type TableKey } from '../contract/tables';

const NEEDS_QUOTES_RE = /[",\r\n]/;

/** One canonical CSV field: quoted only when it holds a quote, comma or line break. */
export function csvEscape(s: string): string {
  return NEEDS_QUOTES_RE.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

/** The header line (without line end) of a table's canonical CSV. */
export function canonicalHeader(table: TableKey): string {
  return storedColumns(TABLE_BY_KEY[table])
    .map((c) => c.key)
    .join(',');
}

const FORMULA_START_RE = /^[=+\-@\t\r]/;
const PLAIN_NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/**
 * A field for a CSV a person opens in Excel. With neutralise, text starting with = + - @ (or a
 * tab / CR) gets a leading apostrophe so Excel shows it instead of evaluating it as a formula
 * (CSV injection); numbers, and text that is a plain number such as -2000, stay numbers.
 */
export function toCsvField(v: unknown, neutralise = false): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  let s = String(v);
  if (neutralise && FORMULA_START_RE.test(s) && !PLAIN_NUMBER_RE.test(s)) s = "'" + s;
  return csvEscape(s);
}

export interface CsvWriteOptions {
  /** Start with a UTF-8 BOM so Excel on Chinese Windows reads UTF-8 (findings.csv, rejected.csv). */
  bom?: boolean;
  /** Neutralise formula-looking text (see toCsvField). */
  neutralise?: boolean;
  /** Line end, '\n' by default. */
  eol?: string;
}

/** A whole CSV text: header row then rows, each row a list of values in header order. */
export function toCsv(header: string[], rows: unknown[][], opts: CsvWriteOptions = {}): string {
  const eol = opts.eol ?? '\n';
  const neutralise = opts.neutralise ?? false;
  const lines = [header.map((h) => toCsvField(h, neutralise)).join(',')];
  for (const r of rows) lines.push(r.map((v) => toCsvField(v, neutralise)).join(','));
  return (opts.bom ? '\uFEFF' : '') + lines.join(eol) + eol;
}
