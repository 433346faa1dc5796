/**
 * A visit draws 总览 from results kept earlier (src/lib/session/paint.ts) before duckdb-wasm is up:
 * a later visit from its own stored results, a first visit to the demo from the ones `npm start`
 * recorded (scripts/record-paint.ts); those painted numbers are exactly the ones the engine computes.
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

/** Waits for 总览's KPI cards, polling fast, and says whether the session was ready by then. */
async function kpisDrawn(page: Page): Promise<boolean> {
  await page.waitForFunction(
    () => document.querySelector('[data-testid=kpis]')?.getAttribute('data-ready') === 'true',
    undefined,
    { timeout: 60_000, polling: 20 }
  );
  return (await page.locator('main').getAttribute('data-session-status')) === 'ready';
}

test('first and later visits paint 总览 before the engine is up, with the numbers the engine computes', async ({
  browser
}) => {
  test.setTimeout(240_000);
  // The engine's numbers: a profile that never saw the site, without the demo's recorded results.
  const fresh = await browser.newContext();
  await fresh.route('**/demo/paint.json', (r) => r.fulfill({ status: 404, body: '' }));
  const page = await fresh.newPage();
  await page.goto('/');
  await waitReady(page);
  await waitCharts(page);
  const computed = await shown(page);
  expect(computed.kpis).toMatch(/\d+ 条/);
  // The results are written to storage a moment after they arrive.
  await page.waitForTimeout(2500);

  // A later visit: drawn from this profile's stored results while the session is still starting.
  await page.reload();
  expect(await kpisDrawn(page)).toBe(false);
  await waitCharts(page);
  const painted = await shown(page);
  expect(await page.locator('main').getAttribute('data-session-status')).not.toBe('ready');
  expect(painted).toEqual(computed);
  // Then the engine is up: nothing changes.
  await waitReady(page);
  await waitCharts(page);
  expect(await shown(page)).toEqual(computed);
  await fresh.close();

  // A first visit with the results `npm start` recorded for the demo (scripts/record-paint.ts).
  const first = await browser.newContext();
  const visitor = await first.newPage();
  const shipped = visitor.waitForResponse('**/demo/paint.json');
  await visitor.goto('/');
  expect((await shipped).status(), 'build/demo/paint.json: run scripts/record-paint.ts').toBe(200);
  expect(await kpisDrawn(visitor)).toBe(false);
  await waitCharts(visitor);
  expect(await shown(visitor)).toEqual(computed);
  await waitReady(visitor);
  await waitCharts(visitor);
  expect(await shown(visitor)).toEqual(computed);
  await first.close();
});
