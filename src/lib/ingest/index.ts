/**
 * The importer, shared by the browser (inside a Web Worker) and the Node CLI: pure TypeScript,
 * no DOM and no Node APIs. See data-contract.md for the files it takes and docs/architecture.md
 * for the canonical CSV it writes.
 *
 * Row numbers everywhere (RejectedRow.row, FileReport.headerRow, warnings, src_row) are the row
 * numbers a spreadsheet shows: the header is row 1 when it is the first line; with a title row
 * above it the header is row 2 and the first data row is 3. A CSV record whose quoted field spans
 * several lines is one row. Rows above the header are not "read"; every row below it is, and
 * read = accepted + rejected + skipped for every file.
 */
import type { TableKey } from '../contract/tables';
import { canonicalHeader, canonicalHeaderBytes } from './csvwrite';
import { contentHash, sameContentMessage } from './dedupe';
import { emptyReport, importInput, importOne, type ChunkedFile } from './importer';
import type { FileReport, ImportOptions, ImportResult, InputFile, RejectedRow } from './types';

export type { ChunkedFile, RowSink } from './importer';
export type {
  FileReport,
  ImportOptions,
  ImportProgress,
  ImportResult,
  InputFile,
  RejectedRow
} from './types';
export { listSheets } from './xlsx';
export { csvEscape, canonicalHeader, canonicalHeaderBytes } from './csvwrite';
export { checkChar, idBirthDate, idGender, isValidId } from './idcard';
export { decodeText } from './decode';
export { parseCsv } from './csv';
export { REPEAT_SHARE, contentHash, findRepeatedFiles, repeatMessage, sameContentMessage } from './dedupe';
export type { RepeatedFile } from './dedupe';

/** The report of a file skipped as identical to `earlier`: nothing read, one note saying why. */
export function duplicateReport(name: string, hash: string, earlier: string): FileReport {
  return {
    ...emptyReport(name),
    warnings: [{ row: 0, message: sameContentMessage(earlier) }],
    contentHash: hash,
    duplicateOf: earlier
  };
}

export async function importFiles(files: InputFile[], opts: ImportOptions = {}): Promise<ImportResult> {
  const rejected: RejectedRow[] = [];
  const result: ImportResult = { files: [], rejected, tables: {}, perFile: [] };
  const bodies = new Map<TableKey, string[]>();
  const seen = new Map<string, string>();
  for (const file of files) {
    // Another sheet of the same workbook is another file.
    const hash = (await contentHash(file.bytes)) + (file.sheet ? `:${file.sheet}` : '');
    const first = seen.get(hash);
    if (first !== undefined) {
      // The same content twice in one import (a re-downloaded export): taken once, said so.
      result.files.push(duplicateReport(file.name, hash, first));
      continue;
    }
    seen.set(hash, file.name);
    const { report, table, body } = await importOne(file, opts, rejected);
    report.contentHash = hash;
    result.files.push(report);
    if (!table) continue;
    const header = canonicalHeader(table) + '\n';
    result.perFile.push({ file: file.name, table, csv: header + body, rows: report.accepted });
    if (!bodies.has(table)) bodies.set(table, []);
    bodies.get(table)!.push(body);
    // Let the worker's event loop breathe between files (cancellation, messages).
    await Promise.resolve();
  }
  for (const [table, parts] of bodies) result.tables[table] = canonicalHeader(table) + '\n' + parts.join('');
  return result;
}

/** A file read in chunks, with its content hash computed by the caller (the CLI hashes in Node). */
export interface StreamInputFile extends ChunkedFile {
  hash(): Promise<string>;
}

/**
 * importFiles for files read in chunks (the CLI, issue 9): accepted rows go to `onRows` in
 * batches of canonical CSV lines (no header) as they are read, so memory does not grow with the
 * file. The result has the reports and rejected rows; `tables` and `perFile` stay empty.
 */
export async function importFileStreams(
  files: StreamInputFile[],
  opts: ImportOptions &
    (
      | { onRows: (table: TableKey, file: string, lines: string) => Promise<void> }
      /** The batch as the strings it was built of (importFileStreamsEncoded encodes them one by one). */
      | { onRowParts: (table: TableKey, file: string, parts: string[]) => Promise<void> }
    )
): Promise<ImportResult> {
  const rejected: RejectedRow[] = [];
  const result: ImportResult = { files: [], rejected, tables: {}, perFile: [] };
  const seen = new Map<string, string>();
  for (const file of files) {
    const hashed = file.hash().then((h) => h + (file.sheet ? `:${file.sheet}` : ''));
    // The first file cannot repeat an earlier one of this import, so it is read while its hash is
    // computed (reading a city's export for the hash took about a second before the parse began);
    // a later file is compared first, so a repeated file sends no rows.
    if (seen.size > 0) {
      const hash = await hashed;
      const first = seen.get(hash);
      if (first !== undefined) {
        result.files.push(duplicateReport(file.name, hash, first));
        continue;
      }
    }
    const sink =
      'onRowParts' in opts
        ? (table: TableKey, parts: string[]) => opts.onRowParts(table, file.name, parts)
        : (table: TableKey, parts: string[]) => opts.onRows(table, file.name, parts.join(''));
    const imported = importInput({ kind: 'chunks', file, sink }, opts, rejected);
    // Both settle before either's failure is thrown: nothing keeps running behind an error.
    const [h, r] = await Promise.allSettled([hashed, imported]);
    if (h.status === 'rejected') throw h.reason;
    if (r.status === 'rejected') throw r.reason;
    const hash = h.value;
    const { report } = r.value;
    seen.set(hash, file.name);
    report.contentHash = hash;
    result.files.push(report);
  }
  return result;
}

/**
 * importFileStreams with the accepted rows kept as canonical CSV (`tables` and `perFile` filled as
 * importFiles fills them): the browser's worker, which reads each File in chunks (File.stream()),
 * so neither the file's bytes nor its decoded text are ever held whole; only the canonical CSV is.
 */
export async function importFileStreamsCollected(
  files: StreamInputFile[],
  opts: ImportOptions = {}
): Promise<ImportResult> {
  const parts = new Map<string, string[]>();
  const result = await importFileStreams(files, {
    ...opts,
    onRows: async (_table, file, lines) => {
      if (!parts.has(file)) parts.set(file, []);
      parts.get(file)!.push(lines);
    }
  });
  const bodies = new Map<TableKey, string[]>();
  for (const report of result.files) {
    const table = report.table;
    if (!table || report.duplicateOf) continue;
    const body = (parts.get(report.file) ?? []).join('');
    parts.delete(report.file);
    result.perFile.push({
      file: report.file,
      table,
      csv: canonicalHeader(table) + '\n' + body,
      rows: report.accepted
    });
    if (!bodies.has(table)) bodies.set(table, []);
    bodies.get(table)!.push(body);
  }
  for (const [table, b] of bodies) result.tables[table] = canonicalHeader(table) + '\n' + b.join('');
  return result;
}

/** One file's canonical CSV as UTF-8 bytes: its header line, then the accepted rows' batches. */
export interface EncodedFile {
  file: string;
  table: TableKey;
  rows: number;
  /** Empty when the batches went to `onPart` instead. */
  parts: Uint8Array[];
  /** The same bytes already written to the browser's storage by the worker (./worker/stage.ts). */
  staged?: string;
}

/** What the page's import worker hands back: the reports, the rejected rows and each file's bytes. */
export type EncodedImportResult = Pick<ImportResult, 'files' | 'rejected'> & { perFile: EncodedFile[] };

/**
 * importFileStreamsCollected for the page's worker, with each file's canonical CSV as UTF-8 bytes
 * (in parts of a few thousand lines) instead of one string. Bytes go to the page by transfer, not by copy (a
 * structured clone of the payments export's 130-million-character CSV took 11 s), are saved and
 * loaded into duckdb-wasm as they are (no re-encoding), and take half the memory of the text.
 * `perFile` is importFileStreamsCollected's, encoded; there is no per-table text (the page loads
 * what it stored).
 *
 * With `onPart`, each batch (rows only, no header) is handed over as soon as it is encoded and not
 * kept: the page loads it into duckdb-wasm while the next is read (src/lib/session/import-load.ts).
 */
export async function importFileStreamsEncoded(
  files: StreamInputFile[],
  opts: ImportOptions & {
    onPart?: (file: string, table: TableKey, bytes: Uint8Array) => void | Promise<void>;
  } = {}
): Promise<EncodedImportResult> {
  const enc = new TextEncoder();
  const parts = new Map<string, Uint8Array[]>();
  const { onPart } = opts;
  // Each string encoded into one scratch buffer (3 bytes per UTF-16 unit at most) and copied out at
  // its size: Chromium's encodeInto is several times faster than encode on these strings, and the
  // strings are a few thousand lines each, so the scratch stays small.
  let scratch = new Uint8Array(0);
  const result = await importFileStreams(files, {
    ...opts,
    onRowParts: async (table, file, texts) => {
      if (!parts.has(file)) parts.set(file, []);
      const out = parts.get(file)!;
      for (const t of texts) {
        if (scratch.length < 3 * t.length) scratch = new Uint8Array(3 * t.length);
        const bytes = scratch.slice(0, enc.encodeInto(t, scratch).written);
        if (onPart) await onPart(file, table, bytes);
        else out.push(bytes);
      }
    }
  });
  const perFile: EncodedFile[] = [];
  for (const report of result.files) {
    const table = report.table;
    if (!table || report.duplicateOf) continue;
    const body = parts.get(report.file) ?? [];
    parts.delete(report.file);
    perFile.push({
      file: report.file,
      table,
      rows: report.accepted,
      parts: onPart ? [] : [canonicalHeaderBytes(table), ...body]
    });
  }
  return { files: result.files, rejected: result.rejected, perFile };
}

/** Chunks of a Blob (a File on the page), read with its stream's reader. */
export async function* blobChunks(blob: Blob): AsyncGenerator<Uint8Array> {
  const reader = blob.stream().getReader();
  try {
    for (;;) {
      const r = await reader.read();
      if (r.done) return;
      yield r.value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** A File (or any Blob) as the importer's chunked input. */
export function blobInput(name: string, blob: Blob, sheet?: string): StreamInputFile {
  return {
    name,
    size: blob.size,
    ...(sheet ? { sheet } : {}),
    open: () => blobChunks(blob),
    // Web Crypto digests whole buffers only: the bytes are held for the hash, then dropped.
    hash: async () => contentHash(new Uint8Array(await blob.arrayBuffer()))
  };
}
