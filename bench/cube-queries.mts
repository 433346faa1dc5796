/**
 * Native timing of each cube-backed dashboard figure against its row-level definition, on a
 * prepared database file (one thread, median of 5):
 * `node --import tsx bench/cube-queries.mts static/demo/prepared.duckdb`.
 * The file is attached read-only as the site does, so it must come from the current pipeline
 * (`npm start` or scripts/prepare-demo.ts rebuild it when the metric code changes).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import type { Filters } from '../src/lib/filters/state';
import type { Dim } from '../src/lib/metrics/dims';
import {
  coverageRowsSql,
  coverageSql,
  fundedShareRowsSql,
  fundedShareSql,
  missedPriorityRowsSql,
  missedPrioritySql,
  priorityCoverageRowsSql,
  priorityCoverageSql
} from '../src/lib/metrics/coverage.ts';
import { monthlyRowsSql, monthlySql, timelinessRowsSql, timelinessSql } from '../src/lib/metrics/money.ts';
import type { Sql } from '../src/lib/engine/engine.ts';

const inst = await DuckDBInstance.create(':memory:', { threads: '1' });
const c = await inst.connect();
await c.run(`ATTACH '${process.argv[2]}' AS prepared (READ_ONLY)`);
await c.run(`USE prepared`);
const time = async (s: Sql, n = 5) => {
  const ts: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await c.runAndReadAll(s.sql, s.params);
    ts.push(performance.now() - t);
  }
  ts.sort((a, b) => a - b);
  return ts[Math.floor(n / 2)].toFixed(0).padStart(5);
};
const [{ term }] = (await (
  await c.runAndReadAll(
    `SELECT max(term) AS term FROM policy_terms WHERE term IN (SELECT term FROM payments)`
  )
).getRowObjectsJson()) as { term: string }[];
const [{ county }] = (await (
  await c.runAndReadAll(`SELECT min(county) AS county FROM v_school`)
).getRowObjectsJson()) as { county: string }[];

const views: [string, Filters, Dim][] = [
  ['every term, by unit', {}, 'county'],
  ['one term, by unit', { term }, 'county'],
  ['one term, one unit by school', { term, county }, 'school']
];
const figures: [string, (f: Filters, d: Dim) => Sql, (f: Filters, d: Dim) => Sql][] = [
  ['困难学生资助覆盖率', coverageSql, coverageRowsSql],
  ['重点保障对象覆盖率', priorityCoverageSql, priorityCoverageRowsSql],
  ['漏助重点保障对象名单', (f) => missedPrioritySql(f, 300), (f) => missedPriorityRowsSql(f, 300)],
  ['资助面', fundedShareSql, fundedShareRowsSql],
  ['按时发放率', timelinessSql, timelinessRowsSql],
  ['月度发放', (f) => monthlySql(f), (f) => monthlyRowsSql(f)]
];
console.log(`figure | view | rows ms | cube ms   (term ${term}, unit ${county})`);
for (const [name, cube, rows] of figures)
  for (const [label, f, d] of views)
    console.log(`${name} | ${label} | ${await time(rows(f, d))} | ${await time(cube(f, d))}`);
