import { ROSTER_OF_ID, eqOrIsNull } from './common';
import { sqlAnd } from '../engine/engine';
import { stripSpacesSql } from '../model/sql-helpers';
import type { Finding, Rule } from './types';

/**
 * R09: a bank card that received payments for at least shared_card_min_ids different IDs in a term;
 * every payment group (ID × program × term) on it is a finding, ref = the card (several shared
 * cards of one group joined with '、'). Cards compared after removing spaces.
 */
export const R09: Rule = {
  code: 'R09',
  name: '银行账户多人共用',
  severity: '中',
  scope: 'recipient',
  explanation:
    '同一银行卡在同一学期收到了多名不同学生的资助款（人数阈值见政策设置）。资助资金应发到学生本人或监护人账户，多人共用一卡常见于资金被教师或他人截留。',
  keyFields: ['id', 'program', 'term'],
  sql: `
WITH cards AS (
  -- Distinct IDs per card as DISTINCT rows and then a count: count(DISTINCT) over millions of
  -- groups (one per card) went past DuckDB's memory limit on a 500 MB export (issue 9).
  SELECT bank_card, term, count(id) AS n_ids
  FROM (SELECT DISTINCT p.bank_card, p.term, p.id, pp.shared_card_min_ids
        FROM v_payment_ctx p JOIN policy_params pp ON pp.year = p.year
        WHERE p.bank_card IS NOT NULL)
  GROUP BY bank_card, term, shared_card_min_ids
  HAVING count(id) >= shared_card_min_ids
), g AS (
  SELECT p.id, p.program, p.term, min(p.school_year) AS school_year,
         arg_min(p.name, p.grp_seq) AS name, arg_min(p.school_id, p.grp_seq) AS school_id, arg_min(p.county, p.grp_seq) AS county,
         sum(p.amount) AS total,
         string_agg(DISTINCT p.bank_card, '、' ORDER BY p.bank_card) AS cards,
         string_agg(DISTINCT '尾号 ' || right(p.bank_card, 4) || ' 的银行卡本学期收到 ' || CAST(c.n_ids AS VARCHAR) || ' 个不同证件号的资助',
                    '；' ORDER BY '尾号 ' || right(p.bank_card, 4) || ' 的银行卡本学期收到 ' || CAST(c.n_ids AS VARCHAR) || ' 个不同证件号的资助') AS why
  FROM v_payment_ctx p JOIN cards c ON c.bank_card = p.bank_card AND c.term = p.term
  GROUP BY p.id, p.program, p.term
)
SELECT 'R09' AS rule_code, id, name, school_id, county, program, school_year, term, CAST(NULL AS INTEGER) AS year,
       round(total, 2) AS amount, why AS detail, cards AS ref
FROM g`,
  evidence: [
    {
      table: 'payments',
      title: '该银行卡本学期的全部发放记录',
      where: (f: Finding) => {
        const cards = (f.ref ?? '').split('、').filter(Boolean);
        const list = cards.length ? cards.map(() => '?').join(', ') : 'NULL';
        return sqlAnd(
          { sql: `${stripSpacesSql('bank_card')} IN (${list})`, params: cards },
          eqOrIsNull('term', f.term)
        );
      },
      orderBy: 'bank_card, id, pay_date, src_file, src_row',
      lead: ['bank_card', 'holder_name', 'name', 'id', 'amount', 'school_name']
    },
    ROSTER_OF_ID
  ]
};
