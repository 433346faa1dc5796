import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { importFiles, listSheets, type FileReport, type ImportResult } from '../../src/lib/ingest/index';
import { gbk } from '../fixtures/ingest/gbk';

const fixture = (name: string) => ({
  name,
  bytes: new Uint8Array(readFileSync(fileURLToPath(new URL(`../fixtures/ingest/${name}`, import.meta.url))))
});
const text = (name: string, s: string) => ({ name, bytes: new TextEncoder().encode(s) });

function xlsx(sheets: Record<string, unknown[][]>, origin?: string): Uint8Array {
  const wb = XLSX.utils.book_new();
  for (const [name, aoa] of Object.entries(sheets)) {
    const ws = XLSX.utils.aoa_to_sheet([]);
    XLSX.utils.sheet_add_aoa(ws, aoa, { origin: origin ?? 'A1' });
    XLSX.utils.book_append_sheet(wb, ws, name);
  }
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

/** The invariant of data-contract.md, on every file of every test. */
function expectInvariant(r: ImportResult) {
  for (const f of r.files) {
    expect(f.read).toBe(f.accepted + f.rejected + f.skipped);
    expect(f.skipped).toBeGreaterThanOrEqual(f.skippedBlank + f.skippedTotals);
    expect(r.rejected.filter((x) => x.file === f.file && x.row > 0).length).toBe(f.rejected);
  }
}
const body = (csv: string) => csv.split('\n').slice(1, -1);

describe('messy payments CSV (UTF-8 BOM, CRLF, title row, quoted newlines, totals, blanks)', async () => {
  const r = await importFiles([fixture('payments-messy.csv')]);
  const f = r.files[0];
  it('recognises the table below the title row', () => {
    expect(f).toMatchObject({
      table: 'payments',
      tableTitle: '资助发放明细',
      headerRow: 2,
      encoding: 'UTF-8 (BOM)',
      extraColumns: ['序号', '备注']
    });
    expect(f.mapping).toContainEqual({ header: '资助金额（元）', column: '资助金额' });
    expect(f.mapping).toContainEqual({ header: '学校代码', column: '学校标识码' });
  });
  it('counts every row below the header', () => {
    expect(f).toMatchObject({
      read: 12,
      accepted: 6,
      rejected: 3,
      skipped: 3,
      skippedBlank: 2,
      skippedTotals: 1
    });
    expectInvariant(r);
  });
  it('writes canonical rows with spreadsheet row numbers (a two-line record is one row)', () => {
    expect(body(r.tables.payments!)).toEqual([
      '430602200801010017,张三,4306000001,普通高中国家助学金,2025年春季学期,1150,2025-03-15,6222000011112222,,,2024-2025,payments-messy.csv,3',
      '43060220090215002X,李四,4306000001,普通高中国家助学金,2025年春季学期,1150,2025-03-16,,,,2024-2025,payments-messy.csv,4',
      '430602200801010017,赵六,4306000001,普通高中国家助学金,2025年春季学期,1150,2025-03-17,,,,2024-2025,payments-messy.csv,6',
      '430602200801010018,钱七,4306000001,普通高中国家助学金,2025年春季学期,1150,2025-03-18,,,,2024-2025,payments-messy.csv,8',
      '430602200801010017,吴十,4306000001,中职国家助学金,2025年秋季学期,1150,2025-09-20,,,,2025-2026,payments-messy.csv,11',
      '430602200801010017,郑一,4306000001,神秘补助,2025年秋季学期,800,2025-03-15,,,,2025-2026,payments-messy.csv,12'
    ]);
    expect(r.perFile).toEqual([
      { file: 'payments-messy.csv', table: 'payments', csv: r.tables.payments, rows: 6 }
    ]);
  });
  it('rejects with row numbers and Chinese reasons, keeping the raw cells', () => {
    expect(r.rejected).toEqual([
      {
        file: 'payments-messy.csv',
        row: 5,
        reason: '身份证件号为科学计数法（4.30602E+17），后几位数字已丢失，无法恢复',
        raw: '3,4.30602E+17,王五,4306000001,普高国家助学金,2025春,1150,2025-03-15'
      },
      {
        file: 'payments-messy.csv',
        row: 9,
        reason: '发放日期无法识别：“2025/13/45”',
        raw: expect.any(String)
      },
      {
        file: 'payments-messy.csv',
        row: 10,
        reason: '缺少必填项：身份证件号、学期',
        raw: '7,,周九,4306000001,普高国家助学金,,1150,45736'
      }
    ]);
  });
  it('lists unknown programs', () => {
    expect(f.unknownPrograms).toEqual([{ name: '神秘补助', count: 1 }]);
  });
});

describe('roster (tab separated): status date rule, checks against the ID', async () => {
  const r = await importFiles([fixture('roster.tsv')]);
  const f = r.files[0];
  it('accepts, derives grade_stage and warns without rejecting', () => {
    expect(f).toMatchObject({ table: 'roster', headerRow: 1, read: 5, accepted: 4, rejected: 1, skipped: 0 });
    expectInvariant(r);
    expect(r.tables.roster!.split('\n')[0]).toBe(
      'id,name,school_id,grade,status,status_date,entry_date,boarding,student_no,gender,birth_date,ethnicity,grade_stage,src_file,src_row'
    );
    expect(body(r.tables.roster!)).toEqual([
      '430602200801010017,张三,4306000001,高一,在读,,2024-09-01,true,,男,2008-01-01,,普通高中,roster.tsv,2',
      '43060220090215002X,李四,4306000001,高二,转出,2025-01-10,2023-09-01,false,,男,2009-02-16,,普通高中,roster.tsv,3',
      '430602200801010017,赵六,4306000003,一年级,在读,,2024-09-01,false,,女,,,小学,roster.tsv,5',
      '430602200801010017,钱七,4306000004,中职二年级,在读,,2024-09-01,true,,,,,中职,roster.tsv,6'
    ]);
    expect(f.warnings).toEqual([
      { row: 3, message: '性别“男”与身份证件号不符（证件号显示为女）' },
      { row: 3, message: '出生日期“2009-02-16”与身份证件号不符（证件号显示为 2009-02-15）' },
      { row: 5, message: '性别“女”与身份证件号不符（证件号显示为男）' }
    ]);
  });
  it('rejects a non-在读 row without 状态变动日期, saying why', () => {
    expect(r.rejected).toEqual([
      {
        file: 'roster.tsv',
        row: 4,
        reason: '缺少必填项：状态变动日期（学籍状态为“毕业”时必填）',
        raw: '430602200801010017,王五,4306000002,初一,毕业,,202309,走读'
      }
    ]);
  });
});

describe('identifications and allocations', async () => {
  const r = await importFiles([fixture('identifications.csv'), fixture('allocations.csv')]);
  it('normalises school years, levels and priority lists', () => {
    expect(body(r.tables.identifications!)).toEqual([
      '430602200801010017,张三,4306000001,2024-2025,特别困难,脱贫家庭学生、最低生活保障家庭学生,identifications.csv,2',
      '43060220090215002X,李四,4306000001,2024-2025,困难,,identifications.csv,3',
      '430602200801010017,王五,,2024-2025,一般困难,孤儿、残疾学生、最低生活保障家庭学生,identifications.csv,4'
    ]);
    expect(r.rejected.filter((x) => x.file === 'identifications.csv').map((x) => [x.row, x.reason])).toEqual([
      [5, '学年前后年份不连续：“2024-2026”'],
      [6, '认定等级无法识别：“很困难”（应为特别困难、困难或一般困难）']
    ]);
  });
  it('scales (万元), keeps recalls negative, maps county variants, derives the year', () => {
    expect(body(r.tables.allocations!)).toEqual([
      '岳财教指〔2025〕12号,2025-03-01,中央,普通高中国家助学金,岳阳经济技术开发区,125000,2025,allocations.csv,2',
      '岳财教指〔2025〕13号,2025-04-01,省级,普通高中国家助学金,市直,-2000,2025,allocations.csv,3',
      '岳财教指〔2025〕14号,2025-05-01,市级,中职国家助学金,汨罗市,10000000,2025,allocations.csv,4'
    ]);
    expect(r.rejected.filter((x) => x.file === 'allocations.csv').map((x) => [x.row, x.reason])).toEqual([
      [5, '下达对象无法识别：“长沙县”（应为岳阳市所属区县或市直）']
    ]);
    expectInvariant(r);
  });
});

describe('whole-file rejection', () => {
  it('names the closest table and its missing columns', async () => {
    const r = await importFiles([fixture('unknown-table.csv')]);
    const error = '未能识别表格：最接近「资助发放明细」，缺少列：学期、发放日期';
    // Rejected as a whole, but every row is counted and listed: nothing is lost silently.
    expect(r.files[0]).toMatchObject({ table: null, error, read: 1, accepted: 0, rejected: 1, skipped: 0 });
    expect(r.rejected).toEqual([
      {
        file: 'unknown-table.csv',
        row: 2,
        reason: error,
        raw: '张三,430602200801010017,4306000001,普高国家助学金,1150'
      }
    ]);
    expect(r.tables).toEqual({});
    expect(r.perFile).toEqual([]);
  });
  it('says so when nothing looks like a header, or the file is empty', async () => {
    const r = await importFiles([text('x.csv', 'a,b\n1,2\n'), text('empty.csv', '\n\n')]);
    expect(r.files[0].error).toMatch(/^未能识别表格：前 30 行中没有找到表头/);
    expect(r.files[1].error).toBe('文件为空：没有可读取的内容');
  });
  it('a bad file does not stop the others', async () => {
    const r = await importFiles([fixture('unknown-table.csv'), fixture('roster.tsv')]);
    expect(r.files.map((f) => f.table)).toEqual([null, 'roster']);
    expect(r.files[1].accepted).toBe(4);
  });
});

describe('GBK CSV', () => {
  it('is decoded as GB18030 and imported', async () => {
    const bytes = gbk('学校标识码,学期,学籍人数,核查在校人数\r\n4306000101,2025年秋季学期,120,118\r\n');
    const r = await importFiles([{ name: 'census-gbk.csv', bytes }]);
    expect(r.files[0]).toMatchObject({ table: 'census', encoding: 'GB18030', accepted: 1 });
    expect(r.tables.census).toBe(
      'school_id,term,registered,counted,src_file,src_row\n4306000101,2025年秋季学期,120,118,census-gbk.csv,2\n'
    );
  });
});

describe('XLSX', () => {
  const header = ['身份证件号', '姓名', '学校标识码', '资助项目', '学期', '资助金额(元)', '发放日期'];
  const payments = [
    ['2025年春季学期普通高中国家助学金发放名单'],
    header,
    ['430602200801010017', '张三', '4306000001', '普高国家助学金', '2025春', 1150, 45731],
    // eslint-disable-next-line no-loss-of-precision -- the point: Excel keeps only 15 digits
    [430602200801010017, '李四', 4306000001, '普高国家助学金', '2025春', 1150, '2025-03-15'],
    ['4.30602E+17', '王五', '4306000001', '普高国家助学金', '2025春', 1150, 45731],
    [],
    ['合计', '', '', '', '', 3450, '']
  ];
  const book = xlsx({ 发放明细: payments, 说明: [['本表说明']] });

  it('lists sheets', () => {
    expect(listSheets(book)).toEqual(['发放明细', '说明']);
    expect(listSheets(new TextEncoder().encode('a,b'))).toEqual([]);
  });
  it('skips the title row, keeps raw cell types, rejects IDs stored as numbers', async () => {
    const r = await importFiles([{ name: 'p.xlsx', bytes: book }]);
    const f: FileReport = r.files[0];
    expect(f).toMatchObject({
      sheet: '发放明细',
      sheets: ['发放明细', '说明'],
      table: 'payments',
      headerRow: 2,
      read: 5,
      accepted: 1,
      rejected: 2,
      skippedBlank: 1,
      skippedTotals: 1,
      skipped: 2
    });
    expectInvariant(r);
    expect(body(r.tables.payments!)).toEqual([
      '430602200801010017,张三,4306000001,普通高中国家助学金,2025年春季学期,1150,2025-03-15,,,,2024-2025,p.xlsx,3'
    ]);
    expect(r.rejected.map((x) => x.row)).toEqual([4, 5]);
    expect(r.rejected[0].reason).toBe(
      '身份证件号在表格中存为数字（430602200801010000），超过 15 位的部分已被 Excel 改为 0，后几位数字已丢失，无法恢复'
    );
    expect(r.rejected[1].reason).toBe('身份证件号为科学计数法（4.30602E+17），后几位数字已丢失，无法恢复');
  });
  it('selects another sheet, and reports a missing one', async () => {
    const r = await importFiles([
      { name: 'p.xlsx', bytes: book, sheet: '说明' },
      { name: 'q.xlsx', bytes: book, sheet: '不存在' }
    ]);
    expect(r.files[0]).toMatchObject({ sheet: '说明', table: null });
    expect(r.files[1].error).toBe('工作表“不存在”不存在，可选的工作表：发放明细、说明');
  });
  it('numbers rows by the sheet even when the used range starts lower', async () => {
    const bytes = xlsx(
      { S: [header, ['430602200801010017', '张三', '4306000001', '免学费', '2025秋', '1,000', 20250920]] },
      'B3'
    );
    const r = await importFiles([{ name: 'o.xlsx', bytes }]);
    expect(r.files[0]).toMatchObject({ headerRow: 3, accepted: 1 });
    expect(body(r.tables.payments!)[0]).toBe(
      '430602200801010017,张三,4306000001,中职免学费,2025年秋季学期,1000,2025-09-20,,,,2025-2026,o.xlsx,4'
    );
  });
});

describe('several files of one table, progress', () => {
  it('concatenates per table, keeps per-file CSV, reports progress', async () => {
    const head = '学校标识码,学期,核查在校人数\n';
    const many =
      head +
      Array.from({ length: 45_000 }, (_, i) => `43060${String(i).padStart(5, '0')},2025秋,${i % 300}`).join(
        '\n'
      );
    const calls: { rowsDone: number; pct: number }[] = [];
    const r = await importFiles([text('a.csv', many), text('b.csv', head + '4306000001,2025春,5\n')], {
      onProgress: (p) => calls.push({ rowsDone: p.rowsDone, pct: p.pct })
    });
    expect(r.files.map((f) => f.accepted)).toEqual([45_000, 1]);
    expect(r.perFile.map((p) => [p.file, p.rows])).toEqual([
      ['a.csv', 45_000],
      ['b.csv', 1]
    ]);
    const lines = r.tables.census!.split('\n');
    expect(lines.length).toBe(1 + 45_001 + 1);
    expect(lines[45_001]).toBe('4306000001,2025年春季学期,,5,b.csv,2');
    expect(calls.map((c) => c.rowsDone)).toEqual([20_000, 40_000, 45_000, 1]);
    expect(calls[2].pct).toBe(100);
  });
});

describe('loads into DuckDB as the architecture says', () => {
  it('the canonical CSV reads with explicit types', async () => {
    const { createNodeEngine } = await import('../../src/lib/engine/node');
    const { loadTables } = await import('../../src/lib/engine/load');
    const r = await importFiles([
      fixture('payments-messy.csv'),
      fixture('roster.tsv'),
      fixture('allocations.csv')
    ]);
    const engine = await createNodeEngine();
    try {
      await loadTables(engine, {
        payments: [r.tables.payments!],
        roster: [r.tables.roster!],
        allocations: [r.tables.allocations!]
      });
      const [p] = await engine.query(
        `SELECT count(*)::INTEGER n, sum(amount)::DOUBLE total, min(pay_date) AS first_day, max(src_row)::INTEGER AS last_row FROM payments`
      );
      expect(p).toEqual({ n: 6, total: 6550, first_day: '2025-03-15', last_row: 12 });
      const [b] = await engine.query(`SELECT count(*)::INTEGER n FROM roster WHERE boarding`);
      expect(b).toEqual({ n: 2 });
      const [a] = await engine.query(`SELECT sum(amount)::DOUBLE s, min(year)::INTEGER y FROM allocations`);
      expect(a).toEqual({ s: 10_123_000, y: 2025 });
    } finally {
      await engine.close();
    }
  });
});

describe('schools, set-asides, repeated headers, full-width headers', () => {
  it('imports schools with defaults and set-asides with amounts', async () => {
    const r = await importFiles([
      text(
        'schools.csv',
        '　学校代码　,学校名称,县市区,学段,办学性质,学生数\n4306000001,岳阳市第一中学,市本级,高中,,"1,850"\n4306000002,某民办学校,岳阳楼区,初中,民办,300\n4306000003,无名校,火星区,小学,,10'
      ),
      text(
        'setasides.csv',
        '学校标识码,年度,学费收入（元）,实际计提金额（元）,支出金额（元）\n4306000001,2025年,"1,000,000.00",30000,12000.5\n学校标识码,年度,学费收入（元）,实际计提金额（元）,支出金额（元）\n4306000002,2025,500000,,1\n'
      )
    ]);
    expectInvariant(r);
    expect(body(r.tables.schools!)).toEqual([
      '4306000001,岳阳市第一中学,市直,普通高中,公办,1850,schools.csv,2',
      '4306000002,某民办学校,岳阳楼区,初中,民办,300,schools.csv,3'
    ]);
    expect(r.rejected.find((x) => x.file === 'schools.csv')).toMatchObject({
      row: 4,
      reason: '所属区县无法识别：“火星区”（应为岳阳市所属区县或市直）'
    });
    const s = r.files[1];
    expect(s).toMatchObject({ table: 'setasides', read: 3, accepted: 1, rejected: 1, skipped: 1 });
    expect(s.warnings).toEqual([{ row: 3, message: '重复的表头行，已跳过' }]);
    expect(body(r.tables.setasides!)).toEqual(['4306000001,2025,1000000,30000,12000.5,setasides.csv,2']);
    expect(r.rejected.find((x) => x.file === 'setasides.csv')).toMatchObject({
      row: 4,
      reason: '缺少必填项：计提金额'
    });
  });
  it('an unreadable bank card number is a warning, not a lost payment', async () => {
    const r = await importFiles([
      text(
        'p.csv',
        '身份证件号,姓名,学校标识码,资助项目,学期,资助金额,发放日期,银行卡号\n430602200801010017,张三,4306000001,免学费,2025春,1000,2025-03-02,6.22E+18\n'
      )
    ]);
    expect(r.files[0]).toMatchObject({ accepted: 1, rejected: 0 });
    expect(r.files[0].warnings).toEqual([
      { row: 2, message: '银行卡号为科学计数法（6.22E+18），后几位数字已丢失，无法恢复，已留空' }
    ]);
  });
});
