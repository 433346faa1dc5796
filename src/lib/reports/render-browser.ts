/**
 * Browser PDF rendering in a Web Worker (pdf-worker.ts): the page sends a report's data and gets
 * the PDF back, with progress, while it keeps answering clicks. The worker, pdfmake and the fonts
 * are loaded on the first PDF only, so no page pays for them up front. The same document
 * definitions as the CLI (reports/*.ts) and the same glyph guard (reports/glyphs.ts). Nothing is
 * requested outside the site's own origin.
 */
import type { MissingGlyph } from './glyphs';
import type { ReportData } from './index';
import type { PdfProgress, WorkerReply, WorkerRequest } from './pdf-protocol';

export type { PdfProgress } from './pdf-protocol';

export interface RenderedBlob {
  blob: Blob;
  missing: MissingGlyph[];
}

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<
  number,
  { resolve: (r: RenderedBlob) => void; reject: (e: Error) => void; onProgress: (p: PdfProgress) => void }
>();

function pdfWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL('./pdf-worker.ts', import.meta.url), { type: 'module' });
  w.onmessage = (e: MessageEvent<WorkerReply>) => {
    const m = e.data;
    const p = pending.get(m.id);
    if (!p) return;
    if (m.type === 'progress') p.onProgress(m.progress);
    else {
      pending.delete(m.id);
      if (m.type === 'done') p.resolve({ blob: m.blob, missing: m.missing });
      else p.reject(new Error(m.message));
    }
  };
  // A worker that failed to start (or crashed) fails every PDF in flight; the next PDF starts anew.
  w.onerror = (e) => {
    e.preventDefault();
    for (const p of pending.values()) p.reject(new Error('PDF 组件加载失败，请刷新页面后重试'));
    pending.clear();
    w.terminate();
    worker = null;
  };
  worker = w;
  return w;
}

/** Makes a report's PDF in the worker; `onProgress` gets Chinese progress lines. */
export function renderReportPdf(
  report: ReportData,
  onProgress: (p: PdfProgress) => void = () => undefined
): Promise<RenderedBlob> {
  onProgress({ label: '正在加载 PDF 组件', pct: null });
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, onProgress });
    const msg: WorkerRequest = { id, report };
    pdfWorker().postMessage(msg);
  });
}
