import * as XLSX from '@e965/xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSql, type Engine } from '../../src/lib/engine/engine';
import { createNodeEngine } from '../../src/lib/engine/node';
import { toCsv } from '../../src/lib/export/csv';
import { findingsTable, type FindingViewRow } from '../../src/lib/findings/table';
import {
  RECT_COUNTY_HEADERS,
  RECT_SCHOOL_HEADERS,
  rectCountyRows,
  rectCountySql,
  rectSchoolRows,
  rectSchoolSql,
  type RectCountyRow,
  type RectSchoolRow
} from '../../src/lib/findings/rectification';
import { toXlsx } from '../../src/lib/export/xlsx';
import { EMPTY_FILTER, findingsSource, orderSql, whereSql } from '../../src/lib/inspect/filters';
import { marksTableSql, setMark } from '../../src/lib/findings/review-marks';
import { findingsCsv } from '../../src/lib/findings/csv';
import type { Finding } from '../../src/lib/rules/types';

const RULES = [
  { code: 'R01', name: '重复资助', severity: '高' },
  { code: 'R09', name: '银行账户多人共用', severity: '中' },
  { code: 'S04', name: '资金执行异常', severity: '中' }
];
const ID1 = '430602200801011234';
const ID2 = '430621200905052345';
const CARD = '6217995550001234567';

let engine: Engine;
const source = findingsSource();

beforeAll(async () => {
  engine = await createNodeEngine();
  await engine.exec(`CREATE TABLE schools AS SELECT * FROM (VALUES
      ('4306020001', '岳阳市第一中学', '市直', '普通高中'),
      ('4306210001', '岳阳县第一中学', '岳阳县', '普通高中'),
      ('4306210001', '岳阳县第一中学', '岳阳县', '初中')) t(school_id, school_name, county, stage)`);
  // The findings view names a school through v_school (src/lib/model/views.ts); only its name and
  // county matter here, so the stand-in skips the policy tables the full view set needs.
  await engine.exec(`CREATE VIEW v_school AS
      SELECT school_id, min(county) AS county, min(school_name) AS school_name FROM schools GROUP BY school_id`);
  await engine.exec(`CREATE TABLE findings AS SELECT * FROM (VALUES
      ('R01', '${ID1}', '张三', '4306020001', '市直', '普通高中国家助学金', '2024-2025', '2025年春季学期', NULL, 1150.0, '同一学期发放 2 次，共 2300 元', NULL, 'R01|${ID1}|普通高中国家助学金|2025年春季学期'),
      ('R09', '${ID2}', '=李四', '4306210001', '岳阳县', '普通高中国家助学金', '2024-2025', '2025年春季学期', NULL, 1150.0, '银行卡 ${CARD} 本学期为 3 人发放', '${CARD}', 'R09|${ID2}|普通高中国家助学金|2025年春季学期'),
      ('R09', '${ID1}', '张三', '4306210001', '岳阳县', '普通高中国家助学金', '2024-2025', '2025年春季学期', NULL, 800.0, '银行卡共用', '${CARD}', 'R09|${ID1}|普通高中国家助学金|2025年春季学期'),
      ('S04', NULL, NULL, NULL, '岳阳县', '普通高中国家助学金', NULL, NULL, 2025, -2000.0, '下达 10000 元，发放 8000 元', NULL, 'S04|岳阳县|普通高中国家助学金|2025')
    ) t(rule_code, id, name, school_id, county, program, school_year, term, year, amount, detail, ref, finding_key)`);
  // runRules adds the rule's name and severity to every finding.
  await engine.exec(`CREATE TABLE findings2 AS SELECT f.*, r.rule_name, r.severity FROM findings f JOIN (VALUES
      ${RULES.map((r) => `('${r.code}', '${r.name}', '${r.severity}')`).join(', ')}) r(code, rule_name, severity) ON r.code = f.rule_code;
    DROP TABLE findings; ALTER TABLE findings2 RENAME TO findings`);
  let marks = setMark(
    {},
    `R01|${ID1}|普通高中国家助学金|2025年春季学期`,
    '已整改',
    '已追回',
    new Date('2025-07-01T00:00:00Z')
  );
  marks = setMark(
    marks,
    `R09|${ID1}|普通高中国家助学金|2025年春季学期`,
    '误报',
    '亲属代领，已说明',
    new Date('2025-07-01T00:00:00Z')
  );
  for (const s of marksTableSql(marks)) await runSql(engine, s);
});
afterAll(async () => engine.close());

async function view(filter = EMPTY_FILTER): Promise<FindingViewRow[]> {
  const w = whereSql(filter);
  return engine.query<FindingViewRow>(
    `SELECT * FROM (${source}) ${w.sql} ${orderSql({ col: 'rule_code', dir: 'asc' })}`,
    w.params
  );
}

describe('findings view and filters', () => {
  it('joins rule metadata, school names (one per school) and review marks', async () => {
    const rows = await view();
    expect(rows.map((r) => [r.rule_code, r.rule_name, r.severity, r.school_name, r.review_status])).toEqual([
      ['R01', '重复资助', '高', '岳阳市第一中学', '已整改'],
      ['R09', '银行账户多人共用', '中', '岳阳县第一中学', '误报'],
      ['R09', '银行账户多人共用', '中', '岳阳县第一中学', '未处理'],
      ['S04', '资金执行异常', '中', null, '未处理']
    ]);
  });

  it('filters by severity, review status, county and free text', async () => {
    expect(
      (await view({ ...EMPTY_FILTER, severity: '中', review: '未处理' })).map((r) => r.finding_key)
    ).toEqual([`R09|${ID2}|普通高中国家助学金|2025年春季学期`, 'S04|岳阳县|普通高中国家助学金|2025']);
    expect((await view({ ...EMPTY_FILTER, county: '市直' })).length).toBe(1);
    expect((await view({ ...EMPTY_FILTER, q: '张三' })).map((r) => r.rule_code)).toEqual(['R01', 'R09']);
    // ID numbers match from their start only (a school code inside an ID is not a hit).
    expect((await view({ ...EMPTY_FILTER, q: '430621200905' })).map((r) => r.name)).toEqual(['=李四']);
    expect((await view({ ...EMPTY_FILTER, q: "50%_'" })).length).toBe(0);
  });
});

describe('findings export', () => {
  it('masks IDs and numbers in 说明 by default, keeps amounts numeric, adds review columns', async () => {
    const t = findingsTable(await view());
    expect(t.headers).toEqual([
      '规则编号',
      '规则名称',
      '严重程度',
      '身份证件号',
      '姓名',
      '学校标识码',
      '所属区县',
      '资助项目',
      '学年',
      '学期',
      '年度',
      '涉及金额',
      '说明',
      '核查状态',
      '核查备注',
      '标记时间'
    ]);
    expect(t.rows[0]).toEqual([
      'R01',
      '重复资助',
      '高',
      '430***********1234',
      '张三',
      '4306020001',
      '市直',
      '普通高中国家助学金',
      '2024-2025',
      '2025年春季学期',
      '',
      '1150.00',
      '同一学期发放 2 次，共 2300 元',
      '已整改',
      '已追回',
      '2025-07-01 00:00:00'
    ]);
    expect(t.rows[2][12]).toBe('银行卡 6217****4567 本学期为 3 人发放');
    expect(t.rows[3][3]).toBe('');
    const csv = toCsv(t.headers, t.rows);
    expect(csv).not.toContain(ID1);
    expect(csv).not.toContain(CARD);
    // The formula-like name is neutralised; the negative amount stays a number.
    expect(csv).toContain(",'=李四,");
    expect(csv.split('\r\n')[4]).toContain(',2025,-2000.00,');
    expect(csv.split('\r\n').length).toBe(1 + 4 + 1);
  });

  it('writes full IDs only when asked', async () => {
    const t = findingsTable(await view(), { fullIds: true });
    expect(t.rows[0][3]).toBe(ID1);
    expect(t.rows[2][12]).toContain(CARD);
  });

  it('equals the CLI findings.csv text in its first 13 columns', async () => {
    const rows = await view();
    const cli = findingsCsv(rows as unknown as Finding[]).split('\r\n');
    const mine = toCsv(
      findingsTable(rows, { fullIds: true }).headers,
      findingsTable(rows, { fullIds: true }).rows
    ).split('\r\n');
    expect(mine.length).toBe(cli.length);
    // Same text (both neutralise the formula-like name); the browser appends the review columns.
    expect(mine[0]).toBe(`${cli[0]},核查状态,核查备注,标记时间`);
    for (let i = 1; i < cli.length - 1; i++) expect(mine[i].startsWith(cli[i] + ',')).toBe(true);
    expect(mine[3]).toContain(",'=李四,");
  });

  it('XLSX keeps IDs as text and amounts as numbers', async () => {
    const t = findingsTable(await view(), { fullIds: true, typed: true });
    const bytes = toXlsx([{ name: '核查结果', headers: t.headers, rows: t.rows }]);
    const wb = XLSX.read(bytes, { type: 'array' });
    expect(wb.SheetNames).toEqual(['核查结果']);
    const ws = wb.Sheets['核查结果'];
    expect(ws['D2']).toMatchObject({ t: 's', v: ID1 });
    expect(ws['L5']).toMatchObject({ t: 'n', v: -2000 });
    // Issue 9: text that would turn into a formula when edited gets the apostrophe, as in the CSV.
    expect(ws['E4']).toMatchObject({ t: 's', v: "'=李四" });
    expect(ws['E4'].f).toBeUndefined();
    const aoa = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1 });
    expect(aoa.length).toBe(5);
  });
});

describe('rectification list', () => {
  it('groups per school and per county without false alarms', async () => {
    const schools = await engine.query<RectSchoolRow>(rectSchoolSql(source, ''));
    expect(RECT_SCHOOL_HEADERS.length).toBe(rectSchoolRows(schools)[0].length);
    expect(rectSchoolRows(schools)).toEqual([
      ['岳阳县', null, '（区县本级）', 1, 0, 1, 0, -2000, 0, 1, 'S04 资金执行异常 1'],
      ['岳阳县', '4306210001', '岳阳县第一中学', 1, 0, 1, 0, 1150, 0, 1, 'R09 银行账户多人共用 1'],
      ['市直', '4306020001', '岳阳市第一中学', 1, 1, 0, 0, 1150, 1, 0, 'R01 重复资助 1']
    ]);
    const counties = await engine.query<RectCountyRow>(rectCountySql(source, ''));
    expect(RECT_COUNTY_HEADERS.length).toBe(rectCountyRows(counties)[0].length);
    expect(rectCountyRows(counties)).toEqual([
      ['岳阳县', 1, 2, 0, 2, 0, -850, 0, 2, 'R09 银行账户多人共用 1；S04 资金执行异常 1'],
      ['市直', 1, 1, 1, 0, 0, 1150, 1, 0, 'R01 重复资助 1']
    ]);
  });

  it('respects the current filter', async () => {
    const w = whereSql({ ...EMPTY_FILTER, rule: 'R09' });
    const counties = await engine.query<RectCountyRow>(rectCountySql(source, w.sql), w.params);
    expect(rectCountyRows(counties)).toEqual([
      ['岳阳县', 1, 1, 0, 1, 0, 1150, 0, 1, 'R09 银行账户多人共用 1']
    ]);
  });
});

describe('filter state in the URL', () => {
  it('round-trips and drops unknown values', async () => {
    const { viewFromParams, viewToParams } = await import('../../src/lib/inspect/filters');
    const v = {
      filter: { ...EMPTY_FILTER, rule: 'R09', county: '岳阳县', review: '已核实' as const, q: '张' },
      sort: { col: 'amount' as const, dir: 'desc' as const }
    };
    const p = viewToParams(v, new URLSearchParams('f=R09%7Cx&other=1'));
    expect(p.toString()).toBe(
      'f=R09%7Cx&other=1&rule=R09&county=%E5%B2%B3%E9%98%B3%E5%8E%BF&review=%E5%B7%B2%E6%A0%B8%E5%AE%9E&q=%E5%BC%A0&sort=amount&dir=desc'
    );
    expect(viewFromParams(p)).toEqual(v);
    expect(viewFromParams(new URLSearchParams('sev=极高&review=随便&sort=drop_table'))).toEqual({
      filter: EMPTY_FILTER,
      sort: { col: 'rule_code', dir: 'asc' }
    });
  });
});
