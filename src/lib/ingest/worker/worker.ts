/// <reference lib="webworker" />
/**
 * The import runs here, off the page's thread, so a 100 MB export never freezes the page. It only
 * wraps src/lib/ingest (the same importer the CLI runs in Node) and reports progress.
 */
import { blobInput, importFileStreamsCollected, listSheets } from '../index';
import type { FromWorker, ToWorker } from './protocol';

const post = (m: FromWorker) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(m);

self.onmessage = async (ev: MessageEvent<ToWorker>) => {
  const msg = ev.data;
  try {
    if (msg.type === 'import') {
      let last = 0;
      // Each File is read in chunks (issue 9): its bytes and decoded text are never held whole.
      const files = msg.files.map((f) => blobInput(f.name, f.file, f.sheet));
      const result = await importFileStreamsCollected(files, {
        onProgress: (p) => {
          // Throttle: the page needs a few updates per second, not one per batch of rows.
          const now = Date.now();
          if (now - last < 100 && p.pct < 100) return;
          last = now;
          post({ type: 'progress', id: msg.id, progress: p });
        }
      });
      post({ type: 'import-done', id: msg.id, result });
    } else if (msg.type === 'sheets') {
      post({ type: 'sheets-done', id: msg.id, sheets: listSheets(msg.bytes) });
    }
  } catch (e) {
    post({ type: 'error', id: msg.id, message: e instanceof Error ? e.message : String(e) });
  }
};
