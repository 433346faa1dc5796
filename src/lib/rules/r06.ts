import { recipientEvidence, recipientGroupSql } from './common';
import { moneySql } from '../model/sql-helpers';
import type { Rule } from './types';

/**
 * R06: each payment against the standards of policy_standards for its year, program and season.
 * A standard row applies when each of its level/boarding/substage is NULL (any), equals the
 * student's, or the student's is unknown; the amount must be within amount_tolerance of one of the
 * applicable standards (for a cap: above 0 and not above it). So with everything known it is
 * compared with exactly its standard, with something unknown with the program's set of standards.
 * A program that has standards in the year but none for the season (中职国家奖学金 in spring) is
 * flagged; a program with no standards at all in the year (an unknown program) only when ≤ 0.
 */
export const R06: Rule = {
  code: 'R06',
  name: '金额不符合标准',
  severity: '中',
  scope: 'recipient',
  explanation:
    '发放金额与该学期政策标准不符（相差超过 0.01 元），或金额为零、负数。标准按认定等级、是否寄宿、小学/初中确定；相关信息缺失时，只要金额属于该项目任一标准即不报。',
  keyFields: ['id', 'program', 'term'],
  sql: recipientGroupSql(
    'R06',
    `
WITH attrs AS (
  SELECT year, program, bool_or(level IS NOT NULL) AS by_level, bool_or(boarding IS NOT NULL) AS by_boarding,
         bool_or(substage IS NOT NULL) AS by_substage
  FROM policy_standards GROUP BY year, program
), combo AS (
  -- Judged once per distinct combination of facts (a handful), not once per payment.
  SELECT DISTINCT year, season, program, level, boarding, substage, amount FROM v_payment_ctx
), cand AS (
  SELECT DISTINCT c.year, c.season, c.program, c.level, c.boarding, c.substage, c.amount, s.amount AS std, s.is_cap
  FROM combo c
  JOIN policy_standards s ON s.year = c.year AND s.program = c.program
   AND (s.season IS NULL OR s.season = c.season)
   AND (s.level IS NULL OR c.level IS NULL OR s.level = c.level)
   AND (s.boarding IS NULL OR c.boarding IS NULL OR s.boarding = c.boarding)
   AND (s.substage IS NULL OR c.substage IS NULL OR s.substage = c.substage)
), ev AS (
  SELECT c.year, c.season, c.program, c.level, c.boarding, c.substage, c.amount, bool_or(c.is_cap) AS cap,
         bool_or(CASE WHEN c.is_cap THEN round(c.amount - c.std, 2) <= pp.amount_tolerance
                      ELSE abs(round(c.amount - c.std, 2)) <= pp.amount_tolerance END) AS ok,
         string_agg(${moneySql('c.std')}, '/' ORDER BY c.std) AS stds
  FROM cand c JOIN policy_params pp ON pp.year = c.year
  GROUP BY c.year, c.season, c.program, c.level, c.boarding, c.substage, c.amount
)
SELECT p.*,
       '发放 ' || ${moneySql('p.amount')} || ' 元，' ||
       CASE WHEN p.amount <= 0 THEN '金额为零或负数'
            WHEN ev.program IS NULL THEN p.term || '无“' || p.program || '”的发放标准'
            WHEN ev.cap THEN '超过上限 ' || ev.stds || ' 元'
            ELSE '标准 ' || ev.stds || ' 元' END
       || CASE WHEN ev.program IS NOT NULL AND NOT ev.cap AND (a.by_level OR a.by_boarding OR a.by_substage) THEN
            '（' || concat_ws('，',
              CASE WHEN a.by_level THEN '认定等级 ' || coalesce(p.level, '未知') END,
              CASE WHEN a.by_boarding THEN CASE WHEN p.boarding IS NULL THEN '寄宿情况未知' WHEN p.boarding THEN '寄宿' ELSE '非寄宿' END END,
              CASE WHEN a.by_substage THEN coalesce(p.substage, '小学/初中未知') END) || '）'
          ELSE '' END AS why
FROM v_payment_ctx p
LEFT JOIN attrs a ON a.year = p.year AND a.program = p.program
LEFT JOIN ev ON ev.year = p.year AND ev.program = p.program AND ev.amount = p.amount
 AND ev.season IS NOT DISTINCT FROM p.season AND ev.level IS NOT DISTINCT FROM p.level
 AND ev.boarding IS NOT DISTINCT FROM p.boarding AND ev.substage IS NOT DISTINCT FROM p.substage
WHERE p.amount <= 0 OR (a.program IS NOT NULL AND (ev.program IS NULL OR NOT ev.ok))`,
    'each'
  ),
  evidence: recipientEvidence(['amount', 'program', 'name'])
};
