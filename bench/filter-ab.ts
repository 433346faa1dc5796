/**
 * Filter changes on each dashboard page, two (or more) built sites side by side: each site is
 * served on its own port and opened in its own tab, and every change is made on each tab in turn
 * (same unit, one after the other), so the machine's load touches every build alike. For a change
 * to the drawing or the slices, measured where the bench's absolute figures drift with the load.
 *
 *   node --import tsx bench/filter-ab.ts --root before=/tmp/ab/before --root after=build [--changes 20]
 *
 * Each root is a built site with its demo (build/ after `npm start`, or a copy of it). Prints, per
 * page and build, the median and p95 of the changes to a new unit and back to 全市.
 */
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { ROOT, serve } from '../scripts/start.mjs';
import { CHROMIUM_ARGS, findChromium } from '../scripts/ensure-browser.mjs';
import { waitCharts, waitReady } from '../tests/browser/dashboard-helpers';
import { parseArgs } from '../scripts/lib/cli';
import { siteRoots } from './page-extra';
import { quantile, redraw, unitOptions, waitCubes } from './session';

const LONG = 15 * 60_000;
const SETTLE_MS = 20_000;
const PAGES = [
  { path: '/', label: '总览', findings: true },
  { path: '/coverage', label: '覆盖', findings: false },
  { path: '/funds', label: '资金', findings: false },
  { path: '/setaside', label: '计提', findings: false }
];

const argv = process.argv.slice(2);
const roots = siteRoots(argv, join(ROOT, 'build'));
const changes = Number(parseArgs(argv).changes ?? 20);
const verbose = argv.includes('--samples');

const servers = (await Promise.all(roots.map((r) => serve(0, '127.0.0.1', r.dir)))) as {
  close(): void;
  address(): { port: number };
}[];
const browser = await chromium.launch({ executablePath: findChromium() ?? undefined, args: CHROMIUM_ARGS });
try {
  const tabs: Page[] = [];
  for (const s of servers) {
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    tabs.push(page);
    await page.goto(`http://127.0.0.1:${s.address().port}/`);
    await waitReady(page, LONG);
  }
  // Each tab's background work after its load (cubes, reading the prepared file through) ends
  // before the first change, so no build is measured while another one's tab is still busy.
  await tabs[0].waitForTimeout(SETTLE_MS);
  console.log(`${changes} changes per page and build, alternating a new unit with 全市; ms median / p95`);
  for (const p of PAGES) {
    const counties: string[][] = [];
    for (const page of tabs) {
      await page.locator(`nav a[href$="${p.path}"]`).first().click();
      await waitCharts(page, LONG);
      await waitCubes(page, p.findings);
      counties.push(await unitOptions(page));
    }
    const fresh = tabs.map(() => [] as number[]);
    const repeat = tabs.map(() => [] as number[]);
    for (let i = 0; i < changes; i++) {
      const unit = i % 2 === 0 ? counties[0][(i / 2) % counties[0].length] : '';
      for (let t = 0; t < tabs.length; t++) (unit ? fresh : repeat)[t].push(await redraw(tabs[t], unit));
    }
    const st = (xs: number[]) => `${quantile(xs, 0.5)} / ${quantile(xs, 0.95)}`;
    for (let t = 0; t < tabs.length; t++)
      console.log(
        `${p.label} ${roots[t].label.padEnd(8)} new unit ${st(fresh[t]).padEnd(10)} 全市 ${st(repeat[t]).padEnd(10)} all ${st([...fresh[t], ...repeat[t]])}` +
          (verbose
            ? `\n  ${fresh[t].map((x, i) => `${Math.round(x)},${Math.round(repeat[t][i] ?? 0)}`).join(' ')}`
            : '')
      );
  }
} finally {
  await browser.close();
  for (const s of servers) s.close();
}
