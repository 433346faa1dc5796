/**
 * Cube-backed dashboard figures (src/lib/metrics/base.ts, metric_funded_cube) equal the same
 * figures counted from the rows, on every filter combination of a small generated city: the cube
 * is an index, never a second definition.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCity, writeCity } from '../../data/generator';
import { runSql, type Engine } from '../../src/lib/engine/engine';
import { createNodeEngine } from '../../src/lib/engine/node';
import type { Filters } from '../../src/lib/filters/state';
import { importFiles } from '../../src/lib/ingest';
import { fundedShareRowsSql, fundedShareSql } from '../../src/lib/metrics/coverage';
import type { Dim } from '../../src/lib/metrics/dims';
import { runPipeline, type CanonicalTables } from '../../src/lib/pipeline';
import { defaultPolicy } from '../../src/lib/policy/defaults';

const NOT_IMPORTS = new Set(['ground-truth.csv', 'negatives.csv', 'manifest.json']);
let dir: string;
let engine: Engine;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cube-'));
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
}, 120_000);

afterAll(async () => {
  await engine?.close();
  await rm(dir, { recursive: true, force: true });
});

const values = async (sql: string) => (await engine.query<{ v: string }>(sql)).map((r) => r.v);

describe('资助面 from metric_funded_cube', () => {
  it('equals the row-level count on each filter, pairs of filters, and every breakdown', async () => {
    const terms = await values(`SELECT DISTINCT term AS v FROM payments ORDER BY 1`);
    const years = await values(`SELECT DISTINCT year::VARCHAR AS v FROM policy_terms ORDER BY 1`);
    const counties = await values(
      `SELECT DISTINCT county AS v FROM v_school WHERE county IS NOT NULL ORDER BY 1`
    );
    const stages = await values(
      `SELECT DISTINCT stage AS v FROM v_payment_ctx WHERE stage IS NOT NULL ORDER BY 1`
    );
    const programs = await values(`SELECT DISTINCT program AS v FROM payments ORDER BY 1`);
    const schools = await values(`SELECT DISTINCT school_id AS v FROM payments ORDER BY 1`);
    // Every kind of time filter (none, a year, a term); every unit, stage, program and school.
    const times: Filters[] = [
      {},
      { year: Number(years[years.length - 1]) },
      { term: terms[terms.length - 1] }
    ];
    const opt = (xs: string[]) => [undefined, ...xs];
    const cases: [Filters, Dim][] = [];
    // Units crossed with programs: four units suffice (each unit is one more key of the same shape);
    // the whole cross took minutes on a busy 2-core machine.
    for (const t of times)
      for (const county of opt(counties.slice(0, 4)))
        for (const program of opt(programs)) cases.push([{ ...t, county, program }, 'total']);
    for (const t of times)
      for (const county of opt(counties))
        for (const dim of ['county', 'stage', 'school'] as Dim[]) cases.push([{ ...t, county }, dim]);
    for (const t of times)
      for (const stage of opt(stages.slice(0, 3)))
        for (const program of opt(programs))
          for (const dim of ['county', 'stage'] as Dim[]) cases.push([{ ...t, stage, program }, dim]);
    for (const t of times)
      for (const school of schools.slice(0, 8))
        for (const dim of ['total', 'stage', 'term'] as Dim[]) cases.push([{ ...t, school }, dim]);
    for (const t of times) for (const dim of ['school', 'term', 'year'] as Dim[]) cases.push([t, dim]);

    console.log(
      `cube cases: ${cases.length} (${counties.length} units, ${stages.length} stages, ${programs.length} programs, ${schools.length} schools)`
    );
    let nonZero = 0;
    for (const [f, dim] of cases) {
      const want = await runSql(engine, fundedShareRowsSql(f, dim));
      const got = await runSql(engine, fundedShareSql(f, dim));
      expect(got, JSON.stringify({ f, dim })).toEqual(want);
      if (want.some((r) => Number(r.funded) > 0)) nonZero++;
    }
    // The city is big enough that most combinations have paid students (the test can fail).
    expect(cases.length).toBeGreaterThan(400);
    expect(nonZero).toBeGreaterThan(cases.length / 4);
  }, 600_000);
});
