/** Helpers of the report tests and of the bench's PDF timings (bench/page-extra.ts). */
import { expect, type Page } from '@playwright/test';

/**
 * Widens one school's payments of a term and program to `n` rows in the page's engine (the demo's
 * rows of that group repeated, so every name is a real one): a 10,000-row 审定发放表 as a large
 * school files it. The demo's tables sit in a read-only attached file, so a copy in memory shadows
 * them (search_path puts memory first); imported data is widened in place.
 */
export const WIDEN_JS = `async ([term, school, program, n]) => {
  const engine = await globalThis.__aidSession.engine();
  const q = (s) => "'" + String(s).replace(/'/g, "''") + "'";
  const group = 'school_id = ' + q(school) + ' AND term = ' + q(term) + ' AND program = ' + q(program);
  const count = async () =>
    (await engine.query('SELECT count(*)::INTEGER AS n FROM payments WHERE ' + group))[0].n;
  const extra = '(SELECT p.* REPLACE (p.src_row + 1000000 * r.k AS src_row) FROM payments p, range(1, ' + n +
    ') r(k) WHERE ' + group + ' ORDER BY r.k, p.src_row LIMIT ' + (n - (await count())) + ')';
  try {
    await engine.exec('INSERT INTO payments ' + extra);
  } catch {
    await engine.exec('CREATE TABLE memory.main.payments AS SELECT * FROM payments UNION ALL ' + extra);
  }
  return count();
}`;

/**
 * Starts measuring the longest stretch the main thread is busy (the largest gap between a 16 ms
 * timer's ticks); STOP_GAP_PROBE_JS stops it and gives that gap in ms. Source text, as WIDEN_JS.
 */
export const START_GAP_PROBE_JS = `(() => {
  const w = globalThis;
  w.__maxGap = 0;
  let last = performance.now();
  w.__probe = setInterval(() => {
    const now = performance.now();
    w.__maxGap = Math.max(w.__maxGap, now - last);
    last = now;
  }, 16);
})()`;

export const STOP_GAP_PROBE_JS = '(clearInterval(globalThis.__probe), globalThis.__maxGap)';

/** Opens 报表 and waits until the data is loaded and the generate button can be pressed. */
export async function openReportsPage(page: Page): Promise<void> {
  await page.goto('/reports');
  await page.waitForFunction(
    () => (globalThis as unknown as { __aidSession?: { status: string } }).__aidSession?.status === 'ready',
    undefined,
    { timeout: 90_000 }
  );
  await expect(page.getByTestId('report-generate')).toBeEnabled({ timeout: 30_000 });
}
