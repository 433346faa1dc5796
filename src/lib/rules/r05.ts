import { RECIPIENT_EVIDENCE, recipientGroupSql } from './common';
import type { Rule } from './types';

/** R05: a need-based program (policy_programs.need_based) paid without any identification for the school year. */
export const R05: Rule = {
  code: 'R05',
  name: '未经困难认定',
  severity: '高',
  scope: 'recipient',
  explanation:
    '按家庭经济困难发放的项目（含仅限重点保障群体的普通高中免学杂费），领取人在该学年没有任何困难认定记录。未经认定即发放，资助对象不精准。',
  keyFields: ['id', 'program', 'term'],
  sql: recipientGroupSql(
    'R05',
    `
SELECT p.*, '“' || p.program || '”须经困难认定，' || p.school_year || '学年无该证件号的困难认定记录' AS why
FROM v_payment_ctx p
WHERE p.need_based AND p.school_year IS NOT NULL AND NOT p.identified`,
    'first'
  ),
  evidence: RECIPIENT_EVIDENCE
};
