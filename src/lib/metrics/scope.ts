/**
 * Filters → SQL fragments. Every metric builds its WHERE clauses here, so a filter means the same
 * thing on every page, report and test. Values are quoted with sqlString (filters come from the URL).
 */
import { sqlString as q } from '../engine/engine';
import type { Filters } from '../filters/state';

/**
 * The terms a term metric covers: the filter's term; else both terms of the filter's year; else
 * every term in policy_terms. Columns as in policy_terms.
 */
export function termsCte(f: Filters): string {
  const where = f.term ? `term = ${q(f.term)}` : f.year ? `year = ${Number(f.year)}` : 'TRUE';
  return `m_terms AS (SELECT term, year, school_year, term_start, term_end, window_start, window_end
    FROM policy_terms WHERE ${where})`;
}

/**
 * The calendar years a money metric covers (allocations and S04 are per year): the filter's year;
 * else the year of the filter's term; else all years. A SQL predicate on `col`.
 */
export function yearPredicate(f: Filters, col: string): string {
  if (f.year && !f.term) return `${col} = ${Number(f.year)}`;
  if (f.term) return `${col} = (SELECT year FROM policy_terms WHERE term = ${q(f.term)})`;
  return 'TRUE';
}

/** `col = 'value'` for an optional filter, TRUE when the filter is unset. */
export function eqIfSet(col: string, v: string | undefined): string {
  return v ? `${col} = ${q(v)}` : 'TRUE';
}

/** A stage filter on a program column: the program serves that stage (policy_programs). */
export function programServesStage(programCol: string, stage: string | undefined): string {
  return stage ? `${programCol} IN (SELECT program FROM policy_programs WHERE stage = ${q(stage)})` : 'TRUE';
}

/** A program filter on a stage column: the student's stage is one the program serves. */
export function stageServedBy(stageCol: string, program: string | undefined): string {
  return program
    ? `${stageCol} IN (SELECT stage FROM policy_programs WHERE program = ${q(program)})`
    : 'TRUE';
}

export function and(...preds: string[]): string {
  const p = preds.filter((x) => x && x !== 'TRUE');
  return p.length ? p.join(' AND ') : 'TRUE';
}
