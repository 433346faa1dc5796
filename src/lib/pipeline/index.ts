/**
 * The one audit pipeline: load → policy tables → helper views → metric tables → findings.
 * The browser session, the CLI, the bench and the rule-test builder all call these steps, so what
 * the site shows (or reuses from a prepared database file, ./prepared.ts) is what the CLI computes.
 *
 * Two parts, because a settings change reruns only the second:
 *   data:   loadData (the seven normalised tables from the importer's canonical CSV);
 *   policy: applyPolicyStep (policy_* tables, the rules' helper views, metric tables) and
 *           runFindings (the 18 rules into the `findings` table).
 */
import type { TableKey } from '../contract/tables';
import type { Engine } from '../engine/engine';
import { loadTables, type TablePart } from '../engine/load';
import { applyPolicy } from '../policy/apply';
import { dataYears, policyTablesSql } from '../policy/sql';
import type { RuleCode } from '../contract/rule-codes';
import type { Policy } from '../policy/types';
import { RULES } from '../rules/catalog';
import { runRules, type RulePerf } from '../rules/run';
import type { Finding } from '../rules/types';

export type Policies = Policy[] | ((year: number) => Policy);
/** Canonical CSV per table: texts, or their UTF-8 bytes (the page's stored imports). */
export type CanonicalTables = Partial<Record<TableKey, (string | Uint8Array)[]>>;

/**
 * Step 1: the normalised tables (all seven, empty when not imported, so every rule can run). The
 * page may pass, for a file just imported, the table its rows were loaded into as it was read.
 */
export async function loadData(
  engine: Engine,
  tables: Partial<Record<TableKey, TablePart[]>>
): Promise<void> {
  await loadTables(engine, tables);
}

/**
 * Step 2, everything that depends on the policy but not on the rules: policy tables for every
 * year in the data, the helper views, the metric tables.
 */
export async function applyPolicyStep(engine: Engine, policies: Policies): Promise<{ years: number[] }> {
  const { years } = await applyPolicy(engine, policies);
  return { years };
}

/** Step 3: the enabled rules into `findings`; `collect` also returns them as objects (CLI, tests). */
export async function runFindings(
  engine: Engine,
  opts: { only?: RuleCode[]; collect?: boolean; onRule?: (done: number, total: number) => void } = {}
): Promise<{ findings: Finding[]; perRule: RulePerf[] }> {
  return runRules(engine, opts);
}

/**
 * A key of what the policy step builds for this data: the SHA-256 of the policy tables' SQL for
 * the years in the data. Two policies with the same key build the same tables, so a prepared
 * database built under one is valid for the other.
 */
export async function policyKey(engine: Engine, policies: Policies): Promise<string> {
  const years = await dataYears(engine);
  return sha256Hex(policyTablesSql(policies, years));
}

/** SHA-256 of text (Web Crypto: the same in the browser and Node ≥ 20). */
export async function sha256Hex(text: string | Uint8Array): Promise<string> {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  const digest = await crypto.subtle.digest('SHA-256', bytes as BufferSource);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** A content key of the canonical inputs: table names and texts, in a fixed order. */
export async function dataKey(tables: CanonicalTables): Promise<string> {
  const parts: string[] = [];
  for (const k of Object.keys(tables).sort()) {
    const texts = tables[k as TableKey] ?? [];
    parts.push(`${k}:${texts.length}`);
    for (const t of texts) parts.push(await sha256Hex(t));
  }
  return sha256Hex(parts.join('\n'));
}

export interface PipelineResult {
  years: number[];
  findings: Finding[];
  perRule: RulePerf[];
  /** Milliseconds per part. */
  timings: { loadMs: number; policyMs: number; rulesMs: number };
}

/** The whole pipeline on an engine: load, policy step, and (unless `rules: false`) the findings. */
export async function runPipeline(
  engine: Engine,
  tables: CanonicalTables,
  policies: Policies,
  opts: { rules?: boolean; collect?: boolean; only?: RuleCode[] } = {}
): Promise<PipelineResult> {
  let t = performance.now();
  await loadData(engine, tables);
  const loadMs = performance.now() - t;
  t = performance.now();
  const { years } = await applyPolicyStep(engine, policies);
  const policyMs = performance.now() - t;
  t = performance.now();
  const res =
    opts.rules === false
      ? { findings: [], perRule: [] }
      : await runFindings(engine, { collect: opts.collect ?? false, only: opts.only });
  const rulesMs = performance.now() - t;
  return { years, ...res, timings: { loadMs, policyMs, rulesMs } };
}

/** Per-rule counts and amounts read back from an existing `findings` table (a prepared file). */
export async function findingsStats(engine: Engine): Promise<RulePerf[]> {
  const rows = await engine.query<{ rule_code: string; n: number; amt: number }>(
    `SELECT rule_code, count(*) AS n, round(coalesce(sum(amount), 0), 2) AS amt FROM findings GROUP BY rule_code`
  );
  const by = new Map(rows.map((r) => [r.rule_code, r]));
  return RULES.map((r) => ({
    code: r.code,
    name: r.name,
    severity: r.severity,
    count: Number(by.get(r.code)?.n ?? 0),
    amount: Number(by.get(r.code)?.amt ?? 0),
    ms: 0
  }));
}
