/**
 * A later visit draws 总览 from the results stored at the last visit (src/lib/session/paint.ts) before
 * duckdb-wasm is up, and those painted numbers are exactly the ones the engine then computes.
 */
import { expect, test, type Page } from '@playwright/test';
import { waitCharts, waitReady } from './dashboard-helpers';

/** What 总览 shows: the KPI cards' text, the ranking table and every chart's series data. */
async function shown(page: Page) {
  return {
    kpis: await page.getByTestId('kpis').innerText(),
    ranking: await page.getByTestId('problem-ranking').innerText(),
    charts: await page.evaluate(() => {
      const w = window as unknown as {
        __charts: Record<string, { chart: { getOption(): { series: { data: unknown }[] } } }>;
      };
      return Object.fromEntries(
        Object.entries(w.__charts)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, v]) => [k, JSON.stringify(v.chart.getOption().series.map((s) => s.data))])
      );
    })
  };
}

test('a later visit paints 总览 before the engine is up, with the numbers the engine computes', async ({
  page
}) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await waitReady(page);
  await waitCharts(page);
  const computed = await shown(page);
  expect(computed.kpis).toMatch(/\d+ 条/);
  // The results are written to storage a moment after they arrive.
  await page.waitForTimeout(2500);

  await page.reload();
  await page.waitForFunction(
    () => document.querySelector('[data-testid=kpis]')?.getAttribute('data-ready') === 'true',
    undefined,
    { timeout: 60_000, polling: 20 }
  );
  // Drawn while the session is still starting: these are the stored results.
  expect(await page.locator('main').getAttribute('data-session-status')).not.toBe('ready');
  await waitCharts(page);
  const painted = await shown(page);
  expect(await page.locator('main').getAttribute('data-session-status')).not.toBe('ready');
  expect(painted).toEqual(computed);

  // Then the engine answers the same queries: nothing changes.
  await waitReady(page);
  await waitCharts(page);
  expect(await shown(page)).toEqual(computed);
});
