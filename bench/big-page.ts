/**
 * `npm run bench -- --big --page [--sizes 250,500,1000] [--past-limit] [--port 4175]`: the 导入 page
 * on large payments exports (issue 9, High 3), in headless Chromium on the built site. For each size:
 * the outcome (imported, refused with the page's Chinese message, failed, or the tab crashed), the
 * time from 开始导入 until the data is loaded (or the refusal shows), the page's JS heap, and the peak
 * resident memory of the tab's renderer process (which also runs the import worker and duckdb-wasm)
 * and of all of Chromium, sampled from /proc every 250 ms.
 * `--past-limit` lifts the page's size limit (size-limit.ts) to see what happens beyond it.
 * Not part of npm test: minutes and gigabytes per file.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { findChromium } from '../scripts/ensure-browser.mjs';
import { ensureBuild, serve } from '../scripts/start.mjs';
import { writePayments } from './big-import';

const PAGE_SIZE = 4096;

/** Every process below `root` (Playwright's Chromium runs as a child of this Node process). */
function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      // Field 4 (ppid) after the command name in parentheses, which may contain spaces.
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // The process ended meanwhile.
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [c, pp] of parent)
      if (pp === p) {
        out.push(c);
        walk(c);
      }
  };
  walk(root);
  return out;
}

function rssOf(pid: number): { rss: number; renderer: boolean } {
  try {
    const rss = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * PAGE_SIZE;
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return { rss, renderer: cmd.includes('--type=renderer') };
  } catch {
    return { rss: 0, renderer: false };
  }
}

const gb = (b: number) => `${(b / 2 ** 30).toFixed(2)} GB`;

export interface PageImportOutcome {
  /** 导入：接收 N 行 / 拒绝/失败：message / 页面崩溃 / 失败：error. */
  outcome: string;
  seconds: number;
  heap: { used: number; limit: number };
  peakRenderer: number;
  peakAll: number;
}

/**
 * Imports `files` through the 导入 page of the site served on `port`, in a new headless Chromium,
 * and waits for the outcome: the report with the data loaded, the page's refusal or error, or a
 * crashed tab. Memory is sampled meanwhile (the page's JS heap every second, RSS every 250 ms).
 */
export async function importThroughPage(
  port: number,
  files: string[],
  pastLimit = false
): Promise<PageImportOutcome> {
  const browser = await chromium.launch({
    executablePath: findChromium(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run']
  });
  let peakRenderer = 0;
  let peakAll = 0;
  const sampler = setInterval(() => {
    let all = 0;
    for (const pid of descendants(process.pid)) {
      const { rss, renderer } = rssOf(pid);
      all += rss;
      if (renderer) peakRenderer = Math.max(peakRenderer, rss);
    }
    peakAll = Math.max(peakAll, all);
  }, 250);
  let outcome = '?';
  let seconds = NaN;
  let heap = { used: 0, limit: 0 };
  try {
    const page = await browser.newPage();
    let crashed = false;
    page.on('crash', () => (crashed = true));
    if (pastLimit)
      await page.addInitScript(() => Object.assign(globalThis, { __aidImportLimitBytes: 2 ** 40 }));
    await page.goto(`http://127.0.0.1:${port}/import`);
    await page.waitForSelector('main[data-session-status="ready"]', { timeout: 300_000 });
    await page.getByTestId('file-input').setInputFiles(files);
    let peakHeap = 0;
    const heapTimer = setInterval(async () => {
      const m = await page
        .evaluate(() => {
          const mem = (
            performance as unknown as { memory?: { usedJSHeapSize: number; jsHeapSizeLimit: number } }
          ).memory;
          return mem ? { used: mem.usedJSHeapSize, limit: mem.jsHeapSizeLimit } : null;
        })
        .catch(() => null);
      if (m) {
        peakHeap = Math.max(peakHeap, m.used);
        heap = { used: peakHeap, limit: m.limit };
      }
    }, 1000);
    const t0 = Date.now();
    await page.getByTestId('start-import').click();
    // Done: the page's refusal or error, or the report with the data loaded (status ready again).
    const done = await Promise.race([
      page
        .getByTestId('import-error')
        .waitFor({ timeout: 3_600_000 })
        .then(async () => `拒绝/失败：${await page.getByTestId('import-error').textContent()}`),
      page
        .waitForFunction(
          () =>
            !!document.querySelector('[data-testid="import-report"]') &&
            document.querySelector('main')?.getAttribute('data-session-status') === 'ready',
          undefined,
          { timeout: 3_600_000, polling: 500 }
        )
        .then(async () => {
          const cells = await page
            .getByTestId('import-report')
            .locator('tr[data-file] [data-field="accepted"]')
            .allTextContents();
          return `导入：${files.length} 个文件，接收 ${cells.join(' + ')} 行`;
        }),
      new Promise<string>((r) => page.on('crash', () => r('页面崩溃')))
    ]).catch((e) => (crashed ? '页面崩溃' : `失败：${String(e).split('\n')[0]}`));
    seconds = (Date.now() - t0) / 1000;
    clearInterval(heapTimer);
    outcome = done;
  } finally {
    clearInterval(sampler);
    await browser.close().catch(() => undefined);
  }
  return { outcome, seconds, heap, peakRenderer, peakAll };
}

/** One line: outcome, time, the page's JS heap and the tab's and Chromium's peak RSS. */
export const describePageImport = (r: PageImportOutcome): string =>
  `${r.outcome}；用时 ${r.seconds.toFixed(1)} s；` +
  `页面 JS 堆峰值 ${gb(r.heap.used)}（上限 ${gb(r.heap.limit)}）；标签页进程 RSS 峰值 ${gb(r.peakRenderer)}；` +
  `Chromium 全部进程 RSS 峰值 ${gb(r.peakAll)}`;

export async function benchBigPage(sizesMb: number[], pastLimit: boolean, port: number): Promise<void> {
  ensureBuild();
  const server = await serve(port);
  try {
    for (const mb of sizesMb) {
      const dir = mkdtempSync(join(tmpdir(), `big-page-${mb}-`));
      const file = join(dir, '发放明细.csv');
      try {
        const rows = await writePayments(file, mb * 2 ** 20);
        const r = await importThroughPage(port, [file], pastLimit);
        console.log(
          `页面 ${mb} MB（${rows} 行）：${describePageImport(r)}${pastLimit ? '（已取消页面上限）' : ''}`
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    server.close();
  }
}
