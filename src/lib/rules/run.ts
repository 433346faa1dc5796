/**
 * Runs the enabled rules (policy_rules) and materialises every finding in the DuckDB table
 * `findings` (finding columns + finding_key, rule_name, severity), so pages can filter, sort and
 * page large result sets in SQL. Needs loadTables + applyPolicy first.
 */
import { sqlString, type Engine } from '../engine/engine';
import { FINDING_COLUMNS, RULES, findingKeySql } from './catalog';
import type { Finding, RuleCode, Severity } from './types';

export interface RulePerf {
  code: RuleCode;
  name: string;
  severity: Severity;
  count: number;
  amount: number;
  ms: number;
}

/** Column list of the findings table. */
const FINDINGS_DDL = `CREATE OR REPLACE TABLE findings (${FINDING_COLUMNS.map((c) => `${c.key} ${c.type}`).join(', ')},
  finding_key VARCHAR, rule_name VARCHAR, severity VARCHAR)`;

/** Deterministic order of findings: rule code, then the key fields (as the key text). */
export const FINDINGS_ORDER = 'rule_code, finding_key';

export async function runRules(
  engine: Engine,
  opts: {
    only?: RuleCode[];
    /**
     * Also copy every finding out as JS objects (CLI, tests). The site reads the findings table
     * with SQL instead, so it passes false: at 100k findings the copy costs more than the rules.
     */
    collect?: boolean;
    /** Called after each rule (the site's progress indicator). */
    onRule?: (done: number, total: number) => void;
  } = {}
): Promise<{ findings: Finding[]; perRule: RulePerf[] }> {
  const enabledRows = await engine.query<{ code: string }>(
    `SELECT code FROM policy_rules WHERE enabled ORDER BY code`
  );
  const enabled = new Set(enabledRows.map((r) => r.code));
  await engine.exec(FINDINGS_DDL);
  const perRule: RulePerf[] = [];
  const cols = FINDING_COLUMNS.map((c) => `CAST(${c.key} AS ${c.type}) AS ${c.key}`).join(', ');
  for (const rule of RULES) {
    const run = enabled.has(rule.code) && (!opts.only || opts.only.includes(rule.code));
    const t0 = performance.now();
    if (run) {
      await engine.exec(`INSERT INTO findings
        SELECT *, ${findingKeySql(rule)} AS finding_key, ${sqlString(rule.name)} AS rule_name, ${sqlString(rule.severity)} AS severity
        FROM (SELECT ${cols} FROM (${rule.sql}) r) f`);
    }
    const ms = Math.round(performance.now() - t0);
    perRule.push({ code: rule.code, name: rule.name, severity: rule.severity, count: 0, amount: 0, ms });
    opts.onRule?.(perRule.length, RULES.length);
  }
  const stats = await engine.query<{ rule_code: string; n: number; amt: number }>(
    `SELECT rule_code, count(*) AS n, round(coalesce(sum(amount), 0), 2) AS amt FROM findings GROUP BY rule_code ORDER BY rule_code`
  );
  for (const s of stats) {
    const p = perRule.find((r) => r.code === s.rule_code);
    if (p) {
      p.count = Number(s.n);
      p.amount = Number(s.amt);
    }
  }
  if (opts.collect === false) return { findings: [], perRule };
  const findings = await engine.query<Finding & { [k: string]: string | number | null }>(
    `SELECT ${FINDING_COLUMNS.map((c) => c.key).join(', ')} FROM findings ORDER BY ${FINDINGS_ORDER}`
  );
  return { findings: findings as Finding[], perRule };
}
