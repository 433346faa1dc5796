#!/usr/bin/env node
/**
 * `npm test`: installs what is missing (node_modules, Chromium, poppler-utils), prepares a small demo
 * (scale 0.02; its manifest records the scale, so `npm start` regenerates its own scale 1 demo),
 * builds the site, runs vitest (unit) then Playwright (browser), and svelte-check, eslint and
 * prettier (one check each), and ends with one line `N passed, M failed` summed over all of them.
 * Exits non-zero on any failure.
 *
 * On a 2-core machine the static checks (2.5 min one after the other) run beside other steps:
 * prettier beside the demo and the build (which use about one core), svelte-check then eslint
 * beside vitest (two workers: the machine stays busy while the longest test file finishes).
 * Their output is kept in test-results/static-*.log and printed after vitest's (never interleaved),
 * and Playwright starts after them, with both cores to itself.
 *
 * Env: DEMO_SCALE (default 0.02), TEST_PORT (default 4174).
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBrowser } from './ensure-browser.mjs';
import { ROOT, ensureBuild, ensureDeps, prepareDemo, recordPaint } from './start.mjs';

const RESULTS = join(ROOT, 'test-results');
const VITEST_JSON = join(RESULTS, 'vitest.json');
const PW_JSON = join(RESULTS, 'playwright.json');

function readJson(p) {
  try {
    return JSON.parse(readFileSync(p, 'utf8'));
  } catch {
    return null;
  }
}

/** The exit code of a child process (-1 when it could not start). */
const exitOf = (child) =>
  new Promise((done) => {
    child.on('error', () => done(-1));
    child.on('exit', (code) => done(code ?? -1));
  });

let passed = 0;
let failed = 0;

/** A runner whose report is missing (crashed before writing it) counts as one failure. */
async function runner(label, cmd, args, env, reportPath, count) {
  console.log(`\n=== ${label} ===`);
  rmSync(reportPath, { force: true });
  const r = {
    status: await exitOf(spawn(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } }))
  };
  const report = readJson(reportPath);
  if (!report) {
    console.error(`${label}: 没有测试报告 / no report (exit ${r.status})`);
    failed += 1;
    return;
  }
  const [p, f] = count(report);
  passed += p;
  // A non-zero exit with no failed test (e.g. a file that does not load) is still a failure.
  failed += f === 0 && r.status !== 0 ? 1 : f;
}

mkdirSync(RESULTS, { recursive: true });
const bin = (p) => join(ROOT, 'node_modules', p);

/** Runs one static check, its output to test-results/static-<label>.log; resolves to its result. */
async function check(label, args) {
  const log = join(RESULTS, `static-${label}.log`);
  const fd = openSync(log, 'w');
  const status = await exitOf(spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', fd, fd] }));
  closeSync(fd);
  return { label, log, status };
}

// The static gates the issue asks for (types, lint, formatting): one check each in the count. They
// run beside the build and vitest, which leave a core free: prettier reads only the sources, so it
// starts once the dependencies are there; svelte-check and eslint read the types the build's
// `svelte-kit sync` writes, so they start after the build.
let prettier;
try {
  ensureDeps();
  prettier = check('prettier', [bin('prettier/bin/prettier.cjs'), '--check', '.']);
  ensureBrowser();
  prepareDemo(Number(process.env.DEMO_SCALE ?? 0.02));
  ensureBuild();
  recordPaint();
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

spawnSync(process.execPath, [bin('@sveltejs/kit/svelte-kit.js'), 'sync'], { cwd: ROOT, stdio: 'inherit' });
const typesAndLint = (async () => [
  await check('svelte-check', [
    bin('svelte-check/bin/svelte-check'),
    '--tsconfig',
    './tsconfig.json',
    '--threshold',
    'error'
  ]),
  await check('eslint', [bin('eslint/bin/eslint.js'), '.'])
])();
const staticChecks = Promise.all([typesAndLint, prettier]).then(([a, p]) => [...a, p]);

await runner(
  'vitest',
  process.execPath,
  [
    bin('vitest/vitest.mjs'),
    'run',
    // Two workers, not vitest's default of one on 2 cores: the files are independent (each its
    // own DuckDB in memory and its own temporary folder).
    '--maxWorkers=2',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${VITEST_JSON}`
  ],
  {},
  VITEST_JSON,
  (r) => [
    r.numPassedTests ?? 0,
    // A test file that fails to load has no test results: count it as one failure.
    (r.numFailedTests ?? 0) +
      (r.testResults ?? []).filter((f) => f.status === 'failed' && !(f.assertionResults ?? []).length).length
  ]
);

// Printed before Playwright starts, which then has both cores to itself.
for (const { label, log, status } of await staticChecks) {
  console.log(`\n=== ${label} ===`);
  process.stdout.write(readFileSync(log, 'utf8'));
  if (status === 0) passed += 1;
  else {
    console.error(`${label} 未通过 / failed`);
    failed += 1;
  }
}

if (existsSync(join(ROOT, 'tests', 'browser'))) {
  await runner(
    'playwright',
    process.execPath,
    [bin('@playwright/test/cli.js'), 'test'],
    { CI_JSON: PW_JSON },
    PW_JSON,
    (r) => [(r.stats?.expected ?? 0) + (r.stats?.flaky ?? 0), r.stats?.unexpected ?? 0]
  );
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
