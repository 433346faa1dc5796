/**
 * Filter changes answered from the cube tables loaded in the page (src/lib/dashboard/cubes.svelte.ts):
 * once they are loaded, a unit change on 总览, 覆盖 and 计提 sends the engine none of the sliced
 * figures' queries, and what it draws equals what the engine computes for the same address in a new
 * tab (tests/unit/metrics-slices.test.ts proves the figures equal on every filter; this proves the
 * pages use them).
 */
import { expect, test, type Page } from '@playwright/test';
import { waitCharts, waitReady } from './dashboard-helpers';

/** Waits until the page answers filter changes from its cubes (and the findings, on 总览). */
async function waitCubes(page: Page, findings: boolean) {
  await expect
    .poll(
      () =>
        page.evaluate(`(() => { const c = window.__cubes && window.__cubes();
          return Boolean(c && c.tables && (${findings} ? c.findings : true)); })()`),
      { timeout: 120_000 }
    )
    .toBe(true);
}

/** The statements the engine ran (not answered from kept results) since the log was cleared. */
const ranSql = (page: Page) =>
  page.evaluate('(globalThis.__aidQueryLog || []).filter((e) => !e.kept).map((e) => e.sql)') as Promise<
    string[]
  >;

/** The sliced tables: a query reading one of them would mean the slice was not used. */
const SLICED =
  /metric_needy_cube|metric_needy_paid_cube|metric_funded_cube|metric_pay_cube|metric_missed_priority|\bfindings\b|setasides/;

const CASES = [
  { path: '/', findings: true, read: '[data-testid=kpis]' },
  { path: '/coverage', findings: false, read: '[data-testid=coverage-table]' },
  { path: '/setaside', findings: false, read: '[data-testid=setaside-table]' }
];

for (const c of CASES)
  test(`${c.path}: a unit change after the cubes loaded queries nothing and equals the engine`, async ({
    page,
    browser
  }) => {
    await page.goto(c.path);
    await waitReady(page);
    await waitCharts(page);
    await waitCubes(page, c.findings);
    const counties = await page
      .locator('select[name=county] option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    expect(counties.length).toBeGreaterThan(1);
    // The first unit with figures on this page (a small demo city leaves some units without 计提).
    let sliced = '';
    for (const county of counties) {
      await page.evaluate('globalThis.__aidQueryLog = []');
      await page.locator('select[name=county]').selectOption(county);
      await expect(page).toHaveURL(new RegExp(`county=${encodeURIComponent(county)}`));
      await waitCharts(page);
      expect((await ranSql(page)).filter((s) => SLICED.test(s))).toEqual([]);
      sliced = (await page.locator(c.read).innerText()).trim();
      if (sliced.includes('%')) break;
    }
    expect(sliced).toContain('%');

    // The same address in a new tab, computed by the engine before any cube is loaded.
    const other = await browser.newPage();
    await other.goto(page.url());
    await waitReady(other);
    await waitCharts(other);
    expect((await other.locator(c.read).innerText()).trim()).toBe(sliced);
    await other.close();
  });
