/**
 * A filter value in the URL is data: hostile text (a quote, `' OR TRUE --`, a statement) reaches
 * every dashboard query as a bound parameter, so the pages show zero or nothing for it, never a SQL
 * error, and the real data stays (the unfiltered page counts as before). The pages are visited by
 * client-side navigation: one session all along, so a statement that ran would still show at the end.
 */
import { mkdirSync } from 'node:fs';
import { nav, waitCharts, waitReady } from './dashboard-helpers';
// On the worker's shared page (tests/browser/shared-page.ts): the values must leave it intact.
import { expect, open, test } from './shared-page';

const SCREENS = 'test-results/screens';
mkdirSync(SCREENS, { recursive: true });
test.use({ viewport: { width: 1440, height: 900 } });

const HOSTILE = ["岳阳楼区'", "' OR TRUE --", "'; DROP TABLE payments; --"];

test('hostile filter values in the URL count nothing and break nothing', async ({ page }) => {
  test.setTimeout(300_000);
  await open(page, '/funds');
  await waitReady(page);
  await waitCharts(page);
  const paidBefore = await page.locator('figure[data-chart]').count();
  // One page per value and filter.
  const visits: [string, string, string][] = [
    ['/', 'county', HOSTILE[0]],
    ['/coverage', 'county', HOSTILE[1]],
    ['/funds', 'program', HOSTILE[2]],
    ['/setaside', 'school', HOSTILE[1]]
  ];
  for (const [path, field, h] of visits) {
    await nav(page, `${path}?${field}=${encodeURIComponent(h)}`);
    await waitReady(page);
    await waitCharts(page);
    // No chart failed: each is drawn or says it has nothing for this filter.
    await expect(page.locator('figure[data-chart][data-state="error"]'), `${path} ${h}`).toHaveCount(0);
    await expect(
      page.locator('figure[data-chart][data-state="empty"]').first(),
      `${path} ${h}`
    ).toBeVisible();
    if (path === '/coverage')
      await page.screenshot({ path: `${SCREENS}/params-hostile-coverage.png`, fullPage: true });
  }
  await nav(page, `/drill?county=${encodeURIComponent(HOSTILE[1])}`);
  await waitReady(page);
  await expect(page.getByTestId('drill-level')).toHaveAttribute('data-level', 'county');
  await expect(page.getByText(/错误|Error/)).toHaveCount(0);
  // The data is still there: the unfiltered page draws the same charts as before.
  await nav(page, '/funds');
  await waitReady(page);
  await waitCharts(page);
  await expect(page.locator('figure[data-chart][data-state="ready"]')).toHaveCount(paidBefore);
});
