/**
 * The inspect page's exports: the findings of the current filter (CSV, XLSX) and the 整改清单
 * (per school and per county, CSV or one XLSX with both lists and the detail). All grouping and
 * sorting is SQL over the findings view; this module turns rows into files and downloads them.
 */
import { CSV_MIME, downloadFile } from '../export/download';
import { toCsv } from '../export/csv';
import { exportFileName, findingsTable, type FindingViewRow } from './table';
import {
  RECT_COUNTY_HEADERS,
  RECT_SCHOOL_HEADERS,
  rectCountyRows,
  rectCountySql,
  rectDetailSql,
  rectSchoolRows,
  rectSchoolSql,
  type RectCountyRow,
  type RectSchoolRow
} from './rectification';
import type { Row, Sql, Value } from '../engine/engine';
import { orderSql, type FindingSort } from '../inspect/filters';

type Query = <T extends Row>(sql: string, params?: Value[]) => Promise<T[]>;

export interface ExportContext {
  query: Query;
  /** findingsSource() */
  source: string;
  /** whereSql(filter) of the current view (sql '' for all). */
  where: Sql;
  sort: FindingSort;
  fullIds: boolean;
}

async function xlsx() {
  return import('$lib/export/xlsx');
}

async function findingRows(c: ExportContext): Promise<FindingViewRow[]> {
  return c.query<FindingViewRow>(
    `SELECT * FROM (${c.source}) ${c.where.sql} ${orderSql(c.sort)}`,
    c.where.params
  );
}

/** Stem of the file names: a masked export says so, a full one too (so nobody mixes them up). */
const stem = (name: string, fullIds: boolean) => `${name}${fullIds ? '_含完整证件号' : ''}`;

export async function exportFindingsCsv(c: ExportContext): Promise<number> {
  const t = findingsTable(await findingRows(c), { fullIds: c.fullIds });
  downloadFile(exportFileName(stem('核查结果', c.fullIds), 'csv'), toCsv(t.headers, t.rows), CSV_MIME);
  return t.rows.length;
}

export async function exportFindingsXlsx(c: ExportContext): Promise<number> {
  const t = findingsTable(await findingRows(c), { fullIds: c.fullIds, typed: true });
  const { toXlsxOffThread: toXlsx, XLSX_MIME } = await xlsx();
  const bytes = await toXlsx([{ name: '核查结果', headers: t.headers, rows: t.rows }]);
  downloadFile(exportFileName(stem('核查结果', c.fullIds), 'xlsx'), bytes as BlobPart, XLSX_MIME);
  return t.rows.length;
}

export async function exportRectificationCsv(c: ExportContext, per: 'school' | 'county'): Promise<number> {
  if (per === 'school') {
    const rows = rectSchoolRows(
      await c.query<RectSchoolRow>(rectSchoolSql(c.source, c.where.sql), c.where.params)
    );
    downloadFile(exportFileName('整改清单_按学校', 'csv'), toCsv(RECT_SCHOOL_HEADERS, rows), CSV_MIME);
    return rows.length;
  }
  const rows = rectCountyRows(
    await c.query<RectCountyRow>(rectCountySql(c.source, c.where.sql), c.where.params)
  );
  downloadFile(exportFileName('整改清单_按区县', 'csv'), toCsv(RECT_COUNTY_HEADERS, rows), CSV_MIME);
  return rows.length;
}

/** One workbook: 按区县, 按学校, and 问题明细 (the findings to fix, county by county, school by school). */
export async function exportRectificationXlsx(c: ExportContext): Promise<number> {
  const [counties, schools, detail] = await Promise.all([
    c.query<RectCountyRow>(rectCountySql(c.source, c.where.sql), c.where.params),
    c.query<RectSchoolRow>(rectSchoolSql(c.source, c.where.sql), c.where.params),
    c.query<FindingViewRow>(rectDetailSql(c.source, c.where.sql), c.where.params)
  ]);
  const d = findingsTable(detail, { fullIds: c.fullIds, typed: true });
  const { toXlsxOffThread: toXlsx, XLSX_MIME } = await xlsx();
  const bytes = await toXlsx([
    { name: '按区县', headers: RECT_COUNTY_HEADERS, rows: rectCountyRows(counties) },
    { name: '按学校', headers: RECT_SCHOOL_HEADERS, rows: rectSchoolRows(schools) },
    { name: '问题明细', headers: d.headers, rows: d.rows }
  ]);
  downloadFile(exportFileName(stem('整改清单', c.fullIds), 'xlsx'), bytes as BlobPart, XLSX_MIME);
  return detail.length;
}
