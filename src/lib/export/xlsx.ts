/**
 * XLSX workbooks via SheetJS (@e965/xlsx). Cells are written from typed values: strings become
 * text cells (never formulas, so no formula-injection risk and IDs keep all 18 digits), numbers
 * stay numbers. Pure: returns bytes; the browser download is in ./download.ts.
 */
import * as XLSX from '@e965/xlsx';
import { neutralise, type Cell } from './csv';

export interface Sheet {
  /** Sheet tab name (Excel allows 31 characters, no []:*?/\). */
  name: string;
  headers: string[];
  rows: Cell[][];
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Approximate display width of a value in Excel columns: CJK characters count double. */
function width(v: Cell): number {
  if (v === null || v === undefined) return 0;
  const s = String(v);
  let w = 0;
  for (const ch of s) w += ch.charCodeAt(0) > 0x2e80 ? 2 : 1;
  return w;
}

export function sheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, '_').slice(0, 31) || 'Sheet1';
}

export function buildWorkbook(sheets: Sheet[]): XLSX.WorkBook {
  const wb = XLSX.utils.book_new();
  for (const s of sheets) {
    // Text that Excel would turn into a formula once the cell is edited gets the CSV's apostrophe.
    const cell = (v: Cell) => (v === undefined ? null : typeof v === 'string' ? neutralise(v) : v);
    const aoa = [s.headers, ...s.rows.map((r) => r.map(cell))];
    // Dense sheets: 20× faster to build at 100k rows (the default keys every cell by its A1 name).
    const ws = XLSX.utils.aoa_to_sheet(aoa, { dense: true } as XLSX.AOA2SheetOpts);
    // Column widths from the header and the first rows: enough to read, cheap at 100k rows.
    const sample = s.rows.slice(0, 200);
    ws['!cols'] = s.headers.map((h, i) => ({
      wch: Math.min(60, Math.max(6, width(h), ...sample.map((r) => width(r[i])))) + 1
    }));
    XLSX.utils.book_append_sheet(wb, ws, sheetName(s.name));
  }
  return wb;
}

/** The .xlsx file's bytes. */
export function toXlsx(sheets: Sheet[]): Uint8Array {
  const out = XLSX.write(buildWorkbook(sheets), { type: 'array', bookType: 'xlsx', compression: true });
  return new Uint8Array(out as ArrayBuffer);
}

/**
 * toXlsx in a Web Worker (browser): writing 100k rows takes seconds, and the page must stay
 * responsive meanwhile. Falls back to the main thread where workers are unavailable.
 */
export async function toXlsxOffThread(sheets: Sheet[]): Promise<Uint8Array> {
  if (typeof Worker === 'undefined') return toXlsx(sheets);
  const worker = new Worker(new URL('./xlsx.worker.ts', import.meta.url), { type: 'module' });
  try {
    return await new Promise<Uint8Array>((resolve, reject) => {
      worker.onmessage = (e: MessageEvent<{ bytes?: Uint8Array; error?: string }>) =>
        e.data.bytes ? resolve(e.data.bytes) : reject(new Error(e.data.error ?? '生成 XLSX 失败'));
      worker.onerror = (e) => reject(new Error(e.message || '生成 XLSX 失败'));
      worker.postMessage(sheets);
    });
  } finally {
    worker.terminate();
  }
}
