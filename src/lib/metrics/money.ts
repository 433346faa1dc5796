/**
 * Money (按时足额): allocated, disbursed, execution rate, average per student, timeliness, budget
 * levels, the budget → program → unit flow, and disbursement by month. Definitions: docs/metrics.md.
 */
import type { Filters } from '../filters/state';
import { execByProgram, execMask, withCtes } from './base';
import { dimSelect, type Dim, type DimRow } from './dims';
import { BUDGET_LEVELS } from '../contract/domain';
import { and, eqIfSet, programServesStage, yearPredicate } from './scope';
import { sql, type Sql } from '../engine/engine';

/**
 * Budget levels in their canonical order (中央, 省级, 市级, 县级), then any other label. The labels
 * are the contract's constants (no quote in them) written into the SQL, not a user's value.
 */
function budgetOrder(col: string): string {
  return `CASE ${col} ${BUDGET_LEVELS.map((b, i) => `WHEN '${b}' THEN ${i}`).join(' ')} ELSE 99 END`;
}

/** Allocations of the filter's year(s), unit (下达对象), program, and programs serving the stage. */
function allocScope(f: Filters, a: string): Sql {
  return and(
    yearPredicate(f, `${a}.year`),
    eqIfSet(`${a}.target_unit`, f.county),
    eqIfSet(`${a}.program`, f.program),
    programServesStage(`${a}.program`, f.stage)
  );
}

/**
 * Payments counted as disbursed in year Y: those of Y's spring and autumn terms (as rule S04),
 * with the paying school's unit. A school filter is ignored here: allocations are per unit.
 */
const DISB_CTE = (f: Filters) => sql`disb_rows AS (
    SELECT p.id, p.term, p.program, p.amount, p.year, p.county
    FROM v_payment_ctx p
    WHERE ${and(yearPredicate(f, 'p.year'), eqIfSet('p.county', f.county), eqIfSet('p.program', f.program), programServesStage('p.program', f.stage))})`;

export interface ExecutionRow extends DimRow {
  allocated: number;
  disbursed: number;
  /** disbursed ÷ allocated; NULL when nothing was allocated. */
  rate: number | null;
  /** distinct IDs paid (per year: a student paid in both terms counts once). */
  students: number;
  per_student: number | null;
}

/**
 * 资金执行率 = disbursed ÷ allocated, by unit, program or year (dim 'total' | 'county' | 'program' |
 * 'year'). Disbursed and the distinct students paid come from metric_exec_students (one row per
 * key for the filter, execMask), equal to executionRowsSql below on every filter.
 */
export function executionSql(f: Filters, dim: Dim = 'total'): Sql {
  checkExecutionDim(dim);
  const e = dimSelect(dim, 'e');
  return sql`WITH ${ALLOC_CTE(f, dim)},
  disb AS (
    SELECT ${e.select}, sum(e.disbursed)::DOUBLE AS disbursed, coalesce(sum(e.students), 0)::INTEGER AS students
    FROM metric_exec_students e
    WHERE ${and(
      `e.g = ${execMask(f, dim)}`,
      yearPredicate(f, 'e.year'),
      eqIfSet('e.county', f.county),
      eqIfSet('e.program', f.program),
      execByProgram(f, dim) ? programServesStage('e.program', f.stage) : eqIfSet('e.stage', f.stage)
    )} ${e.group})
  ${EXECUTION_SELECT}`;
}

/**
 * The same from the payment rows (DISB_CTE, distinct IDs counted there): the definition
 * executionSql must equal. Amounts summed as DECIMAL, exactly.
 */
export function executionRowsSql(f: Filters, dim: Dim = 'total'): Sql {
  checkExecutionDim(dim);
  const d = dimSelect(dim, 'd');
  return sql`WITH ${DISB_CTE(f)}, ${ALLOC_CTE(f, dim)},
  disb AS (
    SELECT ${d.select}, sum(d.amount::DECIMAL(18, 2))::DOUBLE AS disbursed, count(DISTINCT d.id)::INTEGER AS students
    FROM disb_rows d ${d.group})
  ${EXECUTION_SELECT}`;
}

/** 执行率 is broken down by unit, program or year only (allocations have no school or stage). */
export function checkExecutionDim(dim: Dim) {
  if (!['total', 'county', 'program', 'year'].includes(dim))
    throw new Error(`执行率 has no ${dim} breakdown`);
}

/** Allocations of the filter's scope by the breakdown. */
const ALLOC_CTE = (f: Filters, dim: Dim) => {
  const a = dimSelect(dim, 'a');
  return sql`alloc AS (
    SELECT ${a.select}, sum(a.amount)::DOUBLE AS allocated
    FROM (SELECT *, target_unit AS county FROM allocations) a WHERE ${allocScope(f, 'a')} ${a.group})`;
};

/** Allocated beside disbursed per key (a NULL key never joins). */
const EXECUTION_SELECT = `SELECT coalesce(alloc.key, disb.key) AS key, coalesce(alloc.label, disb.label) AS label,
    round(coalesce(alloc.allocated, 0), 2) AS allocated, round(coalesce(disb.disbursed, 0), 2) AS disbursed,
    (coalesce(disb.disbursed, 0) / nullif(alloc.allocated, 0))::DOUBLE AS rate,
    coalesce(disb.students, 0) AS students,
    round(disb.disbursed / nullif(disb.students, 0), 2)::DOUBLE AS per_student
  FROM alloc FULL OUTER JOIN disb ON disb.key = alloc.key
  ORDER BY key`;

export interface BudgetLevelRow {
  budget_level: string;
  allocated: number;
  docs: number;
}

/** Allocations by budget level (中央/省级/市级/县级; 未注明 when the export left it empty). */
export function budgetLevelSql(f: Filters): Sql {
  return sql`SELECT coalesce(a.budget_level, '未注明') AS budget_level, round(sum(a.amount), 2)::DOUBLE AS allocated,
    count(DISTINCT a.doc_no)::INTEGER AS docs
  FROM allocations a WHERE ${allocScope(f, 'a')}
  GROUP BY 1 ORDER BY ${budgetOrder("coalesce(a.budget_level, '未注明')")}`;
}

export interface FlowRow {
  budget_level: string;
  program: string;
  county: string;
  amount: number;
}

/** Budget level → program → unit, net of recalls; only flows with a positive net amount (sankey). */
export function allocationFlowSql(f: Filters): Sql {
  return sql`SELECT coalesce(a.budget_level, '未注明') AS budget_level, a.program, a.target_unit AS county,
    round(sum(a.amount), 2)::DOUBLE AS amount
  FROM allocations a WHERE ${allocScope(f, 'a')}
  GROUP BY 1, 2, 3 HAVING sum(a.amount) > 0 ORDER BY ${budgetOrder("coalesce(a.budget_level, '未注明')")}, 2, 3`;
}

export interface TimelinessRow extends DimRow {
  payments: number;
  on_time: number;
  /** on_time ÷ payments. */
  rate: number | null;
  amount: number;
  late_amount: number;
  avg_days: number | null;
  median_days: number | null;
}

/**
 * 按时发放率: share of payments (rows) of the selected terms whose 发放日期 lies inside the term's
 * payment window (policy_terms.window_start … window_end, inclusive), and days from term start
 * (policy_terms.term_start) to 发放日期. Counted from metric_pay_cube (payments per school,
 * program and pay date), equal to timelinessRowsSql below on every filter.
 */
export function timelinessSql(f: Filters, dim: Dim = 'total'): Sql {
  const d = dimSelect(dim, 'p');
  const onTime = 'p.pay_date BETWEEN p.window_start AND p.window_end';
  const days = `date_diff('day', p.term_start, p.pay_date)`;
  // The median as quantile_cont computes it (lo + (hi − lo) × fraction of the middle position),
  // from each group's histogram of days: the values at positions ⌊(N−1)/2⌋ and ⌈(N−1)/2⌉.
  return sql`${withCtes(f, 'm_terms')},
  pay AS (
    SELECT p.*, ${days} AS days
    FROM metric_pay_cube p JOIN m_terms t ON t.term = p.term
    WHERE ${paymentScope(f, 'p')}),
  hist AS (
    SELECT ${d.select}, p.days, sum(p.payments) AS c
    FROM pay p WHERE p.days IS NOT NULL ${d.group ? `${d.group}, p.days` : 'GROUP BY p.days'}),
  cum AS (
    SELECT key, days, sum(c) OVER (PARTITION BY key ORDER BY days) AS cum, (sum(c) OVER (PARTITION BY key) - 1) * 0.5 AS pos
    FROM hist),
  med AS (
    SELECT key, min(days) FILTER (WHERE cum > floor(pos)) AS lo, min(days) FILTER (WHERE cum > ceil(pos)) AS hi,
      any_value(pos - floor(pos)) AS frac
    FROM cum GROUP BY key),
  agg AS (
    SELECT ${d.select}, coalesce(sum(p.payments), 0)::INTEGER AS payments,
      coalesce(sum(p.payments) FILTER (WHERE ${onTime}), 0)::INTEGER AS on_time,
      (sum(p.payments) FILTER (WHERE ${onTime}) / nullif(sum(p.payments), 0))::DOUBLE AS rate,
      round(coalesce(sum(p.amount), 0), 2)::DOUBLE AS amount,
      round(coalesce(sum(p.amount) FILTER (WHERE NOT (${onTime})), 0), 2)::DOUBLE AS late_amount,
      round(sum(p.days * p.payments)::DOUBLE / sum(p.payments) FILTER (WHERE p.days IS NOT NULL), 1)::DOUBLE AS avg_days
    FROM pay p ${d.group})
  SELECT agg.*, (med.lo + (med.hi - med.lo) * med.frac)::DOUBLE AS median_days
  FROM agg LEFT JOIN med ON med.key = agg.key
  ORDER BY agg.key`;
}

/** The same figures from the payment rows (m_pay): the definition timelinessSql must equal. */
export function timelinessRowsSql(f: Filters, dim: Dim = 'total'): Sql {
  const d = dimSelect(dim, 'p');
  return sql`${withCtes(f, 'm_pay')}
  SELECT ${d.select}, count(*)::INTEGER AS payments,
    count(*) FILTER (WHERE p.pay_date BETWEEN p.window_start AND p.window_end)::INTEGER AS on_time,
    (count(*) FILTER (WHERE p.pay_date BETWEEN p.window_start AND p.window_end) / nullif(count(*), 0))::DOUBLE AS rate,
    round(coalesce(sum(p.amount), 0), 2)::DOUBLE AS amount,
    round(coalesce(sum(p.amount) FILTER (WHERE NOT (p.pay_date BETWEEN p.window_start AND p.window_end)), 0), 2)::DOUBLE AS late_amount,
    round(avg(date_diff('day', p.term_start, p.pay_date)), 1)::DOUBLE AS avg_days,
    quantile_cont(date_diff('day', p.term_start, p.pay_date), 0.5)::DOUBLE AS median_days
  FROM m_pay p WHERE ${paymentScope(f, 'p')}
  ${d.group} ORDER BY key`;
}

/** Unit, stage, school and program filters on a row of m_pay. */
export function paymentScope(f: Filters, p: string): Sql {
  return and(
    eqIfSet(`${p}.county`, f.county),
    eqIfSet(`${p}.stage`, f.stage),
    eqIfSet(`${p}.school_id`, f.school),
    eqIfSet(`${p}.program`, f.program)
  );
}

export interface MonthlyRow {
  month: string;
  amount: number;
  payments: number;
}

/**
 * Disbursement per calendar month of 发放日期 for the selected terms (against the plan's
 * deadlines), from metric_pay_cube.
 */
export function monthlySql(f: Filters): Sql {
  return sql`${withCtes(f, 'm_terms')}
  SELECT strftime(p.pay_date, '%Y-%m') AS month, round(sum(p.amount), 2)::DOUBLE AS amount,
    sum(p.payments)::INTEGER AS payments
  FROM metric_pay_cube p JOIN m_terms t ON t.term = p.term WHERE ${paymentScope(f, 'p')}
  GROUP BY 1 ORDER BY 1`;
}

/** The same from the payment rows (m_pay): the definition monthlySql must equal. */
export function monthlyRowsSql(f: Filters): Sql {
  return sql`${withCtes(f, 'm_pay')}
  SELECT strftime(p.pay_date, '%Y-%m') AS month, round(sum(p.amount), 2)::DOUBLE AS amount,
    count(*)::INTEGER AS payments
  FROM m_pay p WHERE ${paymentScope(f, 'p')}
  GROUP BY 1 ORDER BY 1`;
}

export interface DisbursedRow extends DimRow {
  amount: number;
  payments: number;
  students: number;
  per_student: number | null;
}

/** Disbursed in the selected terms, by any dimension (e.g. school for the drill-down). */
export function disbursedSql(f: Filters, dim: Dim = 'total'): Sql {
  const d = dimSelect(dim, 'p');
  return sql`${withCtes(f, 'm_pay')}
  SELECT ${d.select}, round(coalesce(sum(p.amount), 0), 2)::DOUBLE AS amount, count(*)::INTEGER AS payments,
    count(DISTINCT p.id)::INTEGER AS students,
    round(sum(p.amount) / nullif(count(DISTINCT p.id), 0), 2)::DOUBLE AS per_student
  FROM m_pay p WHERE ${paymentScope(f, 'p')}
  ${d.group} ORDER BY key`;
}
