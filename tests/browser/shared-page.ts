/**
 * One page per worker for the tests of a file that only read the demo: the page loads duckdb-wasm
 * and the demo once (5–10 s on a busy 2-core machine), and each test then reaches its start page
 * by client-side navigation (`open`), as a user clicking a link. Tests that import, mark or change
 * settings keep their own page (the default fixture): they must not leave anything behind.
 *
 * The test's `viewport` option still applies (set on the shared page before each test), and the
 * page is back to screen media. A failed test ends its worker, so the next test gets a fresh page.
 */
import { test as base, type Page } from '@playwright/test';
import { nav } from './dashboard-helpers';

export const test = base.extend<object, { sharedPage: Page }>({
  sharedPage: [
    async ({ browser }, use, workerInfo) => {
      const { baseURL, locale } = workerInfo.project.use;
      const context = await browser.newContext({ baseURL, locale });
      await use(await context.newPage());
      await context.close();
    },
    { scope: 'worker' }
  ],
  page: async ({ sharedPage, viewport }, use) => {
    if (viewport) await sharedPage.setViewportSize(viewport);
    await sharedPage.emulateMedia({ media: 'screen' });
    await use(sharedPage);
  }
});

export { expect } from '@playwright/test';

/** Goes to `path`: a page load on the worker's first test, client-side navigation after. */
export async function open(page: Page, path: string) {
  if (page.url() === 'about:blank') await page.goto(path);
  else await nav(page, path);
}
