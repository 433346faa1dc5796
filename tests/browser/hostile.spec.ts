/**
 * Issue 9 through the page: the hostile corpus (tests/fixtures/hostile/corpus.ts) imports with the
 * expected counts and reasons, nothing in it runs, no full ID or card number is on screen, and a
 * stored file that can no longer load never locks the user out (删除 and 清除全部数据 still work).
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { canonicalHeader } from '../../src/lib/ingest/csvwrite';
import { corpus, payments } from '../fixtures/hostile/corpus';
import { nav } from './dashboard-helpers';
import { open, test as readOnly } from './shared-page';

const SCREENS = 'test-results/screens';
mkdirSync(SCREENS, { recursive: true });
const FILES = corpus();
// Imports of several MB and a full reload per step: slow on a shared 2-core machine.
test.describe.configure({ timeout: 360_000 });

async function waitStatus(page: Page, status: string) {
  await expect(page.locator('main')).toHaveAttribute('data-session-status', status, { timeout: 180_000 });
}

/** No run of 15+ digits (a full ID or bank card) anywhere in the page's visible text. */
async function expectNoFullNumbers(page: Page) {
  const text = await page.locator('body').innerText();
  expect(text.match(/\d{15,}[\dXx]?/g) ?? []).toEqual([]);
}

test('the hostile corpus imports with the expected counts, safely', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.type());
    void d.accept();
  });
  await page.goto('/import');
  await waitStatus(page, 'ready');
  await page
    .getByTestId('file-input')
    .setInputFiles(FILES.map((f) => ({ name: f.name, mimeType: 'text/csv', buffer: Buffer.from(f.text) })));
  await page.getByTestId('start-import').click();
  const report = page.getByTestId('import-report');
  await expect(report).toBeVisible({ timeout: 90_000 });
  for (const f of FILES) {
    const row = report.locator(`tr[data-file="${f.name}"]`);
    for (const k of ['read', 'accepted', 'rejected'] as const)
      await expect(row.locator(`[data-field="${k}"]`), `${f.name} ${k}`).toHaveText(String(f.expect[k]));
  }
  await expect(report).toContainText('未闭合的引号');
  await expect(report).toContainText('字段过长');
  await waitStatus(page, 'ready');
  await expectNoFullNumbers(page);
  await page.screenshot({ path: `${SCREENS}/hostile-import.png`, fullPage: true });

  // The site is usable afterwards; names with markup show as text and run nothing.
  const accepted = FILES.reduce((s, f) => s + f.expect.accepted, 0);
  const n = await page.evaluate(async () => {
    const s = (globalThis as unknown as { __aidSession: { query(q: string): Promise<{ n: number }[]> } })
      .__aidSession;
    return (await s.query('SELECT count(*)::INT AS n FROM payments'))[0].n;
  });
  expect(n).toBe(accepted);
  // Client-side navigation: the pages render the imported names without loading the engine again.
  await nav(page, '/inspect');
  await waitStatus(page, 'ready');
  await nav(page, '/');
  await waitStatus(page, 'ready');
  await expectNoFullNumbers(page);
  expect(dialogs.filter((d) => d !== 'confirm')).toEqual([]);
  expect(await page.locator('img[src="x"]').count()).toBe(0);

  await nav(page, '/import');
  await page.getByTestId('clear-all').click();
  await expect(page.getByTestId('demo-banner')).toBeVisible({ timeout: 60_000 });
});

test('a stored file that fails to load never locks the user out', async ({ page }) => {
  page.on('dialog', (d) => void d.accept());
  await page.goto('/import');
  await waitStatus(page, 'ready');
  // A good import first, then a broken stored file as an older version could have left it.
  await page
    .getByTestId('file-input')
    .setInputFiles([{ name: '好文件.csv', mimeType: 'text/csv', buffer: Buffer.from(payments(4)) }]);
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('import-report')).toBeVisible({ timeout: 60_000 });
  await waitStatus(page, 'ready');
  const header = canonicalHeader('payments');
  await page.evaluate(
    async ({ header }) => {
      const root = await navigator.storage.getDirectory();
      const dir = await root.getDirectoryHandle('aid-store', { create: true });
      const put = async (key: string, text: string) => {
        const w = await (await dir.getFileHandle(key, { create: true })).createWritable();
        await w.write(text);
        await w.close();
      };
      await put('file.bad00001.payments.csv', `${header}\n430602200801010009,"6222100000000000\n`);
      const report = { file: '坏文件.csv', table: 'payments', mapping: [], extraColumns: [], read: 1 };
      await put(
        'file.bad00001.meta.json',
        JSON.stringify({
          id: 'bad00001',
          name: '坏文件.csv',
          importedAt: '2099-01-01T00:00:00.000Z',
          report: { ...report, accepted: 1, rejected: 0, skipped: 0, skippedBlank: 0, skippedTotals: 0 },
          rejected: [],
          tables: [{ table: 'payments', rows: 1 }]
        })
      );
    },
    { header }
  );
  await page.reload();
  await waitStatus(page, 'error');
  const alert = page.locator('.global-error');
  await expect(alert).toContainText('资助发放明细');
  expect(await alert.innerText()).not.toMatch(/[A-Za-z]{4,}/);
  await expectNoFullNumbers(page);
  await page.screenshot({ path: `${SCREENS}/hostile-lockout.png`, fullPage: true });

  // 删除 the broken file: the good import comes back.
  const dataset = page.getByTestId('dataset');
  await expect(dataset.locator('tr[data-file]')).toHaveCount(2);
  await dataset.locator('tr[data-file="坏文件.csv"] button').click();
  await waitStatus(page, 'ready');
  await expect(dataset.locator('tr[data-file]')).toHaveCount(1);
  await expect(page.locator('.global-error')).toHaveCount(0);

  // 清除全部数据 works too.
  await page.getByTestId('clear-all').click();
  await expect(page.getByTestId('demo-banner')).toBeVisible({ timeout: 60_000 });
});

test('the same export under another name is not imported twice; a repeating file can replace the earlier', async ({
  page
}) => {
  page.on('dialog', (d) => void d.accept());
  const file = (name: string) => {
    const f = FILES.find((x) => x.name === name)!;
    return { name, mimeType: 'text/csv', buffer: Buffer.from(f.text) };
  };
  const importOne = async (f: ReturnType<typeof file>) => {
    await page.getByTestId('file-input').setInputFiles([f]);
    await page.getByTestId('start-import').click();
    await expect(page.getByTestId('import-report')).toBeVisible({ timeout: 60_000 });
    await waitStatus(page, 'ready');
  };
  const dataset = page.getByTestId('dataset');
  await page.goto('/import');
  await waitStatus(page, 'ready');
  await importOne(file('重复导出.csv'));
  await expect(dataset.locator('tr[data-file]')).toHaveCount(1);

  // Identical bytes, a browser's "(1)" name: skipped, said so.
  await importOne({ ...file('重复导出再次下载.csv'), name: '重复导出(1).csv' });
  await expect(page.getByTestId('import-notices')).toContainText(
    '「重复导出(1).csv」与已导入的「重复导出.csv」内容完全相同，未重复导入'
  );
  await expect(dataset.locator('tr[data-file]')).toHaveCount(1);

  // A later export repeating 20 of its 22 rows: saved, warned, and it can replace the earlier file.
  await importOne(file('重复导出补充.csv'));
  const notices = page.getByTestId('import-notices');
  await expect(notices).toContainText('22 条发放记录中有 20 条（91%）与先导入的「重复导出.csv」相同');
  await expect(dataset.locator('tr[data-file]')).toHaveCount(2);
  await page.screenshot({ path: `${SCREENS}/hostile-repeat.png`, fullPage: true });
  await notices.getByRole('button', { name: /删除先前的「重复导出.csv」/ }).click();
  await expect(dataset.locator('tr[data-file]')).toHaveCount(1);
  await expect(dataset.locator('tr[data-file="重复导出补充.csv"]')).toHaveCount(1);
  await waitStatus(page, 'ready');
  const n = await page.evaluate(async () => {
    const s = (globalThis as unknown as { __aidSession: { query(q: string): Promise<{ n: number }[]> } })
      .__aidSession;
    return (await s.query('SELECT count(*)::INT AS n FROM payments'))[0].n;
  });
  expect(n).toBe(22);
  await page.getByTestId('clear-all').click();
  await expect(page.getByTestId('demo-banner')).toBeVisible({ timeout: 60_000 });
});

// Reads only: on the worker's shared page (tests/browser/shared-page.ts), no page load of its own.
readOnly('/drill lists every unit, including units with a unit-level (S04) finding', async ({ page }) => {
  const errors: string[] = [];
  const onError = (e: Error) => errors.push(e.message);
  page.on('pageerror', onError);
  await open(page, '/drill');
  await waitStatus(page, 'ready');
  const links = page.getByTestId('drill-table').locator('tbody a');
  await expect(links.first()).toBeVisible({ timeout: 60_000 });
  const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
  expect(hrefs.length).toBeGreaterThan(5);
  let unitLevel = 0;
  for (const href of hrefs) {
    // Client-side navigation (no reload): the session stays loaded, as when a user clicks.
    await page.getByTestId('drill-table').locator(`a[href="${href}"]`).click();
    await expect(page).toHaveURL(new RegExp('county='));
    await expect(page.getByTestId('drill-table').locator('tbody a').first()).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('drill-table')).not.toContainText('正在计算');
    unitLevel += await page.getByTestId('drill-unit-level').count();
    await page.goBack();
    await expect(page.getByTestId('drill-level')).toHaveAttribute('data-level', 'city');
  }
  // The demo has units with an S04 finding (school_id NULL): they list and say so.
  expect(unitLevel).toBeGreaterThan(0);
  expect(errors).toEqual([]);
  page.off('pageerror', onError);
});
