/**
 * The bench's JavaScript baseline (bench/arquero-baseline.ts) does the same work as the SQL: on a
 * generated city, Arquero's R01, R03 and R12 give exactly the rules' findings (every column) and
 * its coverage by unit exactly coverageSql's rows, so the bench's ratio compares like with like.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatedCityEngine, type GeneratedCity } from '../fixtures/generated-city';
import type { Engine } from '../../src/lib/engine/engine';
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

let city: GeneratedCity;
let engine: Engine;
let x: ArqueroInputs;
let sql: Awaited<ReturnType<typeof sqlSide>>;

beforeAll(async () => {
  city = await generatedCityEngine({ scale: 0.01, seed: 5 });
  engine = city.engine;
  x = await readInputs(engine);
  sql = await sqlSide(engine);
}, 120_000);

afterAll(async () => city?.close());

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
