/**
 * Cube-backed dashboard figures (src/lib/metrics/base.ts: metric_funded_cube, metric_needy_cube,
 * metric_needy_paid_cube, metric_missed_priority, metric_pay_cube, metric_exec_students) equal the same figures counted
 * from the rows, on every filter combination of a small generated city: a cube is an index, never
 * a second definition.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatedCityEngine, type GeneratedCity } from '../fixtures/generated-city';
import { runSql, type Engine, type Sql } from '../../src/lib/engine/engine';
import type { Filters } from '../../src/lib/filters/state';
import {
  coverageRowsSql,
  coverageSql,
  fundedShareRowsSql,
  fundedShareSql,
  missedPriorityRowsSql,
  missedPrioritySql,
  priorityCoverageRowsSql,
  priorityCoverageSql
} from '../../src/lib/metrics/coverage';
import {
  executionRowsSql,
  executionSql,
  monthlyRowsSql,
  monthlySql,
  timelinessRowsSql,
  timelinessSql
} from '../../src/lib/metrics/money';
import type { Dim } from '../../src/lib/metrics/dims';

let city: GeneratedCity;
let engine: Engine;

beforeAll(async () => {
  city = await generatedCityEngine({ scale: 0.01, seed: 5 });
  engine = city.engine;
}, 120_000);

afterAll(async () => city?.close());

const values = async (sql: string) => (await engine.query<{ v: string }>(sql)).map((r) => r.v);

/** A filter left unset, then each of its values. */
const opt = (xs: string[]) => [undefined, ...xs];

/**
 * The filter values of the city, each read from the given table: every kind of time filter (none,
 * the last year, the last term), the units, stages, programs and schools.
 */
async function filterValues(from: { terms: string; counties: string; stages: string; schools: string }) {
  const distinct = (col: string, table: string) =>
    values(`SELECT DISTINCT ${col} AS v FROM ${table} WHERE ${col} IS NOT NULL ORDER BY 1`);
  const terms = await distinct('term', from.terms);
  const years = await distinct('year::VARCHAR', 'policy_terms');
  const times: Filters[] = [{}, { year: Number(years[years.length - 1]) }, { term: terms[terms.length - 1] }];
  return {
    times,
    counties: await distinct('county', from.counties),
    stages: await distinct('stage', from.stages),
    programs: await distinct('program', 'payments'),
    schools: await distinct('school_id', from.schools)
  };
}

describe('资助面 from metric_funded_cube', () => {
  it('equals the row-level count on each filter, pairs of filters, and every breakdown', async () => {
    const { times, counties, stages, programs, schools } = await filterValues({
      terms: 'payments',
      counties: 'v_school',
      stages: 'v_payment_ctx',
      schools: 'payments'
    });
    const cases: [Filters, Dim][] = [];
    // Units crossed with programs: four units suffice (each unit is one more key of the same shape);
    // the whole cross took minutes on a busy 2-core machine.
    for (const t of times)
      for (const county of opt(counties.slice(0, 4)))
        for (const program of opt(programs)) cases.push([{ ...t, county, program }, 'total']);
    for (const t of times)
      for (const county of opt(counties))
        for (const dim of ['county', 'stage', 'school'] as Dim[]) cases.push([{ ...t, county }, dim]);
    for (const t of times)
      for (const stage of opt(stages.slice(0, 3)))
        for (const program of opt(programs))
          for (const dim of ['county', 'stage'] as Dim[]) cases.push([{ ...t, stage, program }, dim]);
    for (const t of times)
      for (const school of schools.slice(0, 8))
        for (const dim of ['total', 'stage', 'term'] as Dim[]) cases.push([{ ...t, school }, dim]);
    for (const t of times) for (const dim of ['school', 'term', 'year'] as Dim[]) cases.push([t, dim]);

    console.log(
      `cube cases: ${cases.length} (${counties.length} units, ${stages.length} stages, ${programs.length} programs, ${schools.length} schools)`
    );
    let nonZero = 0;
    for (const [f, dim] of cases) {
      const want = await runSql(engine, fundedShareRowsSql(f, dim));
      const got = await runSql(engine, fundedShareSql(f, dim));
      expect(got, JSON.stringify({ f, dim })).toEqual(want);
      if (want.some((r) => Number(r.funded) > 0)) nonZero++;
    }
    // The city is big enough that most combinations have paid students (the test can fail).
    expect(cases.length).toBeGreaterThan(400);
    expect(nonZero).toBeGreaterThan(cases.length / 4);
  }, 600_000);
});

/** Filters × breakdowns for the student and payment cubes: each filter alone and with the others. */
async function studentCases(withYear = false): Promise<[Filters, Dim][]> {
  const { times, counties, stages, programs, schools } = await filterValues({
    terms: 'metric_needy',
    counties: 'metric_needy',
    stages: 'metric_needy',
    schools: 'metric_needy'
  });
  // Coverage has no year breakdown (a term's needy students are counted per term).
  const dims: Dim[] = [
    'total',
    'county',
    'stage',
    'program',
    'school',
    'term',
    ...(withYear ? ['year' as Dim] : [])
  ];
  const cases: [Filters, Dim][] = [];
  for (const t of times) {
    for (const dim of dims) cases.push([t, dim]);
    for (const county of counties.slice(0, 2))
      for (const program of opt(programs))
        for (const dim of ['total', 'school'] as Dim[]) cases.push([{ ...t, county, program }, dim]);
    for (const stage of stages)
      for (const program of opt(programs.slice(0, 3)))
        for (const dim of ['county', 'program'] as Dim[]) cases.push([{ ...t, stage, program }, dim]);
    for (const school of schools.slice(0, 5))
      for (const dim of ['total', 'term'] as Dim[]) cases.push([{ ...t, school }, dim]);
  }
  return cases;
}

/**
 * Compares cube and row SQL on every case, and that at least `minShare` of the cases had a
 * non-zero figure (an empty city would compare equal and prove nothing; many cases are empty by
 * design: a stage with a program that does not serve it, a school outside the filtered unit).
 */
async function compareAll(
  cases: [Filters, Dim][],
  cube: (f: Filters, d: Dim) => Sql,
  rows: (f: Filters, d: Dim) => Sql,
  minShare = 1 / 5
) {
  let nonEmpty = 0;
  for (const [f, dim] of cases) {
    const want = await runSql(engine, rows(f, dim));
    const got = await runSql(engine, cube(f, dim));
    expect(got, JSON.stringify({ f, dim })).toEqual(want);
    if (want.some((r) => Object.values(r).some((v) => typeof v === 'number' && v > 0))) nonEmpty++;
  }
  expect(nonEmpty).toBeGreaterThan(cases.length * minShare);
}

describe('coverage from metric_needy_cube', () => {
  it('困难学生资助覆盖率 equals the row-level count on every filter and breakdown', async () => {
    const cases = await studentCases();
    expect(cases.length).toBeGreaterThan(150);
    await compareAll(cases, coverageSql, coverageRowsSql);
  }, 600_000);

  it('重点保障对象覆盖率 and the list of missed priority students equal the row-level ones', async () => {
    const cases = await studentCases();
    await compareAll(cases, priorityCoverageSql, priorityCoverageRowsSql);
    const lists = cases.filter(([, d]) => d === 'total');
    let listed = 0;
    for (const [f] of lists) {
      const want = await runSql(engine, missedPriorityRowsSql(f, 50));
      expect(await runSql(engine, missedPrioritySql(f, 50)), JSON.stringify(f)).toEqual(want);
      listed += want.length;
    }
    expect(listed).toBeGreaterThan(0);
  }, 600_000);
});

describe('payments from metric_pay_cube', () => {
  it('按时发放率, amounts, days and their median equal the row-level figures', async () => {
    const cases = await studentCases(true);
    await compareAll(cases, timelinessSql, timelinessRowsSql);
  }, 600_000);

  it('monthly disbursement equals the row-level sums', async () => {
    const cases = (await studentCases()).filter(([, d]) => d === 'total');
    await compareAll(
      cases,
      (f) => monthlySql(f),
      (f) => monthlyRowsSql(f)
    );
  }, 600_000);
});

describe('资金执行率 from metric_exec_students', () => {
  it('equals the distinct IDs and sums of the payment rows on every filter the page can set', async () => {
    const { counties, stages, programs } = await filterValues({
      terms: 'payments',
      counties: 'v_school',
      stages: 'policy_programs',
      schools: 'payments'
    });
    const years = await values(`SELECT DISTINCT year::VARCHAR AS v FROM policy_terms ORDER BY 1`);
    const terms = await values(`SELECT DISTINCT term AS v FROM payments ORDER BY 1`);
    // Every kind of time: none, each year, a term (it stands for its year), one nobody has.
    const times: Filters[] = [{}, ...years.map((y) => ({ year: Number(y) })), { term: terms[terms.length - 1] }, { term: '2030年秋季学期' }]; // prettier-ignore
    const dims: Dim[] = ['total', 'county', 'program', 'year'];
    const cases: [Filters, Dim][] = [];
    for (const t of times) {
      // Every unit (and none), each breakdown; every stage × program (and neither), each breakdown.
      for (const county of opt([...counties, '不存在']))
        for (const dim of dims) cases.push([{ ...t, county }, dim]);
      for (const stage of opt(stages))
        for (const program of opt(programs)) {
          if (!stage && !program) continue;
          for (const dim of dims) cases.push([{ ...t, stage, program }, dim]);
        }
      // A unit with a stage or a program, and a school (ignored: allocations are per unit).
      for (const stage of stages) cases.push([{ ...t, county: counties[0], stage }, 'program']);
      for (const program of programs) cases.push([{ ...t, county: counties[1], program }, 'year']);
      cases.push([{ ...t, county: counties[0], school: '不存在' }, 'total']);
    }
    console.log(`执行率 cases: ${cases.length}`);
    expect(cases.length).toBeGreaterThan(1000);
    await compareAll(cases, executionSql, executionRowsSql);
  }, 600_000);
});
