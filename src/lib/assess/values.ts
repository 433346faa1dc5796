/**
 * Each unit's indicator values for a year, from the product's own metric SQL (src/lib/metrics: the
 * same definitions as the dashboard) plus the findings with their review marks and the importer's
 * rejected rows. Units are counties (level 'county') or the schools of one county (level 'school').
 * Returns raw numerators/denominators so the page can show the figure behind each value.
 */
import { param, runSql, sql, type Engine, type Row, type Sql } from '../engine/engine';
import type { Filters } from '../filters/state';
import { dimSelect } from '../metrics/dims';
import {
  coverageSql,
  disbursedSql,
  executionSql,
  priorityCoverageSql,
  problemsSql,
  setasideSql,
  timelinessSql
} from '../metrics';
import { MARKS_TABLE } from '../findings/review-marks';
import { ensurePlanTables, REJECTED_TABLE } from '../plan/status';
import type { IndicatorKey } from './scheme';

export type AssessLevel = 'county' | 'school';

export interface RawValue {
  value: number | null;
  num: number | null;
  den: number | null;
}

export interface UnitValues {
  key: string;
  label: string;
  county: string;
  values: Record<IndicatorKey, RawValue>;
  /** 高 findings of the year not marked 已整改 or 误报 (bars the unit from 先进单位). */
  openHigh: number;
}

const num = (v: Row[string] | undefined): number => (v === null || v === undefined ? 0 : Number(v));
const NONE: RawValue = { value: null, num: null, den: null };

const rate = (n: number, d: number): RawValue =>
  d > 0 ? { value: n / d, num: n, den: d } : { ...NONE, num: n, den: d };
const per1000 = (n: number, d: number): RawValue =>
  d > 0 ? { value: (n * 1000) / d, num: n, den: d } : { ...NONE, num: n, den: d };

/** Findings of a year (term rules in its terms, year rules of it) with their unit, school and mark. */
function findingsOfYear(year: number, county?: string): Sql {
  return sql`SELECT f.finding_key, f.severity, m.status, f.school_id, coalesce(f.county, s.county) AS county,
      s.school_name
    FROM findings f LEFT JOIN ${MARKS_TABLE} m ON m.finding_key = f.finding_key
    LEFT JOIN v_school s ON s.school_id = f.school_id
    WHERE (f.term IN (SELECT term FROM policy_terms WHERE year = ${Number(year)}) OR (f.term IS NULL AND f.year = ${Number(year)}))
      ${county ? sql`AND coalesce(f.county, s.county) = ${param(county)}` : ''}`;
}

/** The units of a level: every county with a school, or the schools of one county. */
async function units(
  engine: Engine,
  level: AssessLevel,
  county?: string
): Promise<{ key: string; label: string; county: string }[]> {
  if (level === 'county') {
    const rows = await engine.query(`SELECT DISTINCT county FROM v_school WHERE county IS NOT NULL`);
    return rows.map((r) => ({ key: String(r.county), label: String(r.county), county: String(r.county) }));
  }
  const rows = await engine.query(
    `SELECT school_id, any_value(school_name) AS name FROM v_school WHERE county = ? GROUP BY 1 ORDER BY 1`,
    [county ?? '']
  );
  return rows.map((r) => ({
    key: String(r.school_id),
    label: String(r.name ?? r.school_id),
    county: county ?? ''
  }));
}

/** Values of every indicator for every unit of the level in `year`. */
export async function unitValues(
  engine: Engine,
  year: number,
  level: AssessLevel,
  county?: string
): Promise<UnitValues[]> {
  await ensurePlanTables(engine);
  const f: Filters = { year, ...(level === 'school' ? { county } : {}) };
  const dim = level;
  const byKey = async (s: Sql) => new Map((await runSql(engine, s)).map((r) => [String(r.key), r]));
  const cov = await byKey(coverageSql(f, dim));
  const pri = await byKey(priorityCoverageSql(f, dim));
  const tim = await byKey(timelinessSql(f, dim));
  const exe = level === 'county' ? await byKey(executionSql(f, 'county')) : new Map<string, Row>();
  const sa = await byKey(setasideSql(f, dim));
  const prob = await byKey(problemsSql(f, dim));
  const paid = await byKey(disbursedSql(f, dim));
  const d = dimSelect(dim, 'x');
  const rec = await byKey(sql`SELECT ${d.select}, count(*)::INTEGER AS findings,
      count(*) FILTER (WHERE x.status IN ('已整改', '误报'))::INTEGER AS closed,
      count(*) FILTER (WHERE x.severity = '高' AND coalesce(x.status NOT IN ('已整改', '误报'), TRUE))::INTEGER AS open_high
    FROM (${findingsOfYear(year, level === 'school' ? county : undefined)}) x ${d.group}`);
  // Imported rows per unit (the three per-student tables) and rejected rows whose cells name a school.
  const qual = await byKey(sql`WITH imp AS (
      SELECT school_id FROM roster UNION ALL SELECT school_id FROM payments UNION ALL SELECT school_id FROM identifications),
    rej AS (
      SELECT DISTINCT r.src_file, r.src_row, s.school_id
      FROM (SELECT src_file, src_row, trim(unnest(string_split(raw, ','))) AS cell FROM ${REJECTED_TABLE}) r
      JOIN (SELECT DISTINCT school_id FROM v_school) s ON s.school_id = r.cell),
    x AS (
      SELECT s.school_id, s.county, s.school_name, i.imported, coalesce(j.rejected, 0) AS rejected
      FROM (SELECT school_id, any_value(county) AS county, any_value(school_name) AS school_name FROM v_school GROUP BY 1) s
      LEFT JOIN (SELECT school_id, count(*) AS imported FROM imp GROUP BY 1) i USING (school_id)
      LEFT JOIN (SELECT school_id, count(*) AS rejected FROM rej GROUP BY 1) j USING (school_id)
      ${level === 'school' ? sql`WHERE s.county = ${param(county ?? '')}` : ''})
    SELECT ${d.select}, coalesce(sum(x.imported), 0)::INTEGER AS imported, sum(x.rejected)::INTEGER AS rejected
    FROM x ${d.group}`);

  return (await units(engine, level, county)).map((u) => {
    const c = cov.get(u.key);
    const p = pri.get(u.key);
    const t = tim.get(u.key);
    const e = exe.get(u.key);
    const s = sa.get(u.key);
    const pr = prob.get(u.key);
    const pd = paid.get(u.key);
    const r = rec.get(u.key);
    const ql = qual.get(u.key);
    const setaside: RawValue =
      s && s.set_aside_rate !== null && s.set_aside_rate !== undefined
        ? { value: num(s.set_aside_rate), num: num(s.set_aside), den: num(s.required) }
        : NONE;
    const execution: RawValue =
      e && e.rate !== null && e.rate !== undefined
        ? { value: num(e.rate), num: num(e.disbursed), den: num(e.allocated) }
        : NONE;
    return {
      ...u,
      openHigh: num(r?.open_high),
      values: {
        coverage: rate(num(c?.covered), num(c?.needy)),
        priority: rate(num(p?.covered), num(p?.needy)),
        timely: rate(num(t?.on_time), num(t?.payments)),
        execution,
        setaside,
        findings: per1000(num(pr?.score), num(pd?.students)),
        rectify: rate(num(r?.closed), num(r?.findings)),
        // The import is not per year: quality counts only for a unit with payments in the year, so a
        // year without data is not scored on data quality alone.
        quality:
          num(pd?.students) > 0 ? per1000(num(ql?.rejected), num(ql?.imported) + num(ql?.rejected)) : NONE
      }
    };
  });
}
