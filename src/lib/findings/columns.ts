/** The Chinese headers of evidence columns (tables.ts is the one place a table's headers are spelled). */
import { TABLE_BY_KEY, SOURCE_COLUMNS, type TableKey } from '../contract/tables';

const EXTRA_HEADERS: Record<string, string> = {
  src_file: '来源文件',
  src_row: '行号',
  grade_stage: '学段（按年级）',
  school_year: '学年',
  year: '年度'
};

/** The Chinese header of an evidence column. */
export function columnHeader(table: string, key: string): string {
  const def = TABLE_BY_KEY[table as TableKey];
  const col = def?.columns.find((c) => c.key === key);
  if (col) return col.header;
  return EXTRA_HEADERS[key] ?? SOURCE_COLUMNS.find((c) => c.key === key)?.from ?? key;
}
