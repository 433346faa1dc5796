/**
 * Problems: findings of the rule runner (table `findings`, which carries each rule's name and
 * severity from the catalog, src/lib/rules/catalog.ts) and the money involved, per unit, rule or
 * school, weighted by severity. Definitions: docs/metrics.md.
 */
import { param, sql, type Sql } from '../engine/engine';
import type { Filters } from '../filters/state';
import { dimSelect, type Dim, type DimRow } from './dims';
import { and, eqIfSet, programServesStage, termsCte } from './scope';

/** Weight of a severity when ranking units: a 高 finding matters more than several 低 ones. */
export const SEVERITY_WEIGHT: Record<string, number> = { 高: 9, 中: 3, 低: 1 };

export interface ProblemRow extends DimRow {
  findings: number;
  amount: number;
  high: number;
  medium: number;
  low: number;
  /** Σ severity weight: the ranking key (then money involved). */
  score: number;
}

/**
 * Findings in scope: term rules in the selected terms, year rules (S02–S04, term empty) in those
 * terms' years; unit, school and program filters; a stage filter matches the finding's program,
 * or for findings without a program its school's stage.
 */
function findingsCte(f: Filters): Sql {
  const stage = f.stage
    ? sql`(${programServesStage('fd.program', f.stage)} OR (fd.program IS NULL AND fd.school_id IN (SELECT school_id FROM schools WHERE stage = ${param(f.stage)})))`
    : 'TRUE';
  const inTerms =
    f.term || f.year
      ? `(fd.term IN (SELECT term FROM m_terms) OR (fd.term IS NULL AND fd.year IN (SELECT year FROM m_terms)))`
      : 'TRUE';
  return sql`WITH ${termsCte(f)},
  m_find AS (
    SELECT fd.* EXCLUDE (severity), fd.amount::DOUBLE AS amt, s.school_name, coalesce(fd.severity, '低') AS severity,
      s.single_stage AS stage
    FROM findings fd LEFT JOIN v_school s ON s.school_id = fd.school_id
    WHERE ${and(inTerms, eqIfSet('fd.county', f.county), eqIfSet('fd.school_id', f.school), eqIfSet('fd.program', f.program), stage)})`;
}

/** Findings count, money involved and severity mix by unit, school, rule ('program' = 资助项目) or total. */
/**
 * `CASE severity WHEN '高' THEN 9 …`: the severities are the code's constants (no quote in them),
 * written into the SQL as such; `sign` −1 sorts the heaviest first.
 */
function severityCase(col: string, sign = 1): string {
  const whens = Object.entries(SEVERITY_WEIGHT).map(([s, w]) => `WHEN '${s}' THEN ${sign * w}`);
  return `CASE ${col} ${whens.join(' ')}`;
}

export function problemsSql(f: Filters, dim: Dim | 'rule' = 'county'): Sql {
  const sel =
    dim === 'rule'
      ? {
          select: `x.rule_code AS key, coalesce(any_value(x.rule_name), x.rule_code) AS label, any_value(x.severity) AS severity`,
          group: 'GROUP BY 1'
        }
      : dimSelect(dim, 'x');
  return sql`${findingsCte(f)}
  SELECT ${sel.select}, count(*)::INTEGER AS findings, round(coalesce(sum(x.amt), 0), 2)::DOUBLE AS amount,
    count(*) FILTER (WHERE x.severity = '高')::INTEGER AS high,
    count(*) FILTER (WHERE x.severity = '中')::INTEGER AS medium,
    count(*) FILTER (WHERE x.severity = '低')::INTEGER AS low,
    coalesce(sum(${severityCase('x.severity')} ELSE 1 END), 0)::INTEGER AS score
  FROM m_find x ${sel.group}
  ORDER BY ${dim === 'total' ? 'key' : 'score DESC, amount DESC, key'}`;
}

export interface FindingRow {
  rule_code: string;
  rule_name: string | null;
  severity: string;
  id: string | null;
  name: string | null;
  school_id: string | null;
  school_name: string | null;
  county: string | null;
  program: string | null;
  term: string | null;
  year: number | null;
  amount: number | null;
  detail: string | null;
}

/** The findings themselves (drill-down: a school's or a student's problems). */
export function findingsListSql(f: Filters, opts: { id?: string; limit?: number } = {}): Sql {
  return sql`${findingsCte(f)}
  SELECT x.rule_code, x.rule_name, x.severity, x.id, x.name, x.school_id, x.school_name, x.county, x.program,
    x.term, x.year, x.amt AS amount, x.detail
  FROM m_find x WHERE ${eqIfSet('x.id', opts.id)}
  ORDER BY ${severityCase('x.severity', -1)} ELSE 0 END,
    x.amt DESC NULLS LAST, x.rule_code, x.id
  LIMIT ${Math.max(1, Math.floor(opts.limit ?? 1000))}`;
}
