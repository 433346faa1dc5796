import { recipientEvidence, recipientGroupSql } from './common';
import type { Rule } from './types';
import { enrolledSql } from '../model/views';

/** R04: enrolled somewhere in the term, but not at the school that paid. */
export const R04: Rule = {
  code: 'R04',
  name: '发放学校与学籍学校不符',
  severity: '中',
  scope: 'recipient',
  explanation:
    '学生该学期有在读学籍，但发放资助的学校不是其学籍所在学校。可能是转学后原校继续发放，或以他校学生名义申领，需核实资金去向。',
  keyFields: ['id', 'program', 'term'],
  sql: recipientGroupSql(
    'R04',
    `
WITH f AS (
  SELECT * FROM v_payment_ctx WHERE enrolled_any AND NOT enrolled_here
), ea AS (
  SELECT k.id, k.term, string_agg(DISTINCT r.school_id, '、' ORDER BY r.school_id) AS schools
  FROM (SELECT DISTINCT id, term FROM f) k
  JOIN policy_terms t ON t.term = k.term
  JOIN roster r ON r.id = k.id AND ${enrolledSql('r', 't')}
  GROUP BY k.id, k.term
)
SELECT f.*, '发放学校 ' || f.school_id || '，本学期学籍学校：' || coalesce(ea.schools, '') AS why
FROM f LEFT JOIN ea ON ea.id = f.id AND ea.term = f.term`,
    'each'
  ),
  evidence: recipientEvidence(['school_name', 'name', 'amount'])
};
