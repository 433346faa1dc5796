/**
 * Browser and CLI give identical findings on the same files: the demo city's raw export files are
 * imported through the page (worker importer → duckdb-wasm → rules) and exported from 核查 as CSV
 * with full IDs; the same files go through `npm run audit` (native DuckDB). The 13 contract
 * columns of findings.csv must be equal, row for row.
 */
import { expect, test } from '@playwright/test';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { nav } from './dashboard-helpers';

const DEMO_RAW = 'data/demo';
const NOT_IMPORTS = new Set(['ground-truth.csv', 'negatives.csv', 'manifest.json']);

/** CSV text (BOM stripped) → rows of cells, by SheetJS's RFC 4180 reader, as text. */
function csvRows(text: string): string[][] {
  const wb = XLSX.read(text.replace(/^\uFEFF/, ''), { type: 'string', raw: true });
  return XLSX.utils.sheet_to_json<string[]>(wb.Sheets[wb.SheetNames[0]], {
    header: 1,
    raw: false,
    defval: ''
  });
}

test('findings in the browser equal the batch audit on the same files', async ({ page }) => {
  test.setTimeout(300_000);
  const files = readdirSync(DEMO_RAW)
    .filter((n) => n.endsWith('.csv') && !NOT_IMPORTS.has(n))
    .map((n) => join(DEMO_RAW, n));
  expect(files.length).toBe(7);

  // The batch audit runs while the page imports the same files.
  const out = mkdtempSync(join(tmpdir(), 'parity-'));
  const audit = promisify(execFile)(process.execPath, [
    '--import',
    'tsx',
    'scripts/audit.ts',
    '--data',
    DEMO_RAW,
    '--out',
    out
  ]);

  page.on('dialog', (d) => d.accept());
  await page.goto('/import');
  await expect(page.locator('main')).toHaveAttribute('data-session-status', 'ready', { timeout: 120_000 });
  await page.getByTestId('file-input').setInputFiles(files);
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('import-report')).toBeVisible({ timeout: 120_000 });

  await nav(page, '/inspect');
  await expect(page.getByTestId('inspect-ready')).toBeVisible({ timeout: 120_000 });
  // The findings are the imported files', not the embedded demo's.
  expect(
    await page.evaluate(
      () => (globalThis as unknown as { __aidSession: { source: string } }).__aidSession.source
    )
  ).toBe('imported');
  await page.getByTestId('export-full-ids').check();
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  const web = csvRows(readFileSync((await d.path())!, 'utf8'));
  await audit;
  const cli = csvRows(readFileSync(join(out, 'findings.csv'), 'utf8'));

  expect(web[0].slice(0, 13)).toEqual(cli[0]);
  const norm = (rows: string[][]) =>
    rows
      .slice(1)
      .map((r) => r.slice(0, 13).join('\u0001'))
      .sort();
  const want = norm(cli);
  expect(want.length).toBeGreaterThan(20);
  expect(norm(web)).toEqual(want);
});
