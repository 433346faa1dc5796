/**
 * The site foundation in a real Chromium: the demo loads with its manifest's counts, the wasm engine
 * returns the same values as the Node engine, an import through the page shows the right report and
 * survives a reload, clearing brings the demo back, and no request ever leaves the page's origin.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createNodeEngine } from '../../src/lib/engine/node';
import type { TableKey } from '../../src/lib/contract/tables';
import { nav } from './dashboard-helpers';
import { open, test as readOnly } from './shared-page';

const SCREENS = 'test-results/screens';
mkdirSync(SCREENS, { recursive: true });

type SessionHandle = {
  status: string;
  source: string | null;
  counts: Record<string, number>;
  readyMs: number | null;
  readyAt: number | null;
  query(sql: string): Promise<Record<string, unknown>[]>;
};

/** Every request URL the context makes (pages and their workers). */
function recordRequests(context: BrowserContext): string[] {
  const urls: string[] = [];
  context.on('request', (r) => urls.push(r.url()));
  return urls;
}

function expectSameOrigin(urls: string[], origin: string) {
  const foreign = urls.filter(
    (u) => !u.startsWith('data:') && !u.startsWith('blob:') && !u.startsWith(origin + '/')
  );
  expect(foreign).toEqual([]);
  expect(urls.length).toBeGreaterThan(5);
}

async function waitReady(page: Page) {
  await expect(page.locator('main')).toHaveAttribute('data-session-status', 'ready', { timeout: 90_000 });
}

/** The row counts per table, as the import page shows them (DataCounts). */
async function counts(page: Page): Promise<Record<string, number>> {
  if (!new URL(page.url()).pathname.startsWith('/import')) {
    await page.getByRole('navigation').getByRole('link', { name: '导入' }).click();
    await waitReady(page);
  }
  const els = page.locator('[data-testid="data-counts"] [data-table]');
  await expect(els).toHaveCount(7);
  const out: Record<string, number> = {};
  for (const el of await els.all())
    out[(await el.getAttribute('data-table'))!] = Number(await el.getAttribute('data-count'));
  return out;
}

const timing = (page: Page) =>
  page.evaluate(() => {
    const s = (globalThis as unknown as { __aidSession: SessionHandle }).__aidSession;
    return { readyMs: s.readyMs, readyAt: s.readyAt, timings: (s as unknown as { timings: object }).timings };
  });

const ALL_TABLES: TableKey[] = [
  'schools',
  'roster',
  'identifications',
  'payments',
  'allocations',
  'setasides',
  'census'
];

test('the demo opens with the counts of its manifest, marked as demo data', async ({
  page,
  context,
  baseURL
}) => {
  const urls = recordRequests(context);
  await page.goto('/');
  await waitReady(page);
  const cold = await timing(page);
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: `${SCREENS}/overview.png`, fullPage: true });
  const manifest = (await (await page.request.get('/demo/manifest.json')).json()) as {
    counts: Partial<Record<TableKey, number>>;
    scale: number;
  };
  // The build serves what prepare-demo wrote.
  expect(manifest).toEqual(JSON.parse(readFileSync('static/demo/manifest.json', 'utf8')));
  const shown = await counts(page);
  for (const t of ALL_TABLES) expect(shown[t], t).toBe(manifest.counts[t] ?? 0);
  expect(shown.payments).toBeGreaterThan(0);
  await expect(page.getByTestId('demo-banner')).toContainText('演示数据');
  await expect(page.getByRole('navigation')).toContainText('总览覆盖资金计提核查工作台考核报表导入设置');

  await page.goto('/');
  await waitReady(page);
  const warm = await timing(page);
  console.log(
    `demo scale ${manifest.scale}: payments ${shown.payments}; navigation→ready cold ${cold.readyAt} ms ` +
      `(init→ready ${cold.readyMs} ms ${JSON.stringify(cold.timings)}), warm ${warm.readyAt} ms ` +
      `(init→ready ${warm.readyMs} ms ${JSON.stringify(warm.timings)})`
  );
  expectSameOrigin(urls, new URL(baseURL!).origin);
});

// Reads only: on the worker's shared page (tests/browser/shared-page.ts), no page load of its own.
readOnly('duckdb-wasm returns exactly the values of the Node engine', async ({ page }) => {
  const sqls = [
    `SELECT '4306000001' AS sid, 1::BIGINT AS a, 1.5::DECIMAL(14,2) AS b, DATE '2025-03-01' AS d, '0012' AS s,
       NULL AS n, 2.25::DOUBLE AS f, true AS bo, TIMESTAMP '2025-01-01 10:00:00' AS ts, [1,2] AS l,
       1.10::DECIMAL(38,2) AS d38, 9007199254740993::BIGINT AS big, DATE '1969-12-31' AS old_date,
       TIMESTAMP '2025-01-01 10:00:00.25' AS ts2, 1::INTEGER AS i, 2::HUGEINT AS h, -2000.00::DECIMAL(14,2) AS neg`,
    `SELECT count(*) AS n, sum(x::DECIMAL(14,2)) AS total, avg(x) AS mean, min(DATE '2024-01-01' + x::INTEGER) AS d
       FROM range(1, 1001) t(x)`,
    `SELECT x % 3 AS k, sum(x * 0.01::DECIMAL(14,2)) AS s, string_agg(x::VARCHAR, '、' ORDER BY x) AS names
       FROM range(0, 10) t(x) GROUP BY ALL ORDER BY k`
  ];
  await open(page, '/');
  await waitReady(page);
  const node = await createNodeEngine();
  try {
    for (const sql of sqls) {
      const wasm = await page.evaluate(
        (q) => (globalThis as unknown as { __aidSession: SessionHandle }).__aidSession.query(q),
        sql
      );
      expect(wasm).toEqual(await node.query(sql));
    }
  } finally {
    await node.close();
  }
});

const enc = (s: string) => Buffer.from(s, 'utf8');
const SCHOOLS =
  '\uFEFF学校代码,学校名称,区县,学段\r\n4306000001,岳阳市第一中学,市直,普通高中\r\n4306000002,华容县第一中学,华容县,普通高中\r\n' +
  '\r\n4306000003,"平江县职业中专学校, 新校区",平江县,中职\r\n合计,,,\r\n';
const PAYMENTS =
  [
    '2025年春季学期普通高中国家助学金发放名单,,,,,,',
    '身份证号,姓名,学校标识码,资助项目,学期,资助金额(元),发放日期',
    '\'430602200801011234,张三,4306000001,普高助学金,2025春,"1,150.00",2025/3/15',
    '430602200902022345,李四,4306000002,普通高中国家助学金,2025年春季学期,800元,20250316',
    '4.30602E+17,王五,4306000002,普通高中国家助学金,2025年春季学期,800,2025-03-16',
    '430602200903033456,赵六,4306000002,营养餐补助,2025年春季学期,,2025-03-16',
    '430602200904044567,钱七,4306000001,营养餐补助,2025年春季学期,500,2025-03-20'
  ].join('\n') + '\n';
const OTHER = '编号,名称\n1,a\n';

test('import through the page: report, persistence across reload, clear brings the demo back', async ({
  page,
  context,
  baseURL
}) => {
  const urls = recordRequests(context);
  page.on('dialog', (d) => d.accept());
  await page.goto('/import');
  await waitReady(page);
  await page.getByTestId('file-input').setInputFiles([
    { name: '学校信息.csv', mimeType: 'text/csv', buffer: enc(SCHOOLS) },
    { name: '2025春发放.csv', mimeType: 'text/csv', buffer: enc(PAYMENTS) },
    { name: '其他.csv', mimeType: 'text/csv', buffer: enc(OTHER) }
  ]);
  await page.getByTestId('start-import').click();
  const report = page.getByTestId('import-report');
  await expect(report).toBeVisible({ timeout: 60_000 });

  const row = (file: string) => report.locator(`tr[data-file="${file}"]`);
  const cells = async (file: string) =>
    Object.fromEntries(
      await Promise.all(
        ['read', 'accepted', 'rejected', 'skipped'].map(
          async (f) => [f, Number(await row(file).locator(`[data-field="${f}"]`).textContent())] as const
        )
      )
    );
  expect(await cells('学校信息.csv')).toEqual({ read: 5, accepted: 3, rejected: 0, skipped: 2 });
  expect(await cells('2025春发放.csv')).toEqual({ read: 5, accepted: 3, rejected: 2, skipped: 0 });
  await expect(row('学校信息.csv')).toContainText('学校信息');
  await expect(row('2025春发放.csv')).toContainText('资助发放明细');
  await expect(row('2025春发放.csv')).toContainText('营养餐补助（1 行）');
  await expect(row('其他.csv')).toContainText('未能识别表格');
  // The rejected rows themselves: 2 rows of the payments file + the unrecognised file.
  await expect(report).toContainText('拒绝的记录（3 行）');
  await expect(report).toContainText('科学计数法');
  await expect(report).toContainText('缺少必填项：资助金额');

  const download = page.waitForEvent('download');
  await page.getByTestId('download-rejected').click();
  const csv = readFileSync(await (await download).path(), 'utf8');
  expect(csv.startsWith('\uFEFF文件,行号,原因,原始内容\r\n')).toBe(true);
  expect(csv).toContain('2025春发放.csv,5,');

  const dataset = page.getByTestId('dataset');
  await expect(dataset.locator('tr[data-file]')).toHaveCount(2);
  await expect(page.getByTestId('demo-banner')).toHaveCount(0);
  await page.screenshot({ path: `${SCREENS}/import.png`, fullPage: true });

  // The import worker wrote the canonical CSV to OPFS itself and the page renamed it into place:
  // each kept file's table is stored, nothing staged is left (the unrecognised file kept nothing).
  const stored = await page.evaluate(async () => {
    const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('aid-store');
    const names: string[] = [];
    for await (const n of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(n);
    return names.filter((n) => n.endsWith('.csv')).map((n) => n.replace(/^file\.[0-9a-f]+\./, 'file.'));
  });
  expect(stored.sort()).toEqual(['file.payments.csv', 'file.schools.csv']);

  // The data shown is the import, and it survives a reload (OPFS / IndexedDB).
  const expected = {
    schools: 3,
    roster: 0,
    identifications: 0,
    payments: 3,
    allocations: 0,
    setasides: 0,
    census: 0
  };
  await nav(page, '/');
  await waitReady(page);
  expect(await counts(page)).toEqual(expected);
  await page.reload();
  await waitReady(page);
  expect(await counts(page)).toEqual(expected);
  await expect(page.getByTestId('demo-banner')).toHaveCount(0);
  const amounts = await page.evaluate(() =>
    (globalThis as unknown as { __aidSession: SessionHandle }).__aidSession.query(
      'SELECT id, amount, pay_date, term FROM payments ORDER BY src_row'
    )
  );
  expect(amounts).toEqual([
    { id: '430602200801011234', amount: 1150, pay_date: '2025-03-15', term: '2025年春季学期' },
    { id: '430602200902022345', amount: 800, pay_date: '2025-03-16', term: '2025年春季学期' },
    { id: '430602200904044567', amount: 500, pay_date: '2025-03-20', term: '2025年春季学期' }
  ]);

  // Deleting one file keeps the other.
  await nav(page, '/import');
  await page.getByTestId('dataset').locator('tr[data-file="学校信息.csv"] button').click();
  await expect(page.getByTestId('dataset').locator('tr[data-file]')).toHaveCount(1);

  // 清除全部数据: the demo returns.
  await page.getByTestId('clear-all').click();
  await expect(page.getByTestId('demo-banner')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('dataset').locator('tr[data-file]')).toHaveCount(0);
  await page.goto('/');
  await waitReady(page);
  const manifest = JSON.parse(readFileSync('static/demo/manifest.json', 'utf8')) as {
    counts: Partial<Record<TableKey, number>>;
  };
  const shown = await counts(page);
  for (const t of ALL_TABLES) expect(shown[t], t).toBe(manifest.counts[t] ?? 0);

  expectSameOrigin(urls, new URL(baseURL!).origin);
});

test('without OPFS an import is kept in IndexedDB: the rows loaded while reading are the rows stored', async ({
  page
}) => {
  // The page then saves the bytes itself (no worker staging): ImportLoad keeps a copy of each batch.
  await page.addInitScript(() => {
    delete (StorageManager.prototype as { getDirectory?: unknown }).getDirectory;
  });
  await page.goto('/import');
  await waitReady(page);
  expect(await page.evaluate(() => 'getDirectory' in navigator.storage)).toBe(false);
  await page
    .getByTestId('file-input')
    .setInputFiles([{ name: '2025春发放.csv', mimeType: 'text/csv', buffer: enc(PAYMENTS) }]);
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('import-report')).toBeVisible({ timeout: 60_000 });
  const rows = () =>
    page.evaluate(() =>
      (globalThis as unknown as { __aidSession: SessionHandle }).__aidSession.query(
        'SELECT id, amount, src_row FROM payments ORDER BY rowid'
      )
    );
  await waitReady(page);
  const expected = [
    { id: '430602200801011234', amount: 1150, src_row: 3 },
    { id: '430602200902022345', amount: 800, src_row: 4 },
    { id: '430602200904044567', amount: 500, src_row: 7 }
  ];
  expect(await rows()).toEqual(expected);
  // No table of the import is left beside the contract tables.
  expect(
    await page.evaluate(() =>
      (globalThis as unknown as { __aidSession: SessionHandle }).__aidSession.query(
        "SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'import_rows_%'"
      )
    )
  ).toEqual([]);
  await page.reload();
  await waitReady(page);
  expect(await rows()).toEqual(expected);
});

/** The generator's messy real-world files (data/messy) with their expected import numbers. */
const MESSY = 'data/messy';
test('the messy real-world files import through the page with the expected numbers', async ({ page }) => {
  test.skip(!existsSync(`${MESSY}/expected.json`), 'data/messy not generated');
  const expected = JSON.parse(readFileSync(`${MESSY}/expected.json`, 'utf8')) as Record<
    string,
    { table: TableKey | null; read: number; accepted: number; rejected: number; skipped: number }
  >;
  await page.goto('/import');
  await waitReady(page);
  await page.getByTestId('file-input').setInputFiles(Object.keys(expected).map((f) => `${MESSY}/${f}`));
  await page.getByTestId('start-import').click();
  const report = page.getByTestId('import-report');
  await expect(report).toBeVisible({ timeout: 60_000 });
  for (const [file, e] of Object.entries(expected)) {
    const row = report.locator(`tr[data-file="${file}"]`);
    const got = { table: (await row.getAttribute('data-table')) || null } as Record<string, unknown>;
    for (const f of ['read', 'accepted', 'rejected', 'skipped'])
      got[f] = Number(await row.locator(`[data-field="${f}"]`).textContent());
    expect(got, file).toEqual({
      table: e.table,
      read: e.read,
      accepted: e.accepted,
      rejected: e.rejected,
      skipped: e.skipped
    });
  }
  const accepted = Object.values(expected).reduce((s, e) => s + e.accepted, 0);
  const c = await counts(page);
  expect(Object.values(c).reduce((s, n) => s + n, 0)).toBe(accepted);
});
