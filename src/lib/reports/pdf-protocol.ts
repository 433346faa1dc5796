/** Messages between the page (render-browser.ts) and the PDF worker (pdf-worker.ts). */
import type { MissingGlyph } from './glyphs';
import type { ReportData } from './index';

export interface PdfProgress {
  label: string;
  /** 0–100, or null when unknown. */
  pct: number | null;
}

export interface WorkerRequest {
  id: number;
  report: ReportData;
}

export type WorkerReply =
  | { id: number; type: 'progress'; progress: PdfProgress }
  | { id: number; type: 'done'; blob: Blob; missing: MissingGlyph[] }
  | { id: number; type: 'error'; message: string };
