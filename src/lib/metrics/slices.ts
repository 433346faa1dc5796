/**
 * Cube slices: the dashboard figures a filter change redraws, computed in JavaScript from the
 * cube tables loaded once per data version (CUBE_LOADS), so a filter change asks nothing of the
 * engine. In duckdb-wasm even a query over a 20,000-row cube costs 20–120 ms (planning a statement
 * alone takes 10–25 ms), and 总览 needs a dozen per change; a slice takes under a millisecond.
 *
 * Each slice mirrors one cube query of coverage.ts, money.ts or problems.ts clause by clause
 * (filters, NULL handling, rounding, order), and returns the same rows. That SQL stays the
 * definition, used by the CLI, the reports and the first paint; tests/unit/metrics-slices.test.ts
 * compares every slice with it on every filter combination of a generated city, so a change to a
 * metric that is not made here too fails the tests. Money is summed in integer cents, exactly,
 * as DuckDB sums DECIMAL.
 */
import type { Filters } from '../filters/state';
import { cubeMask, execByProgram, execMask } from './base';
import type { CoverageRow, FundedShareRow, MissedPriorityRow } from './coverage';
import type { Dim } from './dims';
import { BUDGET_LEVELS } from '../contract/domain';
import {
  checkExecutionDim,
  type BudgetLevelRow,
  type ExecutionRow,
  type FlowRow,
  type MonthlyRow,
  type TimelinessRow
} from './money';
import { REQUIRED, type SetasideRow } from './setaside';
import { SEVERITY_WEIGHT, type ProblemRow } from './problems';

/** The statements that load the cube tables (each small: thousands of rows at city scale). */
export const CUBE_LOADS = {
  terms: `SELECT term, year, term_start FROM policy_terms`,
  programs: `SELECT DISTINCT program, stage FROM policy_programs`,
  schoolStages: `SELECT ss.school_id, ss.stage, ss.county, ss.enrolled_count, s.school_name
    FROM v_school_stage ss JOIN v_school s USING (school_id)`,
  needy: `SELECT term, county, school_id, school_name, stage, need_program, priority, paid_need,
    paid_stage_program, n FROM metric_needy_cube`,
  needyPaid: `SELECT term, county, school_id, school_name, stage, priority, program, n FROM metric_needy_paid_cube`,
  funded: `SELECT term, county, stage, school_id, program, school_name, g, funded FROM metric_funded_cube`,
  missed: `SELECT term, id, pkey, name, school_id, school_name, county, stage, priority_types, level, need_program
    FROM metric_missed_priority`,
  // Dates are turned into what the figures use here, in SQL, so they mean what they mean there.
  pay: `SELECT term, year, county, school_id, school_name, stage, program, payments,
    (amount * 100)::BIGINT AS cents, date_diff('day', term_start, pay_date) AS days,
    pay_date BETWEEN window_start AND window_end AS on_time, strftime(pay_date, '%Y-%m') AS month
    FROM metric_pay_cube`,
  exec: `SELECT year, county, program, stage, g, students, (disbursed * 100)::BIGINT AS cents FROM metric_exec_students`,
  allocations: `SELECT year, target_unit AS county, program, budget_level, doc_no, (amount * 100)::BIGINT AS cents
    FROM allocations`,
  // setasideSql's rows before grouping (its x), with each school's stages for the stage filter.
  setasides: `SELECT sa.school_id, sa.year, (sa.income * 100)::BIGINT AS income, (sa.set_aside * 100)::BIGINT AS set_aside,
      (sa.spent * 100)::BIGINT AS spent, (${REQUIRED('sa.income', 'req.min_share')} * 100)::BIGINT AS required,
      s.county, s.school_name, coalesce(s.single_stage, '多学段') AS stage
    FROM setasides sa LEFT JOIN v_school s ON s.school_id = sa.school_id
    LEFT JOIN v_setaside_share req ON req.school_id = sa.school_id AND req.year = sa.year`,
  schoolStage: `SELECT DISTINCT school_id, stage FROM schools WHERE school_id IS NOT NULL AND stage IS NOT NULL`
} as const;

/** The findings and the schools' stages, for the problems figures (loaded once the rules ran). */
export const FINDING_LOADS = {
  findings: `SELECT fd.rule_code, fd.rule_name, coalesce(fd.severity, '低') AS severity, fd.term, fd.year,
    fd.county, fd.school_id, fd.program, fd.amount::DOUBLE AS amt, s.school_name, s.single_stage AS stage
    FROM findings fd LEFT JOIN v_school s ON s.school_id = fd.school_id`
} as const;

type S = string | null;
interface NeedyRow { term: string; county: S; school_id: S; school_name: S; stage: S; need_program: S; priority: boolean; paid_need: boolean; paid_stage_program: boolean; n: number } // prettier-ignore
interface NeedyPaidRow { term: string; county: S; school_id: S; school_name: S; stage: S; priority: boolean; program: S; n: number } // prettier-ignore
interface FundedRow { term: string; county: S; stage: S; school_id: S; program: S; school_name: S; g: number; funded: number } // prettier-ignore
interface ExecRow { year: number | null; county: S; program: S; stage: S; g: number; students: number; cents: number | null } // prettier-ignore
interface PayRow { term: string; year: number; county: S; school_id: S; school_name: S; stage: S; program: S; payments: number; cents: number; days: number | null; on_time: boolean | null; month: S } // prettier-ignore
interface StageRow { school_id: string; stage: string; county: S; enrolled_count: number | null; school_name: S } // prettier-ignore
/** A school-year of 计提, amounts in cents (required: REQUIRED, NULL without a minimum share). */
interface SetasideBase { school_id: string; year: number; income: number | null; set_aside: number | null; spent: number | null; required: number | null; county: S; school_name: S; stage: S } // prettier-ignore
interface FindingRow { rule_code: string; rule_name: S; severity: string; term: S; year: number | null; county: S; school_id: S; program: S; amt: number | null; school_name: S; stage: S } // prettier-ignore

export interface CubeTables {
  terms: { term: string; year: number; term_start: string | null }[];
  programs: { program: string; stage: string }[];
  schoolStages: StageRow[];
  needy: NeedyRow[];
  needyPaid: NeedyPaidRow[];
  funded: FundedRow[];
  missed: MissedPriorityRow[];
  pay: PayRow[];
  exec: ExecRow[];
  allocations: { year: number; county: S; program: S; budget_level: S; doc_no: S; cents: number }[];
  setasides: SetasideBase[];
  schoolStage: { school_id: string; stage: string }[];
}

export interface FindingTables {
  findings: FindingRow[];
}

/** Loads the tables with `query` (the engine's, or the page session's). */
export const loadCubes = (query: Load) => loadAll(CUBE_LOADS, query) as Promise<CubeTables>;

export const loadFindingTables = (query: Load) => loadAll(FINDING_LOADS, query) as Promise<FindingTables>;

type Load = (sql: string) => Promise<object[]>;

/**
 * The statements sent together: the engine runs them one after the other, but while the rules run
 * (one long statement after another) they then wait for one rule, not one each.
 */
async function loadAll(loads: Record<string, string>, query: Load): Promise<unknown> {
  const keys = Object.keys(loads);
  const results = await Promise.all(keys.map((k) => query(loads[k])));
  return Object.fromEntries(keys.map((k, i) => [k, results[i]]));
}

// ---------------------------------------------------------------------------------------------
// What DuckDB does, in JavaScript

/**
 * VARCHAR order as DuckDB sorts (bytes of UTF-8, i.e. code points), NULLs last. UTF-16 code units
 * order the same except surrogates, which are moved above U+E000–U+FFFF.
 */
export function cmpText(a: S, b: S): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800) x += x >= 0xe000 ? -0x800 : 0x2000;
    if (y >= 0xd800) y += y >= 0xe000 ? -0x800 : 0x2000;
    return x - y;
  }
  return a.length - b.length;
}

const minText = (a: S, b: S): S => (a === null ? b : b === null ? a : cmpText(a, b) <= 0 ? a : b);

/** round(x, d) as DuckDB rounds a DOUBLE (half away from zero). */
function round(x: number, d: number): number {
  const m = 10 ** d;
  return (Math.sign(x) * Math.round(Math.abs(x) * m)) / m;
}

/** A sum in cents as DuckDB gives `round(sum(DECIMAL), 2)::DOUBLE`. */
const yuan = (cents: number) => cents / 100;

/** `a / nullif(b, 0)` with NULL operands. */
const ratio = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : a / b);

/** The terms a term metric covers (termsCte), with their year. */
function termsOf(t: { terms: { term: string; year: number }[] }, f: Filters): Map<string, number> {
  const sel = t.terms.filter((x) => (f.term ? x.term === f.term : f.year ? x.year === Number(f.year) : true));
  return new Map(sel.map((x) => [x.term, x.year]));
}

/** previousTermSql: the term that started last before `term` starts. */
export function previousTerm(t: CubeTables, term: string): string | null {
  const start = t.terms.find((x) => x.term === term)?.term_start;
  if (!start) return null;
  let best: { term: string; term_start: string | null } | null = null;
  for (const x of t.terms)
    if (x.term_start !== null && x.term_start < start && (!best || x.term_start > best.term_start!)) best = x;
  return best?.term ?? null;
}

/** The years a money metric covers (yearPredicate): null for every year. */
function yearsOf(t: CubeTables, f: Filters): Set<number> | null {
  if (f.year && !f.term) return new Set([Number(f.year)]);
  if (f.term) return new Set(t.terms.filter((x) => x.term === f.term).map((x) => x.year));
  return null;
}

/** `col = ?` when the filter is set (a NULL column never matches). */
const eq = (v: S | undefined, want: string | undefined) => !want || v === want;

/** stageServedBy / programServesStage: the stages a program serves and the reverse. */
function stagesOf(t: CubeTables, program: string | undefined): Set<S> | null {
  return program ? new Set(t.programs.filter((p) => p.program === program).map((p) => p.stage)) : null;
}
function programsOf(t: { programs: { program: string; stage: string }[] }, stage: string | undefined) {
  return stage ? new Set<S>(t.programs.filter((p) => p.stage === stage).map((p) => p.program)) : null;
}

/** `school_id IN (SELECT school_id FROM schools WHERE stage = ?)`: the schools listing the stage. */
function schoolsOfStage(t: CubeTables, stage: string | undefined): Set<S> | null {
  return stage ? new Set(t.schoolStage.filter((s) => s.stage === stage).map((s) => s.school_id)) : null;
}

/** The columns a breakdown groups by (dimSelect), for a row of any cube. */
interface DimSource {
  county: S;
  stage: S;
  school_id: S;
  school_name: S;
  term: S;
  year?: number | null;
}

interface Group<A> {
  key: S;
  label: S;
  name: S;
  county: S;
  acc: A;
}

/** GROUP BY `dim` (none for 'total': one group even over no rows, as an aggregate without GROUP BY). */
class Groups<R extends DimSource, A> {
  #map = new Map<S, Group<A>>();
  constructor(
    private dim: Dim,
    private init: () => A,
    private program: (r: R) => S = () => null,
    private year: (r: R) => number | null = (r) => r.year ?? null
  ) {
    if (dim === 'total')
      this.#map.set('全部', { key: '全部', label: '全部', name: null, county: null, acc: init() });
  }
  key(r: R): S {
    switch (this.dim) {
      case 'total':
        return '全部';
      case 'county':
        return r.county ?? '（未登记学校）';
      case 'stage':
        return r.stage ?? '（未知学段）';
      case 'program':
        return this.program(r);
      case 'school':
        return r.school_id;
      case 'term':
        return r.term;
      case 'year': {
        const y = this.year(r);
        return y === null ? null : String(y);
      }
    }
  }
  /** The group of row `r` (its accumulator), created on first use. */
  at(r: R): A {
    const k = this.key(r);
    let g = this.#map.get(k);
    if (!g) {
      g = { key: k, label: k, name: null, county: null, acc: this.init() };
      if (this.dim === 'school') g.county = r.county;
      this.#map.set(k, g);
    }
    if (this.dim === 'school') {
      g.name = minText(g.name, r.school_name);
      g.county = minText(g.county, r.county);
    }
    return g.acc;
  }
  /** The groups as key / label (/ county) columns, ordered by key. */
  rows(): (Group<A> & { cols: { key: S; label: S; county?: S } })[] {
    return [...this.#map.values()]
      .map((g) => ({
        ...g,
        cols:
          this.dim === 'school'
            ? { key: g.key, label: g.name ?? g.key, county: g.county }
            : { key: g.key, label: g.label }
      }))
      .sort((a, b) => cmpText(a.key, b.key));
  }
}

// ---------------------------------------------------------------------------------------------
// Coverage (coverage.ts)

/** studentScope: unit, stage, school and the program filter's stages. */
function studentScope(f: Filters, served: Set<S> | null) {
  return (r: { county: S; stage: S; school_id: S }) =>
    eq(r.county, f.county) &&
    eq(r.stage, f.stage) &&
    eq(r.school_id, f.school) &&
    (!served || served.has(r.stage));
}

/** needy / covered / rate from summed counts (SUMS: a sum over no rows is 0, the rate NULL). */
function sums(g: { needy: number; covered: number; rows: number }) {
  return {
    needy: g.needy,
    covered: g.covered,
    rate: g.rows ? ratio(g.covered, g.needy) : null
  };
}

/**
 * Needy / covered counts by `dim`, added cube row by cube row. The cube's rows are read as they
 * are (no copy with the year and program added: copying 22,000 rows was half of this slice's time
 * at scale 1); the year comes from the selected terms, the program from `program`.
 */
function coverageCounts<R extends DimSource>(dim: Dim, terms: Map<string, number>, program: (r: R) => S) {
  const groups = new Groups<R, { needy: number; covered: number; rows: number }>(
    dim,
    () => ({ needy: 0, covered: 0, rows: 0 }),
    program,
    (r) => (r.term === null ? null : (terms.get(r.term) ?? null))
  );
  return {
    add(r: R, needy: number, covered: number) {
      const a = groups.at(r);
      a.needy += needy;
      a.covered += covered;
      a.rows++;
    },
    rows: (): CoverageRow[] => groups.rows().map((g) => ({ ...g.cols, ...sums(g.acc) }) as CoverageRow)
  };
}

/** coverageSql. */
export function coverageSlice(t: CubeTables, f: Filters, dim: Dim = 'total'): CoverageRow[] {
  const terms = termsOf(t, f);
  const inScope = studentScope(f, stagesOf(t, f.program));
  type R = DimSource & { need_program?: S };
  const out = coverageCounts<R>(dim, terms, (r) => f.program ?? r.need_program ?? null);
  for (const c of t.needy) {
    if (!inScope(c) || !terms.has(c.term)) continue;
    const paid = dim === 'program' ? c.paid_stage_program : c.paid_need;
    out.add(c, c.n, f.program ? 0 : paid ? c.n : 0);
  }
  if (f.program)
    for (const c of t.needyPaid)
      if (c.program === f.program && inScope(c) && terms.has(c.term)) out.add(c, 0, c.n);
  return out.rows();
}

/** priorityCoverageSql. */
export function priorityCoverageSlice(t: CubeTables, f: Filters, dim: Dim = 'total'): CoverageRow[] {
  const terms = termsOf(t, f);
  const inScope = studentScope(f, stagesOf(t, f.program));
  const out = coverageCounts<CubeTables['needy'][number]>(dim, terms, (r) => r.need_program);
  for (const c of t.needy)
    if (c.priority && terms.has(c.term) && inScope(c) && eq(c.need_program, f.program))
      out.add(c, c.n, c.paid_stage_program ? c.n : 0);
  return out.rows();
}

/** missedPrioritySql: ordered by unit, school, ID and term, the first `limit`. */
export function missedPrioritySlice(t: CubeTables, f: Filters, limit = 500): MissedPriorityRow[] {
  const terms = termsOf(t, f);
  const inScope = studentScope(f, stagesOf(t, f.program));
  return t.missed
    .filter((n) => terms.has(n.term) && inScope(n) && eq(n.need_program, f.program))
    .sort(
      (a, b) =>
        cmpText(a.county, b.county) ||
        cmpText(a.school_id, b.school_id) ||
        cmpText(a.id, b.id) ||
        cmpText(a.term, b.term)
    )
    .slice(0, Math.max(1, Math.floor(limit)));
}

/** fundedShareSql: the cube's numerator joined with the enrolment of the schools in scope. */
export function fundedShareSlice(t: CubeTables, f: Filters, dim: Dim = 'total'): FundedShareRow[] {
  if (dim === 'program') throw new Error('资助面 has no program breakdown');
  const terms = termsOf(t, f);
  const grouped: ('county' | 'stage' | 'school_id' | 'program')[] = [];
  if (f.county || dim === 'county' || dim === 'school' || f.school) grouped.push('county');
  if (f.stage || dim === 'stage') grouped.push('stage');
  if (f.school || dim === 'school') grouped.push('school_id');
  if (f.program) grouped.push('program');
  const g = cubeMask(grouped);
  type Acc = { sum: number | null };
  const num = new Groups<FundedRow & DimSource, Acc>(dim, () => ({ sum: null }));
  for (const c of t.funded) {
    if (c.g !== g || !terms.has(c.term)) continue;
    if (
      !eq(c.county, f.county) ||
      !eq(c.stage, f.stage) ||
      !eq(c.school_id, f.school) ||
      !eq(c.program, f.program)
    )
      continue;
    const a = num.at({ ...c, year: terms.get(c.term)! });
    a.sum = (a.sum ?? 0) + c.funded;
  }
  const served = stagesOf(t, f.program);
  const den = new Groups<StageRow & DimSource, Acc>(dim, () => ({ sum: null }));
  for (const e of t.schoolStages) {
    if (!eq(e.county, f.county) || !eq(e.stage, f.stage) || !eq(e.school_id, f.school)) continue;
    if (served && !served.has(e.stage)) continue;
    for (const [term, year] of terms) {
      const a = den.at({ ...e, term, year });
      a.sum = (a.sum ?? 0) + (e.enrolled_count ?? 0);
    }
  }
  // FULL OUTER JOIN on key, ordered by key.
  const out = new Map<S, FundedShareRow>();
  const dens = new Map(den.rows().map((d) => [d.key, d]));
  const nums = new Map(num.rows().map((n) => [n.key, n]));
  for (const k of new Set([...dens.keys(), ...nums.keys()])) {
    const d = dens.get(k);
    const n = nums.get(k);
    const funded = n?.acc.sum ?? 0;
    const enrolled = d?.acc.sum ?? null;
    const row: FundedShareRow = {
      key: (d?.cols.key ?? n?.cols.key) as string,
      label: (d?.cols.label ?? n?.cols.label) as string,
      ...(dim === 'school' ? { county: d?.cols.county ?? n?.cols.county ?? null } : {}),
      funded,
      enrolled: enrolled ?? 0,
      rate: ratio(funded, enrolled)
    };
    out.set(k, row);
  }
  return [...out.values()].sort((a, b) => cmpText(a.key, b.key));
}

// ---------------------------------------------------------------------------------------------
// Money (money.ts)

/** paymentScope. */
const payScope = (f: Filters) => (p: PayRow) =>
  eq(p.county, f.county) && eq(p.stage, f.stage) && eq(p.school_id, f.school) && eq(p.program, f.program);

/** timelinessSql: counts, amounts, average days and the median days (as quantile_cont). */
export function timelinessSlice(t: CubeTables, f: Filters, dim: Dim = 'total'): TimelinessRow[] {
  const terms = termsOf(t, f);
  const inScope = payScope(f);
  type Acc = {
    payments: number;
    onTime: number | null;
    cents: number;
    lateCents: number;
    dayTotal: number;
    dayN: number | null;
    hist: Map<number, number>;
  };
  const groups = new Groups<PayRow, Acc>(
    dim,
    () => ({ payments: 0, onTime: null, cents: 0, lateCents: 0, dayTotal: 0, dayN: null, hist: new Map() }),
    (p) => p.program
  );
  for (const p of t.pay) {
    if (!terms.has(p.term) || !inScope(p)) continue;
    const a = groups.at(p);
    a.payments += p.payments;
    a.cents += p.cents;
    if (p.on_time === true) a.onTime = (a.onTime ?? 0) + p.payments;
    if (p.on_time === false) a.lateCents += p.cents;
    if (p.days !== null) {
      a.dayTotal += p.days * p.payments;
      a.dayN = (a.dayN ?? 0) + p.payments;
      a.hist.set(p.days, (a.hist.get(p.days) ?? 0) + p.payments);
    }
  }
  return groups.rows().map(({ cols, acc: a }) => ({
    ...cols,
    payments: a.payments,
    on_time: a.onTime ?? 0,
    rate: ratio(a.onTime, a.payments),
    amount: yuan(a.cents),
    late_amount: yuan(a.lateCents),
    avg_days: a.dayN === null ? null : round(a.dayTotal / a.dayN, 1),
    // The median is LEFT JOINed on the key: a NULL key (a payment without a school) has none.
    median_days: cols.key === null ? null : median(a.hist)
  })) as TimelinessRow[];
}

/** quantile_cont(x, 0.5) from a histogram: lo + (hi − lo) × fraction at position (N − 1) / 2. */
function median(hist: Map<number, number>): number | null {
  if (!hist.size) return null;
  const days = [...hist.keys()].sort((a, b) => a - b);
  let n = 0;
  for (const c of hist.values()) n += c;
  const pos = (n - 1) * 0.5;
  let cum = 0;
  let lo: number | null = null;
  let hi: number | null = null;
  for (const d of days) {
    cum += hist.get(d)!;
    if (lo === null && cum > Math.floor(pos)) lo = d;
    if (hi === null && cum > Math.ceil(pos)) hi = d;
  }
  if (lo === null || hi === null) return null;
  return lo + (hi - lo) * (pos - Math.floor(pos));
}

/** monthlySql. */
export function monthlySlice(t: CubeTables, f: Filters): MonthlyRow[] {
  const terms = termsOf(t, f);
  const inScope = payScope(f);
  const by = new Map<S, { cents: number; payments: number }>();
  for (const p of t.pay) {
    if (!terms.has(p.term) || !inScope(p)) continue;
    const a = by.get(p.month) ?? { cents: 0, payments: 0 };
    a.cents += p.cents;
    a.payments += p.payments;
    by.set(p.month, a);
  }
  return [...by.entries()]
    .sort((a, b) => cmpText(a[0], b[0]))
    .map(([month, a]) => ({ month: month as string, amount: yuan(a.cents), payments: a.payments }));
}

/**
 * executionSql: allocations in scope beside metric_exec_students' row of each key (disbursed and the
 * distinct students paid), FULL OUTER JOINed on the key.
 */
export function executionSlice(t: CubeTables, f: Filters, dim: Dim = 'total'): ExecutionRow[] {
  checkExecutionDim(dim);
  const alloc = new Groups<DimSource & { program: S }, { cents: number | null }>(
    dim,
    () => ({ cents: null }),
    (r) => r.program
  );
  for (const a of allocations(t, f)) {
    const g = alloc.at({ ...a, stage: null, school_id: null, school_name: null, term: null });
    g.cents = (g.cents ?? 0) + a.cents;
  }
  const years = yearsOf(t, f);
  const g = execMask(f, dim);
  const byProgram = execByProgram(f, dim);
  const served = programsOf(t, f.stage);
  const disb = new Groups<DimSource & { program: S }, { cents: number | null; students: number }>(
    dim,
    () => ({ cents: null, students: 0 }),
    (r) => r.program
  );
  for (const e of t.exec) {
    if (e.g !== g || (years && !(e.year !== null && years.has(e.year)))) continue;
    if (!eq(e.county, f.county) || !eq(e.program, f.program)) continue;
    if (byProgram ? served && !served.has(e.program) : !eq(e.stage, f.stage)) continue;
    const a = disb.at({ ...e, school_id: null, school_name: null, term: null });
    if (e.cents !== null) a.cents = (a.cents ?? 0) + e.cents;
    a.students += e.students;
  }
  // FULL OUTER JOIN on key (a NULL key joins nothing), ordered by key, NULLs last.
  type Joined = { key: S; label: S; a?: { cents: number | null }; d?: { cents: number | null; students: number } }; // prettier-ignore
  const joined: Joined[] = [];
  const byKey = new Map<string, Joined>();
  const side = ({ cols: { key, label } }: { cols: { key: S; label: S } }): Joined => {
    let row = key === null ? undefined : byKey.get(key);
    if (!row) {
      row = { key, label };
      if (key !== null) byKey.set(key, row);
      joined.push(row);
    }
    return row;
  };
  for (const x of alloc.rows()) side(x).a = x.acc;
  for (const x of disb.rows()) side(x).d = x.acc;
  return joined
    .sort((x, y) => cmpText(x.key, y.key))
    .map(({ key, label, a, d }) => {
      const allocated = a && a.cents !== null ? yuan(a.cents) : null;
      const disbursed = d && d.cents !== null ? yuan(d.cents) : null;
      const students = d?.students ?? 0;
      return {
        key,
        label,
        allocated: allocated ?? 0,
        disbursed: disbursed ?? 0,
        rate: ratio(disbursed ?? 0, allocated),
        students,
        per_student: disbursed === null || !students ? null : round(disbursed / students, 2)
      } as ExecutionRow;
    });
}

/** executionSql's total row without its students: allocated, disbursed and the rate, for 总览's card. */
export function executionRateSlice(
  t: CubeTables,
  f: Filters
): { allocated: number; disbursed: number; rate: number | null } {
  const [{ allocated, disbursed, rate }] = executionSlice(t, f);
  return { allocated, disbursed, rate };
}

/**
 * allocScope, and DISB_CTE's filter on payments: the filter's year(s) (a term stands for its year),
 * unit, program, and programs serving the stage. A school filter is ignored: allocations are per unit.
 */
function moneyScope(t: CubeTables, f: Filters) {
  const years = yearsOf(t, f);
  const served = programsOf(t, f.stage);
  return (r: { year: number | null; county: S; program: S }) =>
    (!years || (r.year !== null && years.has(r.year))) &&
    eq(r.county, f.county) &&
    eq(r.program, f.program) &&
    (!served || served.has(r.program));
}

/** The allocations in allocScope. */
const allocations = (t: CubeTables, f: Filters) => t.allocations.filter(moneyScope(t, f));

/** budgetOrder: 中央, 省级, 市级, 县级, then any other label. */
const levelRank = (l: string) => {
  const i = (BUDGET_LEVELS as readonly string[]).indexOf(l);
  return i < 0 ? 99 : i;
};

/** budgetLevelSql: allocations by budget level, with their distinct documents. */
export function budgetLevelSlice(t: CubeTables, f: Filters): BudgetLevelRow[] {
  const by = new Map<string, { cents: number; docs: Set<S> }>();
  for (const a of allocations(t, f)) {
    const l = a.budget_level ?? '未注明';
    const g = by.get(l) ?? { cents: 0, docs: new Set() };
    g.cents += a.cents;
    if (a.doc_no !== null) g.docs.add(a.doc_no);
    by.set(l, g);
  }
  return [...by.entries()]
    .sort((a, b) => levelRank(a[0]) - levelRank(b[0]) || cmpText(a[0], b[0]))
    .map(([budget_level, g]) => ({ budget_level, allocated: yuan(g.cents), docs: g.docs.size }));
}

/** allocationFlowSql: budget level → program → unit, the flows with a positive net amount. */
export function allocationFlowSlice(t: CubeTables, f: Filters): FlowRow[] {
  const by = new Map<string, { budget_level: string; program: S; county: S; cents: number }>();
  for (const a of allocations(t, f)) {
    const l = a.budget_level ?? '未注明';
    const k = JSON.stringify([l, a.program, a.county]);
    const g = by.get(k) ?? { budget_level: l, program: a.program, county: a.county, cents: 0 };
    g.cents += a.cents;
    by.set(k, g);
  }
  return [...by.values()]
    .filter((g) => g.cents > 0)
    .sort(
      (a, b) =>
        levelRank(a.budget_level) - levelRank(b.budget_level) ||
        cmpText(a.program, b.program) ||
        cmpText(a.county, b.county)
    )
    .map((g) => ({ budget_level: g.budget_level, program: g.program, county: g.county, amount: yuan(g.cents) }) as FlowRow); // prettier-ignore
}

// ---------------------------------------------------------------------------------------------
// 计提 (setaside.ts)

/** setasideSql: required vs set aside vs spent over the school-years in scope. */
export function setasideSlice(t: CubeTables, f: Filters, dim: Dim = 'total'): SetasideRow[] {
  if (!['total', 'county', 'school', 'year', 'stage'].includes(dim))
    throw new Error(`计提 has no ${dim} breakdown`);
  const years = yearsOf(t, f);
  const stageSchools = schoolsOfStage(t, f.stage);
  type Acc = { schools: Set<string>; income: number | null; required: number | null; setAside: number | null; setAsideReq: number | null; spent: number | null; short: number; shortAmount: number | null }; // prettier-ignore
  const add = (a: number | null, b: number | null) => (b === null ? a : (a ?? 0) + b);
  const groups = new Groups<SetasideBase & DimSource, Acc>(dim, () => ({
    schools: new Set(),
    income: null,
    required: null,
    setAside: null,
    setAsideReq: null,
    spent: null,
    short: 0,
    shortAmount: null
  }));
  for (const x of t.setasides) {
    if (years && !years.has(x.year)) continue;
    if (!eq(x.county, f.county) || !eq(x.school_id, f.school)) continue;
    if (stageSchools && !stageSchools.has(x.school_id)) continue;
    const required = x.required;
    const a = groups.at({ ...x, term: null });
    if (x.school_id !== null) a.schools.add(x.school_id);
    a.income = add(a.income, x.income);
    a.required = add(a.required, required);
    a.setAside = add(a.setAside, x.set_aside);
    if (required !== null) a.setAsideReq = add(a.setAsideReq, x.set_aside);
    a.spent = add(a.spent, x.spent);
    if (x.set_aside !== null && required !== null && x.set_aside < required) {
      a.short++;
      a.shortAmount = add(a.shortAmount, required - x.set_aside);
    }
  }
  const y = (c: number | null) => (c === null ? null : yuan(c));
  const r = (a: number | null, b: number | null) => ratio(y(a), y(b));
  return groups.rows().map(({ cols, acc: a }) => ({
    ...cols,
    schools: a.schools.size,
    income: y(a.income),
    required: yuan(a.required ?? 0),
    set_aside: y(a.setAside),
    spent: y(a.spent),
    set_aside_rate: r(a.setAsideReq, a.required),
    use_rate: r(a.spent, a.setAside),
    short: a.short,
    short_amount: yuan(a.shortAmount ?? 0)
  })) as SetasideRow[];
}

// ---------------------------------------------------------------------------------------------
// Problems (problems.ts)

/** problemsSql over the findings in scope (findingsCte). */
export function problemsSlice(
  t: CubeTables,
  ft: FindingTables,
  f: Filters,
  dim: Dim | 'rule' = 'county'
): ProblemRow[] {
  const terms = termsOf(t, f);
  const years = new Set(terms.values());
  const byTime = Boolean(f.term || f.year);
  const progs = programsOf(t, f.stage);
  const stageSchools = schoolsOfStage(t, f.stage);
  type Acc = { n: number; amt: number | null; high: number; medium: number; low: number; score: number; name: S; severity: S }; // prettier-ignore
  const groups = new Groups<FindingRow & DimSource, Acc>(
    dim === 'rule' ? 'program' : dim,
    () => ({ n: 0, amt: null, high: 0, medium: 0, low: 0, score: 0, name: null, severity: null }),
    (x) => (dim === 'rule' ? x.rule_code : x.program)
  );
  for (const x of ft.findings) {
    if (byTime && !(x.term !== null ? terms.has(x.term) : x.year !== null && years.has(x.year))) continue;
    if (!eq(x.county, f.county) || !eq(x.school_id, f.school) || !eq(x.program, f.program)) continue;
    if (
      f.stage &&
      !(
        progs!.has(x.program) ||
        (x.program === null && x.school_id !== null && stageSchools!.has(x.school_id))
      )
    )
      continue;
    const a = groups.at({ ...x, term: x.term });
    a.n++;
    if (x.amt !== null) a.amt = (a.amt ?? 0) + x.amt;
    if (x.severity === '高') a.high++;
    if (x.severity === '中') a.medium++;
    if (x.severity === '低') a.low++;
    a.score += SEVERITY_WEIGHT[x.severity] ?? 1;
    a.name ??= x.rule_name;
    a.severity ??= x.severity;
  }
  const rows = groups.rows().map(({ cols, acc: a }) => ({
    ...cols,
    ...(dim === 'rule' ? { label: a.name ?? cols.key, severity: a.severity } : {}),
    findings: a.n,
    amount: round(a.amt ?? 0, 2),
    high: a.high,
    medium: a.medium,
    low: a.low,
    score: a.score
  })) as ProblemRow[];
  if (dim !== 'total') rows.sort((a, b) => b.score - a.score || b.amount - a.amount || cmpText(a.key, b.key));
  return rows;
}
