/**
 * `npm run bench [-- --scale 1]`: the speed goals, measured side by side in one run.
 *
 * 1. The audit pipeline (load canonical CSVs → policy tables → all 18 rules) on native DuckDB with
 *    one thread and on duckdb-wasm in headless Chromium, on the same embedded demo files, with the
 *    same code (src/lib/bench/pipeline.ts). Target: browser ≤ 1.5 × native for the rules.
 * 2. The importer (decode → parse → normalise → canonical CSV) on the demo payments and roster
 *    exports, rows per second.
 * Prints ratios; asserts nothing (speed goals are not timed tests).
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { ROOT, ensureBuild, prepareDemo, serve } from '../scripts/start.mjs';
import { findChromium } from '../scripts/ensure-browser.mjs';
import { parseArgs } from '../scripts/lib/cli';
import { createNodeEngine } from '../src/lib/engine/node';
import { timePipeline, type PipelineTimings } from '../src/lib/bench/pipeline';
import { TABLES, type TableKey } from '../src/lib/contract/tables';
import { importFiles } from '../src/lib/ingest';
import { measureSession, type SessionTimings } from './session';

const args = parseArgs(process.argv.slice(2));
if (args.big) {
  // Large-file CLI runs only (issue 9): `npm run bench -- --big [--sizes 250,500,1000]`.
  const { benchBigImport } = await import('./big-import');
  await benchBigImport((args.sizes ?? '250,500,1000').split(',').map(Number));
  process.exit(0);
}
const scale = Number(args.scale ?? process.env.DEMO_SCALE ?? 1);
const PORT = Number(args.port ?? 4175);

prepareDemo(scale);
ensureBuild();

const demoDir = join(ROOT, 'static', 'demo');
const tables: Partial<Record<TableKey, string[]>> = {};
for (const t of TABLES) {
  const p = join(demoDir, `${t.key}.csv`);
  if (existsSync(p)) tables[t.key] = [readFileSync(p, 'utf8')];
}
const manifest = JSON.parse(readFileSync(join(demoDir, 'manifest.json'), 'utf8'));
console.log(`演示数据 scale ${manifest.scale}: ${JSON.stringify(manifest.counts)}`);

// Native first, then the browser, never at the same time (2 cores).
const native = await timePipeline(await createNodeEngine({ threads: 1 }), tables);

const server = await serve(PORT);
const browser = await chromium.launch({
  executablePath: findChromium(),
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run'
  ]
});
let wasm: PipelineTimings & { startMs: number; fetchMs: number };
let session: SessionTimings;
const rawPayments = join(ROOT, 'data', 'demo', '资助发放明细.csv');
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${PORT}/bench`);
  await page.waitForFunction(() => (document.querySelector('#result')?.textContent ?? '').length > 0, null, {
    timeout: 15 * 60_000
  });
  wasm = JSON.parse((await page.textContent('#result')) ?? '{}');
  if ('error' in wasm) throw new Error(String((wasm as { error: string }).error));
  await page.close();
  session = await measureSession(
    browser,
    `http://127.0.0.1:${PORT}`,
    existsSync(rawPayments) ? rawPayments : null
  );
} finally {
  await browser.close();
  server.close();
}

const fmt = (ms: number) => (ms / 1000).toFixed(2).padStart(8);
const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : '—').padStart(6);
console.log('\n审计流程 (同一 SQL、同一数据)            native 1线程 s   wasm s   wasm/native');
const row = (label: string, n: number, w: number) =>
  console.log(`${label.padEnd(34)}${fmt(n)}  ${fmt(w)}  ${ratio(w, n)}`);
row('载入 (read_csv → 表)', native.loadMs, wasm.loadMs);
row('政策表与视图', native.policyMs, wasm.policyMs);
for (const r of native.perRule) {
  const w = wasm.perRule.find((x) => x.code === r.code);
  row(`  ${r.code} (${r.count} 条)`, r.ms, w?.ms ?? NaN);
}
row('全部 18 条规则', native.rulesMs, wasm.rulesMs);
console.log(`浏览器另计: 启动 duckdb-wasm ${fmt(wasm.startMs)} s, 取数据文件 ${fmt(wasm.fetchMs)} s`);
const same = native.findings === wasm.findings;
console.log(`结果条数 native ${native.findings} / wasm ${wasm.findings}${same ? ' (一致)' : ' (不一致!)'}`);
console.log(`RATIO rules wasm/native = ${(wasm.rulesMs / native.rulesMs).toFixed(2)} (目标 ≤ 1.5)`);

console.log('\n浏览器会话 (Chromium, 1440×900)');
console.log(
  `打开页面 → 数据就绪: 冷启动 ${fmt(session.coldReadyMs)} s, 刷新后 ${fmt(session.warmReadyMs)} s`
);
console.log(`总览 → 全部图表绘制完成 ${fmt(session.overviewChartsMs)} s (自打开页面起)`);
console.log(
  `筛选变更 → 全部图表重绘 (20 次): 中位数 ${session.filterRedrawMs.median} ms, P95 ${session.filterRedrawMs.p95} ms`
);
if (session.importPaymentsMs !== null)
  console.log(`经导入页导入 资助发放明细.csv 到数据就绪 ${fmt(session.importPaymentsMs)} s`);

// Importer throughput on the raw demo exports (what a user drops on the import page).
const rawDir = join(ROOT, 'data', 'demo');
for (const name of ['资助发放明细.csv', '学生名单.csv']) {
  const p = join(rawDir, name);
  if (!existsSync(p)) continue;
  const bytes = new Uint8Array(readFileSync(p));
  const t0 = performance.now();
  const r = await importFiles([{ name, bytes }]);
  const ms = performance.now() - t0;
  const rows = r.files[0].read;
  console.log(
    `导入 ${name}: ${rows} 行, ${(bytes.length / 1e6).toFixed(0)} MB, ${fmt(ms)} s, ${Math.round(rows / (ms / 1000))} 行/秒`
  );
}
