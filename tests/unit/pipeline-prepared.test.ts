/**
 * The stored form of the pipeline (src/lib/pipeline/prepared.ts): a database file written natively
 * and attached read-only gives exactly what a fresh run computes, and under a different policy the
 * session's partial rerun (policy step + rules on top of the attached file) gives exactly what a
 * fresh run under that policy computes.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCity, writeCity } from '../../data/generator';
import type { Engine } from '../../src/lib/engine/engine';
import { createNodeEngine } from '../../src/lib/engine/node';
import { importFiles } from '../../src/lib/ingest';
import {
  dataKey,
  findingsStats,
  policyKey,
  runFindings,
  runPipeline,
  type CanonicalTables
} from '../../src/lib/pipeline';
import { attachPrepared, detachPrepared, policyStepOnPrepared } from '../../src/lib/pipeline/prepared';
import { defaultPolicy } from '../../src/lib/policy/defaults';
import type { Policy } from '../../src/lib/policy/types';
import { writePreparedDb } from '../../scripts/lib/prepared-db';

const NOT_IMPORTS = new Set(['ground-truth.csv', 'negatives.csv', 'manifest.json']);

/** What the pages read: findings, the metric table, a helper table and a policy table. */
async function snapshot(engine: Engine) {
  const q = (sql: string) => engine.query(sql);
  return {
    findings: await q(`SELECT rule_code, finding_key, amount FROM findings ORDER BY rule_code, finding_key`),
    needy: await q(
      `SELECT term, count(*) AS n, count(*) FILTER (WHERE paid_stage_program) AS paid FROM metric_needy GROUP BY term ORDER BY term`
    ),
    ctx: await q(`SELECT count(*) AS n, sum(amount) AS amt, count(DISTINCT id) AS ids FROM v_payment_ctx`),
    rules: await q(`SELECT code, enabled FROM policy_rules ORDER BY code`)
  };
}

/** The defaults with R01 off and a stricter shared-card threshold: changes findings and tables. */
const stricter = (y: number): Policy => {
  const p = defaultPolicy(y);
  return {
    ...p,
    rules: { ...p.rules, R01: { enabled: false } },
    thresholds: { ...p.thresholds, sharedCardMinIds: p.thresholds.sharedCardMinIds + 1 }
  };
};

let dir: string;
let tables: CanonicalTables;
let file: Uint8Array;
let built: { dataKey: string; policyKey: string };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'prepared-'));
  writeCity(dir, generateCity({ scale: 0.02, seed: 11 }));
  const names = (await readdir(dir)).filter((n) => n.endsWith('.csv') && !NOT_IMPORTS.has(n));
  const files = await Promise.all(
    names.map(async (name) => ({ name, bytes: new Uint8Array(await readFile(join(dir, name))) }))
  );
  const imported = await importFiles(files);
  tables = {};
  for (const [k, v] of Object.entries(imported.tables)) if (v) tables[k as keyof CanonicalTables] = [v];
  const out = join(dir, 'prepared.duckdb');
  built = await writePreparedDb(tables, defaultPolicy, out, { threads: 1 });
  file = new Uint8Array(await readFile(out));
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fresh(policies: (y: number) => Policy) {
  const engine = await createNodeEngine();
  try {
    await runPipeline(engine, tables, policies);
    return { snap: await snapshot(engine), key: await policyKey(engine, policies) };
  } finally {
    await engine.close();
  }
}

describe('prepared database file', () => {
  it('attached read-only, reads exactly what a fresh run computes', async () => {
    const want = await fresh(defaultPolicy);
    expect(want.snap.findings.length).toBeGreaterThan(20);
    const engine = await createNodeEngine();
    try {
      await attachPrepared(engine, file);
      expect(await policyKey(engine, defaultPolicy)).toBe(built.policyKey);
      expect(built.policyKey).toBe(want.key);
      expect(await snapshot(engine)).toEqual(want.snap);
      const stats = await findingsStats(engine);
      expect(stats.reduce((s, r) => s + r.count, 0)).toBe(want.snap.findings.length);
    } finally {
      await engine.close();
    }
  });

  it('under another policy, reruns only the policy step and the rules, and equals a fresh run', async () => {
    const want = await fresh(stricter);
    const base = await fresh(defaultPolicy);
    // The policy change matters (else this test could not fail).
    expect(want.snap.findings).not.toEqual(base.snap.findings);
    expect(want.snap.findings.some((f) => f.rule_code === 'R01')).toBe(false);
    const engine = await createNodeEngine();
    try {
      await attachPrepared(engine, file);
      const key = await policyKey(engine, stricter);
      expect(key).not.toBe(built.policyKey);
      const step = await policyStepOnPrepared(engine, stricter, { file: '', bytes: 0, ...built });
      expect(step.reused).toBe(false);
      await runFindings(engine);
      expect(await snapshot(engine)).toEqual(want.snap);
      // One findings table: nothing computed under the file's policy is left visible.
      const [{ n }] = await engine.query<{ n: number }>(
        `SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'findings'`
      );
      expect(n).toBe(1);
      // Under the file's own policy it is reused as it is.
      await attachPrepared(engine, file);
      const again = await policyStepOnPrepared(engine, defaultPolicy, { file: '', bytes: 0, ...built });
      expect(again.reused).toBe(true);
      // Attaching again (a reload of the demo) starts from the stored results, not the rerun.
      await attachPrepared(engine, file);
      expect(await snapshot(engine)).toEqual(base.snap);
      // Then other data loaded in memory replaces the prepared file entirely.
      await detachPrepared(engine);
      await runPipeline(engine, tables, stricter);
      expect(await snapshot(engine)).toEqual(want.snap);
    } finally {
      await engine.close();
    }
  });

  it('keys the inputs by content', async () => {
    expect(await dataKey(tables)).toBe(built.dataKey);
    const changed = { ...tables, schools: [tables.schools![0] + '\n'] };
    expect(await dataKey(changed)).not.toBe(built.dataKey);
  });
});
