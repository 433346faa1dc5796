/** Messages between the page and the import worker (./worker.ts). */
import type { EncodedImportResult } from '../index';
import type { TableKey } from '../../contract/tables';
import type { ImportProgress } from '../types';

/** A file for the import worker: the page's File itself (cloned by reference, not read on the page). */
export interface WorkerFile {
  name: string;
  file: Blob;
  sheet?: string;
}

export type ToWorker =
  /** `stage`: where to write each file's canonical CSV in OPFS too (./stage.ts), null: not at all. */
  | { type: 'import'; id: number; files: WorkerFile[]; stage: { dir: string; prefix: string } | null }
  | { type: 'sheets'; id: number; name: string; bytes: Uint8Array };

export type FromWorker =
  | { type: 'progress'; id: number; progress: ImportProgress }
  /** A batch of a file's canonical CSV lines (no header), moved to the page as soon as it is read. */
  | { type: 'rows'; id: number; file: string; table: TableKey; bytes: Uint8Array }
  | { type: 'import-done'; id: number; result: EncodedImportResult }
  | { type: 'sheets-done'; id: number; sheets: string[] }
  | { type: 'error'; id: number; message: string };
