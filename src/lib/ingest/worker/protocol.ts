/** Messages between the page and the import worker (./worker.ts). */
import type { ImportProgress, ImportResult } from '../types';

/** A file for the import worker: the page's File itself (cloned by reference, not read on the page). */
export interface WorkerFile {
  name: string;
  file: Blob;
  sheet?: string;
}

export type ToWorker =
  | { type: 'import'; id: number; files: WorkerFile[] }
  | { type: 'sheets'; id: number; name: string; bytes: Uint8Array };

export type FromWorker =
  | { type: 'progress'; id: number; progress: ImportProgress }
  | { type: 'import-done'; id: number; result: ImportResult }
  | { type: 'sheets-done'; id: number; sheets: string[] }
  | { type: 'error'; id: number; message: string };
