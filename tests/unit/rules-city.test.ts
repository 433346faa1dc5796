/**
 * The rules on a generated demo city: every planted anomaly is found, and nothing else.
 * The city goes the users' way: written as export files, imported by the shared importer, loaded,
 * policy applied, all 18 rules run. Deterministic rules must equal the ground truth exactly;
 * S05 and F01 (statistical / fuzzy) must find every plant, and the generator keeps their clean
 * data free of natural hits (unique names per birth date and sex, even funded shares), so any
 * extra finding is a failure here too — an explained extra would be listed in EXPECTED_EXTRA.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCity, writeCity } from '../../data/generator';
import { createNodeEngine } from '../../src/lib/engine/node';
import type { Engine } from '../../src/lib/engine/engine';
import { loadTables } from '../../src/lib/engine/load';
import { importFiles } from '../../src/lib/ingest';
import { applyPolicy, defaultPolicy } from '../../src/lib/policy';
import { RULES, findingKey } from '../../src/lib/rules/catalog';
import { runRules } from '../../src/lib/rules/run';
import type { Finding, RuleCode } from '../../src/lib/rules/types';

const NOT_IMPORTS = new Set(['ground-truth.csv', 'negatives.csv', 'manifest.json']);
/** Extra findings of S05/F01 that the generator's data explains (none at this seed and scale). */
const EXPECTED_EXTRA: string[] = [];

interface Audit {
  found: Map<RuleCode, string[]>;
  truth: Map<RuleCode, string[]>;
  negatives: { rule_code: RuleCode; key: string }[];
}

/** Reads the generator's key files (header rule_code,id,program,term,school_id,county,year[,note]). */
async function keyFile(dir: string, name: string) {
  const [head, ...lines] = (await readFile(join(dir, name), 'utf8'))
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\n');
  const cols = head.split(',');
  return lines.map((l) => {
    const cells = l.split(',');
    const row = Object.fromEntries(cols.map((c, i) => [c, cells[i] === '' ? null : cells[i]]));
    const f = { ...row, year: row.year === null ? null : Number(row.year) } as unknown as Finding;
    return { rule_code: f.rule_code, key: findingKey(f) };
  });
}

/** Generates a city, writes its export files, imports, loads, applies the policy and runs the rules. */
async function auditCity(seed: number): Promise<Audit> {
  const dir = await mkdtemp(join(tmpdir(), 'city-'));
  let engine: Engine | undefined;
  try {
    writeCity(dir, generateCity({ scale: 0.02, seed }));
    const names = (await readdir(dir)).filter((n) => n.endsWith('.csv') && !NOT_IMPORTS.has(n));
    const files = await Promise.all(
      names.map(async (name) => ({ name, bytes: new Uint8Array(await readFile(join(dir, name))) }))
    );
    const imported = await importFiles(files);
    expect(imported.rejected).toEqual([]);
    engine = await createNodeEngine();
    const tables: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(imported.tables)) if (v) tables[k] = [v];
    await loadTables(engine, tables);
    await applyPolicy(engine, defaultPolicy);
    const { findings } = await runRules(engine);
    const found = new Map<RuleCode, string[]>(RULES.map((r) => [r.code, []]));
    for (const f of findings) found.get(f.rule_code)!.push(findingKey(f));
    const truth = new Map<RuleCode, string[]>(RULES.map((r) => [r.code, []]));
    for (const k of await keyFile(dir, 'ground-truth.csv')) truth.get(k.rule_code)!.push(k.key);
    return { found, truth, negatives: await keyFile(dir, 'negatives.csv') };
  } finally {
    await engine?.close();
    await rm(dir, { recursive: true, force: true });
  }
}

for (const seed of [2025, 11]) {
  describe(`rules on the generated city (scale 0.02, seed ${seed})`, () => {
    let a: Audit;
    beforeAll(async () => {
      a = await auditCity(seed);
    }, 120_000);
    for (const rule of RULES) {
      it(`${rule.code} ${rule.name}: findings equal the planted ground truth`, () => {
        const want = [...a.truth.get(rule.code)!].sort();
        const got = a.found
          .get(rule.code)!
          .filter((k) => !EXPECTED_EXTRA.includes(k))
          .sort();
        expect(want.length).toBeGreaterThan(0);
        expect(got).toEqual(want);
      });
    }
    it('none of the planted negatives (edge cases that must not be findings) is a finding', () => {
      expect(a.negatives.length).toBeGreaterThan(0);
      const all = new Set([...a.found.values()].flat());
      expect(a.negatives.filter((n) => all.has(n.key))).toEqual([]);
    });
  });
}
