/** Waiting for the dashboard's charts, shared by the dashboard spec and `npm run bench`. */
import { expect, type Page } from '@playwright/test';

/** Loading the demo (and running the rules) takes long at scale 1: DASH_WAIT_MS raises the waits. */
export const WAIT = Number(process.env.DASH_WAIT_MS ?? 120_000);

/** Test hooks the chart wrapper and the dashboard queries leave on window. */
export interface ChartsHandle {
  __charts: Record<string, { drawnAt: number | null; renders: number; el: HTMLElement; chart: unknown }>;
  __dashQueries: { n: number };
}

export async function waitReady(page: Page, timeout = WAIT) {
  await expect(page.locator('main')).toHaveAttribute('data-session-status', 'ready', { timeout });
}

/** Every chart on the page either drawn or showing its empty/error state, and no query running. */
export async function waitCharts(page: Page, timeout = WAIT) {
  await page.waitForFunction(
    () => {
      const w = window as unknown as ChartsHandle;
      if (!w.__charts || !w.__dashQueries || w.__dashQueries.n > 0) return false;
      // KPI cards (总览) mark themselves data-ready="false" until computed.
      if (document.querySelector('[data-ready="false"]')) return false;
      const figs = [...document.querySelectorAll('figure[data-chart]')];
      if (figs.length === 0) return false;
      return figs.every((f) => {
        const state = f.getAttribute('data-state');
        if (state === 'loading') return false;
        if (state !== 'ready') return true;
        const e = w.__charts[f.getAttribute('data-chart')!];
        return !!e && e.drawnAt !== null;
      });
    },
    undefined,
    { timeout, polling: 50 }
  );
}

/**
 * Client-side navigation, as a user clicking a link: the session (duckdb-wasm and the loaded data)
 * stays up, where page.goto loads the engine and the data again (5–10 s a page on a busy machine).
 */
export async function nav(page: Page, path: string) {
  await page.evaluate((href) => {
    const a = document.createElement('a');
    a.href = href;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }, path);
  await page.waitForURL((u) => u.pathname + u.search === new URL(path, u).pathname + new URL(path, u).search);
}
