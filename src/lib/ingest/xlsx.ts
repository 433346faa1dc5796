/**
 * XLSX / XLS sheets → rows of raw typed cells via SheetJS. Cells keep their type (a number stays a
 * number) so the normalisers can tell an ID held as a number, whose digits beyond 15 Excel has
 * already lost, from the same ID held as text; dates arrive as Excel serial numbers (cellDates off).
 */
import * as XLSX from '@e965/xlsx';
import { isSpreadsheetBinary } from './decode';
import type { Cell } from './text';

export interface SheetRows {
  sheets: string[];
  sheet: string;
  rows: Cell[][];
  /** Spreadsheet row number of rows[0]: the used range may start below row 1. */
  firstRow: number;
}

/** The sheet names of a workbook, in order; [] when the bytes are not a workbook. */
export function listSheets(bytes: Uint8Array): string[] {
  // SheetJS would also read CSV text as a one-sheet book; a CSV has no sheets to choose from.
  if (!isSpreadsheetBinary(bytes)) return [];
  try {
    return XLSX.read(bytes, { type: 'array', bookSheets: true }).SheetNames ?? [];
  } catch {
    return [];
  }
}

/** Reads one sheet (default: the first). Throws an Error with a Chinese message for the report. */
export function readSheet(bytes: Uint8Array, sheetName?: string): SheetRows {
  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(bytes, { type: 'array', cellDates: false, cellText: false, cellHTML: false, dense: true });
  } catch {
    // SheetJS's own message is English and technical: say what is wrong and what to do.
    throw new Error('电子表格文件已损坏或不完整，无法读取。请在 Excel 或 WPS 中打开后重新保存，再导入');
  }
  const sheets = wb.SheetNames;
  if (sheets.length === 0) throw new Error('电子表格中没有工作表');
  const sheet = sheetName ?? sheets[0];
  const ws = wb.Sheets[sheet];
  if (!ws) throw new Error(`工作表“${sheet}”不存在，可选的工作表：${sheets.join('、')}`);
  const ref = ws['!ref'];
  if (!ref) return { sheets, sheet, rows: [], firstRow: 1 };
  const range = XLSX.utils.decode_range(ref);
  const rows = XLSX.utils.sheet_to_json<Cell[]>(ws, { header: 1, raw: true, blankrows: true, defval: '' });
  return { sheets, sheet, rows, firstRow: range.s.r + 1 };
}
