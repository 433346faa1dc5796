/**
 * `npm run bench -- --big [--sizes 250,500,1000]`: the CLI on large payments exports (issue 9,
 * High 3). Writes a payments CSV of each size (MB) into a temporary folder, runs
 * `npm run audit` on it under /usr/bin/time and prints wall time, peak RSS and what the CLI said.
 * Not part of npm test: a 1 GB run takes minutes and gigabytes.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
      const t0 = Date.now();
      const r = spawnSync(
        '/usr/bin/time',
        importOnly
          ? ['-v', 'node', '--import', 'tsx', 'bench/import-only.ts', join(dir, 'data', '发放明细.csv')]
          : [
              '-v',
              'node',
              '--import',
              'tsx',
              'scripts/audit.ts',
              '--data',
              join(dir, 'data'),
              '--out',
              join(dir, 'out'),
              ...(memoryLimit ? ['--memory-limit', memoryLimit] : [])
            ],
        { encoding: 'utf8', maxBuffer: 1 << 26 }
      );
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1];
      const wall = `${((Date.now() - t0) / 1000).toFixed(1)} s`;
      const limit = /内存上限 ([^，]+)，/.exec(r.stderr)?.[1];
      const said = (r.stdout + r.stderr)
        .split('\n')
        // Not the progress lines ("  读取 发放明细.csv：40%"), only what the run ended with.
        .filter((l) => /读取文件|发放明细\.csv|核查未完成|无法/.test(l) && !/^ {2}读取 /.test(l))
        .slice(0, 3)
        .join(' | ');
      let summary = '';
      if (!importOnly)
        try {
          const s = JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8'));
          const t = s.timings ?? {};
          summary = `summary: read ${s.files?.[0]?.read} accepted ${s.files?.[0]?.accepted}; 导入+加载 ${t.importMs} ms，政策 ${t.loadMs} ms，规则 ${t.rulesMs} ms`;
        } catch {
          summary = 'summary.json 未生成';
        }
      console.log(
        `${mb} MB（${rows} 行）：退出码 ${r.status}，用时 ${wall}，峰值内存 ${rss ? Math.round(Number(rss) / 1024) : '?'} MB${limit ? `（DuckDB 内存上限 ${limit}）` : ''}；${summary}；${said}`
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
