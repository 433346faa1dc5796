import { SCHOOL_ROWS } from './common';
import { SETASIDE_ROWS } from './s02';
import { moneySql, pctSql } from '../model/sql-helpers';
import type { Rule } from './types';

/** S03: 计提资金支出 / 计提金额 < setaside_use_min, for set-asides above 0. 涉及金额 = the unused part. */
export const S03: Rule = {
  code: 'S03',
  name: '计提资金使用率低',
  severity: '低',
  scope: 'unit',
  explanation:
    '学校计提的学生资助经费实际支出比例过低（默认低于 50%）。计提的经费应当用于资助学生，长期沉淀说明资金未发挥作用。',
  keyFields: ['school_id', 'year'],
  sql: `
WITH sa AS (
  SELECT school_id, year, sum(set_aside) AS set_aside, sum(spent) AS spent
  FROM setasides WHERE school_id IS NOT NULL AND year IS NOT NULL GROUP BY school_id, year
)
SELECT 'S03' AS rule_code, CAST(NULL AS VARCHAR) AS id, CAST(NULL AS VARCHAR) AS name, sa.school_id, s.county,
       CAST(NULL AS VARCHAR) AS program, CAST(NULL AS VARCHAR) AS school_year, CAST(NULL AS VARCHAR) AS term, sa.year,
       round(sa.set_aside - sa.spent, 2) AS amount,
       CAST(sa.year AS VARCHAR) || '年计提 ' || ${moneySql('sa.set_aside')} || ' 元，支出 ' || ${moneySql('sa.spent')} || ' 元，使用率 '
         || ${pctSql('sa.spent / sa.set_aside')} || '，低于 ' || ${pctSql('pp.setaside_use_min')} AS detail,
       CAST(NULL AS VARCHAR) AS ref
FROM sa JOIN policy_params pp ON pp.year = sa.year
LEFT JOIN v_school s ON s.school_id = sa.school_id
WHERE sa.set_aside > 0 AND sa.spent / sa.set_aside < pp.setaside_use_min`,
  evidence: [SETASIDE_ROWS, SCHOOL_ROWS]
};
