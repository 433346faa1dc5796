import { PAYMENTS_OF_TERM, ROSTER_OF_ID } from './common';
import { moneySql } from '../model/sql-helpers';
import type { Rule } from './types';

/**
 * R02: programs of two stage groups (学前 / 义务教育 / 普通高中 / 中职) paid to one ID in a term.
 * One finding per ID × term; 资助项目 lists the programs; 涉及金额 = all that ID's payments of those
 * programs in the term (which one is wrong is for the inspector to decide). 说明 names the paying
 * schools by name (their code when the school list lacks them).
 */
export const R02: Rule = {
  code: 'R02',
  name: '跨学段重复享受',
  severity: '高',
  scope: 'recipient',
  explanation:
    '同一证件号在同一学期领取了两个不同学段的资助项目（如学前与普通高中）。一名学生同一学期只能在一个学段享受资助，其中至少一笔属于错发或冒领。',
  keyFields: ['id', 'term'],
  sql: `
WITH k AS (
  SELECT id, term FROM v_payment_ctx WHERE stage_group IS NOT NULL
  GROUP BY id, term HAVING min(stage_group) <> max(stage_group)
), p AS (
  SELECT v.*, coalesce(sn.school_name, v.school_id) AS pay_school,
         row_number() OVER (PARTITION BY v.id, v.term ORDER BY v.pay_date, v.src_file, v.src_row, v.school_id, v.program, v.amount) AS seq
  FROM v_payment_ctx v JOIN k ON k.id = v.id AND k.term = v.term
  LEFT JOIN v_school sn ON sn.school_id = v.school_id
  WHERE v.stage_group IS NOT NULL
), g AS (
  SELECT id, term, min(school_year) AS school_year,
         arg_min(name, seq) AS name, arg_min(school_id, seq) AS school_id, arg_min(county, seq) AS county,
         string_agg(DISTINCT program, '、' ORDER BY program) AS programs,
         string_agg(DISTINCT stage_group, '、' ORDER BY stage_group) AS groups,
         string_agg(DISTINCT pay_school, '、' ORDER BY pay_school) AS schools,
         count(*) AS n, sum(amount) AS total
  FROM p
  GROUP BY id, term
)
SELECT 'R02' AS rule_code, id, name, school_id, county, programs AS program, school_year, term,
       CAST(NULL AS INTEGER) AS year, round(total, 2) AS amount,
       '同一学期享受 ' || groups || ' 不同学段的资助：' || programs || '，共 ' || CAST(n AS VARCHAR) || ' 笔 '
         || ${moneySql('total')} || ' 元；发放学校：' || schools AS detail,
       CAST(NULL AS VARCHAR) AS ref
FROM g`,
  evidence: [PAYMENTS_OF_TERM, ROSTER_OF_ID]
};
