/**
 * 计提 (tuition-income set-aside): required vs set aside vs spent, by school and year.
 * Required = 事业收入 × the school's minimum share for that year (v_setaside_share in
 * src/lib/model/views.ts, the same definition rule S02 uses). Definitions: docs/metrics.md.
 */
import { param, sql, type Sql } from '../engine/engine';
import type { Filters } from '../filters/state';
import { withCtes } from './base';
import { dimSelect, type Dim, type DimRow } from './dims';
import { and, eqIfSet, yearPredicate } from './scope';

export interface SetasideRow extends DimRow {
  schools: number;
  income: number;
  /** Σ 事业收入 × minimum share, over the school-years a minimum applies to. */
  required: number;
  set_aside: number;
  spent: number;
  /** set_aside ÷ required. */
  set_aside_rate: number | null;
  /** spent ÷ set_aside. */
  use_rate: number | null;
  /** school-years whose set_aside < required. */
  short: number;
  /** Σ over those school-years of required − set_aside (what is missing to the minimum). */
  short_amount: number;
}

/**
 * A school-year's required set-aside: 事业收入 × minimum share, to the fen. Kept DECIMAL, like the
 * amounts, so every sum here is exact and the same in any order (a DOUBLE sum differed in its last
 * bit between the engine's threads and the page's slice).
 */
export const REQUIRED = (income: string, share: string) =>
  `round(${income}::DOUBLE * ${share}, 2)::DECIMAL(18, 2)`;

export function setasideSql(f: Filters, dim: Dim = 'total'): Sql {
  if (!['total', 'county', 'school', 'year', 'stage'].includes(dim))
    throw new Error(`计提 has no ${dim} breakdown`);
  const d = dimSelect(dim, 'x');
  return sql`${withCtes(f, 'm_school')},
  x AS (
    SELECT sa.school_id, sa.year, sa.income, sa.set_aside, sa.spent, s.county, s.school_name,
      coalesce(s.only_stage, '多学段') AS stage, req.min_share
    FROM setasides sa LEFT JOIN m_school s ON s.school_id = sa.school_id
    LEFT JOIN v_setaside_share req ON req.school_id = sa.school_id AND req.year = sa.year
    WHERE ${and(yearPredicate(f, 'sa.year'), eqIfSet('s.county', f.county), eqIfSet('sa.school_id', f.school))}
      ${f.stage ? sql`AND sa.school_id IN (SELECT school_id FROM schools WHERE stage = ${param(f.stage)})` : ''}),
  y AS (SELECT *, ${REQUIRED('income', 'min_share')} AS required FROM x)
  SELECT ${d.select}, count(DISTINCT x.school_id)::INTEGER AS schools,
    sum(x.income)::DOUBLE AS income, coalesce(sum(x.required), 0)::DOUBLE AS required,
    sum(x.set_aside)::DOUBLE AS set_aside, sum(x.spent)::DOUBLE AS spent,
    (sum(x.set_aside) FILTER (WHERE x.required IS NOT NULL)::DOUBLE / nullif(sum(x.required), 0)::DOUBLE)::DOUBLE AS set_aside_rate,
    (sum(x.spent)::DOUBLE / nullif(sum(x.set_aside), 0)::DOUBLE)::DOUBLE AS use_rate,
    count(*) FILTER (WHERE x.set_aside < x.required)::INTEGER AS short,
    coalesce(sum(x.required - x.set_aside) FILTER (WHERE x.set_aside < x.required), 0)::DOUBLE AS short_amount
  FROM y x ${d.group} ORDER BY key`;
}
