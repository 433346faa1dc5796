/**
 * The bench's other browser measurements (issue 8): the annual summary PDF and a 10,000-row
 * 审定发放表 made on the 报表 page (in the PDF worker), the import page on the payments export in
 * GBK and as a 100,000-row XLSX, and the tab's memory. Each runs in a fresh browser context (the
 * demo data, nothing imported), so one measurement never inherits another's data.
 *
 * Memory: performance.measureUserAgentSpecificMemory needs cross-origin isolation, which the site
 * does not have; so the page's JS heap from CDP (Performance.getMetrics: the main thread only,
 * not duckdb-wasm's worker) and the peak RSS of Chromium's renderer processes from /proc (VmHWM:
 * everything the tab holds, the wasm heap of duckdb-wasm included).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import * as XLSX from '@e965/xlsx';
import { encodeGbk, gbkEncodable } from '../data/generator/gbk';
import { waitReady } from '../tests/browser/dashboard-helpers';
import { START_GAP_PROBE_JS, STOP_GAP_PROBE_JS, WIDEN_JS } from '../tests/browser/report-helpers';

const LONG = 15 * 60_000;

/**
 * The built sites a side-by-side script compares: each `--root LABEL=DIR` (or `--root DIR`, labelled
 * 'site'), in order; none given: `fallback` (this checkout's build) as 'site'.
 */
export function siteRoots(argv: string[], fallback: string): { label: string; dir: string }[] {
  const roots: { label: string; dir: string }[] = [];
  for (let i = 0; i < argv.length; i++)
    if (argv[i] === '--root') {
      const [label, dir] = argv[i + 1].includes('=') ? argv[i + 1].split('=', 2) : ['site', argv[i + 1]];
      roots.push({ label, dir: resolve(dir) });
    }
  if (!roots.length) roots.push({ label: 'site', dir: fallback });
  return roots;
}

export interface TabMemory {
  /** The page's main-thread JS heap in use (MB), at the end of the measurement. */
  jsHeapMb: number;
  /** Peak resident memory of the renderer processes alive then (MB; VmHWM, Linux only). */
  rendererPeakMb: number | null;
}

export interface PdfTimings {
  /** 年度工作总结 of the latest year, first PDF of the tab (pdfmake and the fonts loaded too). */
  annualMs: number;
  annualPages: number | null;
  /** 审定发放表 of 10,000 rows (the pdfmake worker and fonts already loaded). */
  approvalMs: number;
  /** The longest the page's main thread was busy while the approval sheet was made. */
  approvalMainBlockMs: number;
  memory: TabMemory;
}

export interface PageImport {
  label: string;
  file: string;
  rows: number;
  bytes: number;
  /** Start import → the report shown and the session ready again. */
  ms: number;
  /** Where the page's time went (session.timings: importRead, importSave, read, tables, policy, rules). */
  timings: Record<string, number>;
  memory: TabMemory;
}

/** JS heap of the page (CDP) and the renderers' peak RSS (/proc; the browser's process list from CDP). */
export async function tabMemory(browser: Browser, context: BrowserContext, page: Page): Promise<TabMemory> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
  let peak: number | null = null;
  try {
    const b = await browser.newBrowserCDPSession();
    const info = (await b.send('SystemInfo.getProcessInfo')) as {
      processInfo: { type: string; id: number }[];
    };
    await b.detach();
    for (const p of info.processInfo.filter((x) => x.type === 'renderer')) {
      const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${p.id}/status`, 'utf8'))?.[1];
      if (kb) peak = Math.max(peak ?? 0, Math.round(Number(kb) / 1024));
    }
  } catch {
    peak = null;
  }
  return { jsHeapMb: Math.round(heap / 2 ** 20), rendererPeakMb: peak };
}

/** Generate on the 报表 page and wait for the download: ms from the click, and the file. */
async function generate(page: Page): Promise<{ ms: number; path: string | null }> {
  const downloaded = page.waitForEvent('download', { timeout: LONG });
  const t0 = Date.now();
  await page.getByTestId('report-generate').click();
  const d = await downloaded;
  const ms = Date.now() - t0;
  return { ms, path: await d.path() };
}

const pdfPages = (path: string | null): number | null => {
  if (!path) return null;
  const m = /\/Type\s*\/Pages[^>]*?\/Count\s+(\d+)/.exec(readFileSync(path, 'latin1'));
  return m ? Number(m[1]) : null;
};

export async function measurePdfs(browser: Browser, baseUrl: string): Promise<PdfTimings> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  try {
    await page.goto(`${baseUrl}/reports`);
    await waitReady(page, LONG);
    await page.getByTestId('report-generate').waitFor({ timeout: LONG });

    await page.getByRole('radio', { name: /年度工作总结/ }).check();
    const years = await page
      .getByTestId('report-year')
      .locator('option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    await page.getByTestId('report-year').selectOption(years[years.length - 1]);
    const annual = await generate(page);

    await page.getByRole('radio', { name: /审定发放表/ }).check();
    const term = await page.getByTestId('report-term').inputValue();
    const school = await page.getByTestId('report-school').inputValue();
    const program = await page.getByTestId('report-program').inputValue();
    await page.evaluate(`(${WIDEN_JS})(${JSON.stringify([term, school, program, 10_000])})`);
    await page.evaluate(START_GAP_PROBE_JS);
    const approval = await generate(page);
    const block = (await page.evaluate(STOP_GAP_PROBE_JS)) as number;
    return {
      annualMs: annual.ms,
      annualPages: pdfPages(annual.path),
      approvalMs: approval.ms,
      approvalMainBlockMs: Math.round(block),
      memory: await tabMemory(browser, context, page)
    };
  } finally {
    await context.close();
  }
}

/** The import page on one file, in a fresh context: start → report shown and data ready. */
export async function measurePageImport(
  browser: Browser,
  baseUrl: string,
  f: { label: string; name: string; bytes: Uint8Array; rows: number; mime: string },
  /** Called once the page exists, before it opens (bench/page-import.ts profiles the import worker). */
  onPage?: (context: BrowserContext, page: Page) => Promise<void>,
  /** Called once data is ready, before the context closes. */
  afterImport?: (page: Page) => Promise<void>
): Promise<PageImport> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  let dir: string | null = null;
  try {
    await onPage?.(context, page);
    await page.goto(`${baseUrl}/import`);
    await waitReady(page, LONG);
    // Playwright takes a buffer of at most 50 MB: a city-size file goes through a temporary file
    // under its own name (the importer reads the name).
    dir = mkdtempSync(join(tmpdir(), 'bench-import-'));
    const path = join(dir, f.name);
    writeFileSync(path, f.bytes);
    await page.getByTestId('file-input').setInputFiles(path);
    const t0 = Date.now();
    await page.getByTestId('start-import').click();
    await page.getByTestId('import-report').waitFor({ timeout: LONG });
    await waitReady(page, LONG);
    const ms = Date.now() - t0;
    const timings = (await page.evaluate('globalThis.__aidSession.timings')) as Record<string, number>;
    await afterImport?.(page);
    return {
      label: f.label,
      file: f.name,
      rows: f.rows,
      bytes: f.bytes.length,
      ms,
      timings,
      memory: await tabMemory(browser, context, page)
    };
  } finally {
    await context.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The payments export re-encoded as GBK (what most 资助系统 exports are), line batches at a time.
 * The few rare characters of the demo's names outside GBK (e.g. 㛃, only in GB 18030's four-byte
 * range) become '?', as a GBK export writes them.
 */
export function paymentsGbk(utf8: string): { bytes: Uint8Array; rows: number } {
  const lines = utf8
    .replace(/^\uFEFF/, '')
    .replace(/(\r?\n)+$/, '')
    .split(/\r?\n/);
  const parts: Buffer[] = [];
  for (let i = 0; i < lines.length; i += 20_000) {
    let text = lines.slice(i, i + 20_000).join('\r\n') + '\r\n';
    if (!gbkEncodable(text)) text = [...text].map((ch) => (gbkEncodable(ch) ? ch : '?')).join('');
    parts.push(encodeGbk(text));
  }
  return { bytes: new Uint8Array(Buffer.concat(parts)), rows: lines.length - 1 };
}

/**
 * A 100,000-row XLSX of the payments export: its rows in order, repeated from the top when the
 * export has fewer (cells as text, as the exports keep ID numbers and card numbers).
 */
export function paymentsXlsx(utf8: string, rows = 100_000): { bytes: Uint8Array; rows: number } {
  // Only the rows needed: at scale 1 the export has 850,000, and SheetJS would hold them all.
  let end = 0;
  for (let i = 0; i <= rows && end >= 0; i++) end = utf8.indexOf('\n', end + 1);
  const head = end < 0 ? utf8 : utf8.slice(0, end + 1);
  const wb0 = XLSX.read(head.replace(/^\uFEFF/, ''), { type: 'string', raw: true, dense: true });
  const aoa = XLSX.utils.sheet_to_json<string[]>(wb0.Sheets[wb0.SheetNames[0]], {
    header: 1,
    raw: true,
    defval: ''
  });
  const [header, ...data] = aoa;
  const out: string[][] = [header];
  for (let i = 0; i < rows && data.length; i++) out.push(data[i % data.length]);
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(out), 'Sheet1');
  const bytes = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
  return { bytes: new Uint8Array(bytes), rows: out.length - 1 };
}
