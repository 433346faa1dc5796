/**
 * The import pipeline for one file: decode / read sheet → find header and table → per row:
 * skip (blank, totals, repeated header) or validate → canonical CSV line or rejected row.
 *
 * Row numbers are the numbers a spreadsheet shows. For CSV, record n (a quoted field spanning
 * lines still makes one record) is row n, so a header on the first line is row 1; for XLSX, the
 * sheet's own row numbers (its used range may start below row 1). Title rows above the header are
 * not counted as read; every row below it is: read = accepted + rejected + skipped.
 */
import { TABLE_BY_KEY, type TableKey } from '../contract/tables';
import { CsvReader } from './csv';
import { csvEscape } from './csvwrite';
import { decodeText, isSpreadsheetBinary, notDataFileReason } from './decode';
import { FILE_TOO_LONG } from './size-limit';
import { MAX_CELL_CHARS, MAX_NAME_CHARS, MAX_RAW_CHARS, TOO_LONG } from './limits';
import { isKnownProgram } from './normalise';
import { HEADER_SEARCH_ROWS, recognise } from './recognise';
import { rawText, type Cell } from './text';
import type { FileReport, ImportOptions, InputFile, RejectedRow } from './types';
import { buildPlan, isBlankRow, isRepeatedHeader, isTotalsRow, validateRow } from './validate';
import { readSheet } from './xlsx';

export const PROGRESS_EVERY = 20_000;
/** Warnings kept per file; beyond it only a count (a 1M-row file must not produce 1M messages). */
export const MAX_WARNINGS = 1000;

interface RowSource {
  next(): Cell[] | null;
  /** Spreadsheet row number of the row last returned. */
  row(): number;
  fraction(): number;
  /** Estimated number of rows in the source (exact for sheets). */
  total(): number;
  /** Why the row last returned is unreadable as a record (a runaway quote), or null. */
  problem(): string | null;
}

function csvSource(text: string): RowSource {
  const reader = new CsvReader(text);
  let lines = -1;
  return {
    next: () => reader.next(),
    row: () => reader.row,
    fraction: () => reader.fraction,
    total: () => (lines >= 0 ? lines : (lines = reader.countLines())),
    problem: () => reader.problem
  };
}

function sheetSource(rows: Cell[][], firstRow: number): RowSource {
  let i = -1;
  return {
    next: () => (++i < rows.length ? (rows[i] ?? []) : null),
    row: () => firstRow + i,
    fraction: () => (rows.length === 0 ? 1 : Math.min(i + 1, rows.length) / rows.length),
    total: () => rows.length + firstRow - 1,
    problem: () => null
  };
}

function rawLine(cells: Cell[]): string {
  let end = cells.length;
  while (end > 0 && rawText(cells[end - 1]).trim() === '') end--;
  const parts: string[] = [];
  for (let i = 0; i < end; i++) parts.push(rawText(cells[i]));
  const raw = parts.join(',');
  // A runaway or over-long row must not copy megabytes into rejected.csv and the page.
  return raw.length > MAX_RAW_CHARS ? raw.slice(0, MAX_RAW_CHARS) + '…（已截断）' : raw;
}

/** True when a cell is longer than any spreadsheet cell can be (limits.ts). */
function hasOverlongCell(cells: Cell[]): boolean {
  for (const c of cells) if (typeof c === 'string' && c.length > MAX_CELL_CHARS) return true;
  return false;
}

export interface FileOutcome {
  report: FileReport;
  table: TableKey | null;
  /** Canonical CSV lines of the accepted rows, each ending with '\n' (no header). */
  body: string;
}

export function importOne(file: InputFile, opts: ImportOptions, rejected: RejectedRow[]): FileOutcome {
  const report: FileReport = {
    file: file.name,
    table: null,
    mapping: [],
    extraColumns: [],
    read: 0,
    accepted: 0,
    rejected: 0,
    skipped: 0,
    skippedBlank: 0,
    skippedTotals: 0,
    unknownPrograms: [],
    warnings: []
  };
  const fail = (error: string): FileOutcome => {
    report.error = error;
    // The whole file appears once in the rejected list (row 0) so no file is dropped silently.
    rejected.push({ file: file.name, row: 0, reason: error, raw: '' });
    return { report, table: null, body: '' };
  };

  // A file that matches no table is rejected as a whole, but row by row: its first non-blank row
  // is taken as its header and every row below counts as read and rejected, so the invariant
  // read = accepted + rejected + skipped holds and rejected.csv shows what was not taken.
  const rejectWholeFile = (error: string): FileOutcome => {
    report.error = error;
    let seenHeader = false;
    const take = (cells: Cell[], row: number) => {
      if (!seenHeader) {
        seenHeader = !isBlankRow(cells);
        if (seenHeader) report.headerRow = row;
        return;
      }
      report.read++;
      if (isBlankRow(cells)) {
        report.skippedBlank++;
        report.skipped++;
        return;
      }
      report.rejected++;
      rejected.push({ file: file.name, row, reason: error, raw: rawLine(cells) });
    };
    for (const h of head) take(h.cells, h.row);
    for (let cells = source.next(); cells; cells = source.next()) take(cells, source.row());
    if (!seenHeader) rejected.push({ file: file.name, row: 0, reason: error, raw: '' });
    return { report, table: null, body: '' };
  };

  const notData = notDataFileReason(file.name, file.bytes);
  if (notData) return fail(notData);
  let source: RowSource;
  try {
    if (isSpreadsheetBinary(file.bytes)) {
      const s = readSheet(file.bytes, file.sheet);
      report.sheet = s.sheet;
      report.sheets = s.sheets;
      source = sheetSource(s.rows, s.firstRow);
    } else {
      const d = decodeText(file.bytes);
      report.encoding = d.encoding;
      source = csvSource(d.text);
    }
  } catch (e) {
    // V8 cannot build a string that long (an English RangeError): say so in Chinese.
    // Decoders fail on very large inputs with English messages (also as a TypeError): only our own
    // Chinese messages are passed on.
    const msg = e instanceof Error ? e.message : '';
    if (/[\u4e00-\u9fff]/.test(msg) && !(e instanceof RangeError)) return fail(msg);
    return fail(
      file.bytes.length > 2 ** 28 || e instanceof RangeError
        ? FILE_TOO_LONG
        : '无法读取文件内容（文件可能已损坏）'
    );
  }

  // The header is searched among the first rows; keep them to process the ones below it.
  const head: { cells: Cell[]; row: number; problem: string | null }[] = [];
  while (head.length < HEADER_SEARCH_ROWS) {
    const cells = source.next();
    if (!cells) break;
    head.push({ cells, row: source.row(), problem: source.problem() });
  }
  const rec = recognise(head.map((h) => h.cells));
  if ('error' in rec) return rejectWholeFile(rec.error);

  const table = rec.table;
  report.table = table;
  report.tableTitle = TABLE_BY_KEY[table].title;
  report.headerRow = head[rec.headerIndex].row;
  report.mapping = rec.bindings.map((b) => ({ header: b.header, column: b.column.header }));
  report.extraColumns = rec.extraColumns;

  const plan = buildPlan(table, rec.bindings);
  const programIdx = table === 'payments' || table === 'allocations' ? plan.keyIndex.program : -1;
  const unknown = new Map<string, number>();
  const srcFile = csvEscape(file.name.slice(0, MAX_NAME_CHARS));
  // Accepted lines are joined into flat chunks every few thousand rows: millions of small
  // long-lived strings (and V8 cons-string nodes) would otherwise make garbage collection dominate.
  const chunks: string[] = [];
  let lines: string[] = [];
  let warningsDropped = 0;
  let rowNo = 0;
  const warn = (message: string) => {
    if (report.warnings.length < MAX_WARNINGS) report.warnings.push({ row: rowNo, message });
    else warningsDropped++;
  };
  const progress = () =>
    opts.onProgress?.({
      file: file.name,
      rowsDone: report.read,
      rowsTotal: Math.max(report.read, source.total() - report.headerRow!),
      pct: Math.min(99, Math.round(source.fraction() * 100))
    });

  let h = rec.headerIndex + 1;
  for (;;) {
    let cells: Cell[] | null;
    let problem: string | null;
    if (h < head.length) {
      cells = head[h].cells;
      rowNo = head[h].row;
      problem = head[h].problem;
      h++;
    } else {
      cells = source.next();
      if (!cells) break;
      rowNo = source.row();
      problem = source.problem();
    }
    report.read++;
    if (report.read % PROGRESS_EVERY === 0) progress();

    // A row the reader could not take apart, or with a value longer than any cell: rejected, so
    // the rows after it still load (the canonical line stays within the loader's line limit).
    const broken = problem ?? (hasOverlongCell(cells) ? TOO_LONG : null);
    if (broken) {
      report.rejected++;
      rejected.push({ file: file.name, row: rowNo, reason: broken, raw: rawLine(cells) });
      continue;
    }

    if (isBlankRow(cells)) {
      report.skippedBlank++;
      continue;
    }
    if (isTotalsRow(cells)) {
      report.skippedTotals++;
      continue;
    }
    if (isRepeatedHeader(cells, rec.bindings)) {
      report.skipped++;
      warn('重复的表头行，已跳过');
      continue;
    }
    const res = validateRow(cells, plan, warn);
    if (typeof res === 'string') {
      report.rejected++;
      rejected.push({ file: file.name, row: rowNo, reason: res, raw: rawLine(cells) });
      continue;
    }
    report.accepted++;
    if (programIdx >= 0) {
      const p = res[programIdx];
      if (p !== '' && !isKnownProgram(p)) unknown.set(p, (unknown.get(p) ?? 0) + 1);
    }
    for (let i = 0; i < res.length; i++) res[i] = csvEscape(res[i]);
    res.push(srcFile, String(rowNo));
    lines.push(res.join(','));
    if (lines.length === 4096) {
      chunks.push(lines.join('\n') + '\n');
      lines = [];
    }
  }

  report.skipped += report.skippedBlank + report.skippedTotals;
  if (warningsDropped > 0) {
    report.warnings.push({ row: 0, message: `另有 ${warningsDropped} 条提示未逐条列出` });
  }
  report.unknownPrograms = [...unknown]
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => b.count - a.count);
  opts.onProgress?.({ file: file.name, rowsDone: report.read, rowsTotal: report.read, pct: 100 });
  if (lines.length > 0) chunks.push(lines.join('\n') + '\n');
  try {
    return { report, table, body: chunks.join('') };
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    // The accepted rows do not fit in one string (V8's limit): the file is rejected as a whole,
    // in Chinese, rather than the whole run failing with an English error and no output.
    for (let i = rejected.length - 1; i >= 0; i--) if (rejected[i].file === file.name) rejected.splice(i, 1);
    Object.assign(report, {
      table: null,
      read: 0,
      accepted: 0,
      rejected: 0,
      skipped: 0,
      skippedBlank: 0,
      skippedTotals: 0
    });
    return fail(FILE_TOO_LONG);
  }
}
