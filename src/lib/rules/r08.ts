import { recipientEvidence, recipientGroupSql } from './common';
import { dateSql } from '../model/sql-helpers';
import type { Rule } from './types';

/** R08: age at the term start (from the ID's birth date) outside the age band of the student's stage at the paying school. */
export const R08: Rule = {
  code: 'R08',
  name: '年龄与学段不符',
  severity: '低',
  scope: 'recipient',
  explanation:
    '按身份证件号中的出生日期计算，学生在学期开始时的周岁年龄不在发放学校该学段的正常年龄范围内。可能是证件号错误、学段错误或冒名领取。',
  keyFields: ['id', 'program', 'term'],
  sql: recipientGroupSql(
    'R08',
    `
SELECT p.*, '出生日期 ' || ${dateSql('p.birth_date')} || '，学期开始时 ' || CAST(p.age_at_start AS VARCHAR) || ' 周岁，不在'
            || p.stage || '年龄范围 ' || CAST(b.min_age AS VARCHAR) || '–' || CAST(b.max_age AS VARCHAR) || ' 岁内' AS why
FROM v_payment_ctx p
JOIN policy_age_bands b ON b.year = p.year AND b.stage = p.stage
WHERE p.age_at_start IS NOT NULL AND (p.age_at_start < b.min_age OR p.age_at_start > b.max_age)`,
    'first'
  ),
  evidence: recipientEvidence(['id', 'name', 'program'])
};
