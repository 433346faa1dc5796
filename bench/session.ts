/**
 * What a user waits for in the browser, at the demo's scale: page open → data ready (cold, and
 * warm after a reload), 总览 → all charts drawn, a filter change → every chart redrawn (median and
 * p95 of 20), and importing the demo's payments export through the import page.
 */
import type { Browser, Page } from '@playwright/test';
import { waitCharts, waitReady } from '../tests/browser/dashboard-helpers';

const LONG = 15 * 60_000;

export interface SessionTimings {
  coldReadyMs: number;
  warmReadyMs: number;
  overviewChartsMs: number;
  filterRedrawMs: { median: number; p95: number };
  importPaymentsMs: number | null;
}

/** performance.now() of the page when the session first became ready (set by the session). */
const readyAt = (page: Page) => page.evaluate('globalThis.__aidSession.readyAt') as Promise<number>;

const quantile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]);
};

/**
 * One redraw: change the unit filter and wait until every ready chart rendered again. Kept as
 * source text: tsx (esbuild keepNames) would wrap a TS function's inner closures in a `__name`
 * helper that does not exist inside the page.
 */
const REDRAW_JS = `async (value) => {
  const w = window;
  const before = Object.fromEntries(Object.entries(w.__charts).map(([k, v]) => [k, v.renders]));
  const sel = document.querySelector('select[name=county]');
  const t0 = performance.now();
  sel.value = value;
  sel.dispatchEvent(new Event('change', { bubbles: true }));
  return new Promise((resolve, reject) => {
    const tick = () => {
      const done =
        w.__dashQueries.n === 0 &&
        [...document.querySelectorAll('figure[data-chart]')].every((f) => {
          const state = f.getAttribute('data-state');
          if (state === 'loading') return false;
          if (state !== 'ready') return true;
          const e = w.__charts[f.getAttribute('data-chart')];
          return e.renders > (before[f.getAttribute('data-chart')] ?? 0) && e.drawnAt !== null;
        });
      if (done) resolve(performance.now() - t0);
      else if (performance.now() - t0 > 120000) reject(new Error('redraw timed out'));
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}`;

const redraw = (page: Page, value: string): Promise<number> =>
  page.evaluate(`(${REDRAW_JS})(${JSON.stringify(value)})`) as Promise<number>;

export async function measureSession(
  browser: Browser,
  baseUrl: string,
  paymentsFile: string | null
): Promise<SessionTimings> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/`);
  await waitReady(page, LONG);
  const coldReadyMs = await readyAt(page);
  await waitCharts(page, LONG);
  const overviewChartsMs = (await page.evaluate(
    'Math.round(Math.max(...Object.values(window.__charts).map((c) => c.drawnAt ?? 0)))'
  )) as number;
  await page.reload();
  await waitReady(page, LONG);
  const warmReadyMs = await readyAt(page);

  await page.goto(`${baseUrl}/coverage`);
  await waitCharts(page, LONG);
  const counties = await page
    .locator('select[name=county] option')
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
  const times: number[] = [];
  for (let i = 0; i < 20; i++)
    times.push(await redraw(page, i % 2 === 0 ? counties[(i / 2) % counties.length] : ''));

  let importPaymentsMs: number | null = null;
  if (paymentsFile) {
    await page.goto(`${baseUrl}/import`);
    await waitReady(page, LONG);
    await page.getByTestId('file-input').setInputFiles(paymentsFile);
    const t0 = Date.now();
    await page.getByTestId('start-import').click();
    await page.getByTestId('import-report').waitFor({ timeout: LONG });
    await waitReady(page, LONG);
    importPaymentsMs = Date.now() - t0;
  }
  await context.close();
  return {
    coldReadyMs: Math.round(coldReadyMs),
    warmReadyMs: Math.round(warmReadyMs),
    overviewChartsMs,
    filterRedrawMs: { median: quantile(times, 0.5), p95: quantile(times, 0.95) },
    importPaymentsMs
  };
}
