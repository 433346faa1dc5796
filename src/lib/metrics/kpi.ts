/**
 * The six KPI cards of 总览, each with its target and its change from the previous term (资金执行率:
 * from the previous year, since allocations are yearly). Every value comes from the same metric SQL
 * as the page that explains it. The problems card (kpiFindings) is apart: it reads the rules'
 * findings, which are computed after the other cards can be drawn.
 */
import { param, sql, type Row, type Sql, type Value } from '../engine/engine';
import type { Filters } from '../filters/state';
import { coverageSql, fundedShareSql, priorityCoverageSql } from './coverage';
import { previousTermSql } from './drill';
import { executionSql, timelinessSql } from './money';
import { problemsSql } from './problems';
import {
  coverageSlice,
  executionRateSlice,
  fundedShareSlice,
  previousTerm,
  priorityCoverageSlice,
  problemsSlice,
  timelinessSlice,
  type CubeTables,
  type FindingTables
} from './slices';

/** Engine.query or the page session's query: a statement and the values bound to its `?`. */
export type Query = <T extends Row = Row>(text: string, params?: Value[]) => Promise<T[]>;

export type KpiKey = 'coverage' | 'priority' | 'fundedShare' | 'execution' | 'timeliness' | 'problems';

export interface KpiValues {
  coverage: number | null;
  coverageN: [number, number];
  priority: number | null;
  priorityN: [number, number];
  fundedShare: number | null;
  execution: number | null;
  timeliness: number | null;
  /** Payments outside the window and their amount (the shortfall shown next to 按时发放率). */
  lateN: number;
  lateAmount: number;
}

export interface KpiFindings {
  current: { findings: number; amount: number };
  previous: { findings: number; amount: number } | null;
}

export interface KpiSet {
  current: KpiValues;
  previous: KpiValues | null;
  /** The term (or year, for execution) the change is measured against. */
  previousTerm: string | null;
  previousYear: number | null;
}

/**
 * The cube tables loaded in the page (src/lib/metrics/slices.ts): when given, the cards are
 * computed from them (the same numbers, tests/unit/metrics-slices.test.ts) instead of queried.
 */
export interface Cubes {
  tables: CubeTables;
  findings: FindingTables | null;
}

async function one<T extends Row>(query: Query, s: Sql): Promise<T | undefined> {
  return (await query<T>(s.sql, s.params))[0];
}

/** The term before `term` (previousTermSql), from the cubes' terms when loaded. */
async function termBefore(query: Query, term: string, c?: Cubes | null): Promise<string | null> {
  if (c) return previousTerm(c.tables, term);
  return (await one<{ term: string }>(query, previousTermSql(term)))?.term ?? null;
}

export async function kpiValues(query: Query, f: Filters, c?: Cubes | null): Promise<KpiValues> {
  const t = c?.tables;
  const [cov, pri, fs, ex, tl] = t
    ? [
        coverageSlice(t, f)[0],
        priorityCoverageSlice(t, f)[0],
        fundedShareSlice(t, f)[0],
        executionRateSlice(t, f),
        timelinessSlice(t, f)[0]
      ]
    : await Promise.all([
        one(query, coverageSql(f)),
        one(query, priorityCoverageSql(f)),
        one(query, fundedShareSql(f)),
        one(query, executionSql(f)),
        one(query, timelinessSql(f))
      ]);
  const num = (v: unknown) => (typeof v === 'number' ? v : null);
  return {
    coverage: num(cov?.rate),
    coverageN: [Number(cov?.covered ?? 0), Number(cov?.needy ?? 0)],
    priority: num(pri?.rate),
    priorityN: [Number(pri?.covered ?? 0), Number(pri?.needy ?? 0)],
    fundedShare: num(fs?.rate),
    execution: num(ex?.rate),
    timeliness: num(tl?.rate),
    lateN: Number(tl?.payments ?? 0) - Number(tl?.on_time ?? 0),
    lateAmount: Number(tl?.late_amount ?? 0)
  };
}

/** The problems card: findings and money involved in `f`, and in the term before it. */
export async function kpiFindings(query: Query, f: Filters, c?: Cubes | null): Promise<KpiFindings> {
  const prevTerm = f.term ? await termBefore(query, f.term, c) : null;
  const total = async (g: Filters) => {
    const r = c?.findings
      ? problemsSlice(c.tables, c.findings, g, 'total')[0]
      : await one(query, problemsSql(g, 'total'));
    return { findings: Number(r?.findings ?? 0), amount: Number(r?.amount ?? 0) };
  };
  const [current, previous] = await Promise.all([
    total(f),
    prevTerm ? total({ ...f, term: prevTerm }) : Promise.resolve(null)
  ]);
  return { current, previous };
}

/** KPIs for `f` (which should name a term) and for the term before it. */
export async function kpiSet(query: Query, f: Filters, c?: Cubes | null): Promise<KpiSet> {
  const prevTerm = f.term ? await termBefore(query, f.term, c) : null;
  const [current, previous] = await Promise.all([
    kpiValues(query, f, c),
    prevTerm ? kpiValues(query, { ...f, term: prevTerm }, c) : Promise.resolve(null)
  ]);
  let previousYear: number | null = null;
  if (previous) {
    // Execution is yearly: compare with the previous calendar year, not the previous term.
    const year = c
      ? c.tables.terms.find((t) => t.term === f.term)?.year
      : (
          await one<{ year: number }>(
            query,
            sql`SELECT year FROM policy_terms WHERE term = ${param(f.term!)}`
          )
        )?.year;
    if (year) {
      previousYear = year - 1;
      const g = { ...f, term: undefined, year: previousYear };
      const ex = c ? executionRateSlice(c.tables, g) : await one(query, executionSql(g));
      previous.execution = typeof ex?.rate === 'number' ? ex.rate : null;
    }
  }
  return { current, previous, previousTerm: prevTerm, previousYear };
}
