/**
 * Node-only PDF rendering (CLI and unit tests): pdfmake's server build with the Noto Sans SC fonts read
 * from node_modules. The browser renders through render-browser.ts instead; both take the same document
 * definitions and the same glyph guard.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { FONT_FAMILY, type DocDefinition } from './doc';
import { fontCoverage, guardDocument, type Coverage, type MissingGlyph } from './glyphs';

const require = createRequire(import.meta.url);

/** Directory of the @embedpdf/fonts-sc otf files (its exports map hides them from import, not from fs). */
export function fontDir(): string {
  return join(dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts');
}

interface PdfMakeNode {
  setFonts(f: unknown): void;
  setUrlAccessPolicy(cb: (url: string) => boolean): void;
  setLocalAccessPolicy(cb: (path: string) => boolean): void;
  createPdf(doc: unknown): { getBuffer(): Promise<Buffer> };
}

let ready: { pdfmake: PdfMakeNode; coverage: Coverage } | null = null;

function init() {
  if (ready) return ready;
  const pdfmake = require('pdfmake') as PdfMakeNode;
  const dir = fontDir();
  const regular = join(dir, 'NotoSansHans-Regular.otf');
  const bold = join(dir, 'NotoSansHans-Bold.otf');
  pdfmake.setFonts({ [FONT_FAMILY]: { normal: regular, bold, italics: regular, bolditalics: bold } });
  // pdfmake reads font paths itself: allow exactly the two font files, and no URL at all.
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path) => path === regular || path === bold);
  ready = { pdfmake, coverage: fontCoverage(readFileSync(regular)) };
  return ready;
}

export interface RenderedPdf {
  pdf: Buffer;
  missing: MissingGlyph[];
}

export async function renderPdf(doc: DocDefinition): Promise<RenderedPdf> {
  const { pdfmake, coverage } = init();
  const guarded = guardDocument(doc, coverage);
  const pdf = await pdfmake.createPdf(guarded.doc).getBuffer();
  return { pdf, missing: guarded.missing };
}
