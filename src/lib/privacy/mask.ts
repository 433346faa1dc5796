/**
 * Which evidence and finding values are personal numbers that stay masked until the inspector
 * reveals them on purpose (README.md, PIPL): ID columns, 全国学籍号 (G + ID), bank cards.
 */
import { TABLE_BY_KEY, SOURCE_COLUMNS, type TableKey } from '../contract/tables';
import { maskCard, maskId } from '../ingest/idcard';
import type { Value } from '../engine/engine';

export { maskId, maskCard };
export { maskText } from '../findings/table';

/** Masks one evidence cell by its column; other columns pass through. */
export function maskCell(table: string, key: string, v: Value): Value {
  if (v === null || typeof v !== 'string') return v;
  const def = TABLE_BY_KEY[table as TableKey];
  const col = def?.columns.find((c) => c.key === key);
  if (col?.type === 'id' || key === 'id') return maskId(v);
  if (key === 'student_no') return v.length > 8 ? maskId(v) : v;
  if (key === 'bank_card') return maskCard(v);
  return v;
}

const EXTRA_HEADERS: Record<string, string> = {
  src_file: '来源文件',
  src_row: '行号',
  grade_stage: '学段（按年级）',
  school_year: '学年',
  year: '年度'
};

/** The Chinese header of an evidence column (tables.ts is the one place headers are spelled). */
export function columnHeader(table: string, key: string): string {
  const def = TABLE_BY_KEY[table as TableKey];
  const col = def?.columns.find((c) => c.key === key);
  if (col) return col.header;
  return EXTRA_HEADERS[key] ?? SOURCE_COLUMNS.find((c) => c.key === key)?.from ?? key;
}
