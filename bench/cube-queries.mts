/**
 * Native timing of the cube-backed 资助面 against the row-level SQL on a prepared database file
 * (one thread, median of 7): `node --import tsx bench/cube-queries.mts <prepared.duckdb>`.
 * The file is attached read-only as the site does; the cube and the materialised v_setaside_share
 * are built in memory beside it, so a file prepared before them works too.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import type { Filters } from '../src/lib/filters/state';
import type { Dim } from '../src/lib/metrics/dims';
import { fundedShareSql, fundedShareRowsSql } from '../src/lib/metrics/coverage.ts';
import { setasideSql } from '../src/lib/metrics/setaside.ts';
import { METRIC_FUNDED_CUBE_SQL } from '../src/lib/metrics/base.ts';
import type { Sql } from '../src/lib/engine/engine.ts';
const inst = await DuckDBInstance.create(':memory:', { threads: '1' });
const c = await inst.connect();
await c.run(`ATTACH '${process.argv[2]}' AS prepared (READ_ONLY)`);
await c.run(`SET search_path = 'memory.main,prepared.main'`);
const time = async (s: Sql, n = 7) => {
  const ts: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await c.runAndReadAll(s.sql, s.params);
    ts.push(performance.now() - t);
  }
  ts.sort((a, b) => a - b);
  return ts[Math.floor(n / 2)].toFixed(1);
};
const f: Filters = { term: '2025年秋季学期' };
const cases: [string, Filters, Dim][] = [
  ['总览 default (term, total)', f, 'total'],
  ['覆盖 by unit', f, 'county'],
  ['覆盖 unit filter by school', { ...f, county: '临湘市' }, 'school'],
  ['year, by stage', { year: 2025 }, 'stage']
];
const before: string[] = [];
for (const [n, g, d] of cases) before.push(`${n}: rows ${await time(fundedShareRowsSql(g, d))} ms`);
const sa1 = await time(setasideSql(f, 'county'));
let t = performance.now();
await c.run(METRIC_FUNDED_CUBE_SQL);
const buildCube = performance.now() - t;
t = performance.now();
await c.run(`CREATE TABLE v_setaside_share AS SELECT * FROM prepared.main.v_setaside_share`);
const buildSa = performance.now() - t;
const [[cubeRows]] = (await (
  await c.runAndReadAll(`SELECT count(*) FROM metric_funded_cube`)
).getRowsJson()) as unknown[][];
for (const [i, [, g, d]] of cases.entries())
  console.log(`资助面 ${before[i]}, cube ${await time(fundedShareSql(g, d))} ms`);
console.log(`计提 by unit: view ${sa1} ms, materialised ${await time(setasideSql(f, 'county'))} ms`);
console.log(
  `build: metric_funded_cube ${buildCube.toFixed(0)} ms (${cubeRows} rows), v_setaside_share ${buildSa.toFixed(0)} ms`
);
