/**
 * `npm run bench -- --big [--sizes 250,500,1000]`: the CLI on large payments exports (issue 9,
 * High 3). Writes a payments CSV of each size (MB) into a temporary folder, runs
 * `npm run audit` on it under /usr/bin/time and prints wall time, peak RSS and what the CLI said.
 * Not part of npm test: a 1 GB run takes minutes and gigabytes.
 */
import { spawnSync } from 'node:child_process';
import {
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs';
import { loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { PAY_HEADER, payRow } from '../tests/fixtures/hostile/corpus';

export async function writePayments(file: string, bytes: number): Promise<number> {
  const out = createWriteStream(file);
  let written = 0;
  let rows = 0;
  const write = (s: string) =>
    out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()));
  await write(PAY_HEADER + '\n');
  while (written < bytes) {
    const lines: string[] = [];
    for (let i = 0; i < 10_000; i++) lines.push(payRow(rows++));
    const chunk = lines.join('\n') + '\n';
    written += Buffer.byteLength(chunk);
    await write(chunk);
  }
  await new Promise<void>((r) => out.end(() => r()));
  return rows;
}

/** What one timed CLI run gave: exit code, wall time, peak RSS and the lines it ended with. */
interface TimedRun {
  status: number | null;
  wall: string;
  rssMb: number | null;
  /** DuckDB's memory limit the CLI reported (on disk), if any. */
  limit: string | null;
  said: string;
}

/** Runs `node --import tsx <args>` under /usr/bin/time -v (peak RSS of the whole process). */
function timeNode(args: string[]): TimedRun {
  const t0 = Date.now();
  const r = spawnSync('/usr/bin/time', ['-v', 'node', '--import', 'tsx', ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 26
  });
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1];
  return {
    status: r.status,
    wall: `${((Date.now() - t0) / 1000).toFixed(1)} s`,
    rssMb: rss ? Math.round(Number(rss) / 1024) : null,
    limit: /内存上限 ([^，]+)，/.exec(r.stderr)?.[1] ?? null,
    said: (r.stdout + r.stderr)
      .split('\n')
      // Not the progress lines ("  读取 发放明细.csv：40%"), only what the run ended with.
      .filter((l) => /读取文件|发放明细\.csv|核查未完成|无法/.test(l) && !/^ {2}读取 /.test(l))
      .slice(0, 3)
      .join(' | ')
  };
}

/** `npm run audit` on a folder, timed; with the step times its summary.json recorded. */
function timeAudit(dir: string, memoryLimit?: string): TimedRun & { summary: string } {
  const run = timeNode([
    'scripts/audit.ts',
    '--data',
    join(dir, 'data'),
    '--out',
    join(dir, 'out'),
    ...(memoryLimit ? ['--memory-limit', memoryLimit] : [])
  ]);
  let summary: string;
  try {
    const s = JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8'));
    const t = s.timings ?? {};
    const read = (s.files ?? []).reduce((n: number, f: { read?: number }) => n + (f.read ?? 0), 0);
    summary = `summary: read ${read}; 导入+加载 ${t.importMs} ms，政策 ${t.loadMs} ms，规则 ${t.rulesMs} ms`;
  } catch {
    summary = 'summary.json 未生成';
  }
  return { ...run, summary };
}

const peak = (r: TimedRun) =>
  `峰值内存 ${r.rssMb ?? '?'} MB${r.limit ? `（DuckDB 内存上限 ${r.limit}）` : ''}`;

/**
 * `importOnly`: bench/import-only.ts instead of the whole audit (the importer's memory apart from
 * DuckDB's tables, and no rule run). `memoryLimit`: the audit's `--memory-limit` (default: the
 * CLI's own, DISK_MEMORY_LIMIT).
 */
export async function benchBigImport(
  sizesMb: number[],
  importOnly = false,
  memoryLimit?: string
): Promise<void> {
  for (const mb of sizesMb) {
    const dir = mkdtempSync(join(tmpdir(), `big-${mb}-`));
    try {
      mkdirSync(join(dir, 'data'));
      const rows = await writePayments(join(dir, 'data', '发放明细.csv'), mb * 2 ** 20);
      const r = importOnly
        ? { ...timeNode(['bench/import-only.ts', join(dir, 'data', '发放明细.csv')]), summary: '' }
        : timeAudit(dir, memoryLimit);
      console.log(
        `${mb} MB（${rows} 行）：退出码 ${r.status}，用时 ${r.wall}，${peak(r)}；${r.summary}；${r.said}`
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

/**
 * The generator's heap: it builds the whole city in memory (about 1.45 GB of heap per unit of
 * scale: 0.72 GB at 0.5), so scale 10 needs about 15 GB. A fixed 16 GB left it collecting garbage
 * without end at scale 10; 80% of the machine's memory, at least 4 GB, leaves room for the rest.
 */
function generatorHeapMb(): number {
  return Math.max(4096, Math.floor((totalmem() / 2 ** 20) * 0.8));
}

/**
 * `npm run bench -- --cli-scales 1,5,10 [--page] [--port P]`: the whole CLI audit of the generated
 * demo city at each scale (all seven exports, two years), with its time and peak RSS, so the growth
 * from one scale to the next is visible (issue 8). The city is generated into a temporary folder
 * first (in memory: the generator needs a large heap at scale 10). With `--page`, the same seven
 * files then go through the 导入 page too: it imports them or refuses them before the tab runs out
 * of memory, naming `npm run audit` (size-limit.ts).
 */
export async function benchCliScales(
  scales: number[],
  memoryLimit?: string,
  pagePort?: number
): Promise<void> {
  // What each scale gave, kept in bench/results/<time>-cli-scales.json (growth from 1 to 10).
  const results: Record<string, unknown>[] = [];
  for (const scale of scales) {
    const dir = mkdtempSync(join(tmpdir(), `city-${scale}-`));
    try {
      const gen = spawnSync(
        'node',
        [
          `--max-old-space-size=${generatorHeapMb()}`,
          '--import',
          'tsx',
          'scripts/generate.ts',
          '--scale',
          String(scale),
          '--out',
          join(dir, 'data')
        ],
        { encoding: 'utf8', maxBuffer: 1 << 24 }
      );
      if (gen.status !== 0) {
        console.log(`scale ${scale}：生成失败（${gen.stderr.split('\n').slice(-3).join(' ')}）`);
        continue;
      }
      // The generator's answer key is not an export.
      for (const f of ['ground-truth.csv', 'negatives.csv', 'manifest.json'])
        rmSync(join(dir, 'data', f), { force: true });
      const bytes = readdirSync(join(dir, 'data')).reduce(
        (n, f) => n + statSync(join(dir, 'data', f)).size,
        0
      );
      const r = timeAudit(dir, memoryLimit);
      console.log(
        `scale ${scale}（${Math.round(bytes / 2 ** 20)} MB）：退出码 ${r.status}，用时 ${r.wall}，${peak(r)}；${r.summary}；${r.said}`
      );
      const result: Record<string, unknown> = { scale, mb: Math.round(bytes / 2 ** 20), cli: r };
      if (pagePort) {
        const { importThroughPage, describePageImport } = await import('./big-page');
        const files = readdirSync(join(dir, 'data')).map((f) => join(dir, 'data', f));
        const page = describePageImport(await importThroughPage(pagePort, files));
        console.log(`scale ${scale} 导入页面：${page}`);
        result.page = page;
      }
      results.push(result);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const out = join('bench', 'results', `${new Date().toISOString().replace(/[:.]/g, '-')}-cli-scales.json`);
  mkdirSync(join('bench', 'results'), { recursive: true });
  writeFileSync(out, JSON.stringify({ loadavg: loadavg(), results }, null, 1));
  console.log(`结果 → ${out}`);
}
