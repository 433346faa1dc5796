#!/usr/bin/env node
/**
 * `npm test`: installs what is missing (node_modules, Chromium, poppler-utils), prepares a small demo
 * (scale 0.02; its manifest records the scale, so `npm start` regenerates its own scale 1 demo),
 * builds the site, runs vitest (unit) then Playwright (browser), and svelte-check, eslint and
 * prettier (one check each), and ends with one line `N passed, M failed` summed over all of them.
 * Exits non-zero on any failure.
 *
 * The static checks run while vitest does: vitest runs its files on one worker on a 2-core machine,
 * so the checks use the other core (they took 2.5 min one after the other). Their output is kept in
 * test-results/static-*.log and printed after vitest's, so the two never interleave.
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

// The static gates the issue asks for (types, lint, formatting): one check each in the count.
// They run one after the other while vitest runs, each writing to its own log file.
spawnSync(process.execPath, [bin('@sveltejs/kit/svelte-kit.js'), 'sync'], { cwd: ROOT, stdio: 'inherit' });
const STATIC = [
  [
    'svelte-check',
    [bin('svelte-check/bin/svelte-check'), '--tsconfig', './tsconfig.json', '--threshold', 'error']
  ],
  ['eslint', [bin('eslint/bin/eslint.js'), '.']],
  ['prettier', [bin('prettier/bin/prettier.cjs'), '--check', '.']]
];
/** One check at a time: vitest runs its files on one worker, the checks take the other core. */
const staticChecks = (async () => {
  const results = [];
  for (const [label, args] of STATIC) {
    const log = join(RESULTS, `static-${label}.log`);
    const fd = openSync(log, 'w');
    const status = await exitOf(spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', fd, fd] }));
    closeSync(fd);
    results.push({ label, log, status });
  }
  return results;
})();

await runner(
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
