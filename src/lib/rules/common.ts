/** SQL and evidence pieces shared by several rules. */
import { sqlAnd, type Sql } from '../engine/engine';
import type { EvidenceSpec, Finding, RuleCode } from './types';

/** `col = ?` with the value as a parameter, or `col IS NULL` for a missing value. */
export const eqOrIsNull = (col: string, v: string | number | null): Sql =>
  v === null ? { sql: `${col} IS NULL`, params: [] } : { sql: `${col} = ?`, params: [v] };
/** eqOrIsNull for every column of `cols`, joined with AND: a finding's key fields matched on a table. */
export const eqAllOrIsNull = (cols: Record<string, string | number | null>): Sql =>
  sqlAnd(...Object.entries(cols).map(([col, v]) => eqOrIsNull(col, v)));

/**
 * Recipient findings from flagged payments of v_payment_ctx (the inner query must keep its columns
 * plus a per-payment text `why`): one finding per ID × program × term, named after and placed at
 * the group's first flagged payment, 涉及金额 = the flagged payments' total.
 * `detail` 'each' joins every payment's why in payment order; 'first' keeps the first one.
 */
export function recipientGroupSql(
  code: RuleCode,
  flagged: string,
  detail: 'each' | 'first' = 'each'
): string {
  const d = detail === 'each' ? `string_agg(why, '；' ORDER BY grp_seq)` : `arg_min(why, grp_seq)`;
  return `
SELECT '${code}' AS rule_code, id, arg_min(name, grp_seq) AS name, arg_min(school_id, grp_seq) AS school_id,
       arg_min(county, grp_seq) AS county, program, min(school_year) AS school_year, term,
       CAST(NULL AS INTEGER) AS year, round(sum(amount), 2) AS amount, ${d} AS detail, CAST(NULL AS VARCHAR) AS ref
FROM (${flagged}) f
GROUP BY id, program, term`;
}

/** Evidence of a recipient finding: the group's payments, the ID's roster and identification rows. */
export const PAYMENTS_OF_GROUP: EvidenceSpec = {
  table: 'payments',
  title: '该学期该项目的发放记录',
  where: (f: Finding) => eqAllOrIsNull({ id: f.id, program: f.program, term: f.term }),
  orderBy: 'pay_date, src_file, src_row',
  lead: ['name', 'amount', 'pay_date', 'school_name', 'program', 'term']
};
export const PAYMENTS_OF_TERM: EvidenceSpec = {
  table: 'payments',
  title: '该学期该证件号的全部发放记录',
  where: (f: Finding) => eqAllOrIsNull({ id: f.id, term: f.term }),
  orderBy: 'pay_date, src_file, src_row',
  lead: ['name', 'program', 'school_name', 'amount', 'pay_date', 'term']
};
export const ROSTER_OF_ID: EvidenceSpec = {
  table: 'roster',
  title: '学籍记录',
  where: (f: Finding) => eqOrIsNull('id', f.id),
  orderBy: 'school_id, src_file, src_row',
  lead: ['name', 'school_name', 'grade', 'status', 'status_date']
};
export const IDENT_OF_YEAR: EvidenceSpec = {
  table: 'identifications',
  title: '本学年困难认定记录',
  where: (f: Finding) => eqAllOrIsNull({ id: f.id, school_year: f.school_year }),
  orderBy: 'school_id, src_file, src_row',
  lead: ['name', 'school_name', 'school_year', 'level', 'priority_types']
};
export const IDENT_OF_ID: EvidenceSpec = {
  table: 'identifications',
  title: '困难认定记录',
  where: (f: Finding) => eqOrIsNull('id', f.id),
  orderBy: 'school_year, school_id, src_file, src_row'
};
export const SCHOOL_ROWS: EvidenceSpec = {
  table: 'schools',
  title: '学校信息',
  where: (f: Finding) => eqOrIsNull('school_id', f.school_id),
  orderBy: 'stage, src_file, src_row',
  lead: ['school_name', 'county', 'stage', 'enrolled_count']
};

/** A school's payments of one program in one term (unit rules S01, S05). */
export const SCHOOL_TERM_PAYMENTS: EvidenceSpec = {
  table: 'payments',
  title: '该校本学期该项目的发放记录',
  where: (f: Finding) => eqAllOrIsNull({ school_id: f.school_id, program: f.program, term: f.term }),
  orderBy: 'id, pay_date, src_file, src_row',
  limit: 1000,
  lead: ['name', 'amount', 'pay_date', 'program', 'term']
};

export const RECIPIENT_EVIDENCE: EvidenceSpec[] = [PAYMENTS_OF_GROUP, ROSTER_OF_ID, IDENT_OF_YEAR];

/** RECIPIENT_EVIDENCE with the payments' columns that prove this rule's case first. */
export const recipientEvidence = (lead: string[]): EvidenceSpec[] => [
  { ...PAYMENTS_OF_GROUP, lead: [...lead, ...(PAYMENTS_OF_GROUP.lead ?? [])] },
  ROSTER_OF_ID,
  IDENT_OF_YEAR
];
