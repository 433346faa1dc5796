#!/usr/bin/env node
/**
 * `npm test`: installs what is missing (node_modules, Chromium, poppler-utils), prepares a small demo
 * (scale 0.02; its manifest records the scale, so `npm start` regenerates its own scale 1 demo),
 * builds the site, runs vitest (unit) then Playwright (browser), then svelte-check, eslint and
 * prettier (one check each), and ends with one line `N passed, M failed` summed over all of them.
 * Exits non-zero on any failure.
 *
 * Env: DEMO_SCALE (default 0.02), TEST_PORT (default 4174).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
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

let passed = 0;
let failed = 0;

/** A runner whose report is missing (crashed before writing it) counts as one failure. */
function runner(label, cmd, args, env, reportPath, count) {
  console.log(`\n=== ${label} ===`);
  rmSync(reportPath, { force: true });
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
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

try {
  ensureDeps();
  ensureBrowser();
  prepareDemo(Number(process.env.DEMO_SCALE ?? 0.02));
  ensureBuild();
  recordPaint();
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
mkdirSync(RESULTS, { recursive: true });

const bin = (p) => join(ROOT, 'node_modules', p);

runner(
  'vitest',
  process.execPath,
  [
    bin('vitest/vitest.mjs'),
    'run',
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

if (existsSync(join(ROOT, 'tests', 'browser'))) {
  runner(
    'playwright',
    process.execPath,
    [bin('@playwright/test/cli.js'), 'test'],
    { CI_JSON: PW_JSON },
    PW_JSON,
    (r) => [(r.stats?.expected ?? 0) + (r.stats?.flaky ?? 0), r.stats?.unexpected ?? 0]
  );
}

// The static gates the issue asks for (types, lint, formatting): one check each in the count.
spawnSync(process.execPath, [bin('@sveltejs/kit/svelte-kit.js'), 'sync'], { cwd: ROOT, stdio: 'inherit' });
for (const [label, args] of [
  [
    'svelte-check',
    [bin('svelte-check/bin/svelte-check'), '--tsconfig', './tsconfig.json', '--threshold', 'error']
  ],
  ['eslint', [bin('eslint/bin/eslint.js'), '.']],
  ['prettier', [bin('prettier/bin/prettier.cjs'), '--check', '.']]
]) {
  console.log(`\n=== ${label} ===`);
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status === 0) passed += 1;
  else {
    console.error(`${label} 未通过 / failed`);
    failed += 1;
  }
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
