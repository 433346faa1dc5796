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
import { concatBytes } from '../bytes';
import { CsvReader } from './csv';
import { CsvStream } from './csv-stream';
import { csvEscape } from './csvwrite';
import { decodeText, isSpreadsheetBinary, isUtf8Stream, notDataFileReason, sniffEncoding } from './decode';
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
  /** The next row; null at the end; undefined when `fill()` must be awaited first (streamed files). */
  next(): Cell[] | null | undefined;
  fill(): Promise<void>;
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
    fill: async () => {},
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
    fill: async () => {},
    row: () => firstRow + i,
    fraction: () => (rows.length === 0 ? 1 : Math.min(i + 1, rows.length) / rows.length),
    total: () => rows.length + firstRow - 1,
    problem: () => null
  };
}

/**
 * CSV rows from a file read in chunks: `chunks` continues after `first`, which the caller has
 * already taken from it. Memory holds one window of text (csv-stream.ts), not the file.
 */
function streamSource(
  first: Uint8Array,
  chunks: AsyncIterator<Uint8Array>,
  decoder: TextDecoder,
  size: number
): RowSource {
  const csv = new CsvStream();
  let bytes = first.length;
  let chars = 0;
  const push = (text: string) => {
    chars += text.length;
    csv.push(text);
  };
  push(decoder.decode(first, { stream: true }));
  // Bytes read, scaled by the share of the decoded text already taken apart into rows.
  const fraction = () =>
    size > 0 && chars > 0 ? Math.min(1, (bytes * csv.consumedChars) / chars / size) : 0;
  return {
    next: () => csv.next(),
    fill: async () => {
      const r = await chunks.next();
      if (r.done) {
        push(decoder.decode());
        csv.end();
      } else {
        bytes += r.value.length;
        push(decoder.decode(r.value, { stream: true }));
      }
    },
    row: () => csv.row,
    fraction,
    // Rows so far scaled by the share of bytes read: an estimate until the end.
    total: () => Math.round(csv.row / Math.max(fraction(), 1e-9)),
    problem: () => csv.problem
  };
}

/** The next row of a source, waiting for more input when a streamed source needs it. */
async function nextRow(source: RowSource): Promise<Cell[] | null> {
  let cells = source.next();
  while (cells === undefined) {
    await source.fill();
    cells = source.next();
  }
  return cells;
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

/**
 * A file read in chunks (the CLI: a Node read stream; see StreamInputFile). `open()` may be called
 * more than once: a file without a BOM is first checked for UTF-8 throughout, as decodeText does.
 */
export interface ChunkedFile {
  name: string;
  size: number;
  sheet?: string;
  open(): AsyncIterable<Uint8Array>;
}

/**
 * Where accepted rows go as they are made: canonical CSV lines (no header), in batches; each batch
 * as the flat strings it was built of (their concatenation is the batch's text), so a sink that
 * encodes them need not join 32 million characters first.
 */
export type RowSink = (table: TableKey, parts: string[]) => Promise<void>;

/** Accepted rows are handed to the sink in batches of about this many characters. */
export const BATCH_CHARS = 32 * 2 ** 20;

/** A file's bytes, whole (the page, tests) or in chunks with a sink for the accepted rows (the CLI). */
export type FileInput =
  { kind: 'bytes'; file: InputFile } | { kind: 'chunks'; file: ChunkedFile; sink: RowSink };

export function importOne(
  file: InputFile,
  opts: ImportOptions,
  rejected: RejectedRow[]
): Promise<FileOutcome> {
  return importInput({ kind: 'bytes', file }, opts, rejected);
}

/** Reads the first chunks until at least `min` bytes (or the end): enough to sniff the file. */
async function head(
  it: AsyncIterator<Uint8Array>,
  min: number
): Promise<{ first: Uint8Array; done: boolean }> {
  const parts: Uint8Array[] = [];
  let n = 0;
  let done = false;
  while (n < min) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    parts.push(r.value);
    n += r.value.length;
  }
  return { first: concatBytes(parts), done };
}

/** The rest of an iterator appended to `first` (a workbook is read in one piece). */
async function readAll(first: Uint8Array, it: AsyncIterator<Uint8Array>): Promise<Uint8Array> {
  const parts = [first];
  for (let r = await it.next(); !r.done; r = await it.next()) parts.push(r.value);
  return concatBytes(parts);
}

/** A file's report before anything is read: no table, every count zero. */
export function emptyReport(name: string): FileReport {
  return {
    file: name,
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
}

export async function importInput(
  input: FileInput,
  opts: ImportOptions,
  rejected: RejectedRow[]
): Promise<FileOutcome> {
  const file = input.file;
  const report = emptyReport(file.name);
  const fail = (error: string): FileOutcome => {
    report.error = error;
    // The whole file appears once in the rejected list (row 0) so no file is dropped silently.
    rejected.push({ file: file.name, row: 0, reason: error, raw: '' });
    return { report, table: null, body: '' };
  };

  // A file that matches no table is rejected as a whole, but row by row: its first non-blank row
  // is taken as its header and every row below counts as read and rejected, so the invariant
  // read = accepted + rejected + skipped holds and rejected.csv shows what was not taken.
  const rejectWholeFile = async (error: string): Promise<FileOutcome> => {
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
    for (const h of headRows) take(h.cells, h.row);
    for (let cells = await nextRow(source); cells; cells = await nextRow(source)) take(cells, source.row());
    if (!seenHeader) rejected.push({ file: file.name, row: 0, reason: error, raw: '' });
    return { report, table: null, body: '' };
  };

  let source: RowSource;
  let size = 0;
  try {
    if (input.kind === 'bytes') {
      const bytes = input.file.bytes;
      size = bytes.length;
      const notData = notDataFileReason(file.name, bytes);
      if (notData) return fail(notData);
      if (isSpreadsheetBinary(bytes)) {
        const s = readSheet(bytes, file.sheet);
        report.sheet = s.sheet;
        report.sheets = s.sheets;
        source = sheetSource(s.rows, s.firstRow);
      } else {
        const d = decodeText(bytes);
        report.encoding = d.encoding;
        source = csvSource(d.text);
      }
    } else {
      size = input.file.size;
      const it = input.file.open()[Symbol.asyncIterator]();
      const { first } = await head(it, 65536);
      const notData = notDataFileReason(file.name, first.length < 8192 ? first : first.subarray(0, 8192));
      if (notData) {
        // Close the stream (a file handle in the CLI): nothing more is read from this file.
        await it.return?.();
        return fail(notData);
      }
      if (isSpreadsheetBinary(first)) {
        // A workbook is a zip: SheetJS needs all of it at once (one pass, as on the page).
        const s = readSheet(await readAll(first, it), file.sheet);
        report.sheet = s.sheet;
        report.sheets = s.sheets;
        source = sheetSource(s.rows, s.firstRow);
      } else {
        let enc = sniffEncoding(first);
        if (!enc) {
          // decodeText's order: strict UTF-8 for the whole file, else GB18030. Known only after a
          // first pass over the bytes (no text kept), since rows are loaded as they are read.
          const utf8 = await isUtf8Stream(input.file.open());
          enc = utf8
            ? { label: 'utf-8', encoding: 'UTF-8', skip: 0 }
            : { label: 'gb18030', encoding: 'GB18030', skip: 0 };
        }
        report.encoding = enc.encoding;
        source = streamSource(first.subarray(enc.skip), it, new TextDecoder(enc.label), size);
      }
    }
  } catch (e) {
    // V8 cannot build a string that long (an English RangeError): say so in Chinese.
    // Decoders fail on very large inputs with English messages (also as a TypeError): only our own
    // Chinese messages are passed on.
    const msg = e instanceof Error ? e.message : '';
    if (/[\u4e00-\u9fff]/.test(msg) && !(e instanceof RangeError)) return fail(msg);
    return fail(
      size > 2 ** 28 || e instanceof RangeError ? FILE_TOO_LONG : '无法读取文件内容（文件可能已损坏）'
    );
  }

  // The header is searched among the first rows; keep them to process the ones below it.
  const headRows: { cells: Cell[]; row: number; problem: string | null }[] = [];
  while (headRows.length < HEADER_SEARCH_ROWS) {
    const cells = await nextRow(source);
    if (!cells) break;
    headRows.push({ cells, row: source.row(), problem: source.problem() });
  }
  const rec = recognise(headRows.map((h) => h.cells));
  if ('error' in rec) return rejectWholeFile(rec.error);

  const table = rec.table;
  report.table = table;
  report.tableTitle = TABLE_BY_KEY[table].title;
  report.headerRow = headRows[rec.headerIndex].row;
  report.mapping = rec.bindings.map((b) => ({ header: b.header, column: b.column.header }));
  report.extraColumns = rec.extraColumns;

  const plan = buildPlan(table, rec.bindings);
  const programIdx = table === 'payments' || table === 'allocations' ? plan.keyIndex.program : -1;
  const unknown = new Map<string, number>();
  const srcFile = csvEscape(file.name.slice(0, MAX_NAME_CHARS));
  // Accepted lines are joined into flat chunks every few thousand rows: millions of small
  // long-lived strings (and V8 cons-string nodes) would otherwise make garbage collection dominate.
  let chunks: string[] = [];
  let chunkChars = 0;
  let lines: string[] = [];
  // Streamed: full batches go to the sink as they fill, so memory does not grow with the file.
  const sink = input.kind === 'chunks' ? input.sink : null;
  const flush = async () => {
    if (!sink || chunks.length === 0) return;
    const batch = chunks;
    chunks = [];
    chunkChars = 0;
    await sink(table, batch);
  };
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
    if (h < headRows.length) {
      cells = headRows[h].cells;
      rowNo = headRows[h].row;
      problem = headRows[h].problem;
      h++;
    } else {
      cells = await nextRow(source);
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
      const chunk = lines.join('\n') + '\n';
      chunks.push(chunk);
      chunkChars += chunk.length;
      lines = [];
      if (sink && chunkChars >= (opts.batchChars ?? BATCH_CHARS)) await flush();
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
  if (sink) {
    await flush();
    return { report, table, body: '' };
  }
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
