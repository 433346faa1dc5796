/**
 * The audit pipeline as the bench times it: the one pipeline (src/lib/pipeline) with the default
 * policy, load → policy step → every rule. The same function runs on native DuckDB (bench/run.ts)
 * and on duckdb-wasm (the /bench page), so the ratio compares the same SQL on the same data.
 */
import type { Engine } from '../engine/engine';
import { defaultPolicy } from '../policy/defaults';
import { runPipeline, type CanonicalTables } from '../pipeline';

export interface PipelineTimings {
  engine: 'wasm' | 'node';
  loadMs: number;
  policyMs: number;
  rulesMs: number;
  perRule: { code: string; ms: number; count: number }[];
  findings: number;
}

export async function timePipeline(engine: Engine, tables: CanonicalTables): Promise<PipelineTimings> {
  const { perRule, timings } = await runPipeline(engine, tables, defaultPolicy);
  return {
    engine: engine.kind,
    ...timings,
    perRule: perRule.map((r) => ({ code: r.code, ms: r.ms, count: r.count })),
    findings: perRule.reduce((s, r) => s + r.count, 0)
  };
}
