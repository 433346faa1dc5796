import { SCHOOL_ROWS, eqAllOrIsNull } from './common';
import { moneySql, pctSql } from '../model/sql-helpers';
import type { EvidenceSpec, Finding, Rule } from './types';

export const SETASIDE_ROWS: EvidenceSpec = {
  table: 'setasides',
  title: '事业收入计提',
  where: (f: Finding) => eqAllOrIsNull({ school_id: f.school_id, year: f.year }),
  orderBy: 'src_file, src_row',
  lead: ['school_name', 'year', 'income', 'set_aside', 'spent']
};

/**
 * S02: 计提金额 < 事业收入 × minimum share (v_setaside_share: by category, the highest applies).
 * Schools in no category (or not in the school list) are not judged.
 * Several rows of one school and year are added up. 涉及金额 = the shortfall.
 */
export const S02: Rule = {
  code: 'S02',
  name: '事业收入计提不足',
  severity: '中',
  scope: 'unit',
  explanation:
    '学校从事业（学费）收入中计提的学生资助经费低于规定比例（普通高中不低于 3%，中职和民办学校不低于 5%）。计提不足会减少学校自有资助资金。',
  keyFields: ['school_id', 'year'],
  sql: `
WITH sa AS (
  SELECT school_id, year, sum(income) AS income, sum(set_aside) AS set_aside
  FROM setasides WHERE school_id IS NOT NULL AND year IS NOT NULL GROUP BY school_id, year
), req AS (
  SELECT school_id, year, min_share AS share, category FROM v_setaside_share
)
SELECT 'S02' AS rule_code, CAST(NULL AS VARCHAR) AS id, CAST(NULL AS VARCHAR) AS name, sa.school_id, s.county,
       CAST(NULL AS VARCHAR) AS program, CAST(NULL AS VARCHAR) AS school_year, CAST(NULL AS VARCHAR) AS term, sa.year,
       round(sa.income * req.share - sa.set_aside, 2) AS amount,
       CAST(sa.year AS VARCHAR) || '年事业收入 ' || ${moneySql('sa.income')} || ' 元，计提 ' || ${moneySql('sa.set_aside')}
         || ' 元（' || CASE WHEN sa.income > 0 THEN ${pctSql('sa.set_aside / sa.income')} ELSE '—' END || '），低于' || req.category
         || '学校最低比例 ' || ${pctSql('req.share')} || '，少计提 ' || ${moneySql('sa.income * req.share - sa.set_aside')} || ' 元' AS detail,
       CAST(NULL AS VARCHAR) AS ref
FROM sa JOIN req ON req.school_id = sa.school_id AND req.year = sa.year
LEFT JOIN v_school s ON s.school_id = sa.school_id
WHERE round(sa.income * req.share - sa.set_aside, 2) > 0`,
  evidence: [SETASIDE_ROWS, SCHOOL_ROWS]
};
