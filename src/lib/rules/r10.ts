import { recipientEvidence, recipientGroupSql } from './common';
import { stripSpacesSql } from '../model/sql-helpers';
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
  SELECT DISTINCT id, school_id, ${stripSpacesSql('name')} AS nn FROM roster WHERE id IS NOT NULL AND name IS NOT NULL
), pn AS (
  -- Judged once per distinct (ID, paying school, name), then joined back to the payments.
  SELECT DISTINCT id, school_id, norm_name FROM v_payment_ctx
), j AS (
  SELECT pn.id, pn.school_id, pn.norm_name,
         bool_or(rn.school_id = pn.school_id) AS here_exists,
         bool_or(rn.school_id = pn.school_id AND rn.nn = pn.norm_name) AS here_ok,
         bool_or(rn.nn = pn.norm_name) AS any_ok
  FROM pn JOIN rn ON rn.id = pn.id
  GROUP BY pn.id, pn.school_id, pn.norm_name
), f AS (
  SELECT p.* FROM v_payment_ctx p
  JOIN j ON j.id = p.id AND j.school_id = p.school_id AND j.norm_name = p.norm_name
  WHERE CASE WHEN j.here_exists THEN NOT coalesce(j.here_ok, FALSE) ELSE NOT coalesce(j.any_ok, FALSE) END
), names AS (
  SELECT f.pay_no,
         string_agg(DISTINCT CASE WHEN rn.school_id = f.school_id THEN rn.nn END, '、' ORDER BY CASE WHEN rn.school_id = f.school_id THEN rn.nn END) AS here,
         string_agg(DISTINCT rn.nn, '、' ORDER BY rn.nn) AS anywhere
  FROM f JOIN rn ON rn.id = f.id GROUP BY f.pay_no
)
SELECT f.*, '发放姓名“' || coalesce(f.norm_name, '') || '”，学籍姓名“' || coalesce(names.here, names.anywhere, '') || '”' AS why
FROM f LEFT JOIN names ON names.pay_no = f.pay_no`,
    'first'
  ),
  evidence: recipientEvidence(['name', 'holder_name'])
};
