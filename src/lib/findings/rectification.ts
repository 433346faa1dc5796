/**
 * 整改清单 (rectification list): the findings an inspected unit must fix, grouped per school and
 * per county-level unit, with counts by severity, the money involved and progress (已整改).
 * Findings marked 误报 (false alarm) need no rectification and are left out. Unit findings
 * without a school (S04 资金执行异常, keyed by county) appear in the county list and, in the
 * school list, on a row of their own with an empty school (区县本级).
 *
 * SQL over the findings view (src/lib/inspect/filters.ts findingsSource), so 100k findings group
 * in DuckDB, not in JS.
 */
import type { Cell } from '../export/csv';

export const FALSE_ALARM = '误报';
export const RECTIFIED = '已整改';

/** Per-rule breakdown text: "R01 重复资助 3；R05 未经困难认定 2". */
const BREAKDOWN = `string_agg(rule_code || ' ' || coalesce(rule_name, '') || ' ' || n, '；' ORDER BY rule_code)`;

function scoped(source: string, where: string): string {
  const w = where ? `${where} AND` : 'WHERE';
  return `(SELECT * FROM (${source}) ${w} review_status <> '${FALSE_ALARM}')`;
}

const COUNTS = `count(*)::INTEGER AS findings,
    (count(*) FILTER (WHERE severity = '高'))::INTEGER AS high,
    (count(*) FILTER (WHERE severity = '中'))::INTEGER AS medium,
    (count(*) FILTER (WHERE severity = '低'))::INTEGER AS low,
    round(coalesce(sum(amount), 0), 2)::DOUBLE AS amount,
    (count(*) FILTER (WHERE review_status = '${RECTIFIED}'))::INTEGER AS rectified,
    (count(*) FILTER (WHERE review_status <> '${RECTIFIED}'))::INTEGER AS open`;

export function rectSchoolSql(source: string, where: string): string {
  const f = scoped(source, where);
  return `WITH f AS ${f},
  per_rule AS (SELECT county, school_id, rule_code, any_value(rule_name) AS rule_name, count(*) AS n FROM f GROUP BY ALL),
  br AS (SELECT county, school_id, ${BREAKDOWN} AS breakdown FROM per_rule GROUP BY ALL)
  SELECT f.county, f.school_id, min(f.school_name) AS school_name, ${COUNTS}, any_value(br.breakdown) AS breakdown
  FROM f LEFT JOIN br ON br.county IS NOT DISTINCT FROM f.county AND br.school_id IS NOT DISTINCT FROM f.school_id
  GROUP BY f.county, f.school_id
  ORDER BY f.county NULLS LAST, f.school_id NULLS FIRST`;
}

export function rectCountySql(source: string, where: string): string {
  const f = scoped(source, where);
  return `WITH f AS ${f},
  per_rule AS (SELECT county, rule_code, any_value(rule_name) AS rule_name, count(*) AS n FROM f GROUP BY ALL),
  br AS (SELECT county, ${BREAKDOWN} AS breakdown FROM per_rule GROUP BY ALL)
  SELECT f.county, (count(DISTINCT f.school_id))::INTEGER AS schools, ${COUNTS}, any_value(br.breakdown) AS breakdown
  FROM f LEFT JOIN br ON br.county IS NOT DISTINCT FROM f.county
  GROUP BY f.county
  ORDER BY f.county NULLS LAST`;
}

/** The detail rows of the list: the findings themselves, county by county, school by school. */
export function rectDetailSql(source: string, where: string): string {
  return `SELECT * FROM ${scoped(source, where)} ORDER BY county NULLS LAST, school_id NULLS FIRST, rule_code, finding_key`;
}

export type RectSchoolRow = {
  county: string | null;
  school_id: string | null;
  school_name: string | null;
  findings: number;
  high: number;
  medium: number;
  low: number;
  amount: number;
  rectified: number;
  open: number;
  breakdown: string | null;
};
export type RectCountyRow = Omit<RectSchoolRow, 'school_id' | 'school_name'> & { schools: number };

const TAIL = ['问题数', '高', '中', '低', '涉及金额', '已整改', '待整改', '问题类型及数量'];
export const RECT_SCHOOL_HEADERS = ['所属区县', '学校标识码', '学校名称', ...TAIL];
export const RECT_COUNTY_HEADERS = ['所属区县', '涉及学校数', ...TAIL];

const tail = (r: RectCountyRow | RectSchoolRow): Cell[] => [
  r.findings,
  r.high,
  r.medium,
  r.low,
  r.amount,
  r.rectified,
  r.open,
  r.breakdown
];

export function rectSchoolRows(rows: RectSchoolRow[]): Cell[][] {
  return rows.map((r) => [r.county, r.school_id, r.school_id ? r.school_name : '（区县本级）', ...tail(r)]);
}

export function rectCountyRows(rows: RectCountyRow[]): Cell[][] {
  return rows.map((r) => [r.county, r.schools, ...tail(r)]);
}
