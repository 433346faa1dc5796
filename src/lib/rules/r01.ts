import { IDENT_OF_YEAR, PAYMENTS_OF_GROUP, ROSTER_OF_ID } from './common';
import { moneySql } from '../model/sql-helpers';
import type { Rule } from './types';

/** R01: the same ID paid the same program more than once in a term; 涉及金额 = all but the first payment. */
export const R01: Rule = {
  code: 'R01',
  name: '重复资助',
  severity: '高',
  scope: 'recipient',
  explanation:
    '同一证件号在同一学期同一资助项目下被发放了不止一次（同校或跨校）。除第一笔外的发放即为多发的资金，需要追回。',
  keyFields: ['id', 'program', 'term'],
  sql: `
WITH k AS (
  SELECT id, program, term FROM v_payment_ctx GROUP BY id, program, term HAVING count(*) > 1
), g AS (
  SELECT id, program, term, min(school_year) AS school_year,
         arg_min(name, grp_seq) AS name, arg_min(school_id, grp_seq) AS school_id, arg_min(county, grp_seq) AS county,
         count(*) AS n, sum(amount) AS total, sum(CASE WHEN grp_seq > 1 THEN amount ELSE 0 END) AS extra,
         count(DISTINCT school_id) AS n_schools,
         string_agg(DISTINCT school_id, '、' ORDER BY school_id) AS schools
  FROM v_payment_ctx JOIN k USING (id, program, term)
  GROUP BY id, program, term
)
SELECT 'R01' AS rule_code, id, name, school_id, county, program, school_year, term, CAST(NULL AS INTEGER) AS year,
       round(extra, 2) AS amount,
       '同一学期发放 ' || CAST(n AS VARCHAR) || ' 次，共 ' || ${moneySql('total')} || ' 元，首次之外多发 ' || ${moneySql('extra')} || ' 元'
         || CASE WHEN n_schools > 1 THEN '；涉及 ' || CAST(n_schools AS VARCHAR) || ' 所学校：' || schools ELSE '' END AS detail,
       CAST(NULL AS VARCHAR) AS ref
FROM g`,
  evidence: [PAYMENTS_OF_GROUP, ROSTER_OF_ID, IDENT_OF_YEAR]
};
