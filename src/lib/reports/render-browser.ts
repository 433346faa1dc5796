/**
 * Browser PDF rendering: pdfmake (browser build) and the fonts are loaded on the first PDF only, so no
 * page pays for them up front. The same document definitions as the CLI (reports/*.ts) and the same
 * glyph guard (reports/glyphs.ts). Nothing is requested outside the site's own origin.
 */
import { FONT_FAMILY, type DocDefinition } from './doc';
import { fontCoverage, guardDocument, type Coverage, type MissingGlyph } from './glyphs';
import { loadFonts } from './fonts';

export interface PdfProgress {
  label: string;
  /** 0–100, or null when unknown. */
  pct: number | null;
}

interface PdfMakeBrowser {
  virtualfs: { writeFileSync(name: string, data: ArrayBuffer): void; existsSync(name: string): boolean };
  setFonts(fonts: unknown): void;
  setUrlAccessPolicy(cb: (url: string) => boolean): void;
  setProgressCallback(cb: (progress: number) => void): void;
  createPdf(doc: unknown): { getBlob(): Promise<Blob> };
}

let ready: Promise<{ pdfmake: PdfMakeBrowser; coverage: Coverage }> | null = null;

async function init(onProgress: (p: PdfProgress) => void) {
  ready ??= (async () => {
    onProgress({ label: '正在加载 PDF 组件', pct: null });
    const mod = (await import('pdfmake/build/pdfmake')) as unknown as {
      default?: PdfMakeBrowser;
    } & PdfMakeBrowser;
    const pdfmake = mod.default ?? mod;
    const mb = (n: number) => (n / 1048576).toFixed(1);
    const fonts = await loadFonts((loaded, total) =>
      onProgress({
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
    return { pdfmake, coverage: fontCoverage(fonts.regular) };
  })();
  ready.catch(() => (ready = null));
  return ready;
}

export interface RenderedBlob {
  blob: Blob;
  missing: MissingGlyph[];
}

export async function renderPdfBlob(
  doc: DocDefinition,
  onProgress: (p: PdfProgress) => void = () => undefined
): Promise<RenderedBlob> {
  const { pdfmake, coverage } = await init(onProgress);
  const guarded = guardDocument(doc, coverage);
  onProgress({ label: '正在排版 PDF', pct: 0 });
  pdfmake.setProgressCallback((p) => onProgress({ label: '正在排版 PDF', pct: 100 * p }));
  // Let the progress message paint before the (synchronous, CPU-bound) layout starts.
  await new Promise((r) => setTimeout(r, 30));
  const blob = await pdfmake.createPdf(guarded.doc).getBlob();
  return { blob, missing: guarded.missing };
}
