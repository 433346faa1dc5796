/**
 * Issue 9: hostile and broken files through the importer, the loader and the CLI. Each file of the
 * corpus (tests/fixtures/hostile/corpus.ts) carries its expected counts and rejection reasons.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadTables } from '../../src/lib/engine/load';
import { createNodeEngine } from '../../src/lib/engine/node';
import { findRepeatedFiles, importFiles } from '../../src/lib/ingest/index';
import { corpus, payments } from '../fixtures/hostile/corpus';
import * as XLSX from '@e965/xlsx';
import { toXlsx } from '../../src/lib/export/xlsx';

const run = promisify(execFile);
const enc = (s: string) => new TextEncoder().encode(s);
const FILES = corpus();

describe('importer on the hostile corpus', () => {
  // All files in one import, as the CLI and the page take a folder: '重复导出再次下载.csv' is skipped.
  const all = importFiles(FILES.map((f) => ({ name: f.name, bytes: enc(f.text) })));
  for (const f of FILES)
    it(`${f.name}: read ${f.expect.read}, accepted ${f.expect.accepted}, rejected ${f.expect.rejected}`, async () => {
      const r = await all;
      const rep = r.files.find((x) => x.file === f.name)!;
      expect({ read: rep.read, accepted: rep.accepted, rejected: rep.rejected }).toEqual({
        read: f.expect.read,
        accepted: f.expect.accepted,
        rejected: f.expect.rejected
      });
      expect(rep.read).toBe(rep.accepted + rep.rejected + rep.skipped);
      for (const want of f.expect.reasons ?? []) {
        const got = r.rejected.find((x) => x.file === f.name && x.row === want.row);
        expect(got?.reason ?? '(none)').toContain(want.reason);
      }
    });

  it('a quoted field over a few lines (a real two-line cell) is still one accepted row', async () => {
    const text = payments(3, (i, l) => (i === 1 ? l.replace('第一批', '"第一批\n补发"') : l));
    const r = await importFiles([{ name: 'a.csv', bytes: enc(text) }]);
    expect(r.files[0]).toMatchObject({ read: 3, accepted: 3, rejected: 0 });
  });
});

describe('the same export twice (issue 9, High 4)', () => {
  const same = FILES.find((f) => f.name === '重复导出.csv')!;
  it('an identical file in the same import is taken once and named', async () => {
    const r = await importFiles([
      { name: '重复导出.csv', bytes: enc(same.text) },
      { name: '重复导出再次下载.csv', bytes: enc(same.text) }
    ]);
    expect(r.files[1]).toMatchObject({ duplicateOf: '重复导出.csv', table: null, read: 0 });
    expect(r.files[1].warnings[0].message).toBe('与已导入的「重复导出.csv」内容完全相同，未重复导入');
    expect(r.files[0].contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(r.files[1].contentHash).toBe(r.files[0].contentHash);
    expect(r.perFile.map((p) => p.file)).toEqual(['重复导出.csv']);
  });
  it('a file whose payment rows largely repeat an earlier file is found, naming both', async () => {
    const names = ['重复导出.csv', '重复导出补充.csv', '未闭合引号.csv'];
    const r = await importFiles(
      names.map((n) => ({ name: n, bytes: enc(FILES.find((f) => f.name === n)!.text) }))
    );
    const engine = await createNodeEngine();
    try {
      await loadTables(engine, { payments: [r.tables.payments!] });
      // 20 of the 22 rows of the later file are in the first (hand count); the first file's 20
      // rows are all in the later one, but it came first, so only the later file is reported.
      expect(await findRepeatedFiles(engine, names)).toEqual([
        { file: '重复导出补充.csv', earlier: '重复导出.csv', rows: 20, total: 22 }
      ]);
    } finally {
      await engine.close();
    }
  });
});

const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52
]);

describe('files that are not what their name says (issue 9, Low 7)', () => {
  it('a PNG named .xlsx, a PNG named .csv and a truncated XLSX get Chinese messages that say what is wrong', async () => {
    const book = XLSX.write(
      { SheetNames: ['S'], Sheets: { S: XLSX.utils.aoa_to_sheet([['a'], ['b']]) } },
      { type: 'array', bookType: 'xlsx' }
    ) as ArrayBuffer;
    const r = await importFiles([
      { name: '图片.xlsx', bytes: PNG },
      { name: '图片.csv', bytes: new Uint8Array([...PNG, 1]) },
      { name: '截断.xlsx', bytes: new Uint8Array(book).subarray(0, 200) }
    ]);
    expect(r.files.map((f) => f.error)).toEqual([
      '文件扩展名是 Excel 工作簿，但内容不是 Excel 文件（可能是图片或其他文件改了扩展名），无法读取',
      '文件不是文本表格或 Excel 工作簿（可能是图片、压缩包或其他二进制文件），无法读取',
      '电子表格文件已损坏或不完整，无法读取。请在 Excel 或 WPS 中打开后重新保存，再导入'
    ]);
  });
  it('UTF-16 without a BOM (LE and BE) is read', async () => {
    const text = payments(3, undefined, 6000);
    const le = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) {
      le[2 * i] = text.charCodeAt(i) & 0xff;
      le[2 * i + 1] = text.charCodeAt(i) >> 8;
    }
    const be = le.map((_b, i) => le[i ^ 1]);
    const r = await importFiles([
      { name: 'le.csv', bytes: le },
      { name: 'be.csv', bytes: be }
    ]);
    expect(r.files.map((f) => [f.encoding, f.accepted])).toEqual([
      ['UTF-16LE（无 BOM）', 3],
      ['UTF-16BE（无 BOM）', 3]
    ]);
  });
  it('exported XLSX text cells that start with = + - @ carry the apostrophe, as the CSV does', () => {
    const bytes = toXlsx([
      {
        name: 'S',
        headers: ['姓名', '金额'],
        rows: [
          ['=HYPERLINK("x")', -2000],
          ['@a', 1],
          ['-2000', 2]
        ]
      }
    ]);
    const ws = XLSX.read(bytes, { type: 'array' }).Sheets.S;
    expect([ws.A2.v, ws.A3.v, ws.A4.v, ws.B2.v]).toEqual(['\'=HYPERLINK("x")', "'@a", '-2000', -2000]);
    expect(ws.A2.f).toBeUndefined();
  });
});

describe('loader: whatever the importer accepted loads', () => {
  it('loads every accepted row of every corpus file into DuckDB', async () => {
    const r = await importFiles(FILES.map((f) => ({ name: f.name, bytes: enc(f.text) })));
    const engine = await createNodeEngine();
    try {
      await loadTables(engine, { payments: [r.tables.payments!] });
      const [row] = await engine.query<{ n: number }>('SELECT count(*)::INT AS n FROM payments');
      expect(row.n).toBe(FILES.reduce((s, f) => s + f.expect.accepted, 0));
    } finally {
      await engine.close();
    }
  });

  it('loads the same rows from the canonical CSV as UTF-8 bytes (what the page stores)', async () => {
    const r = await importFiles(FILES.map((f) => ({ name: f.name, bytes: enc(f.text) })));
    const engine = await createNodeEngine();
    try {
      const header = r.tables.payments!.slice(0, r.tables.payments!.indexOf('\n') + 1);
      // The whole text as bytes, and a file of no rows (its header and a blank line) loading nothing.
      await loadTables(engine, { payments: [enc(r.tables.payments!), enc(header + '\r\n')] });
      const [row] = await engine.query<{ n: number }>('SELECT count(*)::INT AS n FROM payments');
      expect(row.n).toBe(FILES.reduce((s, f) => s + f.expect.accepted, 0));
    } finally {
      await engine.close();
    }
  });

  it('a load failure is a Chinese message without raw rows or full numbers', async () => {
    const engine = await createNodeEngine();
    try {
      // Hand-made canonical text with a broken row (what an older version might have stored).
      const bad = 'id,name\n430602200801010009,"6222100000000000\n';
      const err = await loadTables(engine, { payments: [bad] }).then(
        () => null,
        (e: Error) => e.message
      );
      expect(err).toMatch(/资助发放明细/);
      expect(err).not.toMatch(/\d{12,}/);
      expect(err).not.toMatch(/[A-Za-z]{4,}/);
    } finally {
      await engine.close();
    }
  });
});

describe('CLI on the hostile corpus', () => {
  let dir: string;
  let stdout = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hostile-cli-'));
    await run('mkdir', ['-p', join(dir, 'data')]);
    for (const f of FILES) await writeFile(join(dir, 'data', f.name), f.text);
    // A symbolic link to a data file elsewhere, and a picture named like a workbook.
    await writeFile(join(dir, '链接目标.csv'), payments(2, undefined, 7000));
    await symlink(join(dir, '链接目标.csv'), join(dir, 'data', '链接.csv'));
    await writeFile(join(dir, 'data', '图片.xlsx'), PNG);
    ({ stdout } = await run(
      'node',
      ['--import', 'tsx', 'scripts/audit.ts', '--data', join(dir, 'data'), '--out', join(dir, 'out')],
      { cwd: process.cwd(), maxBuffer: 1 << 26 }
    ));
  }, 120_000);
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('writes summary.json with the expected counts per file', async () => {
    const s = JSON.parse(await readFile(join(dir, 'out', 'summary.json'), 'utf8'));
    for (const f of FILES) {
      const got = s.files.find((x: { file: string }) => x.file === f.name);
      expect(got).toMatchObject({
        read: f.expect.read,
        accepted: f.expect.accepted,
        rejected: f.expect.rejected
      });
    }
  });
  it('reads a symbolic link, and counts a whole unreadable file as one rejected line', async () => {
    const s = JSON.parse(await readFile(join(dir, 'out', 'summary.json'), 'utf8'));
    const by = (n: string) => s.files.find((x: { file: string }) => x.file === n);
    expect(by('链接.csv')).toMatchObject({ read: 2, accepted: 2 });
    expect(by('图片.xlsx')).toMatchObject({ read: 0, rejected: 1 });
    expect(by('图片.xlsx').error).toContain('不是 Excel 文件');
  });
  it('says which file repeats which', async () => {
    const s = JSON.parse(await readFile(join(dir, 'out', 'summary.json'), 'utf8'));
    expect(s.files.find((x: { file: string }) => x.file === '重复导出再次下载.csv')).toMatchObject({
      duplicateOf: '重复导出.csv'
    });
    expect(s.repeatedFiles).toEqual([
      { file: '重复导出补充.csv', earlier: '重复导出.csv', rows: 20, total: 22 }
    ]);
    expect(stdout).toContain('与已导入的「重复导出.csv」内容完全相同');
    expect(stdout).toContain('与先导入的「重复导出.csv」相同');
  });
  it('rejected.csv names the row and reason of each broken row', async () => {
    const text = await readFile(join(dir, 'out', 'rejected.csv'), 'utf8');
    expect(text).toContain('未闭合引号.csv,5,未闭合的引号');
    expect(text).toContain('大文件一个引号.csv,102,未闭合的引号');
    // The over-long value is not copied into the report whole.
    expect(text.length).toBeLessThan(200_000);
  });
  it('says what happened, in Chinese, without full ID or card numbers', () => {
    expect(stdout).toContain('拒收');
    expect(stdout).not.toMatch(/\d{15,}/);
  });
});

describe('content hash without Web Crypto (a site served over plain http)', () => {
  it('still tells identical bytes from different ones', async () => {
    const { contentHash } = await import('../../src/lib/ingest/dedupe');
    vi.stubGlobal('crypto', {});
    try {
      const a = await contentHash(enc('甲,乙\n1,2\n'));
      expect(a).toMatch(/^fnv-[0-9a-f]{16}-\d+$/);
      expect(await contentHash(enc('甲,乙\n1,2\n'))).toBe(a);
      expect(await contentHash(enc('甲,乙\n1,3\n'))).not.toBe(a);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
