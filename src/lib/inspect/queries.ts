/**
 * The 核查 page's queries over findingsSource(): whether findings exist, the rule list's counts,
 * the filter choices, one finding by key. SQL builders only (no Svelte, no engine), so the page
 * shows results and errors while the SQL lives in one place. A user's value is always a parameter.
 */
import type { Sql } from '../engine/engine';
import { MARKS_TABLE, UNREVIEWED } from '../findings/review-marks';

/** One row `n`: 2 when the findings and review_marks tables exist (the rules ran for this data); distinct, as an attached prepared file may hold a second findings table. */
export const HAS_FINDINGS_SQL = `SELECT count(DISTINCT table_name)::INTEGER AS n FROM information_schema.tables
  WHERE table_name IN ('findings', '${MARKS_TABLE}')`;

/** Per rule: count, money and how many were reviewed. */
export function ruleCountsSql(source: string): string {
  return `SELECT rule_code, count(*)::INTEGER AS n, round(coalesce(sum(amount), 0), 2)::DOUBLE AS amount,
    (count(*) FILTER (WHERE review_status <> '${UNREVIEWED}'))::INTEGER AS reviewed
  FROM (${source}) GROUP BY rule_code`;
}

/** The rule switches of the policy (policy_rules). */
export const RULE_SWITCHES_SQL = `SELECT code, enabled FROM policy_rules`;

/** The distinct values of one findings column (a filter's choices). `col` is code's, never a user's. */
export function distinctSql(col: 'county' | 'program' | 'term'): string {
  return `SELECT DISTINCT ${col} AS v FROM findings WHERE ${col} IS NOT NULL ORDER BY v`;
}

/** The schools with findings, in one county when given. */
export function schoolChoicesSql(source: string, county: string): Sql {
  return {
    sql: `SELECT school_id, min(school_name) AS school_name FROM (${source})
      WHERE school_id IS NOT NULL ${county ? 'AND county = ?' : ''}
      GROUP BY school_id ORDER BY school_id`,
    params: county ? [county] : []
  };
}

/** One finding (with its school name and review mark) by its key. */
export function findingByKeySql(source: string, key: string): Sql {
  return { sql: `SELECT * FROM (${source}) WHERE finding_key = ?`, params: [key] };
}
