/**
 * Writes the pipeline's stored form (src/lib/pipeline/prepared.ts) with native DuckDB: the whole
 * pipeline in memory with every thread, then every table and view copied into one database file.
 * Node only (prepare-demo, the bench, the tests).
 */
import { rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { sqlString } from '../../src/lib/engine/engine';
import { createNodeEngine } from '../../src/lib/engine/node';
import { dataKey, policyKey, runPipeline, type CanonicalTables, type Policies } from '../../src/lib/pipeline';
import type { Engine } from '../../src/lib/engine/engine';

export interface PreparedBuild {
  dataKey: string;
  policyKey: string;
  ms: number;
}

/** Runs the pipeline on `tables` under `policies` and writes the result to `out` (replaced). */
export async function writePreparedDb(
  tables: CanonicalTables,
  policies: Policies,
  out: string,
  opts: { threads?: number; engine?: (engine: Engine) => Promise<void> } = {}
): Promise<PreparedBuild> {
  const t0 = performance.now();
  const engine = await createNodeEngine({ threads: opts.threads ?? availableParallelism() });
  try {
    await runPipeline(engine, tables, policies);
    const pk = await policyKey(engine, policies);
    rmSync(out, { force: true });
    rmSync(`${out}.wal`, { force: true });
    await engine.exec(`ATTACH ${sqlString(out)} AS out_db`);
    await engine.exec(`COPY FROM DATABASE memory TO out_db`);
    // Everything into the file itself: the site attaches it alone, without a .wal beside it.
    await engine.exec(`CHECKPOINT out_db`);
    await engine.exec(`DETACH out_db`);
    await opts.engine?.(engine);
    return { dataKey: await dataKey(tables), policyKey: pk, ms: Math.round(performance.now() - t0) };
  } finally {
    await engine.close();
  }
}
