import { RECIPIENT_EVIDENCE, recipientGroupSql } from './common';
import { normNameSql } from './sql-helpers';
import type { Rule } from './types';

/**
 * R10: the payment's name differs from the roster name for that ID. Compared with the roster row at
 * the paying school when there is one, otherwise with any roster row of the ID (flagged only if it
 * matches none). An ID absent from the roster is R03's business, not R10's.
 */
export const R10: Rule = {
  code: 'R10',
  name: '姓名与学籍不一致',
  severity: '低',
  scope: 'recipient',
  explanation:
    '发放名单上的姓名与学籍系统中该证件号的姓名不一致（已忽略空格和全角半角差异）。可能是录入错误，也可能是证件号被他人冒用。',
  keyFields: ['id', 'program', 'term'],
  sql: recipientGroupSql(
    'R10',
    `
WITH rn AS (
  SELECT DISTINCT id, school_id, ${normNameSql('name')} AS nn FROM roster WHERE id IS NOT NULL AND name IS NOT NULL
), here AS (
  SELECT p.pay_no, bool_or(rn.nn = p.norm_name) AS ok, string_agg(DISTINCT rn.nn, '、' ORDER BY rn.nn) AS names
  FROM v_payment_ctx p JOIN rn ON rn.id = p.id AND rn.school_id = p.school_id GROUP BY p.pay_no
), anyw AS (
  SELECT p.pay_no, bool_or(rn.nn = p.norm_name) AS ok, string_agg(DISTINCT rn.nn, '、' ORDER BY rn.nn) AS names
  FROM v_payment_ctx p JOIN rn ON rn.id = p.id GROUP BY p.pay_no
)
SELECT p.*, '发放姓名“' || coalesce(p.norm_name, '') || '”，学籍姓名“' || coalesce(here.names, anyw.names) || '”' AS why
FROM v_payment_ctx p
LEFT JOIN here ON here.pay_no = p.pay_no
LEFT JOIN anyw ON anyw.pay_no = p.pay_no
WHERE CASE WHEN here.pay_no IS NOT NULL THEN NOT coalesce(here.ok, FALSE)
           WHEN anyw.pay_no IS NOT NULL THEN NOT coalesce(anyw.ok, FALSE)
           ELSE FALSE END`,
    'first'
  ),
  evidence: RECIPIENT_EVIDENCE
};
