import { SCHOOL_ROWS, SCHOOL_TERM_PAYMENTS, eqAllOrIsNull } from './common';
import { moneySql } from '../model/sql-helpers';
import type { Finding, Rule } from './types';

/**
 * S01: a 中职 school paid more distinct IDs for a 中职-stage program in a term than its census
 * counted (核查在校人数; several census rows of one school and term → the largest count).
 * 涉及金额 = the program's total at the school × excess ÷ paid IDs (the over-claim at the average).
 */
export const S01: Rule = {
  code: 'S01',
  name: '受助人数超核查人数',
  severity: '高',
  scope: 'unit',
  explanation:
    '中职学校某学期某项目的受助人数多于中职学生人数普查核查的实有在校人数。受助人数超过实有人数，存在虚报学生人数、冒领资金的嫌疑。',
  keyFields: ['school_id', 'program', 'term'],
  sql: `
WITH paid AS (
  SELECT p.school_id, p.program, p.term, min(p.school_year) AS school_year, min(p.county) AS county,
         count(DISTINCT p.id) AS n, sum(p.amount) AS total
  FROM v_payment_ctx p
  JOIN v_school s ON s.school_id = p.school_id AND s.has_zhongzhi
  WHERE p.program IN (SELECT program FROM policy_programs WHERE stage = '中职')
  GROUP BY p.school_id, p.program, p.term
), cen AS (
  SELECT school_id, term, max(counted) AS counted FROM census WHERE counted IS NOT NULL GROUP BY school_id, term
)
SELECT 'S01' AS rule_code, CAST(NULL AS VARCHAR) AS id, CAST(NULL AS VARCHAR) AS name, paid.school_id, paid.county,
       paid.program, paid.school_year, paid.term, CAST(NULL AS INTEGER) AS year,
       round(paid.total * (paid.n - cen.counted) / paid.n, 2) AS amount,
       '本学期受助 ' || CAST(paid.n AS VARCHAR) || ' 人（发放 ' || ${moneySql('paid.total')} || ' 元），普查核查在校 '
         || CAST(cen.counted AS VARCHAR) || ' 人，超出 ' || CAST(paid.n - cen.counted AS VARCHAR) || ' 人' AS detail,
       CAST(NULL AS VARCHAR) AS ref
FROM paid JOIN cen ON cen.school_id = paid.school_id AND cen.term = paid.term
WHERE paid.n > cen.counted`,
  evidence: [
    {
      table: 'census',
      title: '中职学生人数普查',
      where: (f: Finding) => eqAllOrIsNull({ school_id: f.school_id, term: f.term }),
      orderBy: 'src_file, src_row'
    },
    SCHOOL_ROWS,
    SCHOOL_TERM_PAYMENTS
  ]
};
