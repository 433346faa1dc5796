import { RECIPIENT_EVIDENCE, recipientGroupSql } from './common';
import type { Rule } from './types';

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
WITH ea AS (
  SELECT id, term, string_agg(DISTINCT school_id, '、' ORDER BY school_id) AS schools
  FROM v_enrolment GROUP BY id, term
)
SELECT p.*, '发放学校 ' || p.school_id || '，本学期学籍学校：' || ea.schools AS why
FROM v_payment_ctx p
JOIN ea ON ea.id = p.id AND ea.term = p.term
WHERE NOT EXISTS (SELECT 1 FROM v_enrolment e WHERE e.id = p.id AND e.term = p.term AND e.school_id = p.school_id)`,
    'each'
  ),
  evidence: RECIPIENT_EVIDENCE
};
