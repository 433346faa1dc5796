/** Helpers to show an import report (src/lib/ingest FileReport) and export its rejected rows. */
import { TABLE_BY_KEY, type TableKey } from '$lib/contract/tables';
import type { FileReport, RejectedRow } from '$lib/ingest/types';
import { toCsv } from '$lib/export/csv';

export function tableTitle(t: TableKey | null | undefined): string {
  return t ? (TABLE_BY_KEY[t]?.title ?? t) : '未识别';
}

/** Header mapping as "原表头 → 标准表头" pairs, only where the file's header differs. */
export function mappingPairs(r: FileReport): [string, string][] {
  return (r.mapping ?? []).map((m) => [m.header, m.column]);
}

export function unknownProgramsText(r: FileReport): string {
  return (r.unknownPrograms ?? []).map((u) => `${u.name}（${u.count} 行）`).join('、');
}

export function warningsText(r: FileReport): string[] {
  return (r.warnings ?? []).map((w) => (w.row > 0 ? `第 ${w.row} 行：${w.message}` : w.message));
}

/** The rejected rows as a spreadsheet-friendly CSV (UTF-8 with BOM), headers as in rejected.csv. */
export function rejectedCsv(rows: RejectedRow[]): string {
  return toCsv(
    ['文件', '行号', '原因', '原始内容'],
    rows.map((r) => [r.file, r.row, r.reason, r.raw])
  );
}
