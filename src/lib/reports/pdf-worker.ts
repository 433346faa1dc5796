/**
 * The PDF worker: builds a report's document from its data and lays it out with pdfmake off the
 * main thread, so the page keeps answering while a 10,000-row 审定发放表 is made (about 12 s of
 * layout). Started by render-browser.ts on the first PDF only; it fetches the fonts from the site
 * itself (same origin), once, and keeps pdfmake and the fonts for the next PDF.
 */
import pdfmakeModule from 'pdfmake/build/pdfmake';
import { FONT_FAMILY } from './doc';
import { fontCoverage, guardDocument, type Coverage } from './glyphs';
import { loadFonts } from './fonts';
import { buildReport, type ReportData } from './index';
import type { PdfProgress, WorkerReply, WorkerRequest } from './pdf-protocol';

interface PdfMakeBrowser {
  virtualfs: { writeFileSync(name: string, data: ArrayBuffer): void };
  setFonts(fonts: unknown): void;
  setUrlAccessPolicy(cb: (url: string) => boolean): void;
  setProgressCallback(cb: (progress: number) => void): void;
  createPdf(doc: unknown): { getBlob(): Promise<Blob> };
}

const pdfmake = ((pdfmakeModule as unknown as { default?: PdfMakeBrowser }).default ??
  pdfmakeModule) as unknown as PdfMakeBrowser;
const reply = (m: WorkerReply) => (self as unknown as Worker).postMessage(m);

let ready: Promise<Coverage> | null = null;

function init(progress: (p: PdfProgress) => void): Promise<Coverage> {
  ready ??= (async () => {
    const mb = (n: number) => (n / 1048576).toFixed(1);
    const fonts = await loadFonts((loaded, total) =>
      progress({
        label: `正在加载中文字体（${mb(loaded)} / ${mb(total)} MB，仅首次）`,
        pct: (100 * loaded) / total
      })
    );
    // Put the fonts where pdfmake's URL resolver looks first, so it never fetches anything itself;
    // and deny every URL not of this origin in case a document ever names one.
    pdfmake.virtualfs.writeFileSync(fonts.regularUrl, fonts.regular);
    pdfmake.virtualfs.writeFileSync(fonts.boldUrl, fonts.bold);
    pdfmake.setUrlAccessPolicy((url) => new URL(url, location.href).origin === location.origin);
    pdfmake.setFonts({
      [FONT_FAMILY]: {
        normal: fonts.regularUrl,
        bold: fonts.boldUrl,
        italics: fonts.regularUrl,
        bolditalics: fonts.boldUrl
      }
    });
    return fontCoverage(fonts.regular);
  })();
  ready.catch(() => (ready = null));
  return ready;
}

async function render(id: number, report: ReportData) {
  const progress = (p: PdfProgress) => reply({ id, type: 'progress', progress: p });
  try {
    const coverage = await init(progress);
    progress({ label: '正在排版 PDF', pct: 0 });
    const guarded = guardDocument(buildReport(report), coverage);
    // pdfmake reports progress per node (tens of thousands for a big table): pass on at most one
    // message per whole percent and 200 ms, or the page drowns in messages and stops answering.
    let shown = -1;
    let at = 0;
    pdfmake.setProgressCallback((p) => {
      const pct = Math.floor(100 * p);
      const now = performance.now();
      if (pct === shown || now - at < 200) return;
      shown = pct;
      at = now;
      progress({ label: '正在排版 PDF', pct });
    });
    const blob = await pdfmake.createPdf(guarded.doc).getBlob();
    reply({ id, type: 'done', blob, missing: guarded.missing });
  } catch (e) {
    reply({ id, type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}

// One PDF at a time: pdfmake's progress callback is global to the instance.
let queue: Promise<void> = Promise.resolve();
self.onmessage = (e: MessageEvent<WorkerRequest>) => {
  const { id, report } = e.data;
  queue = queue.then(() => render(id, report));
};
