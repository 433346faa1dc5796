/**
 * Every dashboard metric against numbers computed by hand on a tiny city (see the comments by each
 * expectation). Runs on native DuckDB; the browser runs the same SQL on duckdb-wasm.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTableSql, TABLES } from '../../src/lib/contract/tables';
import type { Engine, Row, Sql } from '../../src/lib/engine/engine';
import { runSql, sql, sqlString } from '../../src/lib/engine/engine';
import type { Filters } from '../../src/lib/filters/state';
import { createNodeEngine } from '../../src/lib/engine/node';
import { applyPolicy, defaultPolicy } from '../../src/lib/policy';
import { runRules } from '../../src/lib/rules/run';
import {
  allocationFlowSql,
  budgetLevelSql,
  coverageSql,
  executionSql,
  findingsListSql,
  fundedShareSql,
  kpiFindings,
  kpiSet,
  missedPrioritySql,
  monthlySql,
  previousTermSql,
  priorityCoverageSql,
  problemsSql,
  schoolStudentsSql,
  setasideSql,
  timelinessSql,
  disbursedSql,
  personKeySql,
  studentIdentSql,
  studentPaymentsSql,
  studentRosterSql
} from '../../src/lib/metrics';

const SPRING = '2025年春季学期';
const AUTUMN = '2025年秋季学期';
const S1 = '4306000001'; // 岳阳县 一中, 普通高中, 100 students
const S2 = '4306000002'; // 岳阳县 实验小学, 小学, 200
const S3 = '4306000003'; // 市直 职校, 中职, 50
const S4 = '4306000004'; // 华容县 九年一贯制: 小学 60 + 初中 40
const S5 = '4306000005'; // 岳阳楼区 民办高中, 0 (only for 计提)
const AID = '义务教育家庭经济困难学生生活补助';
const HS = '普通高中国家助学金';

type Cell = string | number | boolean | null;
function ins(table: string, cols: string[], rows: Cell[][]): string {
  const lit = (v: Cell) => (v === null ? 'NULL' : typeof v === 'string' ? sqlString(v) : String(v));
  return `INSERT INTO ${table} (${cols.join(', ')}) VALUES ${rows.map((r) => `(${r.map(lit).join(', ')})`).join(', ')}`;
}

let engine: Engine;
let r12Keys: string[] = [];
const q = <T extends Row = Row>(s: Sql) => runSql<T>(engine, s);
const one = async (s: Sql) => (await q(s))[0];
const byKey = async (s: Sql) => Object.fromEntries((await q(s)).map((r) => [r.key as string, r]));
const query = <T extends Row = Row>(text: string, params?: Row[string][]) => engine.query<T>(text, params);

beforeAll(async () => {
  engine = await createNodeEngine();
  for (const t of TABLES) await engine.exec(createTableSql(t));
  await engine.exec(
    ins(
      'schools',
      ['school_id', 'school_name', 'county', 'stage', 'ownership', 'enrolled_count'],
      [
        [S1, '一中', '岳阳县', '普通高中', '公办', 100],
        [S2, '实验小学', '岳阳县', '小学', '公办', 200],
        [S3, '职校', '市直', '中职', '公办', 50],
        [S4, '九年一贯制学校', '华容县', '小学', '公办', 60],
        [S4, '九年一贯制学校', '华容县', '初中', '公办', 40],
        [S5, '民办高中', '岳阳楼区', '普通高中', '民办', 0]
      ]
    )
  );
  const R = [
    'id',
    'name',
    'school_id',
    'grade',
    'status',
    'status_date',
    'entry_date',
    'boarding',
    'grade_stage'
  ];
  await engine.exec(
    ins('roster', R, [
      ['H1', '高一', S1, '高一', '在读', null, null, false, '普通高中'],
      ['H2', '高二', S1, '高二', '在读', null, null, false, '普通高中'],
      ['H3', '高三', S1, '高三', '毕业', '2025-06-30', null, false, '普通高中'], // spring only
      ['H4', '新生', S1, '高一', '在读', null, '2025-09-01', false, '普通高中'], // autumn only
      ['P1', '小一', S2, '三年级', '在读', null, null, false, '小学'],
      ['P2', '小二', S2, '五年级', '在读', null, null, false, '小学'],
      ['V1', '职一', S3, '中职一年级', '在读', null, null, false, '中职'],
      ['V2', '职二', S3, '中职二年级', '在读', null, null, false, '中职'],
      ['M1', '初一', S4, '七年级', '在读', null, null, true, '初中'],
      ['M2', '小三', S4, '二年级', '在读', null, null, false, '小学']
    ])
  );
  const I = ['id', 'name', 'school_id', 'school_year', 'level', 'priority_types'];
  await engine.exec(
    ins('identifications', I, [
      ['H1', '高一', S1, '2024-2025', '困难', '孤儿'],
      ['H2', '高二', S1, '2024-2025', '一般困难', null],
      ['H3', '高三', S1, '2024-2025', '特别困难', '脱贫家庭学生'],
      ['P1', '小一', S2, '2024-2025', '困难', '最低生活保障家庭学生'],
      ['V1', '职一', S3, '2024-2025', '困难', null],
      ['M1', '初一', S4, '2024-2025', '困难', '残疾学生'],
      ['M2', '小三', S4, '2024-2025', '一般困难', null],
      ['H1', '高一', S1, '2025-2026', '困难', '孤儿'],
      ['H4', '新生', S1, '2025-2026', '困难', null],
      ['P2', '小二', S2, '2025-2026', '困难', null],
      ['M1', '初一', S4, '2025-2026', '困难', '残疾学生']
    ])
  );
  const P = ['id', 'name', 'school_id', 'program', 'term', 'amount', 'pay_date', 'school_year'];
  const sp = (id: string, school: string, program: string, amount: number, date: string): Cell[] => [
    id,
    id,
    school,
    program,
    SPRING,
    amount,
    date,
    '2024-2025'
  ];
  const au = (id: string, school: string, program: string, amount: number, date: string): Cell[] => [
    id,
    id,
    school,
    program,
    AUTUMN,
    amount,
    date,
    '2025-2026'
  ];
  await engine.exec(
    ins('payments', P, [
      sp('H1', S1, HS, 1150, '2025-04-10'),
      sp('H2', S1, HS, 800, '2025-07-15'), // late: the spring window ends 06-30
      sp('H2', S1, '普通高中免学杂费', 600, '2025-04-10'),
      sp('P1', S2, AID, 312.5, '2025-05-20'),
      sp('V1', S3, '中职国家助学金', 1150, '2025-05-10'),
      sp('V1', S3, '中职免学费', 1000, '2025-05-10'),
      sp('V2', S3, '中职免学费', 1000, '2025-05-10'),
      sp('M2', S4, AID, 312.5, '2025-05-20'),
      sp('X9', S1, HS, 1150, '2025-04-10'), // not on the roster
      au('H1', S1, HS, 1150, '2025-11-10'),
      au('H4', S1, HS, 1150, '2026-01-05'), // late: the autumn window ends 12-31
      au('M1', S4, AID, 375, '2025-11-20'),
      au('V2', S3, '中职免学费', 1000, '2025-11-10')
    ])
  );
  const A = ['doc_no', 'alloc_date', 'budget_level', 'program', 'target_unit', 'amount', 'year'];
  await engine.exec(
    ins('allocations', A, [
      ['d1', '2025-03-10', '中央', HS, '岳阳县', 5000, 2025],
      ['d2', '2025-03-10', '省级', HS, '岳阳县', 1000, 2025],
      ['d3', '2025-04-01', '中央', AID, '岳阳县', 500, 2025],
      ['d4', '2025-04-01', '县级', AID, '华容县', 1000, 2025],
      ['d5', '2025-05-01', '中央', '中职国家助学金', '市直', 1150, 2025],
      ['d6', '2025-05-01', '省级', '中职免学费', '市直', 4000, 2025],
      ['d7', '2025-10-01', '省级', '中职免学费', '市直', -1000, 2025], // a recall
      ['d8', '2024-12-01', '中央', HS, '岳阳县', 9999, 2024]
    ])
  );
  await engine.exec(
    ins(
      'setasides',
      ['school_id', 'year', 'income', 'set_aside', 'spent'],
      [
        [S1, 2025, 100000, 2000, 1500],
        [S3, 2025, 50000, 3000, 600],
        [S5, 2025, 20000, 1000, 1000]
      ]
    )
  );
  await applyPolicy(engine, (y) => defaultPolicy(y));
  // The missed priority list must be exactly rule R12's findings: run the real rule first.
  await runRules(engine, { only: ['R12'] });
  r12Keys = (
    await engine.query(`SELECT id || '|' || program || '|' || term AS k FROM findings ORDER BY k`)
  ).map((r) => r.k as string);
  // Then a few findings by hand, in the rule runner's table, for the problem metrics.
  await engine.exec(`DELETE FROM findings`);
  const F = [
    'rule_code',
    'rule_name',
    'severity',
    'id',
    'school_id',
    'county',
    'program',
    'school_year',
    'term',
    'year',
    'amount'
  ];
  await engine.exec(
    ins('findings', F, [
      ['R12', '重点保障对象漏助', '高', 'H3', S1, '岳阳县', HS, '2024-2025', SPRING, null, 1500],
      ['R11', '发放时间异常', '低', 'H2', S1, '岳阳县', HS, '2024-2025', SPRING, null, 800],
      ['R03', '无在读学籍', '高', 'X9', S1, '岳阳县', HS, '2024-2025', SPRING, null, 1150],
      ['R12', '重点保障对象漏助', '高', 'M1', S4, '华容县', AID, '2024-2025', SPRING, null, 375],
      ['S04', '资金执行异常', '中', null, null, '华容县', AID, null, null, 2025, 312.5]
    ])
  );
});

afterAll(async () => engine?.close());

describe('coverage (困难学生资助覆盖率)', () => {
  it('spring: 5 of 7 needy students funded (H3 and M1 missed)', async () => {
    expect(await one(coverageSql({ term: SPRING }))).toMatchObject({ needy: 7, covered: 5, rate: 5 / 7 });
  });
  it('by unit and stage', async () => {
    const c = await byKey(coverageSql({ term: SPRING }, 'county'));
    expect(c['岳阳县']).toMatchObject({ needy: 4, covered: 3 });
    expect(c['市直']).toMatchObject({ needy: 1, covered: 1 });
    expect(c['华容县']).toMatchObject({ needy: 2, covered: 1 });
    const s = await byKey(coverageSql({ term: SPRING }, 'stage'));
    expect(s['普通高中']).toMatchObject({ needy: 3, covered: 2 });
    expect(s['小学']).toMatchObject({ needy: 2, covered: 2 }); // P1 and M2 (grade stage at S4)
    expect(s['初中']).toMatchObject({ needy: 1, covered: 0 });
    expect(s['中职']).toMatchObject({ needy: 1, covered: 1 });
  });
  it('by program: covered means paid the stage need program', async () => {
    const p = await byKey(coverageSql({ term: SPRING }, 'program'));
    expect(p[HS]).toMatchObject({ needy: 3, covered: 2 });
    expect(p[AID]).toMatchObject({ needy: 3, covered: 2 });
    expect(await one(coverageSql({ term: SPRING, program: HS }))).toMatchObject({ needy: 3, covered: 2 });
  });
  it('school, term and year scopes', async () => {
    const sc = await byKey(coverageSql({ term: SPRING, county: '华容县' }, 'school'));
    expect(Object.keys(sc)).toEqual([S4]);
    expect(sc[S4]).toMatchObject({ label: '九年一贯制学校', county: '华容县', needy: 2, covered: 1 });
    // autumn: H1, H4, P2, M1 are needy and enrolled (H3 graduated); P2 missed
    expect(await one(coverageSql({ term: AUTUMN }))).toMatchObject({ needy: 4, covered: 3 });
    expect(await one(coverageSql({ year: 2025 }))).toMatchObject({ needy: 11, covered: 8 });
    const t = await byKey(coverageSql({ year: 2025 }, 'term'));
    expect(t[SPRING]).toMatchObject({ needy: 7 });
    expect(t[AUTUMN]).toMatchObject({ needy: 4 });
  });
});

describe('priority coverage (重点保障对象覆盖率, R12 complement)', () => {
  it('spring: 2 of 4 priority students paid their stage program; the missed list is H3 and M1', async () => {
    expect(await one(priorityCoverageSql({ term: SPRING }))).toMatchObject({
      needy: 4,
      covered: 2,
      rate: 0.5
    });
    const missed = await q(missedPrioritySql({ term: SPRING }));
    // ordered by unit, school, ID (华容县 sorts before 岳阳县)
    expect(missed.map((r) => [r.id, r.need_program, r.name])).toEqual([
      ['M1', AID, '初一'],
      ['H3', HS, '高三']
    ]);
    expect(await one(priorityCoverageSql({ term: AUTUMN }))).toMatchObject({ needy: 2, covered: 2, rate: 1 });
  });
  it('the missed list is exactly what rule R12 flags (all terms)', async () => {
    const missed = (await q(missedPrioritySql({}))).map((r) => `${r.id}|${r.need_program}|${r.term}`).sort();
    expect(missed).toEqual([`H3|${HS}|${SPRING}`, `M1|${AID}|${SPRING}`]);
    expect(missed).toEqual(r12Keys);
  });
});

describe('资助面', () => {
  it('spring: 7 distinct IDs paid ÷ 450 enrolled', async () => {
    expect(await one(fundedShareSql({ term: SPRING }))).toMatchObject({
      funded: 7,
      enrolled: 450,
      rate: 7 / 450
    });
    const c = await byKey(fundedShareSql({ term: SPRING }, 'county'));
    expect(c['岳阳县']).toMatchObject({ funded: 4, enrolled: 300 }); // H1, H2, P1, X9
    expect(c['市直']).toMatchObject({ funded: 2, enrolled: 50 });
    expect(c['华容县']).toMatchObject({ funded: 1, enrolled: 100 });
    expect(c['岳阳楼区']).toMatchObject({ funded: 0, enrolled: 0, rate: null });
  });
  it('over the year, per term: 11 student-terms ÷ 900', async () => {
    expect(await one(fundedShareSql({ year: 2025 }))).toMatchObject({ funded: 11, enrolled: 900 });
  });
});

describe('money', () => {
  it('execution 2025: 11150 disbursed ÷ 11650 allocated (recall netted, 2024 excluded)', async () => {
    expect(await one(executionSql({ year: 2025 }))).toMatchObject({
      allocated: 11650,
      disbursed: 11150,
      rate: 11150 / 11650
    });
    const c = await byKey(executionSql({ term: SPRING }, 'county')); // a term means its year
    expect(c['岳阳县']).toMatchObject({
      allocated: 6500,
      disbursed: 6312.5,
      students: 5,
      per_student: 1262.5
    });
    expect(c['市直']).toMatchObject({ allocated: 4150, disbursed: 4150, rate: 1 });
    expect(c['华容县']).toMatchObject({ allocated: 1000, disbursed: 687.5 });
    const p = await byKey(executionSql({ year: 2025, county: '岳阳县' }, 'program'));
    expect(p[HS]).toMatchObject({ allocated: 6000, disbursed: 5400 });
    expect(p['普通高中免学杂费']).toMatchObject({ allocated: 0, disbursed: 600, rate: null });
    const y = await byKey(executionSql({}, 'year'));
    expect(y['2024']).toMatchObject({ allocated: 9999, disbursed: 0 });
  });
  it('budget levels and the sankey flows', async () => {
    const b = await q(budgetLevelSql({ year: 2025 }));
    expect(b.map((r) => [r.budget_level, r.allocated])).toEqual([
      ['中央', 6650],
      ['省级', 4000],
      ['县级', 1000]
    ]);
    const flows = await q(allocationFlowSql({ year: 2025 }));
    expect(flows.map((r) => [r.budget_level, r.program, r.county, r.amount])).toEqual([
      ['中央', '中职国家助学金', '市直', 1150],
      ['中央', AID, '岳阳县', 500],
      ['中央', HS, '岳阳县', 5000],
      ['省级', '中职免学费', '市直', 3000],
      ['省级', HS, '岳阳县', 1000],
      ['县级', AID, '华容县', 1000]
    ]); // budget levels in their canonical order (中央, 省级, 市级, 县级)
  });
  it('timeliness: spring 8 of 9 payments inside the window; days from 03-01', async () => {
    expect(await one(timelinessSql({ term: SPRING }))).toMatchObject({
      payments: 9,
      on_time: 8,
      rate: 8 / 9,
      late_amount: 800,
      avg_days: 69.6, // (40+136+40+80+70+70+70+80+40) / 9
      median_days: 70
    });
    expect(await one(timelinessSql({ term: AUTUMN }))).toMatchObject({ payments: 4, on_time: 3 });
    const s = await byKey(timelinessSql({ term: SPRING }, 'stage'));
    expect(s['小学']).toMatchObject({ payments: 2, on_time: 2 }); // P1 and M2 (九年一贯制, grade 小学)
  });
  it('monthly disbursement and disbursed by school', async () => {
    const m = await q(monthlySql({ term: SPRING }));
    expect(m.map((r) => [r.month, r.amount])).toEqual([
      ['2025-04', 2900],
      ['2025-05', 3775],
      ['2025-07', 800]
    ]);
    const d = await byKey(disbursedSql({ term: SPRING, county: '岳阳县' }, 'school'));
    expect(d[S1]).toMatchObject({ amount: 3700, students: 3, payments: 4 });
  });
});

describe('计提', () => {
  it('required = income × min share (民办 5% beats 普通高中 3%)', async () => {
    expect(await one(setasideSql({ year: 2025 }))).toMatchObject({
      income: 170000,
      required: 6500,
      set_aside: 6000,
      spent: 3100,
      short: 1,
      set_aside_rate: 6000 / 6500,
      use_rate: 3100 / 6000
    });
    const s = await byKey(setasideSql({ year: 2025 }, 'school'));
    expect(s[S1]).toMatchObject({ required: 3000, set_aside: 2000, short: 1 });
    expect(s[S3]).toMatchObject({ required: 2500, short: 0 });
    expect(s[S5]).toMatchObject({ required: 1000, short: 0 });
  });
});

describe('problems', () => {
  it('per unit, ranked by severity weight then money', async () => {
    const rows = await q(problemsSql({ term: SPRING }, 'county'));
    expect(rows.map((r) => [r.key, r.findings, r.amount, r.high, r.medium, r.low, r.score])).toEqual([
      ['岳阳县', 3, 3450, 2, 0, 1, 19],
      ['华容县', 2, 687.5, 1, 1, 0, 12] // S04 is yearly: counted in 2025's terms
    ]);
    const r = await byKey(problemsSql({ year: 2025 }, 'rule'));
    expect(r['R12']).toMatchObject({ label: '重点保障对象漏助', findings: 2, amount: 1875 });
    expect(await one(problemsSql({ term: AUTUMN }, 'total'))).toMatchObject({ findings: 1 }); // S04 only
    const list = await q(findingsListSql({ term: SPRING, school: S1 }));
    expect(list.map((x) => x.rule_code)).toEqual(['R12', 'R03', 'R11']);
  });
});

describe('drill-down and KPIs', () => {
  it('the students of a school', async () => {
    const st = await q(schoolStudentsSql({ term: SPRING, school: S1 }));
    const ids = st.map((r) => r.id);
    expect(ids.slice(0, 3).sort()).toEqual(['H2', 'H3', 'X9']); // those with findings first
    expect(new Set(ids)).toEqual(new Set(['H1', 'H2', 'H3', 'X9']));
    expect(st.find((r) => r.id === 'H2')).toMatchObject({ paid: 1400, payments: 2, findings: 1 });
  });
  it('KPIs with the change from the previous term', async () => {
    expect(await one(previousTermSql(AUTUMN))).toEqual({ term: SPRING });
    const k = await kpiSet(query, { term: AUTUMN });
    expect(k.previousTerm).toBe(SPRING);
    expect(k.current).toMatchObject({ coverage: 3 / 4, priority: 1, timeliness: 3 / 4 });
    expect(k.previous).toMatchObject({ coverage: 5 / 7, priority: 0.5, timeliness: 8 / 9 });
    const kf = await kpiFindings(query, { term: AUTUMN });
    expect(kf.current.findings).toBe(1);
    expect(kf.previous!.findings).toBe(5);
    expect(k.current.execution).toBeCloseTo(11150 / 11650, 12);
    expect(k.previousYear).toBe(2024);
    expect(k.previous!.execution).toBe(0); // 2024: 9999 allocated, nothing paid
  });
});

describe('filter values are bound as parameters (hostile values)', () => {
  const HOSTILE = ["岳阳楼区'", "' OR TRUE --", "'; DROP TABLE payments; --"];
  const FIELDS = ['county', 'school', 'program', 'stage', 'term'] as const;
  /** Every metric builder a page, a report or the KPIs run with the user's filter. */
  const BUILDERS: [string, (f: Filters) => Sql][] = [
    ['coverage', (f) => coverageSql(f)],
    ['coverage by unit', (f) => coverageSql(f, 'county')],
    ['coverage by program', (f) => coverageSql(f, 'program')],
    ['priority', (f) => priorityCoverageSql(f, 'school')],
    ['missed priority', (f) => missedPrioritySql(f)],
    ['资助面', (f) => fundedShareSql(f, 'county')],
    ['execution', (f) => executionSql(f, 'program')],
    ['budget levels', (f) => budgetLevelSql(f)],
    ['flows', (f) => allocationFlowSql(f)],
    ['timeliness', (f) => timelinessSql(f, 'stage')],
    ['monthly', (f) => monthlySql(f)],
    ['disbursed', (f) => disbursedSql(f, 'school')],
    ['计提', (f) => setasideSql(f, 'county')],
    ['problems', (f) => problemsSql(f, 'rule')],
    ['findings list', (f) => findingsListSql(f)],
    ['students of a school', (f) => schoolStudentsSql({ school: S1, ...f })]
  ];
  const cases = BUILDERS.flatMap(([name, build]) =>
    FIELDS.flatMap((field) => HOSTILE.map((h) => ({ name, build, field, h })))
  );
  const counts = () =>
    q(sql`SELECT (SELECT count(*) FROM payments)::INTEGER AS payments,
      (SELECT count(*) FROM schools)::INTEGER AS schools, (SELECT count(*) FROM findings)::INTEGER AS findings`);

  it('never writes a filter value into the SQL text: one placeholder per parameter', () => {
    for (const { name, build, field, h } of cases) {
      const s = build({ term: SPRING, [field]: h });
      expect(s.sql, `${name} ${field}`).not.toContain(h);
      expect(s.sql.split('?').length - 1, `${name} ${field}`).toBe(s.params.length);
      // A builder that ignores the field (allocations have no school) simply has no parameter for it.
      if (s.params.length && field !== 'term') expect(s.params).toContain(SPRING);
    }
  });

  it('a hostile value is data: it matches what an unknown plain value matches (nothing), tables intact', async () => {
    const before = await counts();
    expect(before).toEqual([{ payments: 13, schools: 6, findings: 5 }]);
    for (const { name, build, field, h } of cases) {
      const f: Filters = { year: 2025, [field]: h };
      expect(await q(build(f)), `${name} ${field} ${h}`).toEqual(
        await q(build({ year: 2025, [field]: '不存在' }))
      );
    }
    expect(await counts()).toEqual(before);
  });

  it('hand-computed: a hostile unit, term or school counts zero, the same filter named right counts as before', async () => {
    // 岳阳楼区 has only the 民办高中 (no needy students, no payments); with a quote it is no unit at all.
    expect(await one(coverageSql({ term: SPRING, county: "岳阳楼区'" }))).toEqual({
      key: '全部',
      label: '全部',
      needy: 0,
      covered: 0,
      rate: null
    });
    expect(await one(coverageSql({ term: SPRING, county: '华容县' }))).toMatchObject({
      needy: 2,
      covered: 1
    });
    expect(await one(timelinessSql({ term: "' OR TRUE --" }))).toMatchObject({ payments: 0, on_time: 0 });
    expect(await one(timelinessSql({ term: SPRING }))).toMatchObject({ payments: 9, on_time: 8 });
    expect(await one(executionSql({ year: 2025, county: "'; DROP TABLE payments; --" }))).toMatchObject({
      allocated: 0,
      disbursed: 0,
      rate: null
    });
    expect(await one(problemsSql({ term: SPRING, school: "' OR TRUE --" }, 'total'))).toMatchObject({
      findings: 0
    });
    expect(await one(problemsSql({ term: SPRING, school: S1 }, 'total'))).toMatchObject({ findings: 3 });
    expect(await q(schoolStudentsSql({ term: SPRING, school: "' OR TRUE --" }))).toEqual([]);
    for (const h of HOSTILE) {
      for (const s of [personKeySql(h), studentRosterSql(h), studentIdentSql(h), studentPaymentsSql(h)])
        expect(await q(s)).toEqual([]);
      expect(await q(findingsListSql({}, { id: h }))).toEqual([]);
    }
  });

  it('a search word is data too: quotes and LIKE wildcards match literally', async () => {
    const ids = async (search: string) =>
      (await q(schoolStudentsSql({ term: SPRING, school: S1 }, { search }))).map((r) => r.id).sort();
    expect(await ids('H')).toEqual(['H1', 'H2', 'H3']);
    expect(await ids("' OR TRUE --")).toEqual([]);
    expect(await ids('%')).toEqual([]);
  });

  it('the KPIs with a hostile term: nothing to compare with, nothing counted', async () => {
    const k = await kpiSet(query, { term: "2025年春季学期' OR TRUE --" });
    expect(k.previousTerm).toBeNull();
    expect(k.current).toMatchObject({ coverage: null, coverageN: [0, 0], timeliness: null, lateN: 0 });
  });
});
