/**
 * Common table expressions shared by the metrics: the school directory, enrolment per term (one
 * school per student), identified needy students, and payments of the selected terms. Each is
 * written once here; a metric asks for the ones it needs with `withCtes`, which adds their
 * dependencies in order.
 */
import type { Filters } from '../filters/state';
import { termsCte } from './scope';

interface CteDef {
  deps: CteName[];
  sql: (f: Filters) => string;
}

/*
 * Built on the rules' helper views (src/lib/rules/views.ts: v_school, v_school_stage, v_enrolment,
 * v_ident_year, v_payment_ctx, v_program_terms), so enrolment, a student's stage and a payment's
 * stage mean exactly what they mean in the checks.
 */
export type CteName = 'm_terms' | 'm_school' | 'm_enrol' | 'm_needy' | 'm_pay';

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
            ORDER BY CASE WHEN e.status = '在读' THEN 0 ELSE 1 END, e.school_id) AS rn
        FROM v_enrolment e JOIN m_terms t ON t.term = e.term
        JOIN m_school s ON s.school_id = e.school_id)
      WHERE rn = 1)`
  },

  /**
   * Identified needy: a 困难认定 row for the term's school year (v_ident_year), and enrolled in the
   * term. Only terms for which payments of the student's stage need program were exported count
   * (v_program_terms, as rule R12): a term without such data says nothing about coverage.
   */
  m_needy: {
    deps: ['m_enrol'],
    sql: () => `m_needy AS (
      SELECT e.*, i.is_priority AS priority, i.priority_types, i.levels AS level, sn.program AS need_program
      FROM m_enrol e JOIN v_ident_year i ON i.id = e.id AND i.school_year = e.school_year
      JOIN policy_stage_need_program sn ON sn.stage = e.stage
      JOIN v_program_terms pt ON pt.program = sn.program AND pt.term = e.term)`
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
export function withCtes(f: Filters, ...names: CteName[]): string {
  const order: CteName[] = [];
  const visit = (n: CteName) => {
    if (order.includes(n)) return;
    CTES[n].deps.forEach(visit);
    order.push(n);
  };
  names.forEach(visit);
  return 'WITH ' + order.map((n) => CTES[n].sql(f)).join(',\n');
}
