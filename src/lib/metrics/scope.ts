/**
 * Filters → SQL fragments. Every metric builds its WHERE clauses here, so a filter means the same
 * thing on every page, report and test. Filter values come from the URL: each travels as a bound
 * parameter (`param`), never in the SQL text, and the fragments are Sql that carry them along.
 */
import { param, sql, sqlJoin, type Sql } from '../engine/engine';
import type { Filters } from '../filters/state';

const TRUE: Sql = sql`TRUE`;

/**
 * The terms a term metric covers: the filter's term; else both terms of the filter's year; else
 * every term in policy_terms. Columns as in policy_terms.
 *
 * MATERIALIZED (a handful of rows): with the term bound as a parameter, DuckDB 1.4 inlines the CTE
 * into both `term IN (…)` and `year IN (…)` of the findings scope and then fails under ORDER BY …
 * LIMIT ("Expected unified vector format of type VARCHAR, but found type INT32"), which also
 * invalidates the database; computing the terms once avoids that plan (tests/unit/metrics.test.ts).
 */
export function termsCte(f: Filters): Sql {
  const where = f.term ? sql`term = ${param(f.term)}` : f.year ? sql`year = ${param(Number(f.year))}` : TRUE;
  return sql`m_terms AS MATERIALIZED (SELECT term, year, school_year, term_start, term_end, window_start, window_end
    FROM policy_terms WHERE ${where})`;
}

/**
 * The calendar years a money metric covers (allocations and S04 are per year): the filter's year;
 * else the year of the filter's term; else all years. A SQL predicate on `col`.
 */
export function yearPredicate(f: Filters, col: string): Sql {
  if (f.year && !f.term) return sql`${col} = ${param(Number(f.year))}`;
  if (f.term) return sql`${col} = (SELECT year FROM policy_terms WHERE term = ${param(f.term)})`;
  return TRUE;
}

/** `col = ?` for an optional filter, TRUE when the filter is unset. */
export function eqIfSet(col: string, v: string | undefined): Sql {
  return v ? sql`${col} = ${param(v)}` : TRUE;
}

/** A stage filter on a program column: the program serves that stage (policy_programs). */
export function programServesStage(programCol: string, stage: string | undefined): Sql {
  return stage
    ? sql`${programCol} IN (SELECT program FROM policy_programs WHERE stage = ${param(stage)})`
    : TRUE;
}

/** A program filter on a stage column: the student's stage is one the program serves. */
export function stageServedBy(stageCol: string, program: string | undefined): Sql {
  return program
    ? sql`${stageCol} IN (SELECT stage FROM policy_programs WHERE program = ${param(program)})`
    : TRUE;
}

/** Conditions joined with AND (those that are TRUE left out), parameters in placeholder order. */
export function and(...preds: (Sql | string)[]): Sql {
  const ps = preds
    .map((p) => (typeof p === 'string' ? { sql: p, params: [] } : p))
    .filter((p) => p.sql && p.sql !== 'TRUE');
  return ps.length ? sqlJoin(ps, ' AND ') : TRUE;
}
