/**
 * Reports: each report built from a small hand-made dataset in native DuckDB, rendered to PDF with the
 * real fonts, and read back with pdftotext (poppler). Numbers are hand-computed from the dataset below.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLES, createTableSql } from '../../src/lib/contract/tables';
import { createNodeEngine } from '../../src/lib/engine/node';
import { runSql, sqlString as s, type Engine } from '../../src/lib/engine/engine';
import { checkChar } from '../../src/lib/ingest/idcard';
import { maskId } from '../../src/lib/privacy/mask';
import { applyPolicy, defaultPolicy } from '../../src/lib/policy';
import { marksTableSql } from '../../src/lib/findings/review-marks';
import { makeReport, type ReportKey, type ReportParams } from '../../src/lib/reports';
import {
  document,
  gridTable,
  int,
  moneyUpper,
  percent,
  section,
  spanCell,
  TAIL_ROWS
} from '../../src/lib/reports/doc';
import { covers, fontCoverage, missingGlyphWarning } from '../../src/lib/reports/glyphs';
import { fontDir, renderPdf } from '../../src/lib/reports/render-node';
import { addWorkingDays } from '../../src/lib/reports/notice';
import * as inspection from '../../src/lib/reports/inspection';
import { queryPaymentList, totalAmount } from '../../src/lib/reports/payment-list';
import { schoolInfo, tableExists } from '../../src/lib/reports/sql';

const RARE = ['李堃', '王玥', '张喆', '刘赟', '陈燚', '杨㛃', '赵淼'];
const SURNAMES = '周吴郑孙钱冯陈褚卫蒋沈韩';
const GIVEN = '明华强军平芳敏静丽伟';
const LEVELS = ['特别困难', '困难', '一般困难'] as const;
const AMOUNT: Record<string, number> = { 特别困难: 1500, 困难: 1150, 一般困难: 800 };
const HS = '4306000001';
const VOC = '4306000002';

/** A valid ID: area 430602, birth 2008-MM-DD, sequence from i. */
function makeId(i: number, birth = '20080315'): string {
  const first17 = `430602${birth}${String(100 + i).padStart(3, '0')}`;
  return first17 + checkChar(first17);
}

interface Student {
  id: string;
  name: string;
  level: (typeof LEVELS)[number];
}
// 75 high-school students: the 7 rare names first, then ordinary ones; levels cycle 特别困难/困难/一般困难.
const HS_STUDENTS: Student[] = Array.from({ length: 75 }, (_, i) => ({
  id: makeId(i),
  name: i < RARE.length ? RARE[i] : SURNAMES[i % 12] + GIVEN[Math.floor(i / 12) % 10] + GIVEN[i % 10],
  level: LEVELS[i % 3]
}));
// 25 of each level: 25 × (1500 + 1150 + 800) = 86,250.
const HS_TOTAL = 86250;
const EXT_B_NAME = '𠮷祥'; // U+20BB7: not in Noto Sans SC (Hans)

const dir = mkdtempSync(join(tmpdir(), 'reports-test-'));
let engine: Engine;
const texts = new Map<string, { all: string; page2: string; pages: number }>();

const flat = (t: string) => t.replace(/\s+/g, '');

function row(values: (string | number | boolean | null)[]): string {
  return (
    '(' + values.map((v) => (v === null ? 'NULL' : typeof v === 'string' ? s(v) : String(v))).join(', ') + ')'
  );
}

async function seed(e: Engine) {
  for (const t of TABLES) await e.exec(createTableSql(t));
  await e.exec(`INSERT INTO schools VALUES
    ${row([HS, '岳阳市第一中学', '市直', '普通高中', '公办', 100, 'schools.csv', 2])},
    ${row([VOC, '岳阳县职业中专', '岳阳县', '中职', '公办', 80, 'schools.csv', 3])}`);
  const roster = HS_STUDENTS.map((st, i) =>
    row([
      st.id,
      st.name,
      HS,
      ['高一', '高二', '高三'][i % 3],
      '在读',
      null,
      '2024-09-01',
      true,
      null,
      null,
      null,
      null,
      '普通高中',
      'roster.csv',
      i + 2
    ])
  );
  const vocId = makeId(200, '20070601');
  roster.push(
    row([
      vocId,
      EXT_B_NAME,
      VOC,
      '中职一年级',
      '在读',
      null,
      '2024-09-01',
      false,
      null,
      null,
      null,
      null,
      '中职',
      'roster.csv',
      99
    ])
  );
  await e.exec(`INSERT INTO roster VALUES ${roster.join(',\n')}`);
  await e.exec(
    `INSERT INTO identifications VALUES ${HS_STUDENTS.map((st, i) =>
      row([st.id, st.name, HS, '2024-2025', st.level, i === 0 ? '孤儿' : null, 'ident.csv', i + 2])
    ).join(',\n')}`
  );
  const pays = HS_STUDENTS.map((st, i) =>
    row([
      st.id,
      st.name,
      HS,
      '普通高中国家助学金',
      '2025年春季学期',
      AMOUNT[st.level],
      '2025-04-10',
      `62170000${String(i).padStart(8, '0')}`,
      st.name,
      '1',
      '2024-2025',
      'pay.csv',
      i + 2
    ])
  );
  pays.push(
    row([
      vocId,
      EXT_B_NAME,
      VOC,
      '中职国家助学金',
      '2025年春季学期',
      1150,
      '2025-04-12',
      null,
      null,
      null,
      '2024-2025',
      'pay.csv',
      99
    ])
  );
  await e.exec(`INSERT INTO payments VALUES ${pays.join(',\n')}`);
  await e.exec(`INSERT INTO allocations VALUES
    ${row(['岳财教指〔2025〕1号', '2025-03-01', '中央', '普通高中国家助学金', '市直', 100000, 2025, 'alloc.csv', 2])},
    ${row(['岳财教指〔2025〕2号', '2025-03-01', '中央', '中职国家助学金', '岳阳县', 2000, 2025, 'alloc.csv', 3])}`);
  await e.exec(`INSERT INTO setasides VALUES ${row([HS, 2025, 1000000, 20000, 15000, 'setaside.csv', 2])}`);
  await applyPolicy(e, defaultPolicy);
  // findings as the rule runner writes them (architecture.md), plus finding_key.
  await e.exec(`CREATE TABLE findings (rule_code VARCHAR, id VARCHAR, name VARCHAR, school_id VARCHAR, county VARCHAR,
    program VARCHAR, school_year VARCHAR, term VARCHAR, year INTEGER, amount DOUBLE, detail VARCHAR, ref VARCHAR, finding_key VARCHAR)`);
  const a = HS_STUDENTS[10];
  const b = HS_STUDENTS[11];
  await e.exec(`INSERT INTO findings VALUES
    ${row(['R01', a.id, a.name, HS, '市直', '普通高中国家助学金', '2024-2025', '2025年春季学期', null, 1150, '同一学期发放 2 次，共 2300 元', null, `R01|${a.id}`])},
    ${row(['R06', b.id, b.name, HS, '市直', '普通高中国家助学金', '2024-2025', '2025年春季学期', null, 350, '金额 1500 元，标准 1150 元', null, `R06|${b.id}`])},
    ${row(['R09', b.id, b.name, HS, '市直', '普通高中国家助学金', '2024-2025', '2025年春季学期', null, 1500, '同一银行卡 3 人共用', '6217000000000011', `R09|${b.id}`])},
    ${row(['S02', null, null, HS, '市直', null, null, null, 2025, 10000, '计提 20000 元，应计提 30000 元', null, `S02|${HS}|2025`])},
    ${row(['R01', vocId, EXT_B_NAME, VOC, '岳阳县', '中职国家助学金', '2024-2025', '2025年春季学期', null, 1150, '同一学期发放 2 次', null, `R01|${vocId}`])}`);
  for (const sql of marksTableSql({
    [`R06|${b.id}`]: { status: '已整改', note: '已追回', at: '2025-06-01T00:00:00Z' }
  }))
    await runSql(e, sql);
}

async function render(key: ReportKey, params: ReportParams, name: string) {
  const made = await makeReport(engine, key, { date: '2025-05-20', ...params });
  const { pdf, missing } = await renderPdf(made.doc);
  const file = join(dir, name);
  writeFileSync(file, pdf);
  const all = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
  const page2 =
    pages >= 2
      ? execFileSync('pdftotext', ['-f', '2', '-l', '2', '-layout', file, '-'], { encoding: 'utf8' })
      : '';
  texts.set(name, { all, page2, pages });
  if (process.env.REPORTS_KEEP) writeFileSync(join(process.env.REPORTS_KEEP, name), pdf);
  // pdftotext drops or adds spaces between CJK characters: phrases are matched with all whitespace removed
  // (flat), table rows on the layout text with whitespace between cells.
  return { made, missing, layout: all, all: flat(all), page2: flat(page2), pages };
}

beforeAll(async () => {
  engine = await createNodeEngine();
  await seed(engine);
});
afterAll(async () => {
  await engine?.close();
});

describe('审定发放表', () => {
  it('lists every student with a masked ID, the total and signature lines; header repeats on page 2', async () => {
    const { all, page2, pages, made, missing } = await render(
      '审定发放表',
      { term: '2025年春季学期', school: HS, program: '普通高中国家助学金' },
      'approval.pdf'
    );
    expect(made.rows).toBe(75);
    expect(missing).toEqual([]);
    expect(all).toContain('2025年春季学期普通高中国家助学金审定发放表');
    expect(all).toContain('岳阳市教育事务中心');
    for (const n of RARE) expect(all).toContain(n);
    for (const st of HS_STUDENTS) {
      expect(all).toContain(maskId(st.id));
      expect(all).not.toContain(st.id);
    }
    expect(all).toContain(flat('合计：75 人，75 人次'));
    expect(all).toContain('86,250.00');
    expect(all).toContain(moneyUpper(HS_TOTAL));
    expect(all).toContain(flat('其中：特别困难 25 人，困难 25 人，一般困难 25 人'));
    for (const role of ['经办人', '审核人', '校长']) expect(all).toContain(`${role}（签字）`);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(page2).toContain('身份证件号');
    expect(page2).toContain('认定等级');
    expect(all).toContain(flat(`第 1 页 共 ${pages} 页`));
    expect(page2).toContain(flat(`第 2 页 共 ${pages} 页`));
  });
});

describe('公示名单', () => {
  it('shows names, grades and amounts but no ID at all, with the notice period and contact line', async () => {
    const { all, page2 } = await render(
      '公示名单',
      {
        term: '2025年春季学期',
        school: HS,
        program: '普通高中国家助学金',
        contact: '刘老师',
        phone: '0730-8888888'
      },
      'notice.pdf'
    );
    expect(all).toContain('2025年春季学期普通高中国家助学金受助学生公示名单');
    expect(all).toContain('学校：岳阳市第一中学');
    for (const n of RARE) expect(all).toContain(n);
    for (const st of HS_STUDENTS) {
      expect(all).not.toContain(st.id);
      expect(all).not.toContain(maskId(st.id));
    }
    expect(all).not.toMatch(/\d{6}\*+/);
    expect(all).not.toContain('特别困难');
    // 2025-05-20 is a Tuesday: 5 working days end on Monday 2025-05-26.
    expect(all).toContain('公示期：2025年5月20日至2025年5月26日');
    expect(all).toContain('联系人：刘老师');
    expect(all).toContain('0730-8888888');
    expect(all).toContain(flat('合计：75 人'));
    expect(all).toContain('86,250.00');
    expect(page2).toContain('资助项目');
  });

  it('prints a name the font lacks as its code point and reports it, never as an empty box', async () => {
    const { all, missing } = await render(
      '公示名单',
      { term: '2025年春季学期', school: VOC, program: '中职国家助学金' },
      'notice-extb.pdf'
    );
    expect(missing).toEqual([{ text: EXT_B_NAME, chars: ['𠮷'] }]);
    expect(all).toContain('[U+20BB7]祥');
    expect(missingGlyphWarning(missing)).toContain('𠮷祥（𠮷）');
  });
});

describe('核查报告', () => {
  it('counts findings and money per rule and per unit, masks IDs and cards, shows review status', async () => {
    const { all, layout } = await render('核查报告', { year: 2025 }, 'inspection.pdf');
    expect(all).toContain('2025年度学生资助核查报告');
    // scope: 76 payments, 76 students, 86,250 + 1,150.
    expect(all).toContain(flat('资助发放记录 76 条，涉及学生 76 人，发放金额 87,400.00 元'));
    expect(all).toContain(flat('发现疑点 5 条，涉及金额 14,150.00 元'));
    expect(layout).toMatch(/R01\s+重复资助\s+高\s+2\s+2\s+2,300\.00\s+2\s+0\s+0\s+0/);
    expect(layout).toMatch(/R06\s+金额不符合标准\s+中\s+1\s+1\s+350\.00\s+0\s+0\s+0\s+1/);
    expect(layout).toMatch(/S02\s+事业收入计提不足\s+中\s+1\s+0\s+10,000\.00/);
    expect(layout).toMatch(/市直\s+4\s+1\s+13,000\.00/);
    expect(layout).toMatch(/岳阳县\s+1\s+1\s+1,150\.00/);
    expect(all).toContain(maskId(HS_STUDENTS[10].id));
    expect(all).not.toContain(HS_STUDENTS[10].id);
    expect(all).toContain('6217****0011');
    expect(all).not.toContain('6217000000000011');
  });

  it('filters by unit', async () => {
    const { all } = await render('核查报告', { year: 2025, county: '岳阳县' }, 'inspection-county.pdf');
    expect(all).toContain(flat('发现疑点 1 条，涉及金额 1,150.00 元'));
    expect(all).not.toContain('市直');
  });
});

describe('年度工作总结', () => {
  it('shows the year figures from the metrics and the work plan schedule', async () => {
    const { all, layout, pages } = await render('年度工作总结', { year: 2025 }, 'annual.pdf');
    expect(all).toContain('2025年度学生资助工作总结');
    expect(all).toContain(
      // 87,400 ÷ 102,000 = 85.69%: rates are rounded down, as on screen.
      flat('全年发放学生资助资金 87,400.00 元；下达资金 102,000.00 元，资金执行率 85.6%')
    );
    // 普通高中: 75 paid in spring, none in autumn.
    expect(layout).toMatch(/普通高中\s+普通高中国家助学金\s+75\s+0\s+75\s+86,250\.00/);
    expect(layout).toMatch(/市直\s+100,000\.00\s+86,250\.00\s+86\.2%\s+75/);
    expect(layout).toMatch(/岳阳县\s+2,000\.00\s+1,150\.00\s+57\.5%\s+1/);
    // 计提: required 3% of 1,000,000 = 30,000; set aside 20,000; spent 15,000 → 75.0%; 1 school short.
    expect(layout).toMatch(
      /普通高中\s+1\s+1,000,000\.00\s+30,000\.00\s+20,000\.00\s+15,000\.00\s+75\.0%\s+1/
    );
    expect(all).toContain(flat('已整改 1 条'));
    expect(all).toContain(flat('审定发放 2025 年秋季学期普通高中国家助学金'));
    expect(all).toContain(flat('元月至 2 月份'));
    expect(pages).toBeGreaterThanOrEqual(2);
  });
});

describe("the report's choices are bound as parameters (hostile values)", () => {
  const HOSTILE = ["岳阳楼区'", "' OR TRUE --", "'; DROP TABLE payments; --"];
  const SPRING = '2025年春季学期';
  const HS_AID = '普通高中国家助学金';
  const counts = async () =>
    engine.query(`SELECT (SELECT count(*) FROM payments)::INTEGER AS payments,
      (SELECT count(*) FROM findings)::INTEGER AS findings, (SELECT count(*) FROM schools)::INTEGER AS schools`);

  it('核查报告 for a hostile unit covers nothing; the real unit counts as before; tables intact', async () => {
    const before = await counts();
    expect(before).toEqual([{ payments: 76, findings: 5, schools: 2 }]);
    for (const county of HOSTILE) {
      const d = await inspection.query(engine, { year: 2025, county });
      expect(d.scope, county).toEqual({ payments: 0, students: 0, amount: 0 });
      expect(d.rules, county).toEqual([]);
      expect(d.top, county).toEqual([]);
    }
    // 岳阳县: the one 中职 payment (1,150) and its R01 finding.
    const d = await inspection.query(engine, { year: 2025, county: '岳阳县' });
    expect(d.scope).toEqual({ payments: 1, students: 1, amount: 1150 });
    expect(d.rules.map((r) => [r.code, r.count, r.amount])).toEqual([['R01', 1, 1150]]);
    expect(await counts()).toEqual(before);
  });

  it('a payment list for a hostile school, term or program is empty; the real one has its 75 rows', async () => {
    for (const h of HOSTILE) {
      for (const p of [
        { term: SPRING, schoolId: h, program: HS_AID },
        { term: h, schoolId: HS, program: HS_AID },
        { term: SPRING, schoolId: HS, program: h }
      ])
        expect((await queryPaymentList(engine, p)).rows, JSON.stringify(p)).toEqual([]);
      expect(await schoolInfo(engine, h)).toEqual({ id: h, name: h, county: '' });
      expect(await tableExists(engine, h)).toBe(false);
    }
    const list = await queryPaymentList(engine, { term: SPRING, schoolId: HS, program: HS_AID });
    expect(list.rows).toHaveLength(75);
    expect(totalAmount(list.rows)).toBe(HS_TOTAL);
    expect(list.school).toEqual({ id: HS, name: '岳阳市第一中学', county: '市直' });
    expect(await counts()).toEqual([{ payments: 76, findings: 5, schools: 2 }]);
  });
});

describe('helpers', () => {
  it('writes amounts in capital numerals', () => {
    expect(moneyUpper(86250)).toBe('捌万陆仟贰佰伍拾元整');
    expect(moneyUpper(1005.5)).toBe('壹仟零伍元伍角');
    expect(moneyUpper(100000)).toBe('壹拾万元整');
    expect(moneyUpper(10010.01)).toBe('壹万零壹拾元零壹分');
    expect(moneyUpper(312.5)).toBe('叁佰壹拾贰元伍角');
  });
  it('rounds rates down and separates thousands in running text', () => {
    expect(percent(10845, 10848)).toBe('99.9%');
    expect(percent(1, 1)).toBe('100.0%');
    expect(int(432262)).toBe('432,262');
  });
  it('never leaves a heading alone at a page bottom, nor one row with the total on a last page', async () => {
    const pageText = (pdf: Buffer, page: number) => {
      const file = join(mkdtempSync(join(tmpdir(), 'keep-')), 'k.pdf');
      writeFileSync(file, pdf);
      return execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-layout', file, '-'], {
        encoding: 'utf8'
      });
    };
    const rows = (n: number) => Array.from({ length: n }, (_, i) => [i + 1, `学生${i + 1}`, '750.00']);
    const table = (n: number) =>
      gridTable({
        headers: ['序号', '姓名', '金额（元）'],
        widths: [40, '*', 80],
        align: ['center', 'left', 'right'],
        rows: rows(n),
        footerRows: [[...spanCell('合计', 2, 'right'), { text: '1.00' }]],
        fontSize: 10
      });
    // 34 rows fill the first page under this heading: a 35th row alone with the total is prevented.
    const filler = Array.from({ length: 6 }, () => ({ text: '说明文字'.repeat(20), style: 'para' }));
    const doc = document('测试', [...filler, table(35)]);
    const { pdf } = await renderPdf(doc);
    const last = pageText(pdf, 2);
    const numbers = [...last.matchAll(/^\s*(\d+)\s/gm)].map((m) => Number(m[1]));
    expect(last).toContain('合计');
    expect(numbers.length).toBeGreaterThanOrEqual(TAIL_ROWS);
    // Wherever a section heading lands, its table's first row is on the same page.
    let moved = 0;
    for (let n = 54; n <= 62; n++) {
      const lines = Array.from({ length: n }, (_, i) => ({ text: `第${i + 1}行`, fontSize: 10 }));
      const { pdf: pdf2 } = await renderPdf(document('测试', [...lines, section('二、标题'), table(5)]));
      const first = pageText(pdf2, 1);
      if (first.includes('二、标题')) expect(first, `${n} 行`).toContain('学生1');
      else moved++;
    }
    expect(moved).toBeGreaterThan(0);
  });
  it('counts 5 working days', () => {
    expect(addWorkingDays('2025-05-20')).toBe('2025-05-26');
    expect(addWorkingDays('2025-05-24')).toBe('2025-05-30');
  });
  it('reads the font cmap like fontkit does', () => {
    const cov = fontCoverage(readFileSync(join(fontDir(), 'NotoSansHans-Regular.otf')));
    for (const ch of '堃玥喆赟燚㛃淼䶮龑') expect(covers(cov, ch.codePointAt(0)!)).toBe(true);
    expect(covers(cov, 0x20bb7)).toBe(false);
  });
});
