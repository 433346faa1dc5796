/// <reference lib="webworker" />
/**
 * The import runs here, off the page's thread, so a 100 MB export never freezes the page. It only
 * wraps src/lib/ingest (the same importer the CLI runs in Node) and reports progress. Each batch of
 * canonical CSV is written to OPFS (./stage.ts) and moved to the page as soon as it is encoded, so
 * the page loads it into duckdb-wasm while the next one is read.
 */
import { blobInput, canonicalHeaderBytes, importFileStreamsEncoded, listSheets } from '../index';
import { StagedFile } from './stage';
import type { FromWorker, ToWorker } from './protocol';

const post = (m: FromWorker, transfer: Transferable[] = []) =>
  (self as unknown as DedicatedWorkerGlobalScope).postMessage(m, transfer);

self.onmessage = async (ev: MessageEvent<ToWorker>) => {
  const msg = ev.data;
  const staging = new Map<string, StagedFile>();
  try {
    if (msg.type === 'import') {
      const { stage } = msg;
      let last = 0;
      // Each File is read in chunks (issue 9): its bytes and decoded text are never held whole.
      const files = msg.files.map((f) => blobInput(f.name, f.file, f.sheet));
      const result = await importFileStreamsEncoded(files, {
        // About 4 MB a batch (a 134 MB export in some 30): the engine loads one while the next is read.
        batchChars: 2 ** 22,
        onProgress: (p) => {
          // Throttle: the page needs a few updates per second, not one per batch of rows.
          const now = Date.now();
          if (now - last < 100 && p.pct < 100) return;
          last = now;
          post({ type: 'progress', id: msg.id, progress: p });
        },
        onPart: async (file, table, bytes) => {
          if (stage) {
            let f = staging.get(file);
            if (!f) staging.set(file, (f = await StagedFile.open(stage, canonicalHeaderBytes(table))));
            f.write(bytes);
          }
          // Moved, not copied: written above, the worker needs it no more.
          post({ type: 'rows', id: msg.id, file, table, bytes }, [bytes.buffer as ArrayBuffer]);
        }
      });
      if (stage)
        for (const p of result.perFile) {
          // A file with no accepted row still stores its header (an empty table, as before).
          const f = staging.get(p.file) ?? (await StagedFile.open(stage, canonicalHeaderBytes(p.table)));
          staging.delete(p.file);
          p.staged = f.close();
        }
      // What was staged for a file that ended without a table (e.g. unreadable halfway) goes.
      for (const f of staging.values()) await f.abort();
      post({ type: 'import-done', id: msg.id, result });
    } else if (msg.type === 'sheets') {
      post({ type: 'sheets-done', id: msg.id, sheets: listSheets(msg.bytes) });
    }
  } catch (e) {
    for (const f of staging.values()) await f.abort();
    post({ type: 'error', id: msg.id, message: e instanceof Error ? e.message : String(e) });
  }
};
