/**
 * The audit pipeline as the bench times it: load the canonical CSVs into tables, build the policy
 * tables and views, run every rule. The same function runs on native DuckDB (bench/run.ts) and on
 * duckdb-wasm (the /bench page), so the ratio compares the same SQL on the same data.
 */
import type { Engine } from '../engine/engine';
import { loadTables } from '../engine/load';
import { applyPolicy, defaultPolicy } from '../policy';
import { runRules } from '../rules/run';
import type { TableKey } from '../contract/tables';

export interface PipelineTimings {
  engine: 'wasm' | 'node';
  loadMs: number;
  policyMs: number;
  rulesMs: number;
  perRule: { code: string; ms: number; count: number }[];
  findings: number;
}

export async function timePipeline(
  engine: Engine,
  tables: Partial<Record<TableKey, string[]>>
): Promise<PipelineTimings> {
  let t = performance.now();
  await loadTables(engine, tables);
  const loadMs = performance.now() - t;
  t = performance.now();
  await applyPolicy(engine, defaultPolicy);
  const policyMs = performance.now() - t;
  t = performance.now();
  const { perRule } = await runRules(engine, { collect: false });
  const rulesMs = performance.now() - t;
  return {
    engine: engine.kind,
    loadMs,
    policyMs,
    rulesMs,
    perRule: perRule.map((r) => ({ code: r.code, ms: r.ms, count: r.count })),
    findings: perRule.reduce((s, r) => s + r.count, 0)
  };
}
