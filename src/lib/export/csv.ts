/**
 * CSV for people: what inspectors open in Excel/WPS. UTF-8 with a BOM (so Excel on Chinese Windows
 * does not read it as GBK), CRLF line ends, RFC 4180 quoting.
 *
 * Formula injection: a text cell that starts with = + - @ (or a tab / carriage return, which some
 * spreadsheet programs strip before parsing) is prefixed with an apostrophe, so a name like
 * "=HYPERLINK(…)" arrives as text. Exception: a cell that is exactly a plain decimal number
 * (-2000, -2000.00) is a number, not a formula, and is written as it is, so a negative 涉及金额
 * (a recall) stays numeric in Excel. The rule is by value, not by column, so it holds for numbers
 * passed as JS numbers and as the CLI's text ("1150.00") alike.
 *
 * The canonical CSV between importer and DuckDB (architecture.md) is a different format (no BOM,
 * no neutralising) and is not written here.
 */

export type Cell = string | number | boolean | null | undefined;

export const BOM = '\uFEFF';

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
const NEEDS_QUOTES = /[",\r\n]/;

/** Makes a text cell inert in spreadsheets: prefixes an apostrophe when it could start a formula. */
export function neutralise(s: string): string {
  return FORMULA_START.test(s) && !PLAIN_NUMBER.test(s) ? `'${s}` : s;
}

/** One CSV field: numbers as plain digits, text neutralised and quoted when needed, null as empty. */
export function toCsvField(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  const s = neutralise(v);
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A whole CSV file: BOM, header row, then one line per row (CRLF). */
export function toCsv(headers: string[], rows: Cell[][]): string {
  const lines = [headers.map(toCsvField).join(',')];
  for (const r of rows) lines.push(r.map(toCsvField).join(','));
  return BOM + lines.join('\r\n') + '\r\n';
}
