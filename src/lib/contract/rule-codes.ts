/**
 * The codes of the rule catalog (checks.md), in catalog order: the one list both the rules
 * (src/lib/rules/catalog.ts orders RULES by it) and the policy (a switch per rule) read, so the
 * policy never has to import the rules.
 */
export const RULE_CODES = [
  'R01',
  'R02',
  'R03',
  'R04',
  'R05',
  'R06',
  'R07',
  'R08',
  'R09',
  'R10',
  'R11',
  'R12',
  'S01',
  'S02',
  'S03',
  'S04',
  'S05',
  'F01'
] as const;

export type RuleCode = (typeof RULE_CODES)[number];
