/**
 * Filter changes answered from the cube tables loaded in the page (src/lib/dashboard/cubes.svelte.ts):
 * once they are loaded, a unit change on 总览, 覆盖, 资金 and 计提 sends the engine none of the sliced
 * figures' queries (资金: no statement at all), and what it draws equals what the engine computes for the same address in a new
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
  /metric_needy_cube|metric_needy_paid_cube|metric_funded_cube|metric_pay_cube|metric_exec_students|metric_missed_priority|\bfindings\b|setasides|\ballocations\b/;

/** `read`: what is compared with the engine's; `none`: every figure is sliced, so no statement runs. */
const CASES = [
  { path: '/', findings: true, read: ['[data-testid=kpis]'], none: false },
  { path: '/coverage', findings: false, read: ['[data-testid=coverage-table]'], none: false },
  {
    path: '/funds',
    findings: false,
    read: ['[data-testid=funds-unit-table]', '[data-testid=funds-program-table]'],
    none: true
  },
  { path: '/setaside', findings: false, read: ['[data-testid=setaside-table]'], none: false }
];

/** The texts of the compared elements. */
const texts = async (page: Page, read: string[]) =>
  Promise.all(read.map(async (r) => (await page.locator(r).innerText()).trim()));

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
    let sliced: string[] = [];
    for (const county of counties) {
      await page.evaluate('globalThis.__aidQueryLog = []');
      await page.locator('select[name=county]').selectOption(county);
      await expect(page).toHaveURL(new RegExp(`county=${encodeURIComponent(county)}`));
      await waitCharts(page);
      const ran = await ranSql(page);
      expect(c.none ? ran : ran.filter((s) => SLICED.test(s))).toEqual([]);
      sliced = await texts(page, c.read);
      if (sliced[0].includes('%')) break;
    }
    expect(sliced[0]).toContain('%');

    // The same address in a new tab, computed by the engine before any cube is loaded.
    const other = await browser.newPage();
    await other.goto(page.url());
    await waitReady(other);
    await waitCharts(other);
    expect(await texts(other, c.read)).toEqual(sliced);
    await other.close();
  });
