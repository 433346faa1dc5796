import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TABLES } from '../../src/lib/contract/tables';
import { generateCity, writeCity } from '../../data/generator/index';
import { checkChar, isValidId } from '../../data/generator/idcard';
import type { Key } from '../../data/generator/index';
import { RULES } from '../../src/lib/rules/catalog';
import { writeMessy } from '../../data/generator/messy';

const city = generateCity({ scale: 0.01, seed: 2025 });
/** A ground-truth or negative key as one string (all key columns). */
const keyString = (k: Key) => [k.rule_code, k.id, k.program, k.term, k.school_id, k.county, k.year].join('|');

describe('demo-city generator', () => {
  it('computes ISO 7064 MOD 11-2 check characters', () => {
    // The GB 11643 example number, and a Yueyang one by hand: weighted sum 167, 167 % 11 = 2 → 'X'.
    expect(checkChar('11010519491231002')).toBe('X');
    expect(checkChar('43060220100315001')).toBe('X');
    expect(checkChar('43060220100315002')).toBe('8'); // 169 % 11 = 4 → '8'
    expect(isValidId('430602201003150017')).toBe(false);
    expect(isValidId('43060220100315001X')).toBe(true);
    expect(isValidId('43060220100230001X')).toBe(false); // 30 February
  });

  it('is deterministic: same seed and scale give byte-identical files', () => {
    const a = mkdtempSync(join(tmpdir(), 'gen-a-'));
    const b = mkdtempSync(join(tmpdir(), 'gen-b-'));
    writeCity(a, city);
    writeCity(b, generateCity({ scale: 0.01, seed: 2025 }));
    const files = readdirSync(a).sort();
    expect(files).toEqual(readdirSync(b).sort());
    expect(files).toHaveLength(7 + 3);
    for (const f of files) expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), f).toBe(true);
    const other = generateCity({ scale: 0.01, seed: 7 });
    expect(other.tables.roster[0].id).not.toBe(city.tables.roster[0].id);
  });

  it('writes the canonical headers from TABLES, UTF-8 with BOM', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gen-h-'));
    const counts = writeCity(dir, city);
    for (const t of TABLES) {
      const text = readFileSync(join(dir, `${t.title}.csv`), 'utf8');
      expect(text.charCodeAt(0)).toBe(0xfeff);
      expect(text.slice(1, text.indexOf('\n'))).toBe(t.columns.map((c) => c.header).join(','));
      expect(counts[`${t.title}.csv`]).toBe(city.tables[t.key].length);
    }
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.seed).toBe(2025);
    expect(manifest.rows['学生名单.csv']).toBe(city.tables.roster.length);
  });

  it('has counts roughly proportional to the scale', () => {
    const enrolled = (c: typeof city, stage: string) =>
      c.tables.schools.filter((s) => s.stage === stage).reduce((a, s) => a + +s.enrolled_count, 0);
    const big = generateCity({ scale: 0.04, seed: 2025 });
    const plan: Record<string, number> = { 学前: 150000, 小学: 350000, 初中: 170000, 普通高中: 80000 };
    for (const [stage, n] of Object.entries(plan)) {
      expect(enrolled(big, stage) / (n * 0.04)).toBeGreaterThan(0.85);
      expect(enrolled(big, stage) / (n * 0.04)).toBeLessThan(1.2);
    }
    // 中职 schools hold multiples of 200 students (at least 5 schools), so small cities round.
    expect(enrolled(big, '中职')).toBeGreaterThan(1500);
    expect(enrolled(big, '中职')).toBeLessThan(3000);
    const share =
      big.tables.identifications.filter((r) => r.school_year === '2025-2026').length /
      big.tables.roster.filter((r) => r.status === '在读').length;
    expect(share).toBeGreaterThan(0.15);
    expect(share).toBeLessThan(0.25);
  });

  it('every ID is valid except the planted R07 ones', () => {
    const r07 = new Set(city.groundTruth.filter((k) => k.rule_code === 'R07').map((k) => k.id));
    expect(r07.size).toBeGreaterThanOrEqual(2);
    for (const table of ['roster', 'identifications', 'payments'] as const) {
      const bad = new Set(city.tables[table].filter((r) => !isValidId(r.id)).map((r) => r.id));
      expect([...bad].sort(), table).toEqual([...r07].sort());
    }
  });

  it('plants every rule at least twice, with unique keys', () => {
    for (const { code } of RULES)
      expect(city.groundTruth.filter((k) => k.rule_code === code).length, code).toBeGreaterThanOrEqual(2);
    const keys = city.groundTruth.map(keyString);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('the negatives are in the data and are not findings', () => {
    const rules = new Set(city.negatives.map((n) => n.rule_code));
    for (const r of ['R03', 'R04', 'F01', 'R09', 'S04', 'S05', 'R10', 'R11'])
      expect(rules.has(r), r).toBe(true);
    const planted = new Set(city.groundTruth.map(keyString));
    for (const n of city.negatives) expect(planted.has(keyString(n))).toBe(false);
    const tiny = city.tables.schools.find(
      (s) => s.school_id === city.negatives.find((n) => n.rule_code === 'S05')!.school_id
    )!;
    expect(+tiny.enrolled_count).toBeLessThan(50);
  });

  it('writes the messy files with counts that add up', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gen-m-'));
    const files = writeMessy(dir, city);
    const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
    expect(Object.keys(expected).sort()).toEqual([...files].sort());
    expect(files).toHaveLength(7);
    for (const f of files) {
      const e = expected[f];
      expect(e.accepted + e.rejected + e.skipped, f).toBe(e.read);
    }
    const gbk = new TextDecoder('gbk').decode(readFileSync(join(dir, '学生名单-GBK.csv')));
    expect(gbk.split('\r\n')[0].split(',').slice(0, 2)).toEqual(['身份证号', '学生姓名']);
    expect(gbk.split('\r\n')).toHaveLength(1 + 20 + 1);
    const tsv = readFileSync(join(dir, '资助发放明细-制表符分隔.csv'), 'utf8');
    expect(tsv.charCodeAt(0)).not.toBe(0xfeff);
    expect(tsv.split('\r\n')).toHaveLength(1 + expected['资助发放明细-制表符分隔.csv'].read + 1);
  });

  it('covers two years, four terms, from one roster snapshot', () => {
    const { payments, identifications, census, setasides, allocations, roster } = city.tables;
    const per = (rows: Record<string, string>[], col: string) => {
      const m = new Map<string, number>();
      for (const r of rows) m.set(r[col], (m.get(r[col]) ?? 0) + 1);
      return m;
    };
    const terms = per(payments, 'term');
    expect([...terms.keys()].sort()).toEqual([
      '2024年春季学期',
      '2024年秋季学期',
      '2025年春季学期',
      '2025年秋季学期'
    ]);
    // Each term pays about as many as 2025 spring (same shares, one cohort in, one out).
    for (const n of terms.values()) expect(n / terms.get('2025年春季学期')!).toBeGreaterThan(0.85);
    for (const n of terms.values()) expect(n / terms.get('2025年春季学期')!).toBeLessThan(1.15);
    expect([...per(identifications, 'school_year').keys()].sort()).toEqual([
      '2023-2024',
      '2024-2025',
      '2025-2026'
    ]);
    expect(per(census, 'term').size).toBe(4);
    expect([...per(setasides, 'year').keys()].sort()).toEqual(['2024', '2025']);
    expect([...new Set(allocations.map((r) => r.alloc_date.slice(0, 4)))].sort()).toEqual(['2024', '2025']);
    // One snapshot: a student has one row per school, and the class of June 2024 is in it.
    const rows = new Set(roster.map((r) => `${r.id}|${r.school_id}`));
    expect(rows.size).toBe(roster.length);
    expect(roster.some((r) => r.status === '毕业' && r.status_date.startsWith('2024-06'))).toBe(true);
    // 2024 is clean: its only planted keys are S05 plants on school year 2024-2025 (2025 spring).
    const gt2024 = city.groundTruth.filter((k) => k.term.startsWith('2024') || k.year === '2024');
    for (const k of gt2024) expect([k.rule_code, k.term]).toEqual(['S05', '2024年秋季学期']);
    for (const k of gt2024)
      expect(
        city.groundTruth.some(
          (o) => o.rule_code === 'S05' && o.school_id === k.school_id && o.term === '2025年春季学期'
        )
      ).toBe(true);
  });
});
