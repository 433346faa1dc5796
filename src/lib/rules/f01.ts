import { ROSTER_OF_ID, eqOrIsNull } from './common';
import { sqlAnd } from '../engine/engine';
import { dateSql, idValidSql, stripSpacesSql } from '../model/sql-helpers';
import type { Finding, Rule } from './types';

/**
 * F01: among valid IDs paid the same program in the same term, two or more different IDs sharing
 * the normalised name and the ID's birth date and sex. Blocking by (birth date, sex, name, program,
 * term) keeps it a GROUP BY, fast on a million payments. ref = 'YYYYMMDD|性别|姓名' (the block).
 */
export const F01: Rule = {
  code: 'F01',
  name: '疑似一人多证',
  severity: '中',
  scope: 'identity',
  explanation:
    '同一学期同一项目中，有两个或以上不同的有效身份证件号，姓名、出生日期和性别完全相同，可能是同一人使用多个证件号重复领取。双胞胎姓名不同，不会被列入。',
  keyFields: ['id', 'program', 'term'],
  sql: `
WITH p AS (
  SELECT * FROM v_payment_ctx WHERE id_valid AND norm_name IS NOT NULL AND norm_name <> ''
), blk AS (
  SELECT norm_name, birth_date, sex, program, term, count(DISTINCT id) AS n_ids
  FROM p GROUP BY norm_name, birth_date, sex, program, term HAVING count(DISTINCT id) >= 2
)
SELECT 'F01' AS rule_code, p.id, arg_min(p.name, p.grp_seq) AS name, arg_min(p.school_id, p.grp_seq) AS school_id,
       arg_min(p.county, p.grp_seq) AS county, p.program, min(p.school_year) AS school_year, p.term,
       CAST(NULL AS INTEGER) AS year, round(sum(p.amount), 2) AS amount,
       '与另外 ' || CAST(min(blk.n_ids) - 1 AS VARCHAR) || ' 个证件号同名（' || min(p.norm_name) || '）、同出生日期（'
         || ${dateSql('min(p.birth_date)')} || '）、同性别（' || min(p.sex) || '），同一学期均领取该项目' AS detail,
       strftime(min(p.birth_date), '%Y%m%d') || '|' || min(p.sex) || '|' || min(p.norm_name) AS ref
FROM p JOIN blk ON blk.norm_name = p.norm_name AND blk.birth_date = p.birth_date AND blk.sex = p.sex
 AND blk.program = p.program AND blk.term = p.term
GROUP BY p.id, p.program, p.term`,
  evidence: [
    {
      table: 'payments',
      title: '同名同出生日期同性别的发放记录',
      where: (f: Finding) => {
        const [birth = '', sex = '', name = ''] = (f.ref ?? '').split('|');
        return sqlAnd(
          eqOrIsNull('program', f.program),
          eqOrIsNull('term', f.term),
          { sql: `${stripSpacesSql('name')} = ?`, params: [name] },
          { sql: `substr(id, 7, 8) = ?`, params: [birth] },
          idValidSql('id', 'pay_date'),
          {
            sql: `(CASE WHEN TRY_CAST(substr(id, 17, 1) AS INTEGER) % 2 = 1 THEN '男' ELSE '女' END) = ?`,
            params: [sex]
          }
        );
      },
      orderBy: 'id, pay_date, src_file, src_row'
    },
    ROSTER_OF_ID
  ]
};
