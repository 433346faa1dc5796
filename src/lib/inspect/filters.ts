/**
 * The findings table's filter and sort state, its URL form (so a filtered view can be reloaded,
 * bookmarked or sent to a colleague) and the SQL it becomes. Pure; no Svelte, no DuckDB.
 */
import { sqlString, type Sql, type Value } from '../engine/engine';
import { RULE_CODES } from '../contract/rule-codes';
import { MARKS_TABLE, REVIEW_FILTERS, UNREVIEWED, type ReviewFilter } from '../findings/review-marks';
import { SEVERITIES, type Severity } from '../rules/types';

export interface FindingFilter {
  rule: string;
  county: string;
  school: string;
  program: string;
  term: string;
  severity: Severity | '';
  review: ReviewFilter | '';
  /** Free text: matches 姓名, 学校名称/标识码 or the start of the ID number. */
  q: string;
}

export const SORT_COLUMNS = [
  'rule_code',
  'severity',
  'name',
  'school_name',
  'county',
  'program',
  'term',
  'amount',
  'review_status'
] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];

export interface FindingSort {
  col: SortColumn;
  dir: 'asc' | 'desc';
}

export interface FindingView {
  filter: FindingFilter;
  sort: FindingSort;
}

export const EMPTY_FILTER: FindingFilter = {
  rule: '',
  county: '',
  school: '',
  program: '',
  term: '',
  severity: '',
  review: '',
  q: ''
};
export const DEFAULT_SORT: FindingSort = { col: 'rule_code', dir: 'asc' };

/** URL parameter of each filter field. */
const PARAM: Record<keyof FindingFilter, string> = {
  rule: 'rule',
  county: 'county',
  school: 'school',
  program: 'program',
  term: 'term',
  severity: 'sev',
  review: 'review',
  q: 'q'
};

export function viewFromParams(p: URLSearchParams): FindingView {
  const filter = { ...EMPTY_FILTER };
  for (const k of Object.keys(PARAM) as (keyof FindingFilter)[]) {
    const v = p.get(PARAM[k]) ?? '';
    (filter as Record<string, string>)[k] = v;
  }
  if (!(SEVERITIES as readonly string[]).includes(filter.severity)) filter.severity = '';
  if (!(REVIEW_FILTERS as string[]).includes(filter.review)) filter.review = '';
  const col = p.get('sort') ?? '';
  const sort: FindingSort = (SORT_COLUMNS as readonly string[]).includes(col)
    ? { col: col as SortColumn, dir: p.get('dir') === 'desc' ? 'desc' : 'asc' }
    : { ...DEFAULT_SORT };
  return { filter, sort };
}

/** Writes the view into URL parameters, leaving other parameters alone; defaults are omitted. */
export function viewToParams(v: FindingView, base: URLSearchParams = new URLSearchParams()): URLSearchParams {
  const p = new URLSearchParams(base);
  for (const k of Object.keys(PARAM) as (keyof FindingFilter)[]) {
    const val = v.filter[k];
    if (val) p.set(PARAM[k], val);
    else p.delete(PARAM[k]);
  }
  if (v.sort.col === DEFAULT_SORT.col && v.sort.dir === DEFAULT_SORT.dir) {
    p.delete('sort');
    p.delete('dir');
  } else {
    p.set('sort', v.sort.col);
    p.set('dir', v.sort.dir);
  }
  return p;
}

/**
 * The SELECT every findings view reads from: the findings table (runRules writes rule_name and
 * severity into it) + the school's name + the review mark.
 */
export function findingsSource(): string {
  return `SELECT f.*, sn.school_name,
    coalesce(m.status, ${sqlString(UNREVIEWED)}) AS review_status, m.note AS review_note, m.marked_at
  FROM findings f
  LEFT JOIN v_school sn
    ON sn.school_id = f.school_id
  LEFT JOIN ${MARKS_TABLE} m ON m.finding_key = f.finding_key`;
}

/**
 * WHERE clause (with the keyword, or empty) for a filter over findingsSource's columns. Every
 * value the user chose or typed is a parameter (Engine.query binds it), never SQL text.
 */
export function whereSql(f: FindingFilter): Sql {
  const conds: string[] = [];
  const params: Value[] = [];
  const addEq = (col: string, v: string) => {
    if (!v) return;
    conds.push(`${col} = ?`);
    params.push(v);
  };
  addEq('rule_code', f.rule);
  addEq('county', f.county);
  addEq('school_id', f.school);
  // R02 lists both programs joined with '、': a program filter matches either.
  if (f.program) {
    conds.push(`(program = ? OR list_contains(string_split(program, '、'), ?))`);
    params.push(f.program, f.program);
  }
  addEq('term', f.term);
  addEq('severity', f.severity);
  addEq('review_status', f.review);
  const q = f.q.trim();
  if (q) {
    const like = `%${q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    const prefix = `${q.toUpperCase().replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    conds.push(
      `(name LIKE ? ESCAPE '\\' OR school_name LIKE ? ESCAPE '\\' OR school_id LIKE ? ESCAPE '\\' OR id LIKE ? ESCAPE '\\' OR detail LIKE ? ESCAPE '\\')`
    );
    params.push(like, like, like, prefix, like);
  }
  return { sql: conds.length ? `WHERE ${conds.join(' AND ')}` : '', params };
}

const SEVERITY_RANK = `CASE severity ${SEVERITIES.map((s, i) => `WHEN '${s}' THEN ${i}`).join(' ')} END`;
/** Rules sort in catalog order (R01…R12, S01…S05, F01), as in checks.md, not alphabetically. */
const RULE_RANK = `CASE rule_code ${RULE_CODES.map((c, i) => `WHEN '${c}' THEN ${i}`).join(' ')} END`;

/** ORDER BY with a unique tie-breaker, so pages of the view never overlap or skip rows. */
export function orderSql(s: FindingSort): string {
  const dir = s.dir === 'desc' ? 'DESC' : 'ASC';
  const expr = s.col === 'severity' ? SEVERITY_RANK : s.col === 'rule_code' ? RULE_RANK : s.col;
  return `ORDER BY ${expr} ${dir} NULLS LAST, ${RULE_RANK}, finding_key`;
}
