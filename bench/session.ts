/**
 * What a user waits for in the browser, at the demo's scale (issue 8's table): 总览 drawn with every
 * KPI and chart on a first visit and on a later one (reload), every other dashboard page drawn after
 * 总览, a filter change → every chart redrawn (median and p95 of 20, on 总览, 覆盖, 资金, 计提; on 核查,
 * its findings table shown again), data
 * ready (cold and warm), and importing the demo's payments export through the import page.
 */
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { waitCharts, waitReady } from '../tests/browser/dashboard-helpers';
import { tabMemory, type TabMemory } from './page-extra';

const LONG = 15 * 60_000;

export interface SessionTimings {
  coldReadyMs: number;
  warmReadyMs: number;
  /** 总览 with every KPI and chart drawn, from navigation start: first visit (fresh profile). */
  overviewChartsMs: number;
  /** The same first visit without the demo's recorded paint (demo/paint.json): the engine computes it. */
  overviewComputedMs: number;
  /** The same after a reload (a later visit: HTTP cache, stored results). */
  overviewLaterMs: number;
  /** Each other dashboard page drawn after 总览 was (client-side navigation), ms. */
  pagesAfterOverviewMs: Record<string, number>;
  /** The same when no page was seen before (no recorded paint): the engine answers every query. */
  pagesComputedMs: Record<string, number>;
  /** Filter change → every chart redrawn, 20 changes per page (覆盖's, for the old JSON field). */
  filterRedrawMs: FilterTimes;
  filterRedrawByPage: Record<string, FilterTimes>;
  /**
   * ms from a page drawn (its session ready) until the cube tables were loaded into the page
   * (src/lib/dashboard/cubes.svelte.ts), per page opened by address: filter changes are sampled
   * after that; before it they query the engine.
   */
  cubesLoadedMs: Record<string, number>;
  importPaymentsMs: number | null;
  /** Where that import's time went (session.timings: importRead, importSave, read, tables, policy, rules). */
  importTimings: Record<string, number> | null;
  /**
   * The imported city reopened (覆盖 reloaded after the import): ms to its charts drawn from the
   * kept results, one unit change made right then (answered by the kept cube tables while the
   * engine loads the stored files again; `status` is the session's when it was drawn), and ms to
   * the session ready.
   */
  reopenImported: { drawnMs: number; changeMs: number; status: string | null; readyMs: number } | null;
  /** The tab after every dashboard page and filter change (before the import). */
  memory: TabMemory | null;
}

/**
 * 20 changes alternate a unit not chosen before (the engine computes it) with 全市 again (seen
 * before: its results answer from the session's kept results).
 */
export interface FilterTimes {
  median: number;
  p95: number;
  /** The changes to a unit not chosen before. */
  fresh: { median: number; p95: number };
  /** The changes back to 全市, already drawn once. */
  repeat: { median: number; p95: number };
  /** Every change in order, ms (where a p95 comes from). */
  samples: { fresh: number[]; repeat: number[] };
}

/** performance.now() of the page when the session first became ready (set by the session). */
const readyAt = (page: Page) => page.evaluate('globalThis.__aidSession.readyAt') as Promise<number>;

/** Waits until the page answers filter changes from its cube tables (and findings, on 总览); ms. */
export async function waitCubes(page: Page, findings: boolean): Promise<number> {
  const t0 = Date.now();
  // A polling expression, not waitForFunction: the site's CSP forbids evaluating a string predicate.
  await page.evaluate(`new Promise((resolve, reject) => {
    const t = performance.now();
    const tick = () => {
      const c = window.__cubes && window.__cubes();
      if (c && c.tables && (${findings} ? c.findings : true)) resolve(true);
      else if (performance.now() - t > ${LONG}) reject(new Error('cubes not loaded'));
      else setTimeout(tick, 50);
    };
    tick();
  })`);
  return Date.now() - t0;
}

export const quantile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]);
};

/**
 * One redraw: change the unit filter and wait until every ready chart rendered again, at its new
 * height (until 2026-12-02 a chart whose height changed was drawn at the old size first, and the
 * bench stopped there, before the second draw at the right size 120 ms later). Kept as
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
          // Drawn at its new size too (a unit's schools make a taller chart than the units).
          return (
            e.renders > (before[f.getAttribute('data-chart')] ?? 0) &&
            e.drawnAt !== null &&
            e.chart.getHeight() === e.el.clientHeight
          );
        });
      if (done) resolve(performance.now() - t0);
      else if (performance.now() - t0 > 120000) reject(new Error('redraw timed out'));
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}`;

export const redraw = (page: Page, value: string): Promise<number> =>
  page.evaluate(`(${REDRAW_JS})(${JSON.stringify(value)})`) as Promise<number>;

/**
 * ms from navigation start until 总览's KPI cards and every chart are drawn: read right after
 * waitCharts saw it (polling every 50 ms), so an upper bound by at most one poll.
 */
const drawnAt = (page: Page) => page.evaluate('Math.round(performance.now())') as Promise<number>;

const DASH_PAGES = [
  { path: '/coverage', label: '覆盖' },
  { path: '/funds', label: '资金' },
  { path: '/setaside', label: '计提' }
];

/** The units the dashboard's filter bar offers (without 全市), in its order. */
export const unitOptions = (page: Page): Promise<string[]> =>
  page
    .locator('select[name=county] option')
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));

/** 20 filter changes on the current page (the unit filter, alternating with 全市). */
async function filterTimes(page: Page): Promise<FilterTimes> {
  return sampleChanges(await unitOptions(page), (c) => redraw(page, c));
}

/**
 * One change of 核查's 区县 filter: ms until the findings table holds the new view (its total is the
 * one expected and its first row is filled, not a placeholder). Source text, as REDRAW_JS.
 */
const INSPECT_CHANGE_JS = `async ([value, expected]) => {
  const sel = document.querySelector('[data-testid=f-county]');
  const t0 = performance.now();
  sel.value = value;
  sel.dispatchEvent(new Event('change', { bubbles: true }));
  return new Promise((resolve, reject) => {
    const tick = () => {
      const t = document.querySelector('[data-testid=findings-table]');
      const row = t && t.querySelector('[data-testid=vrow]');
      const done =
        t && t.getAttribute('data-total') === String(expected) &&
        (expected === 0 || (row && !row.querySelector('.loading')));
      if (done) resolve(performance.now() - t0);
      else if (performance.now() - t0 > 120000) reject(new Error('核查 table timed out'));
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}`;

/**
 * 核查 (opened from the menu, as a user would): 20 changes of its 区县 filter, alternating with 全部,
 * each timed until the table shows the new rows. The expected totals come from the page's engine.
 */
async function inspectFilterTimes(page: Page): Promise<FilterTimes> {
  await page.locator('nav a[href$="/inspect"]').click();
  await page.waitForURL('**/inspect');
  await page.getByTestId('findings-table').getByTestId('vrow').first().waitFor({ timeout: LONG });
  const rows = (await page.evaluate(
    `globalThis.__aidSession.query("SELECT county, count(*)::INTEGER AS n FROM findings GROUP BY ALL")`
  )) as { county: string | null; n: number }[];
  const total = rows.reduce((a, r) => a + r.n, 0);
  const byCounty = new Map(rows.map((r) => [r.county ?? '', r.n]));
  const counties = await page
    .getByTestId('f-county')
    .locator('option')
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
  return sampleChanges(counties, (c) => {
    const expected = c ? (byCounty.get(c) ?? 0) : total;
    return page.evaluate(`(${INSPECT_CHANGE_JS})(${JSON.stringify([c, expected])})`) as Promise<number>;
  });
}

/** 20 changes: a unit not chosen before, alternating with 全市 (every unit, seen before). */
async function sampleChanges(counties: string[], change: (county: string) => Promise<number>) {
  const fresh: number[] = [];
  const repeat: number[] = [];
  for (let i = 0; i < 20; i++)
    if (i % 2 === 0) fresh.push(await change(counties[(i / 2) % counties.length]));
    else repeat.push(await change(''));
  const stats = (xs: number[]) => ({ median: quantile(xs, 0.5), p95: quantile(xs, 0.95) });
  return {
    ...stats([...fresh, ...repeat]),
    fresh: stats(fresh),
    repeat: stats(repeat),
    samples: { fresh: fresh.map(Math.round), repeat: repeat.map(Math.round) }
  };
}

/** Each other dashboard page, reached from 总览 by the menu: ms until every chart is drawn. */
async function pagesAfterOverview(page: Page): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const p of DASH_PAGES) {
    const t0 = Date.now();
    await page.locator(`nav a[href$="${p.path}"]`).click();
    await page.waitForURL(`**${p.path}`);
    await waitCharts(page, LONG);
    out[p.label] = Date.now() - t0;
    await page.locator('nav a').first().click();
    await page.waitForURL((u) => new URL(u).pathname.endsWith('/'));
    await waitCharts(page, LONG);
  }
  return out;
}

/**
 * A first visit that computes everything: the demo's recorded paint is not served, so 总览 and
 * each page wait for the engine (what a first visit costs without scripts/record-paint.ts).
 */
async function computedVisit(browser: Browser, baseUrl: string) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.route('**/demo/paint.json', (r) => r.fulfill({ status: 404, body: '' }));
  const page = await context.newPage();
  await page.goto(`${baseUrl}/`);
  await waitCharts(page, LONG);
  const overviewComputedMs = await drawnAt(page);
  await waitReady(page, LONG);
  await waitCharts(page, LONG);
  const pagesComputedMs = await pagesAfterOverview(page);
  await context.close();
  return { overviewComputedMs, pagesComputedMs };
}

export async function measureSession(
  browser: Browser,
  baseUrl: string,
  paymentsFile: string | null
): Promise<SessionTimings> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/`);
  await waitCharts(page, LONG);
  const overviewChartsMs = await drawnAt(page);
  await waitReady(page, LONG);
  const coldReadyMs = await readyAt(page);
  await waitCharts(page, LONG);
  // Let the stored results be written (debounced) before the later visit.
  await page.waitForTimeout(3000);
  await page.reload();
  await waitCharts(page, LONG);
  const overviewLaterMs = await drawnAt(page);
  await waitReady(page, LONG);
  const warmReadyMs = await readyAt(page);
  await waitCharts(page, LONG);

  const pagesAfterOverviewMs = await pagesAfterOverview(page);

  const filterRedrawByPage: Record<string, FilterTimes> = {};
  const cubesLoadedMs: Record<string, number> = {};
  // 总览 after a reload: how long its cubes took to arrive once the session was ready.
  cubesLoadedMs['总览'] = await waitCubes(page, true);
  filterRedrawByPage['总览'] = await filterTimes(page);
  for (const p of DASH_PAGES) {
    await page.goto(`${baseUrl}${p.path}`);
    await waitReady(page, LONG);
    await waitCharts(page, LONG);
    cubesLoadedMs[p.label] = await waitCubes(page, false);
    filterRedrawByPage[p.label] = await filterTimes(page);
  }
  filterRedrawByPage['核查'] = await inspectFilterTimes(page);
  const filterRedrawMs = filterRedrawByPage['覆盖'];
  const memory = await tabMemory(browser, context, page).catch(() => null);

  let importPaymentsMs: number | null = null;
  let importTimings: Record<string, number> | null = null;
  let reopenImported: SessionTimings['reopenImported'] = null;
  if (paymentsFile) {
    await page.goto(`${baseUrl}/import`);
    await waitReady(page, LONG);
    await page.getByTestId('file-input').setInputFiles(paymentsFile);
    const t0 = Date.now();
    await page.getByTestId('start-import').click();
    await page.getByTestId('import-report').waitFor({ timeout: LONG });
    await waitReady(page, LONG);
    importPaymentsMs = Date.now() - t0;
    importTimings = (await page.evaluate('globalThis.__aidSession.timings')) as Record<string, number>;
    reopenImported = await reopen(page, baseUrl);
  }
  await context.close();
  const { overviewComputedMs, pagesComputedMs } = await computedVisit(browser, baseUrl);
  return {
    overviewComputedMs,
    pagesComputedMs,
    coldReadyMs: Math.round(coldReadyMs),
    warmReadyMs: Math.round(warmReadyMs),
    overviewChartsMs,
    overviewLaterMs,
    pagesAfterOverviewMs,
    filterRedrawMs,
    filterRedrawByPage,
    cubesLoadedMs,
    importPaymentsMs,
    importTimings,
    reopenImported,
    memory
  };
}

/**
 * An inspector's next day with an imported city: 覆盖 seen once (its results and cube tables are
 * kept), then reloaded; a unit is chosen as soon as the page is drawn, while duckdb-wasm loads the
 * stored files and computes everything again.
 */
async function reopen(page: Page, baseUrl: string): Promise<SessionTimings['reopenImported']> {
  await page.goto(`${baseUrl}/coverage`);
  await waitReady(page, LONG);
  await waitCharts(page, LONG);
  await waitCubes(page, false);
  // The kept results and cube tables are written a moment after they arrive.
  await page.waitForTimeout(3000);
  const t0 = Date.now();
  await page.reload();
  await waitCharts(page, LONG);
  const drawnMs = Date.now() - t0;
  const units = await unitOptions(page);
  const changeMs = Math.round(await redraw(page, units[units.length - 1]));
  const status = await page.locator('main').getAttribute('data-session-status');
  await waitReady(page, LONG);
  return { drawnMs, changeMs, status, readyMs: Date.now() - t0 };
}

/** The filter-change lines of the bench's printout. */
export function printFilterTimes(session: SessionTimings): void {
  for (const [label, t] of Object.entries(session.filterRedrawByPage))
    console.log(
      `筛选变更 (${label}) → 图表（核查：表格）重绘 (20 次): 中位数 ${t.median} ms, P95 ${t.p95} ms；新单位 ${t.fresh.median} / ${t.fresh.p95} ms，回到全市 ${t.repeat.median} / ${t.repeat.p95} ms`
    );
  console.log(`数据立方载入页面（自页面就绪起）: ${JSON.stringify(session.cubesLoadedMs)} ms`);
}

/** `npm run bench -- --session-only`: measureSession alone on the built demo, printed and saved. */
export async function benchSessionOnly(scale: number, port: number): Promise<void> {
  const { chromium } = await import('@playwright/test');
  const { ensureBuild, prepareDemo, recordPaint, serve, ROOT } = await import('../scripts/start.mjs');
  const { CHROMIUM_ARGS, findChromium } = await import('../scripts/ensure-browser.mjs');
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const { loadavg } = await import('node:os');
  prepareDemo(scale);
  ensureBuild();
  recordPaint();
  const server = await serve(port);
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  try {
    const s = await measureSession(browser, `http://127.0.0.1:${port}`, null);
    console.log(
      `总览 首次访问 ${s.overviewChartsMs} ms，再次访问 ${s.overviewLaterMs} ms；总览之后 ${JSON.stringify(s.pagesAfterOverviewMs)} ms`
    );
    printFilterTimes(s);
    console.log(
      `负载 ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`
    );
    const dir = join(ROOT, 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-session.json`);
    writeFileSync(file, JSON.stringify({ scale, loadavg: loadavg(), session: s }, null, 1));
    console.log(`结果 → ${file}`);
  } finally {
    await browser.close();
    server.close();
  }
}
