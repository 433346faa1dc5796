/**
 * Issue 9 (Medium 5): the site's content security policy has no 'unsafe-inline' for styles, and the
 * product works under it: every page (charts drawn, a tooltip shown), a PDF and an import, with no
 * policy violation reported by the browser (securitypolicyviolation events and console errors).
 * One page load, then the menu's links as a user clicks them (every page's served HTML is checked
 * for the same policy without loading the engine again).
 */
import { expect, test, type Page } from '@playwright/test';
import { NAV } from '../../src/lib/strings';
import { payments } from '../fixtures/hostile/corpus';
import { nav, waitCharts, waitReady } from './dashboard-helpers';

test.describe.configure({ timeout: 300_000 });

interface Violation {
  url: string;
  directive: string;
  blocked: string;
  sample: string;
}

/** Every violation of the policy from here on, on every page the test opens. */
async function recordViolations(page: Page): Promise<Violation[]> {
  const seen: Violation[] = [];
  await page.exposeBinding('__cspViolation', (_src, v: Violation) => void seen.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { __cspViolation(v: unknown): void }).__cspViolation({
        url: location.pathname,
        directive: e.violatedDirective,
        blocked: e.blockedURI,
        sample: e.sample
      })
    );
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text()))
      seen.push({ url: page.url(), directive: 'console', blocked: '', sample: m.text() });
  });
  return seen;
}

/**
 * Moves the mouse over the middle of each drawn chart so ECharts shows its HTML tooltip; returns the
 * computed colours of the tooltips' dots.
 */
async function hoverCharts(page: Page): Promise<string[]> {
  const dots: string[] = [];
  for (const live of await page.locator('figure[data-chart][data-state="ready"] .live').all()) {
    const box = await live.boundingBox();
    if (!box) continue;
    await live.scrollIntoViewIfNeeded();
    const b = (await live.boundingBox())!;
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
    await page.mouse.move(b.x + b.width / 2 + 3, b.y + b.height / 2 + 3);
    await page.waitForTimeout(150);
    dots.push(
      ...(await page.evaluate(() =>
        [...document.querySelectorAll('.tip-dot')].map((d) => getComputedStyle(d).backgroundColor)
      ))
    );
  }
  return dots;
}

test('every page, a PDF and an import run with no CSP violation, and styles are not inline', async ({
  page
}) => {
  const violations = await recordViolations(page);

  await page.goto('/');
  await waitReady(page);
  // The policy the site serves: scripts and styles from the site only, no inline styles but the
  // one style attribute of SvelteKit's route announcer, by its hash (svelte.config.js).
  const csp = (await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content'))!;
  const styleSrc = /style-src ([^;]*)/.exec(csp)![1];
  expect(styleSrc).toMatch(/^'self' 'unsafe-hashes' 'sha256-[A-Za-z0-9+/]{43}='$/);
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain("'unsafe-eval'");
  // Every page's document carries the same policy (a prerendered shell each: ssr is off).
  for (const { href } of NAV) {
    const html = await (await page.request.get(href)).text();
    const meta = /<meta http-equiv="content-security-policy" content="([^"]*)"/.exec(html);
    expect(meta?.[1].replace(/&#39;/g, "'").replace(/&quot;/g, '"'), href).toBe(csp);
  }

  const dots: string[] = [];
  for (const { href, label } of NAV) {
    await page.getByRole('navigation').getByRole('link', { name: label, exact: true }).click();
    await expect(page).toHaveURL((u) => u.pathname === href);
    await waitReady(page);
    if (await page.locator('figure[data-chart]').count()) {
      await waitCharts(page);
      dots.push(...(await hoverCharts(page)));
    }
  }
  // One unit's drill-down page too, and one of its schools (tables, no charts).
  const county = await page.evaluate(async () => {
    const s = (globalThis as unknown as { __aidSession: { query(q: string): Promise<{ c: string }[]> } })
      .__aidSession;
    return (await s.query('SELECT min(county) AS c FROM schools'))[0].c;
  });
  await nav(page, `/drill?county=${encodeURIComponent(county)}`);
  await waitReady(page);
  await page.locator('main table tbody tr a').first().click();
  await expect(page).toHaveURL(/school=/);
  await expect(page.locator('main table tbody tr').first()).toBeVisible();
  // The tooltips were shown, their coloured dots styled by the CSSOM rule (not the grey default).
  expect(dots.length).toBeGreaterThan(0);
  expect(dots.filter((c) => c !== 'rgb(153, 153, 153)').length).toBeGreaterThan(0);

  // A PDF (pdfmake and its fonts).
  await nav(page, '/reports');
  await waitReady(page);
  await expect(page.getByTestId('report-generate')).toBeEnabled({ timeout: 30_000 });
  await page.getByRole('radio', { name: /公示名单/ }).check();
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 180_000 }),
    page.getByTestId('report-generate').click()
  ]);
  expect(download.suggestedFilename()).toMatch(/\.pdf$/);

  // An import (the worker, OPFS, duckdb-wasm reloading), then 总览 on the imported data.
  await nav(page, '/import');
  await waitReady(page);
  await page
    .getByTestId('file-input')
    .setInputFiles([{ name: '发放.csv', mimeType: 'text/csv', buffer: Buffer.from(payments(50)) }]);
  await page.getByTestId('start-import').click();
  const row = page.getByTestId('import-report').locator('tr[data-file="发放.csv"]');
  await expect(row.locator('[data-field="accepted"]')).toHaveText('50', { timeout: 120_000 });
  await waitReady(page);
  await nav(page, '/');
  await waitReady(page);
  await waitCharts(page);
  await hoverCharts(page);

  expect(violations).toEqual([]);
});
