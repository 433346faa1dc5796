/**
 * Long dashboard tables (src/lib/ui/row-limit.svelte.ts): the first rows on screen, every row after
 * "显示全部" and on paper, back to the first rows after a filter change. The test city is too small to
 * pass the real limit of 30, so the page is told a limit of 3 before it starts.
 */
import { expect, test, type Page } from '@playwright/test';
import { waitCharts, waitReady } from './dashboard-helpers';

const LIMIT = 3;

const rowsOf = (page: Page, testid: string) =>
  page
    .getByTestId(testid)
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).innerText.trim()));

test.beforeEach(async ({ page }) => {
  await page.addInitScript(`globalThis.__aidRowLimit = ${LIMIT}`);
});

test('覆盖: first rows, all on request and in print, first rows again after a filter change', async ({
  page
}) => {
  await page.goto('/coverage');
  await waitReady(page);
  await waitCharts(page);
  const first = await rowsOf(page, 'coverage-table');
  expect(first).toHaveLength(LIMIT);
  const more = page.getByTestId('coverage-more');
  const total = Number((await more.innerText()).match(/共 (\d+) 个单位/)![1]);
  expect(total).toBeGreaterThan(LIMIT);

  await more.getByRole('button', { name: `显示全部 ${total} 个单位` }).click();
  const all = await rowsOf(page, 'coverage-table');
  expect(all).toHaveLength(total);
  // The same order: the first rows are the top of the whole table (most students missed first).
  expect(all.slice(0, LIMIT)).toEqual(first);
  await more.getByRole('button', { name: `只显示前 ${LIMIT} 个单位` }).click();
  expect(await rowsOf(page, 'coverage-table')).toEqual(first);

  // Paper lists every row, and the line with the button is not printed.
  // (The media change reaches the page's listeners at its next frame, hence the polls.)
  await page.emulateMedia({ media: 'print' });
  await expect.poll(() => rowsOf(page, 'coverage-table')).toEqual(all);
  await expect(more).toBeHidden();
  await page.emulateMedia({ media: 'screen' });
  await expect.poll(() => rowsOf(page, 'coverage-table')).toEqual(first);

  // Shown all, then a unit: its schools start from the first rows again.
  await more.getByRole('button', { name: `显示全部 ${total} 个单位` }).click();
  const units = await page
    .locator('select[name=county] option')
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
  let schools = 0;
  for (const unit of units) {
    await page.locator('select[name=county]').selectOption(unit);
    await waitCharts(page);
    const more2 = page.getByTestId('coverage-more');
    if (await more2.count()) {
      schools = Number((await more2.innerText()).match(/共 (\d+) 所学校/)![1]);
      break;
    }
  }
  expect(schools, 'a unit with more schools than the limit').toBeGreaterThan(LIMIT);
  expect(await rowsOf(page, 'coverage-table')).toHaveLength(LIMIT);
});

test('计提: the school table shows its first rows and all of them on request', async ({ page }) => {
  await page.goto('/setaside');
  await waitReady(page);
  await waitCharts(page);
  expect(await rowsOf(page, 'setaside-table')).toHaveLength(LIMIT);
  const more = page.getByTestId('setaside-more');
  const total = Number((await more.innerText()).match(/共 (\d+) 所学校/)![1]);
  await more.getByRole('button', { name: `显示全部 ${total} 所学校` }).click();
  expect(await rowsOf(page, 'setaside-table')).toHaveLength(total);
});
