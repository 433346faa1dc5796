/**
 * Coverage (应助尽助): are identified needy students funded, are priority students funded, and
 * what share of enrolled students is funded (资助面). Definitions: docs/metrics.md.
 */
import type { Filters } from '../filters/state';
import { cubeMask, withCtes } from './base';
import { dimSelect, type Dim, type DimRow } from './dims';
import { and, eqIfSet, stageServedBy } from './scope';
import { param, sql, type Sql } from '../engine/engine';

export interface CoverageRow extends DimRow {
  needy: number;
  covered: number;
  rate: number | null;
}

/** Unit, stage, school (and program) filters on a row `a` of m_needy / m_enrol. */
function studentScope(f: Filters, a: string): Sql {
  return and(
    eqIfSet(`${a}.county`, f.county),
    eqIfSet(`${a}.stage`, f.stage),
    eqIfSet(`${a}.school_id`, f.school),
    stageServedBy(`${a}.stage`, f.program)
  );
}

/**
 * 困难学生资助覆盖率. Denominator: identified needy students, counted once per term (m_needy).
 * Numerator: those of them paid a need-based program in the same term (at any school). With a
 * program filter, or broken down by program, the program is the stage's need program (or the
 * filtered one) and "covered" means paid that program.
 *
 * Counted from metric_needy_cube (and metric_needy_paid_cube under a program filter): sums of
 * student-terms, equal to coverageRowsSql below on every filter (tests/unit/metrics-cube.test.ts).
 */
export function coverageSql(f: Filters, dim: Dim = 'total'): Sql {
  const scope = studentScope(f, 'c');
  const cols = 'c.term, c.county, c.school_id, c.school_name, c.stage';
  const rows = f.program
    ? sql`SELECT ${cols}, ${param(f.program, 'VARCHAR')} AS need_program, c.n AS needy, 0 AS covered
        FROM metric_needy_cube c WHERE ${scope}
      UNION ALL
      SELECT ${cols}, ${param(f.program, 'VARCHAR')}, 0, c.n
        FROM metric_needy_paid_cube c WHERE c.program = ${param(f.program)} AND ${scope}`
    : sql`SELECT ${cols}, c.need_program, c.n AS needy,
          CASE WHEN ${dim === 'program' ? 'c.paid_stage_program' : 'c.paid_need'} THEN c.n ELSE 0 END AS covered
        FROM metric_needy_cube c WHERE ${scope}`;
  const d = dimSelect(dim, 'n', 'need_program');
  return sql`${withCtes(f, 'm_terms')},
  base AS (SELECT c.*, t.year FROM (${rows}) c JOIN m_terms t ON t.term = c.term)
  SELECT ${d.select}, ${SUMS('n.needy', 'n.covered')}
  FROM base n ${d.group}
  ORDER BY key`;
}

/** needy, covered and rate from per-row counts (a sum over no rows is 0, as count(*) is). */
const SUMS = (needy: string, covered: string) => `coalesce(sum(${needy}), 0)::INTEGER AS needy,
    coalesce(sum(${covered}), 0)::INTEGER AS covered,
    (sum(${covered}) / nullif(sum(${needy}), 0))::DOUBLE AS rate`;

/** The same figure counted from the student rows (m_needy): the definition coverageSql must equal. */
export function coverageRowsSql(f: Filters, dim: Dim = 'total'): Sql {
  // Typed: it also stands alone in the SELECT list.
  const program = f.program ? param(f.program, 'VARCHAR') : 'n.need_program';
  // The two usual cases are precomputed in metric_needy; a program filter checks that program.
  const covered = f.program
    ? sql`EXISTS (SELECT 1 FROM payments p WHERE p.term = n.term AND p.id = n.id AND p.program = ${program})`
    : dim === 'program'
      ? 'n.paid_stage_program'
      : 'n.paid_need';
  const d = dimSelect(dim, 'n', 'need_program');
  return sql`${withCtes(f, 'm_needy')},
  base AS (
    SELECT n.* EXCLUDE (need_program), ${program} AS need_program,
      ${covered} AS covered
    FROM m_needy n
    WHERE ${studentScope(f, 'n')})
  SELECT ${d.select}, count(*)::INTEGER AS needy, count(*) FILTER (WHERE n.covered)::INTEGER AS covered,
    (count(*) FILTER (WHERE n.covered) / nullif(count(*), 0))::DOUBLE AS rate
  FROM base n ${d.group}
  ORDER BY key`;
}

/**
 * 重点保障对象覆盖率 (target 100%): the complement of rule R12. Denominator: priority students
 * (困难认定 for the term's school year with a 特殊困难类型) enrolled in the term at a stage that has
 * a need program (policy_stage_need_program). Covered: paid that program in the term.
 */
export function priorityCoverageSql(f: Filters, dim: Dim = 'total'): Sql {
  const d = dimSelect(dim, 'n', 'need_program');
  return sql`${withCtes(f, 'm_terms')},
  base AS (
    SELECT c.*, t.year, CASE WHEN c.paid_stage_program THEN c.n ELSE 0 END AS covered
    FROM metric_needy_cube c JOIN m_terms t ON t.term = c.term
    WHERE c.priority AND ${studentScope(f, 'c')} AND ${eqIfSet('c.need_program', f.program)})
  SELECT ${d.select}, ${SUMS('n.n', 'n.covered')}
  FROM base n ${d.group}
  ORDER BY key`;
}

/** The same from the student rows: the definition priorityCoverageSql must equal. */
export function priorityCoverageRowsSql(f: Filters, dim: Dim = 'total'): Sql {
  const d = dimSelect(dim, 'n', 'need_program');
  return sql`${withCtes(f, 'm_needy')},
  ${PRIORITY_BASE(f)}
  SELECT ${d.select}, count(*)::INTEGER AS needy, count(*) FILTER (WHERE n.covered)::INTEGER AS covered,
    (count(*) FILTER (WHERE n.covered) / nullif(count(*), 0))::DOUBLE AS rate
  FROM base n ${d.group}
  ORDER BY key`;
}

const PRIORITY_BASE = (f: Filters) => sql`base AS (
    SELECT n.*,
      n.paid_stage_program AS covered
    FROM m_needy n
    WHERE n.priority AND ${studentScope(f, 'n')} AND ${eqIfSet('n.need_program', f.program)})`;

export interface MissedPriorityRow {
  term: string;
  id: string;
  /** metric_person key, for the link to the student (the ID stays out of the URL). */
  pkey: number;
  name: string | null;
  school_id: string;
  school_name: string | null;
  county: string | null;
  stage: string | null;
  priority_types: string | null;
  level: string | null;
  need_program: string;
}

/**
 * The priority students the coverage above counts as missed (what R12 flags), for the list: from
 * metric_missed_priority, which holds them with their name and person key.
 */
export function missedPrioritySql(f: Filters, limit = 500): Sql {
  return sql`${withCtes(f, 'm_terms')}
  SELECT n.term, n.id, n.pkey, n.name, n.school_id, n.school_name, n.county, n.stage, n.priority_types,
    n.level, n.need_program
  FROM metric_missed_priority n JOIN m_terms t ON t.term = n.term
  WHERE ${studentScope(f, 'n')} AND ${eqIfSet('n.need_program', f.program)}
  ORDER BY n.county, n.school_id, n.id, n.term
  LIMIT ${Math.max(1, Math.floor(limit))}`;
}

/** The same list from the student rows: the definition missedPrioritySql must equal. */
export function missedPriorityRowsSql(f: Filters, limit = 500): Sql {
  return sql`${withCtes(f, 'm_needy')},
  ${PRIORITY_BASE(f)}
  SELECT n.term, n.id, (SELECT mp.pkey FROM metric_person mp WHERE mp.id = n.id) AS pkey,
    (SELECT any_value(r.name) FROM roster r WHERE r.id = n.id AND r.school_id = n.school_id) AS name,
    n.school_id, n.school_name, n.county, n.stage, n.priority_types, n.level, n.need_program
  FROM base n WHERE NOT n.covered
  ORDER BY n.county, n.school_id, n.id, n.term
  LIMIT ${Math.max(1, Math.floor(limit))}`;
}

export interface FundedShareRow extends DimRow {
  funded: number;
  enrolled: number;
  rate: number | null;
}

/**
 * 资助面: distinct IDs paid anything in a term ÷ 在校生数 of the schools (per school and stage,
 * v_school_stage). Over several terms both sides add up per term (student-terms ÷ enrolment × terms).
 * The paid side is broken down by the paying school's unit and the payment's stage.
 */
export function fundedShareSql(f: Filters, dim: Dim = 'total'): Sql {
  return fundedShareFrom(f, dim, fundedFromCube(f, dim));
}

/**
 * The same figure counted from the payment rows (m_pay): the definition the cube must match
 * (tests/unit/metrics-cube.test.ts compares both on every filter combination).
 */
export function fundedShareRowsSql(f: Filters, dim: Dim = 'total'): Sql {
  const dn = dimSelect(dim, 'p');
  return fundedShareFrom(
    f,
    dim,
    sql`${withCtes(f, 'm_pay')},
  num AS (
    SELECT ${dn.select}, count(DISTINCT p.term || '|' || p.id)::INTEGER AS funded
    FROM m_pay p
    WHERE ${and(eqIfSet('p.county', f.county), eqIfSet('p.stage', f.stage), eqIfSet('p.school_id', f.school), eqIfSet('p.program', f.program))}
    ${dn.group})`
  );
}

/**
 * The numerator from metric_funded_cube: the rows grouped by exactly the filtered columns and the
 * breakdown's (a school's unit is grouped with it: it adds no split), summed over the selected
 * terms, which is exact because the count is of distinct student-terms.
 */
function fundedFromCube(f: Filters, dim: Dim): Sql {
  const grouped = new Set<'county' | 'stage' | 'school_id' | 'program'>();
  if (f.county || dim === 'county' || dim === 'school' || f.school) grouped.add('county');
  if (f.stage || dim === 'stage') grouped.add('stage');
  if (f.school || dim === 'school') grouped.add('school_id');
  if (f.program) grouped.add('program');
  const dn = dimSelect(dim, 'c');
  return sql`${withCtes(f, 'm_terms', 'm_school')},
  num AS (
    SELECT ${dn.select}, sum(c.funded)::INTEGER AS funded
    FROM (SELECT c.*, t.year FROM metric_funded_cube c JOIN m_terms t ON t.term = c.term) c
    WHERE c.g = ${cubeMask([...grouped])} AND ${and(eqIfSet('c.county', f.county), eqIfSet('c.stage', f.stage), eqIfSet('c.school_id', f.school), eqIfSet('c.program', f.program))}
    ${dn.group})`;
}

/** 资助面 from a numerator CTE list (ending in `num`) and the enrolment denominator. */
function fundedShareFrom(f: Filters, dim: Dim, withNum: Sql): Sql {
  if (dim === 'program') throw new Error('资助面 has no program breakdown');
  const dd = dimSelect(dim, 'e');
  return sql`${withNum},
  den AS (
    SELECT ${dd.select}, sum(coalesce(e.enrolled_count, 0))::INTEGER AS enrolled
    FROM (SELECT ss.school_id, ss.stage, ss.county, ss.enrolled_count, s.school_name, t.term, t.year
          FROM v_school_stage ss JOIN m_school s USING (school_id) CROSS JOIN m_terms t) e
    WHERE ${and(eqIfSet('e.county', f.county), eqIfSet('e.stage', f.stage), eqIfSet('e.school_id', f.school), stageServedBy('e.stage', f.program))}
    ${dd.group})
  SELECT coalesce(den.key, num.key) AS key, coalesce(den.label, num.label) AS label,
    ${dim === 'school' ? 'coalesce(den.county, num.county) AS county,' : ''}
    coalesce(num.funded, 0) AS funded, coalesce(den.enrolled, 0) AS enrolled,
    (coalesce(num.funded, 0) / nullif(den.enrolled, 0))::DOUBLE AS rate
  FROM den FULL OUTER JOIN num ON num.key = den.key
  ORDER BY key`;
}
