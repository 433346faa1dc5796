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

/**
 * The address form of a finding: the first 11 hex digits of the md5 of its key. The key holds the
 * ID and card numbers (R09's key is the card), so the URL carries this instead; 44 bits make a
 * clash among 100k findings of one data version vanishingly rare, and 11 characters can never
 * read as a 12–19-digit card number.
 */
export const FINDING_REF_SQL = 'left(md5(finding_key), 11)';
export const FINDING_REF = /^[0-9a-f]{11}$/;

/**
 * One finding (with its school name, review mark and address form `finding_ref`) by its address
 * form, or by its full key (a click on a row; an old bookmark that still holds the key).
 */
export function findingByKeySql(source: string, keyOrRef: string): Sql {
  const col = FINDING_REF.test(keyOrRef) ? FINDING_REF_SQL : 'finding_key';
  return {
    sql: `SELECT *, ${FINDING_REF_SQL} AS finding_ref FROM (${source}) WHERE ${col} = ? LIMIT 1`,
    params: [keyOrRef]
  };
}
