/**
 * 工作台 and 目标管理考核 on a tiny hand-made city (native DuckDB, the same SQL as the site):
 * every indicator's value and points, the weights, rounding, units without data, the ranking and the
 * 先进单位 rule; each live task status at dates before, during and after its window; the plan and
 * scheme files round-trip; the 考核结果通报 PDF's text holds the ranking.
 *
 * The city (2025 unless said): 岳阳县 school SA (普通高中) with A1–A4 identified (A1 孤儿 = priority),
 * A1, A2 paid on time, A3 paid late (07-15), A4 unpaid; 华容县 school SB with B1 (孤儿) unpaid and
 * B2 paid; 君山区 school SC with no data at all. One 2024 autumn payment (A1) for the change column.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSql, type Engine } from '../../src/lib/engine/engine';
import { sqlString } from '../../src/lib/engine/engine';
import { assessUnits, scoreUnits, suggestAdvanced } from '../../src/lib/assess/assess';
import {
  defaultScheme,
  indicatorPoints,
  parseSchemeFile,
  schemeFileText,
  totalScore,
  validateScheme,
  type Scheme
} from '../../src/lib/assess/scheme';
import { unitValues } from '../../src/lib/assess/values';
import { defaultPlan2025 } from '../../src/lib/plan/default-2025';
import { parsePlanFile, planFileText } from '../../src/lib/plan/file';
import { movePlan, planForYear, validatePlan } from '../../src/lib/plan/plans';
import { planStatuses, rejectedTableSql } from '../../src/lib/plan/status';
import type { Plan } from '../../src/lib/plan/types';
import { marksTableSql } from '../../src/lib/findings/review-marks';
import { runRules } from '../../src/lib/rules/run';
import { makeReport } from '../../src/lib/reports';
import { renderPdf } from '../../src/lib/reports/render-node';
import { Fixture } from '../fixtures/rules/builder';

const SPRING = '2025年春季学期';
const AUTUMN = '2025年秋季学期';
const HS = '普通高中国家助学金';
const SA = '4306100001';
const SB = '4306100002';
const SC = '4306100003';

/** Linear rules with round numbers, so points are weight × value: easy to check by hand. */
const TEST_SCHEME: Scheme = {
  year: 2025,
  topN: 3,
  indicators: [
    { key: 'coverage', weight: 20, rule: { full: 1, zero: 0 } },
    { key: 'priority', weight: 15, rule: { full: 1, zero: 0 } },
    { key: 'timely', weight: 15, rule: { full: 1, zero: 0 } },
    { key: 'execution', weight: 10, rule: { full: 1, zero: 0 } },
    { key: 'setaside', weight: 10, rule: { full: 1, zero: 0 } },
    { key: 'findings', weight: 15, rule: { full: 0, zero: 10000 } },
    { key: 'rectify', weight: 10, rule: { full: 1, zero: 0 } },
    { key: 'quality', weight: 5, rule: { full: 0, zero: 1000 } }
  ]
};

let engine: Engine;

beforeAll(async () => {
  const f = new Fixture()
    .school(SA, '普通高中', { county: '岳阳县' })
    .school(SB, '普通高中', { county: '华容县' })
    .school(SC, '普通高中', { county: '君山区' });
  for (const id of ['A1', 'A2', 'A3', 'A4']) f.student(id, SA, '高一');
  for (const id of ['B1', 'B2']) f.student(id, SB, '高一');
  f.ident('A1', '2024-2025', '困难', { school_id: SA, priority_types: '孤儿' })
    .ident('A2', '2024-2025', '困难', { school_id: SA })
    .ident('A3', '2024-2025', '一般困难', { school_id: SA })
    .ident('A4', '2024-2025', '困难', { school_id: SA })
    .ident('B1', '2024-2025', '困难', { school_id: SB, priority_types: '孤儿' })
    .ident('B2', '2024-2025', '困难', { school_id: SB });
  f.pay('A1', SA, HS, SPRING, 1150, '2025-04-10')
    .pay('A2', SA, HS, SPRING, 1150, '2025-04-10')
    .pay('A3', SA, HS, SPRING, 800, '2025-07-15') // late: the spring window ends 06-30
    .pay('B2', SB, HS, SPRING, 1150, '2025-05-10')
    .pay('A1', SA, HS, '2024年秋季学期', 1150, '2024-10-10');
  f.add(
    'allocations',
    {
      doc_no: 'a1',
      alloc_date: '2025-03-01',
      budget_level: '中央',
      program: HS,
      target_unit: '岳阳县',
      amount: 4000,
      year: 2025
    },
    {
      doc_no: 'b1',
      alloc_date: '2025-03-01',
      budget_level: '中央',
      program: HS,
      target_unit: '华容县',
      amount: 2000,
      year: 2025
    }
  );
  f.add('setasides', { school_id: SA, year: 2025, income: 100000, set_aside: 2400, spent: 2000 });
  f.add('census', { school_id: SA, term: SPRING, registered: 4, counted: 4 });
  engine = await f.engine();
  // Findings by hand in the rule runner's table (the rules themselves are tested elsewhere).
  await runRules(engine, { only: ['R12'] });
  await engine.exec(`DELETE FROM findings`);
  const ins = (code: string, sev: string, id: string, school: string, county: string, key: string) =>
    engine.exec(
      `INSERT INTO findings (rule_code, severity, id, school_id, county, program, term, amount, finding_key)
       VALUES (${[code, sev, id, school, county, HS, SPRING].map(sqlString).join(', ')}, 100, ${sqlString(key)})`
    );
  await ins('R03', '高', 'A3', SA, '岳阳县', 'kA-high');
  await ins('R11', '低', 'A3', SA, '岳阳县', 'kA-low');
  await ins('R12', '高', 'B1', SB, '华容县', 'kB-r12');
  // A's 高 finding is rectified on 2025-05-10; B's stays open.
  for (const s of marksTableSql({
    'kA-high': { status: '已整改', note: '', at: '2025-05-10T08:00:00.000Z' }
  }))
    await runSql(engine, s);
  // One rejected row naming school SA in its cells.
  for (const s of rejectedTableSql([{ file: '发放.csv', row: 7, raw: `张三,${SA},普通高中国家助学金,abc` }]))
    await runSql(engine, s);
});

afterAll(async () => engine?.close());

describe('indicator values from the data (hand-counted)', () => {
  it('counts every indicator per county, with no data where there is nothing to measure', async () => {
    const v = Object.fromEntries((await unitValues(engine, 2025, 'county')).map((u) => [u.key, u]));
    const a = v['岳阳县'].values;
    expect([a.coverage.num, a.coverage.den]).toEqual([3, 4]); // A1–A3 paid of A1–A4
    expect([a.priority.num, a.priority.den]).toEqual([1, 1]); // A1
    expect([a.timely.num, a.timely.den]).toEqual([2, 3]); // A3 late
    expect([a.execution.num, a.execution.den]).toEqual([3100, 4000]);
    expect([a.setaside.num, a.setaside.den]).toEqual([2400, 3000]); // 100,000 × 3%
    expect([a.findings.num, a.findings.den]).toEqual([10, 3]); // 高 9 + 低 1, over 3 recipients
    expect(a.findings.value).toBeCloseTo(3333.333, 3);
    expect([a.rectify.num, a.rectify.den]).toEqual([1, 2]);
    expect([a.quality.num, a.quality.den]).toEqual([1, 13]); // 4 roster + 4 payments (one of 2024) + 4 idents + 1 rejected
    expect(v['岳阳县'].openHigh).toBe(0);
    const b = v['华容县'].values;
    expect([b.coverage.value, b.priority.value, b.timely.value, b.execution.value]).toEqual([
      0.5, 0, 1, 0.575
    ]);
    expect(b.setaside.value).toBeNull(); // no 计提 rows
    expect(b.findings.value).toBe(9000);
    expect(b.rectify.value).toBe(0);
    expect(b.quality.value).toBe(0);
    expect(v['华容县'].openHigh).toBe(1);
    expect(Object.values(v['君山区'].values).every((x) => x.value === null)).toBe(true);
  });
});

describe('scores', () => {
  it('scores, totals and ranks by hand', async () => {
    const units = await assessUnits(engine, 2025, TEST_SCHEME, { ...TEST_SCHEME, year: 2024 }, 'county');
    const by = Object.fromEntries(units.map((u) => [u.key, u]));
    const pts = (k: string) => by[k].indicators.map((i) => i.points);
    // 岳阳县: 20×0.75, 15×1, 15×2/3, 10×0.775, 10×0.8, 15×(1−3333.3/10000), 10×0.5, 5×(1−76.92/1000)
    expect(pts('岳阳县')).toEqual([15, 15, 10, 7.75, 8, 10, 5, 4.62]);
    expect(by['岳阳县'].total).toBe(75.4); // 75.37
    // 华容县: 20×0.5, 0, 15, 10×0.575, —, 15×(1−0.9), 0, 5; 37.25 of 90 weight → 41.39
    expect(pts('华容县')).toEqual([10, 0, 15, 5.75, null, 1.5, 0, 5]);
    expect(by['华容县'].total).toBe(41.4);
    // 君山区: no data at all → no score, no rank.
    expect(by['君山区'].total).toBeNull();
    expect(units.map((u) => [u.key, u.rank])).toEqual([
      ['岳阳县', 1],
      ['华容县', 2],
      ['君山区', null]
    ]);
    // 2024: only A1's autumn payment. 岳阳县 coverage 1/4 → 5 points: +10; priority 15 both years: 0.
    expect(by['岳阳县'].indicators[0].change).toBe(10);
    expect(by['岳阳县'].indicators[1].change).toBe(0);
    // 2024 total: (5 + 15 + 15 + findings 0‰ 15 + quality 4.62) / 70 → 78.03
    expect(by['岳阳县'].prevTotal).toBe(78);
    // 华容县 2024: no payments, so no data quality either: coverage 0 and priority 0 of 35 weight.
    expect(by['华容县'].prevTotal).toBe(0);
    expect(by['华容县'].indicators.find((i) => i.key === 'quality')?.prevValue).toBeNull();
    // 先进单位: 华容县 has an open 高 finding; 君山区 no score.
    expect(suggestAdvanced(units, 3).map((u) => u.key)).toEqual(['岳阳县']);
  });

  it('linear rules, rounding and the no-data rule', () => {
    const d = defaultScheme(2025);
    expect(validateScheme(d)).toEqual([]);
    expect(d.indicators.reduce((s, i) => s + i.weight, 0)).toBe(100);
    // coverage 20, full 100% zero 80%: 95% → 20 × 0.75 = 15
    expect(indicatorPoints(0.95, 20, { full: 1, zero: 0.8 })).toBe(15);
    expect(indicatorPoints(1.2, 20, { full: 1, zero: 0.8 })).toBe(20); // capped
    expect(indicatorPoints(0.5, 20, { full: 1, zero: 0.8 })).toBe(0); // floored
    // findings 15, full 0 zero 200‰, lower is better: 50‰ → 15 × 0.75 = 11.25
    expect(indicatorPoints(50, 15, { full: 0, zero: 200 })).toBe(11.25);
    expect(indicatorPoints(1 / 3, 10, { full: 1, zero: 0 })).toBe(3.33); // 2 decimals
    expect(indicatorPoints(null, 10, { full: 1, zero: 0 })).toBeNull();
    // No data: the weight leaves the denominator. 30 of 40 weight → 75.0
    expect(
      totalScore([
        { points: 10, weight: 20 },
        { points: 20, weight: 20 },
        { points: null, weight: 60 }
      ])
    ).toBe(75);
    expect(totalScore([{ points: null, weight: 100 }])).toBeNull();
    expect(validateScheme({ ...d, indicators: d.indicators.slice(1) })).toContain(
      '各指标权重之和应为 100，当前为 80'
    );
  });

  it('ties share a rank and a tie at the cut-off joins the 先进单位 suggestion', () => {
    const v = (c: number) => ({
      key: `u${c}`,
      label: `u${c}`,
      county: '',
      openHigh: 0,
      values: Object.fromEntries(
        TEST_SCHEME.indicators.map((i) => [
          i.key,
          { value: i.key === 'coverage' ? c : null, num: null, den: null }
        ])
      ) as never
    });
    const s = scoreUnits([v(0.5), v(0.9), v(0.9)], TEST_SCHEME);
    expect(s.map((u) => [u.key, u.total, u.rank])).toEqual([
      ['u0.9', 90, 1],
      ['u0.9', 90, 1],
      ['u0.5', 50, 3]
    ]);
    expect(suggestAdvanced(s, 1).map((u) => u.total)).toEqual([90, 90]);
    expect(suggestAdvanced(s, 3).map((u) => u.total)).toEqual([90, 90, 50]);
  });
});

describe('live task statuses', () => {
  const plan: Plan = {
    year: 2025,
    ticks: { m1: { date: '2025-03-10', note: '已召开' } },
    tasks: [
      {
        id: 'payA',
        from: 4,
        to: 5,
        deadline: '2025-06-30',
        text: 'A',
        owner: '县市区',
        check: { kind: 'payments', term: SPRING, programs: [HS], county: '岳阳县' }
      },
      {
        id: 'payB',
        from: 4,
        to: 5,
        deadline: '2025-06-30',
        text: 'B',
        owner: '县市区',
        check: { kind: 'payments', term: SPRING, programs: [HS], county: '华容县' }
      },
      {
        id: 'rev',
        from: 5,
        to: 5,
        text: '核查',
        owner: '市本级',
        check: { kind: 'review', term: SPRING, stage: '普通高中' }
      },
      {
        id: 'revNone',
        from: 5,
        to: 5,
        text: '核查中职',
        owner: '市本级',
        check: { kind: 'review', term: SPRING, stage: '中职' }
      },
      {
        id: 'cen',
        from: 11,
        to: 11,
        text: '普查春',
        owner: '市本级',
        check: { kind: 'census', term: SPRING }
      },
      {
        id: 'cenAu',
        from: 11,
        to: 11,
        text: '普查秋',
        owner: '市本级',
        check: { kind: 'census', term: AUTUMN }
      },
      {
        id: 'pri',
        from: 10,
        to: 10,
        text: '重点保障',
        owner: '市本级',
        check: { kind: 'priority', term: SPRING }
      },
      { id: 'rej', from: 12, to: 12, text: '录入', owner: '县市区', check: { kind: 'rejected' } },
      {
        id: 'rep',
        from: 12,
        to: 12,
        text: '总结',
        owner: '市本级',
        check: { kind: 'report', report: '年度工作总结' }
      },
      { id: 'm1', from: 3, to: 3, text: '会议', owner: '市本级' },
      { id: 'm2', from: 3, to: 3, text: '培训', owner: '市本级' }
    ]
  };
  const printed = [{ report: '年度工作总结', year: 2025, date: '2025-12-20' }];
  const at = async (date: string) =>
    Object.fromEntries((await planStatuses(engine, plan, date, printed)).map((r) => [r.id, r]));

  it('before, during and after each window', async () => {
    const cases: [string, string, string][] = [
      // payments of 岳阳县: 04-10 ×2, 07-15 (after the 06-30 deadline: never counts)
      ['payA', '2025-03-15', '未开始'],
      ['payA', '2025-05-01', '进行中'],
      ['payA', '2025-07-20', '逾期'],
      ['payB', '2025-05-01', '进行中'],
      ['payB', '2025-05-15', '已完成'],
      // review: 3 findings, one marked on 05-10
      ['rev', '2025-04-30', '未开始'],
      ['rev', '2025-05-20', '进行中'],
      ['rev', '2025-06-01', '逾期'],
      ['revNone', '2025-04-30', '未开始'],
      ['revNone', '2025-05-02', '已完成'],
      ['cen', '2025-10-01', '未开始'],
      ['cen', '2025-11-10', '已完成'],
      ['cenAu', '2025-11-10', '进行中'],
      ['cenAu', '2025-12-05', '逾期'],
      ['pri', '2025-09-01', '未开始'],
      ['pri', '2025-10-05', '进行中'],
      ['pri', '2025-11-01', '逾期'],
      ['rej', '2025-12-05', '进行中'],
      ['rej', '2026-01-05', '逾期'],
      ['rep', '2025-12-10', '进行中'],
      ['rep', '2025-12-25', '已完成'],
      ['m1', '2025-02-01', '未开始'],
      ['m1', '2025-03-05', '进行中'],
      ['m1', '2025-03-12', '已完成'],
      ['m2', '2025-04-01', '逾期']
    ];
    const got: [string, string, string][] = [];
    for (const [id, date] of cases) got.push([id, date, (await at(date))[id].status]);
    expect(got).toEqual(cases);
  });

  it('shows the figure behind a status', async () => {
    const s = await at('2025-05-20');
    expect(s.payA.figure).toBe('按期发放 66.7%（2 / 3 笔）');
    expect(s.rev.figure).toBe('已核实处理 33.3%（1 / 3 条疑点）');
    expect((await at('2025-10-05')).pri.figure).toBe('重点保障对象未资助 1 人（共 2 人，目标 0）');
    expect((await at('2025-03-12')).m1.figure).toBe('手工确认 2025-03-10：已召开');
  });

  it('takes the plan’s edited terms, units and ids as data, not SQL', async () => {
    const hostile = "岳阳县'; DROP TABLE payments; --";
    const edited = {
      ...plan,
      tasks: plan.tasks.map((t) =>
        t.id === 'payA' && t.check?.kind === 'payments'
          ? { ...t, id: "payA' OR TRUE --", check: { ...t.check, county: hostile } }
          : t
      )
    };
    const rows = await planStatuses(engine, edited, '2025-05-20', printed);
    const hit = rows.find((r) => r.id === "payA' OR TRUE --")!;
    expect(hit.figure).toBe('数据中无该学期该项目的发放记录');
    expect(rows.find((r) => r.id === 'payB')!.status).toBe((await at('2025-05-20')).payB.status);
    expect((await engine.query('SELECT count(*)::INTEGER AS n FROM payments'))[0].n).toBeGreaterThan(0);
  });
});

describe('plan and scheme files', () => {
  it('the plan round-trips through its file and moves to the next year', () => {
    const p = defaultPlan2025();
    p.ticks.t01 = { date: '2025-02-10', note: '已参加' };
    p.tasks.push({ id: 'u1', from: 6, to: 7, text: '新增任务', owner: '学校' });
    expect(validatePlan(p)).toEqual([]);
    expect(parsePlanFile(planFileText([p]))).toEqual([p]);
    const next = planForYear([p], 2026);
    expect(next.year).toBe(2026);
    expect(next.ticks).toEqual({});
    expect(next.tasks.find((t) => t.id === 't11')?.check).toMatchObject({ term: '2026年春季学期' });
    expect(next.tasks.find((t) => t.id === 't11')?.deadline).toBe('2026-06-30');
    expect(movePlan(p, 2025)).toMatchObject({ year: 2025 });
    expect(() =>
      parsePlanFile('{"plans":[{"year":2025,"tasks":[{"id":"a","from":5,"to":3}]}]}', '计划.json')
    ).toThrow(/计划\.json：第 1 个年度计划有误/);
  });

  it('the scheme round-trips through its file', () => {
    const s = { ...defaultScheme(2026), topN: 5 };
    expect(parseSchemeFile(schemeFileText([s]))).toEqual([s]);
    expect(() => parseSchemeFile('not json', '方案.json')).toThrow('方案.json：不是有效的 JSON 文件');
  });
});

describe('考核结果通报 PDF', () => {
  it('holds the ranking in its text', async () => {
    const made = await makeReport(engine, '考核结果通报', {
      year: 2025,
      date: '2026-01-15',
      schemes: [TEST_SCHEME]
    });
    const { pdf } = await renderPdf(made.doc);
    const dir = mkdtempSync(join(tmpdir(), 'assess-pdf-'));
    writeFileSync(join(dir, 'a.pdf'), pdf);
    execFileSync('pdftotext', ['-layout', join(dir, 'a.pdf'), join(dir, 'a.txt')]);
    const text = readFileSync(join(dir, 'a.txt'), 'utf8');
    expect(text).toContain('2025年度学生资助工作目标管理考核结果通报');
    if (process.env.SHOW_PDF) console.log(text);
    const lines = text.split('\n').map((l) => l.trim().split(/\s+/).slice(0, 3).join(' '));
    const i1 = lines.indexOf('1 岳阳县 75.4');
    const i2 = lines.indexOf('2 华容县 41.4');
    expect(i1).toBeGreaterThan(-1);
    expect(i2).toBeGreaterThan(i1);
    expect(text.replace(/\s+/g, '')).toContain('考核先进单位为：岳阳县');
    expect(text).toContain('2026年1月15日');
  });

  it('年度工作总结 has the 目标管理考核 section with the ranking', async () => {
    const made = await makeReport(engine, '年度工作总结', {
      year: 2025,
      date: '2026-01-15',
      schemes: [TEST_SCHEME]
    });
    const { pdf } = await renderPdf(made.doc);
    const dir = mkdtempSync(join(tmpdir(), 'annual-pdf-'));
    writeFileSync(join(dir, 'a.pdf'), pdf);
    execFileSync('pdftotext', ['-layout', join(dir, 'a.pdf'), join(dir, 'a.txt')]);
    const text = readFileSync(join(dir, 'a.txt'), 'utf8');
    const after = text.slice(text.indexOf('八、目标管理考核'));
    expect(after).toMatch(/1\s+岳阳县\s+75\.4/);
    expect(after).toMatch(/2\s+华容县\s+41\.4/);
    expect(after.replace(/\s+/g, '')).toContain('先进单位：岳阳县');
    // 七's 完成情况: live statuses at the print date (the 12 月 summary task not yet printed: 逾期 on 2026-01-15).
    const seven = text
      .slice(text.indexOf('七、2025年工作安排及完成情况'), text.indexOf('八、目标管理考核'))
      .replace(/\s+/g, '');
    expect(seven).toContain('逾期：尚未打印');
    expect(seven).toContain('逾期：导入被拒行1行待处理');
  });
});
