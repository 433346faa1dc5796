/**
 * Drill-down lists: the students of a school and one student's record. Units and schools use the
 * breakdowns of coverage/money/problems with dim 'county' / 'school', so their numbers are the
 * same as on the charts.
 */
import { param, sql, type Sql } from '../engine/engine';
import type { Filters } from '../filters/state';
import { withCtes } from './base';

export interface StudentRow {
  id: string;
  /** metric_person key: what links carry instead of the ID. */
  pkey: number;
  /** How many students match (before paging). */
  total: number;
  name: string | null;
  grade: string | null;
  status: string | null;
  level: string | null;
  priority_types: string | null;
  paid: number;
  programs: string | null;
  payments: number;
  findings: number;
}

/**
 * The students of school `f.school` in the selected terms: those enrolled there (m_enrol, one
 * school per student and term) and those it paid, with their 认定, what they were paid by this
 * school, and how many findings name them.
 */
export interface StudentPage {
  limit?: number;
  offset?: number;
  /** Part of a name or an ID number (typed on the page, never put in the URL). */
  search?: string;
}

export function schoolStudentsSql(f: Filters, page: StudentPage = {}): Sql {
  if (!f.school) throw new Error('schoolStudentsSql needs a school');
  const school = param(f.school);
  const limit = Math.max(1, Math.floor(page.limit ?? 200));
  const offset = Math.max(0, Math.floor(page.offset ?? 0));
  const term = (page.search ?? '').trim();
  const like = param(`%${term.replace(/[\\%_]/g, (c) => '\\' + c)}%`);
  const match = term ? sql`WHERE (name ILIKE ${like} ESCAPE '\\' OR id ILIKE ${like} ESCAPE '\\')` : '';
  return sql`${withCtes(f, 'm_enrol', 'm_pay')},
  ids AS (
    SELECT DISTINCT id FROM m_enrol WHERE school_id = ${school}
    UNION SELECT DISTINCT id FROM m_pay WHERE school_id = ${school}),
  paid AS (
    SELECT id, round(sum(amount), 2)::DOUBLE AS paid, count(*)::INTEGER AS payments,
      string_agg(DISTINCT program, '、' ORDER BY program) AS programs
    FROM m_pay WHERE school_id = ${school} GROUP BY id),
  ident AS (
    SELECT id, string_agg(DISTINCT level, '、') AS level, string_agg(DISTINCT priority_types, '、') AS priority_types
    FROM v_ident_year WHERE school_year IN (SELECT school_year FROM m_terms) GROUP BY id),
  ros AS (
    SELECT id, any_value(name) AS name, any_value(grade) AS grade, any_value(status) AS status
    FROM roster WHERE school_id = ${school} GROUP BY id),
  fnd AS (SELECT id, count(*)::INTEGER AS findings FROM findings WHERE school_id = ${school} GROUP BY id),
  rows AS (
    SELECT ids.id, mp.pkey, coalesce(ros.name, (SELECT any_value(name) FROM m_pay WHERE m_pay.id = ids.id)) AS name,
      ros.grade, ros.status, ident.level, ident.priority_types,
      coalesce(paid.paid, 0) AS paid, paid.programs, coalesce(paid.payments, 0) AS payments,
      coalesce(fnd.findings, 0) AS findings
    FROM ids LEFT JOIN ros USING (id) LEFT JOIN paid USING (id) LEFT JOIN ident USING (id) LEFT JOIN fnd USING (id)
    LEFT JOIN metric_person mp USING (id))
  SELECT *, (count(*) OVER ())::INTEGER AS total FROM rows ${match}
  ORDER BY findings DESC, (priority_types IS NULL), id
  LIMIT ${limit} OFFSET ${offset}`;
}

/** The ID behind a person key of this data version (NULL row when the key is unknown). */
export function personIdSql(pkey: number): Sql {
  return sql`SELECT id FROM metric_person WHERE pkey = ${param(Math.floor(pkey) || 0)}`;
}

/** The person key of an ID (to turn an old ?id= address into ?student=). */
export function personKeySql(id: string): Sql {
  return sql`SELECT pkey FROM metric_person WHERE id = ${param(id)}`;
}

/** One student's roster rows (every school), 认定 rows and payments (every term). */
export function studentRosterSql(id: string): Sql {
  return sql`SELECT r.school_id, s.school_name, s.county, r.name, r.grade, r.status, r.status_date, r.entry_date, r.boarding
  FROM roster r LEFT JOIN v_school s USING (school_id)
  WHERE r.id = ${param(id)} ORDER BY r.entry_date NULLS FIRST, r.school_id`;
}

export function studentIdentSql(id: string): Sql {
  return sql`SELECT school_year, level, priority_types, school_id FROM identifications WHERE id = ${param(id)} ORDER BY school_year`;
}

export function studentPaymentsSql(id: string): Sql {
  return sql`SELECT p.term, p.program, p.amount::DOUBLE AS amount, p.pay_date, p.school_id, s.school_name, p.name,
    p.bank_card, p.batch,
    (p.pay_date BETWEEN t.window_start AND t.window_end) AS on_time
  FROM payments p LEFT JOIN policy_terms t ON t.term = p.term
  LEFT JOIN v_school s USING (school_id)
  WHERE p.id = ${param(id)} ORDER BY p.pay_date, p.program`;
}

/** Terms known to the policy, newest first, with whether any payment falls in them. */
export function termsSql(): Sql {
  return sql`SELECT t.term, t.year, t.school_year, t.term_start::VARCHAR AS term_start,
    EXISTS (SELECT 1 FROM payments p WHERE p.term = t.term) AS has_payments
  FROM policy_terms t ORDER BY t.term_start DESC`;
}

/** The filter's previous term (the term before it by start date), for "change vs previous term". */
export function previousTermSql(term: string): Sql {
  return sql`SELECT term FROM policy_terms
  WHERE term_start < (SELECT term_start FROM policy_terms WHERE term = ${param(term)})
  ORDER BY term_start DESC LIMIT 1`;
}
