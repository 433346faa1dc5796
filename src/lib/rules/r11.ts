import { recipientEvidence, recipientGroupSql } from './common';
import { dateSql } from '../model/sql-helpers';
import type { Rule } from './types';

/** R11: 发放日期 outside the term's payment window (policy_terms.window_start…window_end). */
export const R11: Rule = {
  code: 'R11',
  name: '发放时间异常',
  severity: '低',
  scope: 'recipient',
  explanation:
    '发放日期不在该学期的发放时间窗口内（默认春季 2 月 1 日至 6 月 30 日、秋季 8 月 1 日至 12 月 31 日），即逾期发放或提前发放，不符合按时足额发放的要求。',
  keyFields: ['id', 'program', 'term'],
  sql: recipientGroupSql(
    'R11',
    `
SELECT p.*, '发放日期 ' || ${dateSql('p.pay_date')} || CASE WHEN p.pay_date > p.window_end THEN ' 晚于' ELSE ' 早于' END
            || '发放窗口（' || ${dateSql('p.window_start')} || ' 至 ' || ${dateSql('p.window_end')} || '）' AS why
FROM v_payment_ctx p
WHERE p.pay_date IS NOT NULL AND p.window_start IS NOT NULL
  AND (p.pay_date < p.window_start OR p.pay_date > p.window_end)`,
    'each'
  ),
  evidence: recipientEvidence(['pay_date', 'term', 'amount'])
};
