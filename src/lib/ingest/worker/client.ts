/**
 * The page's side of the import worker: one worker per page, requests matched by id, progress
 * forwarded. `new URL('./worker.ts', import.meta.url)` lets Vite bundle the worker as a module.
 */
import type { EncodedImportResult } from '../index';
import type { TableKey } from '../../contract/tables';
import type { ImportProgress } from '../types';
import type { FromWorker, ToWorker, WorkerFile } from './protocol';

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<
  number,
  {
    resolve: (v: never) => void;
    reject: (e: Error) => void;
    onProgress?: (p: ImportProgress) => void;
    onRows?: OnRows;
  }
>();

function getWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (ev: MessageEvent<FromWorker>) => {
    const m = ev.data;
    const p = pending.get(m.id);
    if (!p) return;
    if (m.type === 'progress') return p.onProgress?.(m.progress);
    if (m.type === 'rows') return p.onRows?.(m.file, m.table, m.bytes);
    pending.delete(m.id);
    if (m.type === 'error') p.reject(new Error(m.message));
    else if (m.type === 'import-done') p.resolve(m.result as never);
    else p.resolve(m.sheets as never);
  };
  worker.onerror = (ev) => {
    const err = new Error(ev.message || '导入进程出错');
    for (const p of pending.values()) p.reject(err);
    pending.clear();
    worker?.terminate();
    worker = null;
  };
  return worker;
}

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/** Takes a batch of a file's canonical CSV lines (no header line), in the order they were read. */
export type OnRows = (file: string, table: TableKey, bytes: Uint8Array) => void;

function call<T>(
  msg: WithoutId<ToWorker>,
  transfer: Transferable[],
  onProgress?: (p: ImportProgress) => void,
  onRows?: OnRows
) {
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (v: never) => void, reject, onProgress, onRows });
    getWorker().postMessage({ ...msg, id } as ToWorker, transfer);
  });
}

/** The files as the worker takes them: the File objects themselves, read there in chunks. */
export async function readFiles(files: File[], sheets: Record<string, string> = {}): Promise<WorkerFile[]> {
  return files.map((f) => ({ name: f.name, file: f, ...(sheets[f.name] ? { sheet: sheets[f.name] } : {}) }));
}

export function importInWorker(
  files: WorkerFile[],
  onProgress: (p: ImportProgress) => void,
  /** Where the worker writes the canonical CSV in OPFS too (storage's stageTarget). */
  stage: { dir: string; prefix: string } | null,
  /** Each batch of rows as it is read; the result's `perFile` then has no parts. */
  onRows: OnRows
) {
  return call<EncodedImportResult>({ type: 'import', files, stage }, [], onProgress, onRows);
}

/** Sheet names of an XLSX/XLS file (a copy of the bytes is sent; the caller keeps its File). */
export async function listSheetsInWorker(file: File): Promise<string[]> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  return call<string[]>({ type: 'sheets', name: file.name, bytes }, [bytes.buffer as ArrayBuffer]);
}
