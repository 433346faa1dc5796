/**
 * 工作台 and 考核 on the demo city: the plan shows live statuses at a chosen date, a hand tick and a
 * plan edit survive a reload, the counties are ranked, the scheme edited in 设置 survives a reload,
 * and 总览 links to the 工作台. SCREENSHOTS=DIR saves 1440- and 390-wide screenshots.
 */
import { expect, test, type Page } from '@playwright/test';
import { WAIT, nav, waitReady } from './dashboard-helpers';

const SHOTS = process.env.SCREENSHOTS;
// Each page load runs the demo import and the rules again; these tests load several pages.
test.describe.configure({ timeout: 480_000 });

async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(200);
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
    await page.screenshot({ path: `${SHOTS}/${name}-${width}-view.png` });
  }
  await page.setViewportSize({ width: 1366, height: 900 });
}

test('工作台: statuses at a date, hand tick and plan edit survive a reload', async ({ page }) => {
  await page.goto('plan?year=2025&date=2025-11-15');
  await waitReady(page, WAIT);
  await expect(page.getByTestId('plan-counts')).toHaveAttribute('data-ready', 'true', { timeout: WAIT });
  // 11 月 is the highlighted month; the 10 月 priority list task and 11 月 payments carry data statuses.
  await expect(page.locator('.month.current')).toHaveAttribute('data-month', '11');
  const t14 = page.locator('[data-task="t14"]'); // 5 月 春季 审定发放 (deadline 06-30)
  await expect(t14).toHaveAttribute('data-status', /已完成|逾期/);
  await expect(t14.locator('.figure')).toContainText('按期发放');
  await expect(page.locator('[data-task="t36"]')).toHaveAttribute('data-status', /进行中|已完成/);
  await expect(page.getByTestId('plan-summary')).toContainText(/本月 \d+ 项，逾期 \d+ 项/);
  // Before any window: nothing is overdue on 2025-01-01… except nothing; all 未开始 or done early.
  await page.getByTestId('plan-date').fill('2025-01-01');
  await expect(page.locator('.month.current')).toHaveAttribute('data-month', '1');
  await expect(page.locator('[data-task="t36"]')).toHaveAttribute('data-status', '未开始');
  await page.getByTestId('plan-date').fill('2025-11-15');
  await expect(page.locator('[data-task="t36"]')).toHaveAttribute('data-status', /进行中|已完成/);
  await shot(page, 'plan');

  // Tick a meeting (3 月) by hand.
  const meeting = page.locator('[data-task="t06"]');
  await expect(meeting).toHaveAttribute('data-status', '逾期');
  await meeting.getByRole('button', { name: '标记完成' }).click();
  await meeting.getByLabel('完成日期').fill('2025-03-12');
  await meeting.getByLabel('备注').fill('已召开');
  await meeting.getByRole('button', { name: '确认' }).click();
  await expect(meeting).toHaveAttribute('data-status', '已完成');
  await expect(meeting.locator('.figure')).toContainText('手工确认 2025-03-12：已召开');

  // Edit the plan: rename the first task and add one.
  await page.getByRole('button', { name: '编辑计划' }).click();
  const editor = page.getByTestId('plan-editor');
  await editor.getByLabel('工作内容').first().fill('参与迎接国家、省、市乡村振兴考核检查（已改）');
  await editor.getByRole('button', { name: '添加任务' }).click();
  await editor.getByLabel('工作内容').last().fill('新增：资助政策宣传月');
  await page.getByTestId('plan-save').click();
  await expect(page.getByText('已保存 2025 年工作计划')).toBeVisible();

  await page.reload();
  await waitReady(page, WAIT);
  await expect(page.getByTestId('plan-counts')).toHaveAttribute('data-ready', 'true', { timeout: WAIT });
  await expect(page.locator('[data-task="t06"]')).toHaveAttribute('data-status', '已完成');
  await expect(page.locator('[data-task="t01"]')).toContainText('（已改）');
  await expect(page.getByTestId('plan-months').getByText('新增：资助政策宣传月')).toBeVisible();
});

test('考核: counties ranked, a county’s schools, the 通报 prints, 先进单位 confirmed', async ({ page }) => {
  await page.goto('assess?year=2025');
  await waitReady(page, WAIT);
  const table = page.getByTestId('assess-table');
  await expect(table).toHaveAttribute('data-ready', 'true', { timeout: WAIT });
  const rows = table.locator('tbody tr');
  expect(await rows.count()).toBeGreaterThan(5);
  // Ranked: totals never increase down the table.
  const totals = (await table.locator('td.total').allTextContents()).filter((t) => t !== '—').map(Number);
  expect(totals.length).toBeGreaterThan(5);
  expect([...totals].sort((a, b) => b - a)).toEqual(totals);
  await expect(rows.first().locator('td').first()).toHaveText('1');
  // An indicator cell links to the data behind it.
  await expect(rows.first().locator('td.cell a').first()).toHaveAttribute(
    'href',
    /\/coverage\?year=2025&county=/
  );
  await expect(page.getByTestId('advanced')).toContainText('建议');
  await shot(page, 'assess');
  // The 通报 prints from the site.
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: WAIT }),
    page.getByRole('button', { name: '打印考核结果通报' }).click()
  ]);
  expect(download.suggestedFilename()).toBe('2025年度-考核结果通报.pdf');
  if (SHOTS) await download.saveAs(`${SHOTS}/通报-site.pdf`);

  // Within one county: its schools.
  const first = (await rows.first().getAttribute('data-unit'))!;
  await rows.first().locator('td.unit a').click();
  await expect(page.locator('h1')).toContainText(`${first}各学校`);
  await expect(table).toHaveAttribute('data-ready', 'true', { timeout: WAIT });
  expect(await table.locator('tbody tr').count()).toBeGreaterThan(0);

  // A link to 考核 with another year while the page stays mounted follows the address.
  await nav(page, '/assess?year=2024');
  await expect(page.getByTestId('assess-year')).toHaveValue('2024');
  // Confirm the 先进单位: back to the ranking as a user (a link; a page load would start
  // duckdb-wasm again).
  await nav(page, '/assess?year=2025');
  await expect(page.getByTestId('assess-year')).toHaveValue('2025');
  await expect(table).toHaveAttribute('data-ready', 'true', { timeout: WAIT });
  await page.getByTestId('advanced-confirm').click();
  await expect(page.getByTestId('advanced-confirmed')).toBeVisible();
});

test('考核方案 edited in 设置 survives a reload and rescales the 考核; 总览 links to the 工作台', async ({
  page
}) => {
  // Edit the scheme in 设置: move 5 points from 数据质量 to 整改完成率; a wrong sum is refused.
  await page.goto('settings');
  await waitReady(page, WAIT);
  const ed = page.getByTestId('scheme-editor');
  await ed.getByLabel('数据质量权重').fill('0');
  await ed.getByTestId('scheme-save').click();
  await expect(ed).toContainText('各指标权重之和应为 100，当前为 95');
  await ed.getByLabel('整改完成率权重').fill('15');
  await expect(ed.getByTestId('scheme-sum')).toHaveText('100');
  await ed.getByTestId('scheme-save').click();
  await expect(ed).toContainText('已保存 2025 年度考核方案');
  await page.reload();
  await waitReady(page, WAIT);
  await expect(page.getByTestId('scheme-editor').getByLabel('整改完成率权重')).toHaveValue('15');
  await nav(page, '/assess?year=2025');
  await expect(page.getByTestId('assess-table')).toHaveAttribute('data-ready', 'true', { timeout: WAIT });
  await expect(page.locator('thead')).toContainText('整改完成率（15）');

  // 总览: the one-line summary links to the 工作台.
  await nav(page, '/');
  await waitReady(page, WAIT);
  const line = page.getByTestId('plan-line');
  await expect(line).toContainText(/本月 \d+ 项，逾期 \d+ 项/, { timeout: WAIT });
  await line.getByRole('link').click();
  await expect(page).toHaveURL(/\/plan\?year=\d+&date=/);
});
