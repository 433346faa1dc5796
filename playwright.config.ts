import { availableParallelism } from 'node:os';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './scripts/ensure-browser.mjs';

/** The built site (build/) served by the same static server as `npm start`, on its own port. */
const PORT = Number(process.env.TEST_PORT ?? 4174);

export default defineConfig({
  testDir: 'tests/browser',
  outputDir: 'test-results/artifacts',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  // Two pages at a time: each test is mostly one page waiting on its duckdb-wasm worker, so a
  // second worker uses the other core (all 28 passed this way at load average 11 on 2 cores).
  workers: Math.min(2, availableParallelism()),
  // Tests, not files, are shared out: a file's tests can run on both workers, so one long file does
  // not leave the other worker idle at the end. Each test has its own browser context (its own
  // storage: imports, settings and marks never reach another test).
  fullyParallel: true,
  // One retry: a test that passes only on its retry is reported as flaky by the list reporter and in
  // `npm test`'s JSON (scripts/test.mjs counts it as passed), so a flake is seen without one of 37
  // browser tests on a loaded 2-core machine failing the whole run; a test that fails twice fails.
  // (inspect.spec once timed out in CI and did not fail again in 12 runs here.)
  retries: 1,
  reporter: process.env.CI_JSON ? [['list'], ['json', { outputFile: process.env.CI_JSON }]] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    screenshot: 'only-on-failure',
    trace: 'off',
    locale: 'zh-CN',
    viewport: { width: 1366, height: 900 },
    launchOptions: {
      executablePath: findChromium(),
      args: CHROMIUM_ARGS
    }
  },
  webServer: {
    command: `node scripts/start.mjs --serve-only --port ${PORT}`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 30_000
  }
});
