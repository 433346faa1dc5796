/** Public types of the importer (re-exported by index.ts). */
import type { TableKey } from '../contract/tables';

export interface InputFile {
  name: string;
  bytes: Uint8Array;
  /** xlsx sheet name; default first */
  sheet?: string;
}

export interface ImportProgress {
  file: string;
  rowsDone: number;
  /** Exact for spreadsheets; for CSV an estimate from the line count until the file is done. */
  rowsTotal: number;
  pct: number;
}

export interface ImportOptions {
  onProgress?: (p: ImportProgress) => void;
  /**
   * Characters per batch handed to a sink (importer.ts BATCH_CHARS by default). The page's worker
   * takes smaller batches: the engine loads each while the next is read, so less is left at the end.
   */
  batchChars?: number;
}

export interface RejectedRow {
  file: string;
  /** Spreadsheet row number (see index.ts); 0 for a whole file that was rejected. */
  row: number;
  /** Chinese */
  reason: string;
  /** original cells joined with ',' */
  raw: string;
}

export interface FileReport {
  file: string;
  sheet?: string;
  sheets?: string[];
  encoding?: string;
  table: TableKey | null;
  tableTitle?: string;
  headerRow?: number;
  mapping: { header: string; column: string /* canonical header */ }[];
  extraColumns: string[];
  read: number;
  accepted: number;
  rejected: number;
  /** skippedBlank + skippedTotals + header lines repeated below the header (each one warned). */
  skipped: number;
  skippedBlank: number;
  skippedTotals: number;
  unknownPrograms: { name: string; count: number }[];
  /** e.g. 性别/出生日期 disagree with the ID (reported, not rejected); row 0 = about the file */
  warnings: { row: number; message: string }[];
  /** whole file rejected: Chinese message naming the closest table and its missing columns */
  error?: string;
  /** SHA-256 of the file's bytes (+ `:sheet` when a sheet was chosen): an identical file under another name is not imported twice. */
  contentHash?: string;
  /** Set when this file was skipped because it is identical to that (earlier) file. */
  duplicateOf?: string;
}

export interface ImportResult {
  files: FileReport[];
  rejected: RejectedRow[];
  /** per table, canonical CSV text (see docs/architecture.md) of the accepted rows of all files */
  tables: Partial<Record<TableKey, string>>;
  /** per table, per file: the canonical CSV of that file alone (the browser persists per file) */
  perFile: { file: string; table: TableKey; csv: string; rows: number }[];
}
