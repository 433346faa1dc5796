import { recipientEvidence, recipientGroupSql } from './common';
import { dateSql } from '../model/sql-helpers';
import type { Rule } from './types';

/**
 * R03: paid, but enrolled at no school in the term (v_enrolment): absent from the roster, left
 * before the term started, or enrolled only after it ended. The detail lists the ID's roster rows.
 */
export const R03: Rule = {
  code: 'R03',
  name: '无在读学籍',
  severity: '高',
  scope: 'recipient',
  explanation:
    '领取资助的证件号在该学期没有任何学校的在读学籍：学籍名单中查无此人，或在学期开始前已毕业、退学、转出等，或学期结束后才入学。这是虚报冒领的典型特征。',
  keyFields: ['id', 'program', 'term'],
  sql: recipientGroupSql(
    'R03',
    `
WITH f AS (
  SELECT * FROM v_payment_ctx WHERE term_start IS NOT NULL AND NOT enrolled_any
), rs AS (
  SELECT id, string_agg(school_id || ' ' || coalesce(status, '') || coalesce('（' || ${dateSql('status_date')} || '）', '')
           || coalesce('，入学 ' || strftime(entry_date, '%Y-%m'), ''), '；' ORDER BY school_id, src_file, src_row) AS rows
  FROM roster WHERE id IN (SELECT id FROM f) GROUP BY id
)
SELECT f.*, CASE WHEN rs.id IS NULL THEN '学籍名单中无此证件号'
                 ELSE '本学期（' || ${dateSql('f.term_start')} || ' 至 ' || ${dateSql('f.term_end')} || '）无在读学籍；学籍记录：' || rs.rows END AS why
FROM f LEFT JOIN rs ON rs.id = f.id`,
    'first'
  ),
  evidence: recipientEvidence(['name', 'school_name', 'term', 'amount'])
};
