import { eqOrIsNull, eqAllOrIsNull } from './common';
import { sqlAnd } from '../engine/engine';
import { moneySql, pctSql } from '../model/sql-helpers';
import type { Finding, Rule } from './types';

/**
 * S04: per county-level unit (所属区县 of the paying school; 市直 for city-run schools) × program ×
 * year: disbursed (payments of that year's spring and autumn terms) against allocated (allocations
 * whose 下达日期 falls in the year, recalls included); a side without rows is 0. 超拨 when
 * disbursed > allocated, 滞留 when disbursed < execution_low × allocated. Payments of schools missing
 * from the school list have no county and are left out. 涉及金额 = |allocated − disbursed|.
 */
export const S04: Rule = {
  code: 'S04',
  name: '资金执行异常',
  severity: '中',
  scope: 'unit',
  explanation:
    '按区县、资助项目和年度比较实际发放与下达资金：发放多于下达为超拨，发放低于下达的 90%（政策设置）为资金滞留。两者都说明资金没有按计划足额、按时使用。',
  keyFields: ['county', 'program', 'year'],
  sql: `
WITH d AS (
  SELECT county, program, year, sum(amount) AS disbursed
  FROM v_payment_ctx WHERE county IS NOT NULL AND year IS NOT NULL GROUP BY county, program, year
), a AS (
  SELECT target_unit AS county, program, year, sum(CAST(amount AS DOUBLE)) AS allocated
  FROM allocations WHERE target_unit IS NOT NULL AND year IS NOT NULL GROUP BY target_unit, program, year
), j AS (
  SELECT coalesce(d.county, a.county) AS county, coalesce(d.program, a.program) AS program, coalesce(d.year, a.year) AS year,
         coalesce(d.disbursed, 0) AS disbursed, coalesce(a.allocated, 0) AS allocated
  FROM d FULL OUTER JOIN a ON a.county = d.county AND a.program = d.program AND a.year = d.year
), f AS (
  SELECT j.*, pp.execution_low,
         CASE WHEN round(j.disbursed - j.allocated, 2) > 0 THEN '超拨'
              WHEN round(pp.execution_low * j.allocated - j.disbursed, 2) > 0 THEN '滞留' END AS kind
  FROM j JOIN policy_params pp ON pp.year = j.year
)
SELECT 'S04' AS rule_code, CAST(NULL AS VARCHAR) AS id, CAST(NULL AS VARCHAR) AS name, CAST(NULL AS VARCHAR) AS school_id,
       county, program, CAST(NULL AS VARCHAR) AS school_year, CAST(NULL AS VARCHAR) AS term, year,
       round(abs(allocated - disbursed), 2) AS amount,
       CAST(year AS VARCHAR) || '年度下达 ' || ${moneySql('allocated')} || ' 元，发放 ' || ${moneySql('disbursed')} || ' 元'
         || CASE WHEN allocated > 0 THEN '，执行率 ' || ${pctSql('disbursed / allocated')} ELSE '' END
         || CASE WHEN kind = '超拨' THEN '，发放超过下达（超拨）' || ${moneySql('disbursed - allocated')} || ' 元'
                 ELSE '，低于 ' || ${pctSql('execution_low')} || '（资金滞留）' END AS detail,
       CAST(NULL AS VARCHAR) AS ref
FROM f WHERE kind IS NOT NULL`,
  evidence: [
    {
      table: 'allocations',
      title: '本年度该项目下达该单位的资金',
      where: (f: Finding) => eqAllOrIsNull({ target_unit: f.county, program: f.program, year: f.year }),
      orderBy: 'alloc_date, doc_no, src_file, src_row'
    },
    {
      table: 'payments',
      title: '本年度该单位该项目的发放记录',
      where: (f: Finding) => {
        const county = eqOrIsNull('county', f.county);
        return sqlAnd(
          eqOrIsNull('program', f.program),
          { sql: `term IN (? || '年春季学期', ? || '年秋季学期')`, params: [f.year ?? 0, f.year ?? 0] },
          { sql: `school_id IN (SELECT school_id FROM v_school WHERE ${county.sql})`, params: county.params }
        );
      },
      orderBy: 'school_id, pay_date, src_file, src_row',
      limit: 1000
    }
  ]
};
