/// <reference lib="webworker" />
/**
 * The import runs here, off the page's thread, so a 100 MB export never freezes the page. It only
 * wraps src/lib/ingest (the same importer the CLI runs in Node) and reports progress.
 */
import { blobInput, importFileStreamsEncoded, listSheets } from '../index';
import { stageBytes } from './stage';
import type { FromWorker, ToWorker } from './protocol';

const post = (m: FromWorker, transfer: Transferable[] = []) =>
  (self as unknown as DedicatedWorkerGlobalScope).postMessage(m, transfer);

self.onmessage = async (ev: MessageEvent<ToWorker>) => {
  const msg = ev.data;
  try {
    if (msg.type === 'import') {
      let last = 0;
      // Each File is read in chunks (issue 9): its bytes and decoded text are never held whole.
      const files = msg.files.map((f) => blobInput(f.name, f.file, f.sheet));
      const result = await importFileStreamsEncoded(files, {
        onProgress: (p) => {
          // Throttle: the page needs a few updates per second, not one per batch of rows.
          const now = Date.now();
          if (now - last < 100 && p.pct < 100) return;
          last = now;
          post({ type: 'progress', id: msg.id, progress: p });
        }
      });
      // Written to OPFS here (./stage.ts); the page renames each file into place.
      if (msg.stage) for (const p of result.perFile) p.staged = await stageBytes(msg.stage, p.parts);
      // The canonical CSV's buffers are moved to the page, not copied (see importFileStreamsEncoded).
      const buffers = result.perFile.flatMap((p) => p.parts.map((b) => b.buffer as ArrayBuffer));
      post({ type: 'import-done', id: msg.id, result }, buffers);
    } else if (msg.type === 'sheets') {
      post({ type: 'sheets-done', id: msg.id, sheets: listSheets(msg.bytes) });
    }
  } catch (e) {
    post({ type: 'error', id: msg.id, message: e instanceof Error ? e.message : String(e) });
  }
};
