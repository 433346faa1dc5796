/** The rule catalog of checks.md, in catalog order, and the stable finding key. */
import { F01 } from './f01';
import { R01 } from './r01';
import { R02 } from './r02';
import { R03 } from './r03';
import { R04 } from './r04';
import { R05 } from './r05';
import { R06 } from './r06';
import { R07 } from './r07';
import { R08 } from './r08';
import { R09 } from './r09';
import { R10 } from './r10';
import { R11 } from './r11';
import { R12 } from './r12';
import { S01 } from './s01';
import { S02 } from './s02';
import { S03 } from './s03';
import { S04 } from './s04';
import { S05 } from './s05';
import { RULE_CODES } from '../contract/rule-codes';
import type { Finding, Rule, RuleCode } from './types';

export type { Finding, Rule, RuleCode, Severity, RuleScope, EvidenceSpec } from './types';
export { FINDING_COLUMNS } from './types';

/** Every rule by its code: the Record type makes a missing or unknown rule a compile error. */
export const RULE_BY_CODE: Record<RuleCode, Rule> = {
  R01,
  R02,
  R03,
  R04,
  R05,
  R06,
  R07,
  R08,
  R09,
  R10,
  R11,
  R12,
  S01,
  S02,
  S03,
  S04,
  S05,
  F01
};

/** The rules in catalog order: the order of RULE_CODES, written once in the contract. */
export const RULES: Rule[] = RULE_CODES.map((c) => RULE_BY_CODE[c]);

/**
 * A finding's stable key (review marks survive re-import): the rule code and its checks.md key
 * fields joined with '|', a missing value as ''. findingKeySql builds the same text in SQL.
 */
export function findingKey(f: Pick<Finding, 'rule_code'> & Partial<Finding>): string {
  const rule = RULE_BY_CODE[f.rule_code];
  return [
    f.rule_code,
    ...rule.keyFields.map((k) => (f[k] === null || f[k] === undefined ? '' : String(f[k])))
  ].join('|');
}

/** The SQL expression of findingKey for one rule, over a row with the finding columns. */
export function findingKeySql(rule: Rule): string {
  return [`'${rule.code}'`, ...rule.keyFields.map((k) => `coalesce(CAST(${k} AS VARCHAR), '')`)].join(
    ` || '|' || `
  );
}
