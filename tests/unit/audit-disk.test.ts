/**
 * Issue 9 (High 3): the CLI audits large inputs in a temporary database file (memory does not grow
 * with the data). The on-disk run must give the same outputs as the in-memory run, byte for byte,
 * and leave no database file behind.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCity, writeCity } from '../../data/generator';
import {
  DISK_FROM_BYTES,
  DISK_MEMORY_LIMIT,
  chooseDatabase,
  diskMemoryLimit
} from '../../scripts/lib/audit-engine';

const run = promisify(execFile);
let dir: string;

async function audit(db: 'memory' | 'disk') {
  const out = join(dir, `out-${db}`);
  const tmp = join(dir, `tmp-${db}`);
  await mkdir(tmp);
  // Its own temporary folder, so the test can see what the run leaves there.
  const { stderr } = await run(
    'node',
    ['--import', 'tsx', 'scripts/audit.ts', '--data', join(dir, 'data'), '--out', out, '--db', db],
    { cwd: process.cwd(), env: { ...process.env, TMPDIR: tmp }, maxBuffer: 1 << 24 }
  );
  const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
  return {
    stderr,
    findings: await readFile(join(out, 'findings.csv'), 'utf8'),
    rejected: await readFile(join(out, 'rejected.csv'), 'utf8'),
    summary,
    left: (await readdir(tmp)).filter((n) => n.startsWith('aid-engine-'))
  };
}

let memory: Awaited<ReturnType<typeof audit>>;
let disk: Awaited<ReturnType<typeof audit>>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'audit-disk-'));
  writeCity(join(dir, 'data'), generateCity({ scale: 0.02, seed: 2025 }));
  memory = await audit('memory');
  disk = await audit('disk');
}, 300_000);
afterAll(async () => rm(dir, { recursive: true, force: true }));

/** summary.json without what differs between runs by design (timings, the database used). */
function comparable(s: Record<string, unknown>) {
  const {
    timings: _t,
    database: _d,
    rules,
    ...rest
  } = s as { rules: { ms: number }[] } & Record<string, unknown>;
  return { ...rest, rules: rules.map(({ ms: _ms, ...r }) => r) };
}

describe('npm run audit on a temporary database file', () => {
  it('gives the same findings.csv, rejected.csv and summary as in memory', () => {
    expect(memory.summary.database).toBe('memory');
    expect(disk.summary.database).toBe('disk');
    // The city has planted findings of many rules: the comparison cannot pass on empty outputs.
    expect(memory.summary.totals.findings).toBeGreaterThanOrEqual(40);
    expect(memory.summary.rules.filter((r: { count: number }) => r.count > 0).length).toBeGreaterThan(10);
    expect(disk.findings).toBe(memory.findings);
    expect(disk.rejected).toBe(memory.rejected);
    expect(comparable(disk.summary)).toEqual(comparable(memory.summary));
  });

  it('says so on stderr and deletes the database file at the end', () => {
    expect(disk.stderr).toContain(`核查使用临时数据库文件（内存上限 ${DISK_MEMORY_LIMIT}，结束后删除）`);
    expect(memory.stderr).not.toContain('临时数据库文件');
    expect(disk.left).toEqual([]);
    expect(memory.left).toEqual([]);
  });

  it('works within a quarter of the machine memory, never under 512 MB', () => {
    expect(diskMemoryLimit(24 * 2 ** 30)).toBe('6144MB');
    expect(diskMemoryLimit(8 * 2 ** 30)).toBe('2048MB');
    expect(diskMemoryLimit(1 * 2 ** 30)).toBe('512MB');
  });

  it('past its memory limit says so in Chinese and names --memory-limit, not an internal error', async () => {
    const out = join(dir, 'out-oom');
    const r = await run(
      'node',
      [
        '--import',
        'tsx',
        'scripts/audit.ts',
        '--data',
        join(dir, 'data'),
        '--out',
        out,
        '--db',
        'disk'
      ].concat(['--memory-limit', '4MB']),
      { cwd: process.cwd(), maxBuffer: 1 << 24 }
    ).then(
      () => null,
      (e: { code: number; stderr: string }) => e
    );
    expect(r?.code).toBe(1);
    expect(r?.stderr).toContain('内存不足');
    expect(r?.stderr).toContain('--memory-limit 8GB');
    expect(r?.stderr).not.toMatch(/Out of Memory|内部错误|格式有误/);
    // What the import found is still written.
    expect(JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')).error).toContain('内存不足');
  }, 120_000);

  it('is chosen from 100 MB of input on, or by --db', () => {
    const f = (size: number) => ({ name: 'a.csv', path: '/x/a.csv', size });
    expect(DISK_FROM_BYTES).toBe(100 * 2 ** 20);
    expect(chooseDatabase([f(60 * 2 ** 20), f(40 * 2 ** 20 - 1)], undefined)).toBe('memory');
    expect(chooseDatabase([f(60 * 2 ** 20), f(40 * 2 ** 20)], undefined)).toBe('disk');
    expect(chooseDatabase([f(10)], 'disk')).toBe('disk');
    expect(chooseDatabase([f(2 ** 30)], 'memory')).toBe('memory');
    expect(chooseDatabase([f(10)], 'ssd')).toBeNull();
  });
});
