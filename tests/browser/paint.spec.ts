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

/** Chooses a unit in the filter bar as a user would; resolves once 总览 is drawn again. */
async function chooseUnit(page: Page, unit: string) {
  await page.locator('select[name=county]').selectOption(unit);
  await waitCharts(page);
}

test('a later visit answers a filter change from the kept cube tables before the engine is up, with its numbers', async ({
  browser
}) => {
  test.setTimeout(240_000);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/');
  await waitReady(page);
  await waitCharts(page);
  // The cube tables and the findings the slices read arrive after the rules, then are stored.
  await page.waitForFunction(
    () => {
      const c = (window as unknown as { __cubes?: () => { tables: boolean; findings: boolean } }).__cubes?.();
      return c?.tables && c.findings;
    },
    undefined,
    { timeout: 120_000 }
  );
  await page.waitForTimeout(2500);
  const units = await page
    .locator('select[name=county] option')
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
  const unit = units[units.length - 1];
  // A unit not chosen before in this profile: no kept query result can draw it, only the slices.
  await chooseUnit(page, unit);
  const computed = await shown(page);
  expect(computed.kpis).toMatch(/\d/);

  // The next visit: the prepared database is held back, so the engine cannot load the data.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await context.route('**/demo/prepared.duckdb*', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/');
  await waitCharts(page);
  await page.waitForFunction(
    () => (window as unknown as { __cubes?: () => { tables: boolean } }).__cubes?.().tables,
    undefined,
    { timeout: 30_000 }
  );
  await chooseUnit(page, unit);
  expect(await page.locator('main').getAttribute('data-session-status')).not.toBe('ready');
  expect(await shown(page)).toEqual(computed);
  // Once the engine is up, the same view stays as it is.
  release();
  await waitReady(page);
  await waitCharts(page);
  expect(await shown(page)).toEqual(computed);
  await context.close();
});
