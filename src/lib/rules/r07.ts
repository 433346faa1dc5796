import { PAYMENTS_OF_GROUP, ROSTER_OF_ID } from './common';
import { recipientGroupSql } from './common';
import { dateSql, idBirthSql, idCheckCharSql, idFormSql } from '../model/sql-helpers';
import type { Rule } from './types';

/** R07: the payment's (normalised) ID is not a valid resident ID (form, birth date, check character). */
export const R07: Rule = {
  code: 'R07',
  name: '身份证件号无效',
  severity: '中',
  scope: 'recipient',
  explanation:
    '领取资助的身份证件号不是有效的居民身份证号：位数或格式不对、出生日期不存在，或校验位错误。可能是录入错误，也可能是虚构身份。',
  keyFields: ['id', 'program', 'term'],
  sql: recipientGroupSql(
    'R07',
    `
SELECT p.*,
       CASE WHEN NOT ${idFormSql('p.id')} THEN '证件号应为 18 位（17 位数字加 1 位数字或 X），实际为 ' || CAST(length(p.id) AS VARCHAR) || ' 位'
            WHEN ${idBirthSql('p.id')} IS NULL THEN '证件号中的出生日期 ' || substr(p.id, 7, 8) || ' 不存在'
            WHEN ${idBirthSql('p.id')} < DATE '1900-01-01' OR ${idBirthSql('p.id')} > coalesce(p.pay_date, p.term_start)
              THEN '证件号中的出生日期 ' || ${dateSql(idBirthSql('p.id'))} || ' 不合理（早于 1900 年或晚于发放日期）'
            ELSE '校验位应为 ' || ${idCheckCharSql('p.id')} || '，实际为 ' || substr(p.id, 18, 1) END AS why
FROM v_payment_ctx p
WHERE NOT p.id_valid`,
    'first'
  ),
  evidence: [PAYMENTS_OF_GROUP, ROSTER_OF_ID]
};
