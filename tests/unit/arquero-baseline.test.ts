/**
 * The bench's JavaScript baseline (bench/arquero-baseline.ts) does the same work as the SQL: on a
 * generated city, Arquero's R01, R03 and R12 give exactly the rules' findings (every column) and
 * its coverage by unit exactly coverageSql's rows, so the bench's ratio compares like with like.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCity, writeCity } from '../../data/generator';
import type { Engine } from '../../src/lib/engine/engine';
import { createNodeEngine } from '../../src/lib/engine/node';
import { importFiles } from '../../src/lib/ingest';
import { runPipeline, type CanonicalTables } from '../../src/lib/pipeline';
import { defaultPolicy } from '../../src/lib/policy/defaults';
import type { Finding } from '../../src/lib/rules/types';
import {
  coverageArquero,
  r01Arquero,
  r03Arquero,
  r12Arquero,
  readInputs,
  sqlSide,
  type ArqueroInputs
} from '../../bench/arquero-baseline';

const NOT_IMPORTS = new Set(['ground-truth.csv', 'negatives.csv', 'manifest.json']);
let dir: string;
let engine: Engine;
let x: ArqueroInputs;
let sql: Awaited<ReturnType<typeof sqlSide>>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'arquero-'));
  writeCity(dir, generateCity({ scale: 0.01, seed: 5 }));
  const names = (await readdir(dir)).filter((n) => n.endsWith('.csv') && !NOT_IMPORTS.has(n));
  const files = await Promise.all(
    names.map(async (name) => ({ name, bytes: new Uint8Array(await readFile(join(dir, name))) }))
  );
  const imported = await importFiles(files);
  const tables: CanonicalTables = {};
  for (const [k, v] of Object.entries(imported.tables)) if (v) tables[k as keyof CanonicalTables] = [v];
  engine = await createNodeEngine();
  await runPipeline(engine, tables, defaultPolicy, { rules: false });
  x = await readInputs(engine);
  sql = await sqlSide(engine);
}, 120_000);

afterAll(async () => {
  await engine?.close();
  await rm(dir, { recursive: true, force: true });
});

const KEY = (f: Finding) => [f.id, f.program, f.term].join('|');
const sorted = (fs: Finding[]) => [...fs].sort((a, b) => (KEY(a) < KEY(b) ? -1 : KEY(a) > KEY(b) ? 1 : 0));

describe('Arquero baseline = the SQL', () => {
  for (const [code, arquero] of [
    ['R01', r01Arquero],
    ['R03', r03Arquero],
    ['R12', r12Arquero]
  ] as const)
    it(`${code}: the same findings, every column`, async () => {
      const expected = sorted(await sql[code]());
      // The generator plants at least two cases of every rule: an empty match would prove nothing.
      expect(expected.length).toBeGreaterThanOrEqual(2);
      expect(sorted(arquero(x))).toEqual(expected);
    });

  it('coverage by unit: the same needy and covered counts and rates', async () => {
    const expected = await sql.coverage();
    expect(expected.length).toBeGreaterThan(3);
    expect(expected.reduce((s, r) => s + r.needy, 0)).toBeGreaterThan(100);
    expect(coverageArquero(x)).toEqual(expected);
  });
});
