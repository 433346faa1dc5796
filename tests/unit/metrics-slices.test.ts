/**
 * Cube slices (src/lib/metrics/slices.ts), the JavaScript that redraws the dashboards on a filter
 * change, equal the cube SQL they mirror (coverage.ts, money.ts, problems.ts) on every filter
 * combination of a generated city, with the rules run so the problems figures have findings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatedCityEngine, type GeneratedCity } from '../fixtures/generated-city';
import { runSql, type Engine, type Row } from '../../src/lib/engine/engine';
import type { Filters } from '../../src/lib/filters/state';
import {
  coverageSql,
  fundedShareSql,
  missedPrioritySql,
  priorityCoverageSql
} from '../../src/lib/metrics/coverage';
import {
  allocationFlowSql,
  budgetLevelSql,
  executionSql,
  monthlySql,
  timelinessSql
} from '../../src/lib/metrics/money';
import { setasideSql } from '../../src/lib/metrics/setaside';
import { problemsSql } from '../../src/lib/metrics/problems';
import type { Dim } from '../../src/lib/metrics/dims';
import { previousTermSql } from '../../src/lib/metrics/drill';
import {
  allocationFlowSlice,
  budgetLevelSlice,
  setasideSlice,
  cmpText,
  coverageSlice,
  executionRateSlice,
  executionSlice,
  fundedShareSlice,
  loadCubes,
  loadFindingTables,
  missedPrioritySlice,
  monthlySlice,
  previousTerm,
  priorityCoverageSlice,
  problemsSlice,
  timelinessSlice,
  type CubeTables,
  type FindingTables
} from '../../src/lib/metrics/slices';

let city: GeneratedCity;
let engine: Engine;
let cubes: CubeTables;
let finds: FindingTables;

beforeAll(async () => {
  city = await generatedCityEngine({ scale: 0.01, seed: 5, rules: true });
  engine = city.engine;
  cubes = await loadCubes((q) => engine.query(q));
  finds = await loadFindingTables((q) => engine.query(q));
}, 180_000);

afterAll(async () => city?.close());

const distinct = async (col: string, table: string) =>
  (
    await engine.query<{ v: string }>(
      `SELECT DISTINCT ${col} AS v FROM ${table} WHERE ${col} IS NOT NULL ORDER BY 1`
    )
  ).map((r) => r.v);

/** A filter left unset, then each of its values (and one nobody has). */
const opt = (xs: string[]) => [undefined, ...xs, '不存在'];

/**
 * Every kind of time filter (none, the last year, the last term, a term nobody has) crossed with
 * units and each breakdown of `dims`; every stage × programs (some serve it, some do not) in total
 * and by program; schools by total and term. Each filter also takes a value nobody has.
 */
async function cases(dims: Dim[]): Promise<[Filters, Dim][]> {
  // The last term and year with payments (policy_terms also lists terms the data has not reached).
  const terms = await distinct('term', 'metric_needy');
  const years = (await distinct('year::VARCHAR', 'v_payment_ctx')).map(Number);
  const times: Filters[] = [{}, { year: years[years.length - 1] }, { term: terms[terms.length - 1] }, { term: '2030年秋季学期' }]; // prettier-ignore
  const counties = await distinct('county', 'v_school');
  const stages = await distinct('stage', 'schools');
  const programs = await distinct('program', 'policy_programs');
  const schools = await distinct('school_id', 'metric_needy');
  const few = (ds: Dim[]) => ds.filter((d) => dims.includes(d));
  const out: [Filters, Dim][] = [];
  for (const t of times) {
    // Four units suffice: each further one is one more key of the same shape.
    for (const county of opt(counties.slice(0, 4))) for (const dim of dims) out.push([{ ...t, county }, dim]);
    for (const stage of opt(stages))
      for (const program of opt(programs.slice(0, 3)))
        for (const dim of few(['total', 'program'])) out.push([{ ...t, stage, program }, dim]);
    for (const school of schools.slice(0, 3))
      for (const dim of few(['total', 'term'])) out.push([{ ...t, school, county: counties[0] }, dim]);
  }
  return out;
}

/**
 * The slice equals the SQL on every case, and enough cases have a non-zero figure (an empty city
 * would compare equal and prove nothing).
 */
async function compare<R>(
  all: [Filters, Dim][],
  sqlOf: (f: Filters, d: Dim) => Parameters<typeof runSql>[1],
  slice: (f: Filters, d: Dim) => R[]
) {
  // prettier-ignore
  let nonZero = 0;
  for (const [f, dim] of all) {
    const want = await runSql(engine, sqlOf(f, dim));
    expect(slice(f, dim), JSON.stringify({ f, dim })).toEqual(want);
    if (want.some((r: Row) => Object.values(r).some((v) => typeof v === 'number' && v > 0))) nonZero++;
  }
  expect(nonZero).toBeGreaterThan(all.length / 6);
  return all.length;
}

describe('cube slices equal the cube SQL', () => {
  it('困难学生资助覆盖率 and 重点保障对象覆盖率, every breakdown', async () => {
    const all = await cases(['total', 'county', 'stage', 'program', 'school', 'term', 'year']);
    expect(all.length).toBeGreaterThan(400);
    await compare(all, coverageSql, (f, d) => coverageSlice(cubes, f, d));
    await compare(all, priorityCoverageSql, (f, d) => priorityCoverageSlice(cubes, f, d));
  }, 600_000);

  it('资助面, every breakdown it has', async () => {
    const all = await cases(['total', 'county', 'stage', 'school', 'term', 'year']);
    await compare(all, fundedShareSql, (f, d) => fundedShareSlice(cubes, f, d));
  }, 600_000);

  it('按时发放率 with amounts and days, and the monthly disbursement', async () => {
    const all = await cases(['total', 'county', 'stage', 'program', 'school', 'term', 'year']);
    await compare(all, timelinessSql, (f, d) => timelinessSlice(cubes, f, d));
    const totals = all.filter(([, d]) => d === 'total');
    await compare(totals, (f) => monthlySql(f), (f) => monthlySlice(cubes, f)); // prettier-ignore
  }, 600_000);

  it('the missed priority students, in order, cut at the limit', async () => {
    const totals = (await cases(['total'])).map(([f]) => f);
    let listed = 0;
    for (const f of totals)
      for (const limit of [3, 500]) {
        const want = await runSql(engine, missedPrioritySql(f, limit));
        expect(missedPrioritySlice(cubes, f, limit), JSON.stringify({ f, limit })).toEqual(want);
        listed += want.length;
      }
    expect(listed).toBeGreaterThan(0);
  }, 600_000);

  it('资金执行率 with its distinct students, every breakdown it has', async () => {
    const all = await cases(['total', 'county', 'program', 'year']);
    // The 资金 page's own: every stage × program with a unit, by unit and by program.
    const counties = await distinct('county', 'v_school');
    const stages = await distinct('stage', 'policy_programs');
    const programs = await distinct('program', 'policy_programs');
    const [year] = (await distinct('year::VARCHAR', 'v_payment_ctx')).map(Number);
    for (const t of [{}, { year }])
      for (const stage of opt(stages))
        for (const program of opt(programs))
          for (const dim of ['county', 'program'] as Dim[])
            all.push([{ ...t, county: counties[1], stage, program }, dim]);
    expect(all.length).toBeGreaterThan(400);
    console.log(`执行率 cases: ${all.length}`);
    await compare(all, executionSql, (f, d) => executionSlice(cubes, f, d));
  }, 600_000);

  it('资金执行率 of 总览 (allocated, disbursed, rate)', async () => {
    const totals = (await cases(['total'])).map(([f]) => f);
    let withRate = 0;
    for (const f of totals) {
      const [row] = await runSql(engine, executionSql(f));
      const want = { allocated: row.allocated, disbursed: row.disbursed, rate: row.rate };
      expect(executionRateSlice(cubes, f), JSON.stringify(f)).toEqual(want);
      if (typeof row.rate === 'number' && row.rate > 0) withRate++;
    }
    expect(withRate).toBeGreaterThan(totals.length / 6);
  }, 600_000);

  it('计提, every breakdown it has', async () => {
    const all = await cases(['total', 'county', 'school', 'year', 'stage']);
    await compare(all, setasideSql, (f, d) => setasideSlice(cubes, f, d));
  }, 600_000);

  it('资金 budget levels and allocation flows', async () => {
    const totals = (await cases(['total'])).map(([f]): [Filters, Dim] => [f, 'total']);
    await compare(totals, (f) => budgetLevelSql(f), (f) => budgetLevelSlice(cubes, f)); // prettier-ignore
    await compare(totals, (f) => allocationFlowSql(f), (f) => allocationFlowSlice(cubes, f)); // prettier-ignore
  }, 600_000);

  it('problems by unit, rule, school, stage and in total', async () => {
    expect(finds.findings.length).toBeGreaterThan(20);
    const all = await cases(['total', 'county', 'school', 'stage', 'program', 'term', 'year']);
    await compare(all, problemsSql, (f, d) => problemsSlice(cubes, finds, f, d));
    const rules = all.filter(([, d]) => d === 'total').map(([f]): [Filters, Dim] => [f, 'total']);
    await compare(
      rules,
      (f) => problemsSql(f, 'rule'),
      (f) => problemsSlice(cubes, finds, f, 'rule')
    );
  }, 600_000);
});

describe('the term before a term', () => {
  it('is the one previousTermSql finds, for every term and one nobody has', async () => {
    const terms = [...(await distinct('term', 'policy_terms')), '2030年秋季学期'];
    for (const term of terms) {
      const [want] = await runSql(engine, previousTermSql(term));
      expect(previousTerm(cubes, term), term).toBe(want?.term ?? null);
    }
    expect(terms.filter((t) => previousTerm(cubes, t)).length).toBeGreaterThan(1);
  });
});

describe('cmpText orders text as DuckDB does', () => {
  it('by code point, NULLs last', async () => {
    const words = ['b', 'a', null, 'ab', '中', '\u{20000}', '\uFF01', '㛃', 'Z'];
    const want = (
      await engine.query<{ w: string | null }>(
        `SELECT w FROM (VALUES ${words.map((w) => (w === null ? '(NULL)' : `('${w}')`)).join(', ')}) t(w) ORDER BY w`
      )
    ).map((r) => r.w);
    expect([...words].sort(cmpText)).toEqual(want);
  });
});
