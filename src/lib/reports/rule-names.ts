/** Rule names and severities as the reports print them: from the rule catalog (checks.md), the one definition. */
import { RULE_BY_CODE } from '../rules/catalog';

const byCode = RULE_BY_CODE as Record<string, { name: string; severity: string } | undefined>;

export function ruleName(code: string): string {
  return byCode[code]?.name ?? code;
}
export function ruleSeverity(code: string): string {
  return byCode[code]?.severity ?? '';
}
