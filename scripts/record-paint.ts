/**
 * Records the demo's paint document (src/lib/session/paint.ts) against the built site, so a FIRST
 * visit to the demo draws 总览 and the other dashboards before duckdb-wasm is up.
 *
 * Why a browser: the document maps each dashboard query's exact SQL text (built by the pages from
 * their default filters) to its rows; the page itself is the one source of those texts. The rows
 * come from the engine answering over the prepared file, i.e. the numbers a visit computes.
 * The document's key hashes the build version, the demo's dataKey and the default policy, so a
 * rebuild or new demo data makes it unused (never wrong) until it is recorded again.
 *
 *   node --import tsx scripts/record-paint.ts [--port P]
 *
 * Writes build/demo/paint.json and build/demo/paint.stamp.json (what it was recorded against);
 * skipped when the stamp matches. Without a Chromium it says so and the site works without it.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { ROOT, serve } from './start.mjs';
import { CHROMIUM_ARGS, findChromium } from './ensure-browser.mjs';
import { waitCharts, waitReady } from '../tests/browser/dashboard-helpers';

const BUILD = join(ROOT, 'build');
const DEMO = join(BUILD, 'demo');
/** The dashboards whose default view a visitor sees; 总览 first (the landing page). */
const PAGES = ['/', '/coverage', '/funds', '/setaside'];
const LONG = 15 * 60_000;

function stampOf(): string | null {
  const version = join(BUILD, '_app', 'version.json');
  const manifest = join(DEMO, 'manifest.json');
  if (!existsSync(version) || !existsSync(manifest)) return null;
  const m = JSON.parse(readFileSync(manifest, 'utf8'));
  return JSON.stringify({
    build: JSON.parse(readFileSync(version, 'utf8')).version,
    data: m.prepared?.dataKey ?? m.generatedAt
  });
}

export async function recordDemoPaint(wantPort = 0): Promise<void> {
  const stamp = stampOf();
  const stampFile = join(DEMO, 'paint.stamp.json');
  if (!stamp) return;
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return;
  const executablePath = findChromium();
  if (!executablePath) {
    console.log('未找到 Chromium，跳过首访预绘制 / no Chromium: the first visit computes 总览 itself');
    return;
  }
  console.log('正在记录演示数据的首访结果 / recording the demo first-visit paint …');
  const t0 = Date.now();
  // Port 0: any free port, so a recording never collides with a server already running.
  const server = (await serve(wantPort)) as { close(): void; address(): { port: number } };
  const port = server.address().port;
  const browser = await chromium.launch({
    executablePath,
    args: CHROMIUM_ARGS
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    // One page load, then the menu (as a visitor goes): the cache is the session's, in memory.
    await page.goto(`http://127.0.0.1:${port}/`);
    await waitReady(page, LONG);
    for (const path of PAGES) {
      if (path !== '/') {
        await page.locator(`nav a[href$="${path}"]`).first().click();
        await page.waitForURL(`**${path}`);
      }
      await waitCharts(page, LONG);
      // A function, not a string: the site's CSP refuses eval.
      await page.waitForFunction(
        () => (window as unknown as { __dashQueries: { n: number } }).__dashQueries.n === 0,
        null,
        { timeout: LONG }
      );
    }
    const doc = await page.evaluate('globalThis.__aidSession.paintDoc()');
    if (!doc) throw new Error('页面没有结果可记录 / the page kept no results');
    writeFileSync(join(DEMO, 'paint.json'), JSON.stringify(doc));
    writeFileSync(stampFile, stamp);
    const n = (doc as { entries: unknown[] }).entries.length;
    console.log(`首访结果已记录：${n} 条查询，${Math.round((Date.now() - t0) / 1000)} s`);
  } finally {
    await browser.close();
    server.close();
  }
}

if (process.argv[1]?.endsWith('record-paint.ts')) {
  const i = process.argv.indexOf('--port');
  recordDemoPaint(i >= 0 ? Number(process.argv[i + 1]) : undefined).catch((e) => {
    // A missing first-visit paint costs speed, not function: report and go on.
    console.error(
      '记录首访结果失败 / recording the first-visit paint failed:',
      e instanceof Error ? e.message : e
    );
  });
}
