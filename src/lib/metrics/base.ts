/**
 * Common table expressions shared by the metrics: the school directory, enrolment per term (one
 * school per student), identified needy students, and payments of the selected terms. Each is
 * written once here; a metric asks for the ones it needs with `withCtes`, which adds their
 * dependencies in order.
 */
import { sqlJoin, type Engine, type Sql } from '../engine/engine';
import type { Filters } from '../filters/state';
import { termsCte } from './scope';

/** Which school a student enrolled at several in one term counts at: as R12, 在读 first, then code. */
const ONE_SCHOOL_ORDER = `CASE WHEN e.status = '在读' THEN 0 ELSE 1 END, e.school_id`;

interface CteDef {
  deps: CteName[];
  sql: (f: Filters) => Sql | string;
}

/*
 * Built on the rules' helper views (src/lib/model/views.ts: v_school, v_school_stage, v_enrolment,
 * v_ident_year, v_payment_ctx, v_program_terms), so enrolment, a student's stage and a payment's
 * stage mean exactly what they mean in the checks.
 */
export type CteName = 'm_terms' | 'm_school' | 'm_enrol' | 'm_needy' | 'm_pay';

/**
 * metric_needy: one row per (term, ID) of identified needy students, for every policy term.
 * Materialised once per data load (createMetricTables) because enrolment over the whole roster is
 * the expensive part of every coverage query, and it depends only on the data (term dates and the
 * stage need programs are fixed by checks.md and domain.ts, not by editable policy).
 *
 * Identified needy in term T: enrolled in T (the m_enrol rule below) and a 困难认定 row for T's
 * 学年 (v_ident_year), and T has payments of the student's stage need program (v_program_terms, as
 * R12: a term whose payments of that program were not exported says nothing about coverage).
 * paid_need: paid any need-based program in T (any school); paid_stage_program: paid the stage's
 * need program in T.
 */
export const METRIC_NEEDY_SQL = `CREATE OR REPLACE TABLE metric_needy AS
WITH enrol AS (
  -- The identified IDs only: DuckDB filters the roster before crossing it with the terms, instead
  -- of crossing the whole roster (6.2 million rows at scale 1) and then joining the identifications.
  SELECT * FROM v_enrolment WHERE id IN (SELECT id FROM v_ident_year)),
needy_enrol AS (
  SELECT e.term, e.school_year, e.id, e.school_id, e.stage, i.is_priority AS priority, i.priority_types, i.level,
    row_number() OVER (PARTITION BY e.term, e.id ORDER BY ${ONE_SCHOOL_ORDER}) AS rn
  FROM enrol e JOIN v_ident_year i ON i.id = e.id AND i.school_year = e.school_year),
needy AS MATERIALIZED (
  SELECT n.term, n.school_year, n.id, n.school_id, s.county, s.school_name, n.stage, n.priority, n.priority_types,
    n.level, sn.program AS need_program
  FROM needy_enrol n
  JOIN v_school s ON s.school_id = n.school_id
  JOIN policy_stage_need_program sn ON sn.stage = n.stage
  JOIN v_program_terms pt ON pt.program = sn.program AND pt.term = n.term
  WHERE n.rn = 1),
prog AS (SELECT program, bool_or(need_based) AS need_based FROM policy_programs GROUP BY program),
-- The payments of the needy only: an aggregate per needy student, not per (term, ID) of every
-- payment (5.9 → 4.6 s natively at scale 1; 0.85 → 0.26 s when no roster is loaded).
paid AS (
  SELECT n.term, n.id, n.need_program, bool_or(coalesce(prog.need_based, FALSE)) AS paid_need,
    bool_or(p.program = n.need_program) AS paid_stage_program
  FROM needy n JOIN payments p ON p.term = n.term AND p.id = n.id LEFT JOIN prog ON prog.program = p.program
  GROUP BY n.term, n.id, n.need_program)
SELECT n.*, coalesce(paid.paid_need, FALSE) AS paid_need, coalesce(paid.paid_stage_program, FALSE) AS paid_stage_program
FROM needy n LEFT JOIN paid ON paid.term = n.term AND paid.id = n.id AND paid.need_program = n.need_program`;

/** Builds the materialised metric tables; run after the data, policy tables and views exist. */
export async function createMetricTables(engine: Engine): Promise<void> {
  await engine.exec(METRIC_NEEDY_SQL);
  await engine.exec(METRIC_PERSON_SQL);
  await engine.exec(METRIC_FUNDED_CUBE_SQL);
  await engine.exec(METRIC_NEEDY_CUBE_SQL);
  await engine.exec(METRIC_NEEDY_PAID_CUBE_SQL);
  await engine.exec(METRIC_MISSED_PRIORITY_SQL);
  await engine.exec(METRIC_PAY_CUBE_SQL);
  await engine.exec(METRIC_EXEC_STUDENTS_SQL);
}

/*
 * Cubes of additive counts (issue 8: a filter change reads thousands of rows, not a million).
 * metric_needy counts student-terms, so its rows grouped by every column a filter or a breakdown
 * uses, with the number of students `n`, give every coverage figure as a sum (coverage.ts). The
 * row-level SQL stays as the definition they must equal (tests/unit/metrics-cube.test.ts).
 */

/** metric_needy counted per term × school × stage × need program × priority × the paid flags. */
export const METRIC_NEEDY_CUBE_SQL = `CREATE OR REPLACE TABLE metric_needy_cube AS
SELECT term, county, school_id, min(school_name) AS school_name, stage, need_program, priority,
  paid_need, paid_stage_program, count(*)::INTEGER AS n
FROM metric_needy
GROUP BY term, county, school_id, stage, need_program, priority, paid_need, paid_stage_program`;

/**
 * The needy students of metric_needy paid a given program in the term, per program: coverage
 * under a program filter counts those paid the filtered program (coverageRowsSql's EXISTS).
 */
export const METRIC_NEEDY_PAID_CUBE_SQL = `CREATE OR REPLACE TABLE metric_needy_paid_cube AS
SELECT n.term, n.county, n.school_id, min(n.school_name) AS school_name, n.stage, n.priority, pp.program,
  count(*)::INTEGER AS n
FROM metric_needy n JOIN (SELECT DISTINCT term, id, program FROM payments) pp ON pp.term = n.term AND pp.id = n.id
GROUP BY n.term, n.county, n.school_id, n.stage, n.priority, pp.program`;

/**
 * The priority students left unpaid (what R12 flags) with their name and person key, for 覆盖's
 * list: looking the names up in the roster took most of that query's time on every filter change.
 */
export const METRIC_MISSED_PRIORITY_SQL = `CREATE OR REPLACE TABLE metric_missed_priority AS
SELECT n.term, n.id, mp.pkey,
  (SELECT any_value(r.name) FROM roster r WHERE r.id = n.id AND r.school_id = n.school_id) AS name,
  n.school_id, n.school_name, n.county, n.stage, n.priority_types, n.level, n.need_program
FROM metric_needy n LEFT JOIN metric_person mp ON mp.id = n.id
WHERE n.priority AND NOT n.paid_stage_program`;

/**
 * Payments per term × school × stage × program × pay date (at scale 1 a school pays a program on
 * one or two dates a term: 854,361 payments → about 10,000 rows), with their count and amount.
 * Counts, sums, on-time shares, days from term start and their median (from the days' histogram)
 * are exact from it; distinct students are not (metric_funded_cube, metric_exec_students count
 * them). Amounts are summed as DECIMAL, exactly (each came from a DECIMAL(14,2) cell).
 */
export const METRIC_PAY_CUBE_SQL = `CREATE OR REPLACE TABLE metric_pay_cube AS
SELECT p.term, p.year, s.county, p.school_id, min(s.school_name) AS school_name, p.stage, p.program,
  p.pay_date, p.term_start, p.window_start, p.window_end, count(*)::INTEGER AS payments,
  sum(p.amount::DECIMAL(18, 2)) AS amount
FROM v_payment_ctx p LEFT JOIN v_school s ON s.school_id = p.school_id
GROUP BY p.term, p.year, s.county, p.school_id, p.stage, p.program, p.pay_date, p.term_start, p.window_start,
  p.window_end`;

/** Columns of metric_exec_students and their bit in `g` (set when rolled up, as cubeMask). */
const EXEC_BITS = { year: 8, county: 4, program: 2, stage: 1 } as const;

/**
 * The `g` of the metric_exec_students rows executionSql(f, dim) reads: the year when a time filter
 * is set (a term stands for its year) or the breakdown is by year; the unit when filtered or broken
 * down by unit; the program when filtered or broken down by program, else the stage's program set
 * when a stage is filtered. A school filter is ignored (allocations are per unit).
 */
export function execMask(f: Filters, dim: string): number {
  const grouped: string[] = [];
  if (f.year || f.term || dim === 'year') grouped.push('year');
  if (f.county || dim === 'county') grouped.push('county');
  if (execByProgram(f, dim)) grouped.push('program');
  else if (f.stage) grouped.push('stage');
  return execG(grouped);
}

/**
 * Whether metric_exec_students is read per program (a program filter or the program breakdown; a
 * stage filter then keeps the stage's programs) or per stage's program set (its `stage` column).
 */
export const execByProgram = (f: Filters, dim: string): boolean => Boolean(f.program) || dim === 'program';

const execG = (grouped: string[]) =>
  Object.entries(EXEC_BITS).reduce((g, [col, bit]) => (grouped.includes(col) ? g : g | bit), 0);

/**
 * metric_exec_students: the payments counted as disbursed (executionSql's DISB rows: v_payment_ctx
 * by the term's calendar year and the paying school's unit), with the distinct IDs paid and the
 * amount, for every combination 资金执行率 can ask for: year (each, or all years) × unit (each, or
 * all) × program (each; or the programs serving a stage, as programServesStage; or all). Distinct
 * IDs do not add up across years, units or programs, so each combination is counted here once per
 * data and policy (a few hundred rows at city scale); `g` has a bit set for each column rolled up
 * (execMask), `stage` is set on the rows of a stage's program set. Amounts are summed as DECIMAL.
 *
 * One GROUP BY per combination over its (combination, ID) rows, as metric_funded_cube (those spill
 * to disk; count(DISTINCT) under GROUPING SETS keeps every ID of every group in memory).
 */
export const METRIC_EXEC_STUDENTS_SQL = `CREATE OR REPLACE TABLE metric_exec_students AS
WITH paid AS MATERIALIZED (
  SELECT p.year, p.county, p.program, p.id, sum(p.amount::DECIMAL(18, 2)) AS amount
  FROM v_payment_ctx p GROUP BY p.year, p.county, p.program, p.id),
staged AS MATERIALIZED (
  SELECT p.year, p.county, s.stage, p.id, sum(p.amount) AS amount
  FROM paid p JOIN (SELECT DISTINCT program, stage FROM policy_programs) s ON s.program = p.program
  GROUP BY p.year, p.county, s.stage, p.id)
${execSets()
  .map((grouped) => {
    const from = grouped.includes('stage') ? 'staged' : 'paid';
    const cols = Object.keys(EXEC_BITS).map((c) =>
      grouped.includes(c) ? c : `NULL::${c === 'year' ? 'INTEGER' : 'VARCHAR'} AS ${c}`
    );
    const g = execG(grouped);
    const perId = [...grouped, 'id'].join(', ');
    // paid and staged are one row per ID of their full combination already: read as they are.
    const whole = grouped.length === 3 && grouped[0] === 'year' && grouped[1] === 'county';
    const rows = whole ? from : `(SELECT ${perId}, sum(amount) AS amount FROM ${from} GROUP BY ${perId})`;
    return `SELECT ${cols.join(', ')}, ${g} AS g, count(*)::INTEGER AS students, sum(amount) AS disbursed
FROM ${rows}${grouped.length ? ` GROUP BY ${grouped.join(', ')}` : ''}`;
  })
  .join('\nUNION ALL\n')}`;

/** Year and unit each grouped or rolled up, crossed with program, a stage's programs, or neither. */
function execSets(): string[][] {
  const sets: string[][] = [];
  for (const year of [true, false])
    for (const county of [true, false])
      for (const prog of ['program', 'stage', null])
        sets.push([...(year ? ['year'] : []), ...(county ? ['county'] : []), ...(prog ? [prog] : [])]);
  return sets;
}

/** Columns of metric_funded_cube and their bit in `g` (as GROUPING numbers them: the first is high). */
const CUBE_BITS = { county: 8, stage: 4, school_id: 2, program: 1 } as const;
type CubeCol = keyof typeof CUBE_BITS;
const CUBE_COLS = Object.keys(CUBE_BITS) as CubeCol[];

/** The `g` of the cube rows that group exactly by `grouped` (every other column rolled up). */
export function cubeMask(grouped: CubeCol[]): number {
  let g = 0;
  for (const [col, bit] of Object.entries(CUBE_BITS))
    if (!grouped.includes(col as keyof typeof CUBE_BITS)) g |= bit;
  return g;
}

/**
 * metric_funded_cube: distinct students paid, per term, for every combination of the filters the
 * 资助面 numerator slices (unit × stage × school × program, each grouped or rolled up). Distinct
 * counts do not add up across units, stages, schools or programs, so each combination is counted
 * exactly here once per data and policy; they do add up across terms (the numerator counts
 * student-terms), so a year or all terms is a sum over m_terms. `g` has a bit set for each column
 * rolled up (cubeMask). The rows are m_pay's (payments with the paying school's unit and the
 * payment's stage); `school_name` is set on the rows that group a school.
 *
 * Counted in two parts that add up exactly, since every combination groups by term:
 * - a student paid on one (unit, stage, school, program) row in a term (92% of them at scale 1) is
 *   one student in each group of that row, so a plain count under GROUPING SETS counts them, in one
 *   pass, with memory for the groups only;
 * - the students with several rows in a term are counted per combination over their DISTINCT
 *   (combination, ID) rows, as before for everyone. Not GROUPING SETS with count(DISTINCT): that
 *   kept every distinct ID of every group in memory and stopped the scale-1 city's CLI audit at its
 *   512 MB limit (issue 9); these aggregates spill to disk.
 * 2.8 s → 1.1 s at scale 1 (native, one thread); tests/unit/metrics-cube.test.ts compares every
 * figure read from it with the row-level SQL.
 */
export const METRIC_FUNDED_CUBE_SQL = `CREATE OR REPLACE TABLE metric_funded_cube AS
WITH paid AS MATERIALIZED (
  SELECT DISTINCT p.term, s.county, p.stage, p.school_id, p.program, p.id, s.school_name
  FROM v_payment_ctx p LEFT JOIN v_school s ON s.school_id = p.school_id),
multi_ids AS MATERIALIZED (SELECT term, id FROM paid GROUP BY term, id HAVING count(*) > 1),
multi AS MATERIALIZED (SELECT * FROM paid SEMI JOIN multi_ids USING (term, id)),
counts AS (
SELECT term, ${CUBE_COLS.join(', ')}, school_name, GROUPING(${CUBE_COLS.join(', ')})::INTEGER AS g,
  count(*)::INTEGER AS funded
FROM paid ANTI JOIN multi_ids USING (term, id)
GROUP BY GROUPING SETS (${cubeSets()
  .map((grouped) => `(${cubeKeys(grouped).join(', ')})`)
  .join(', ')})
UNION ALL
${cubeSets()
  .map((grouped) => {
    const keys = cubeKeys(grouped);
    const cols = [...CUBE_COLS, 'school_name'].map((c) => (keys.includes(c) ? c : `NULL::VARCHAR AS ${c}`));
    return `SELECT term, ${cols.join(', ')}, ${cubeMask(grouped)} AS g, count(*)::INTEGER AS funded
FROM (SELECT DISTINCT ${keys.join(', ')}, id FROM multi) GROUP BY ${keys.join(', ')}`;
  })
  .join('\nUNION ALL\n')})
SELECT term, ${CUBE_COLS.join(', ')}, school_name, g, sum(funded)::INTEGER AS funded FROM counts GROUP BY ALL`;

/** A combination's grouping keys: the term, its columns, and the school's name with the school. */
function cubeKeys(grouped: CubeCol[]): string[] {
  return ['term', ...grouped, ...(grouped.includes('school_id') ? ['school_name'] : [])];
}

/**
 * The combinations: every subset of unit, stage, school and program, with the term, except those
 * that group a school without its unit (a school is in one unit, so they would repeat the rows that
 * add the unit; fundedShareSql always asks for the unit with the school).
 */
function cubeSets(): CubeCol[][] {
  const sets: CubeCol[][] = [];
  for (let m = 0; m < 16; m++) {
    const g = CUBE_COLS.filter((_, i) => m & (1 << i));
    if (g.includes('school_id') && !g.includes('county')) continue;
    sets.push(g);
  }
  return sets;
}

/**
 * metric_person: a key per person of this data version (the rank of the ID among every ID of the
 * roster, 认定 and payments). Pages address a student by this key (/drill?student=123) so no ID
 * number ever reaches a URL, the history or a shared link; the same data gives the same key, so
 * bookmarks keep working until other data is imported.
 */
export const METRIC_PERSON_SQL = `CREATE OR REPLACE TABLE metric_person AS
SELECT id, row_number() OVER (ORDER BY id)::INTEGER AS pkey
FROM (SELECT id FROM roster UNION SELECT id FROM payments UNION SELECT id FROM identifications)
WHERE id IS NOT NULL`;

const CTES: Record<CteName, CteDef> = {
  /** The selected terms (scope.ts). */
  m_terms: { deps: [], sql: (f: Filters) => termsCte(f) },

  /** One row per school: unit, name, its only stage (NULL when listed under several). */
  m_school: {
    deps: [],
    sql: () => `m_school AS (
      SELECT school_id, school_name, county, single_stage AS only_stage, ownership FROM v_school)`
  },

  /**
   * One row per (term, id) for students enrolled in a selected term (v_enrolment, checks.md). A
   * student enrolled at two schools in one term (a move) counts once, at the school rule R12 uses:
   * the 在读 row first, then the lowest 学校标识码.
   */
  m_enrol: {
    deps: ['m_terms', 'm_school'],
    sql: () => `m_enrol AS (
      SELECT term, school_year, id, school_id, county, school_name, stage FROM (
        SELECT e.term, e.school_year, e.id, e.school_id, s.county, s.school_name, e.stage,
          row_number() OVER (PARTITION BY e.term, e.id
            ORDER BY ${ONE_SCHOOL_ORDER}) AS rn
        FROM v_enrolment e JOIN m_terms t ON t.term = e.term
        JOIN m_school s ON s.school_id = e.school_id)
      WHERE rn = 1)`
  },

  /** Identified needy students of the selected terms (the materialised metric_needy, below). */
  m_needy: {
    deps: ['m_terms'],
    sql: () => `m_needy AS (SELECT n.* FROM metric_needy n JOIN m_terms t ON t.term = n.term)`
  },

  /** Payments of the selected terms with their context (v_payment_ctx) and school name. */
  m_pay: {
    deps: ['m_terms', 'm_school'],
    sql: () => `m_pay AS (
      SELECT p.id, p.name, p.school_id, p.program, p.term, p.amount, p.pay_date, p.year, p.term_start,
        p.window_start, p.window_end, s.county, s.school_name, coalesce(p.need_based, FALSE) AS need_based,
        p.stage
      FROM v_payment_ctx p JOIN m_terms t ON t.term = p.term
      LEFT JOIN m_school s ON s.school_id = p.school_id)`
  }
};

/** `WITH a AS (…), b AS (…)` holding the named CTEs and their dependencies, each once. */
export function withCtes(f: Filters, ...names: CteName[]): Sql {
  const order: CteName[] = [];
  const visit = (n: CteName) => {
    if (order.includes(n)) return;
    CTES[n].deps.forEach(visit);
    order.push(n);
  };
  names.forEach(visit);
  return sqlJoin(
    [
      'WITH',
      sqlJoin(
        order.map((n) => CTES[n].sql(f)),
        ',\n'
      )
    ],
    ' '
  );
}
