/**
 * Recipient and identity rules (R01–R12, F01) on one hand-made fixture: every rule's exact
 * findings (keys and 涉及金额), including the edge cases of checks.md (transfer, graduation,
 * paying before enrolment, unknown level, caps, windows, priority students, twins).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/lib/engine/engine';
import { defaultPolicy } from '../../src/lib/policy/defaults';
import { findingKey } from '../../src/lib/rules/catalog';
import { evidenceFor } from '../../src/lib/rules/evidence';
import { runRules } from '../../src/lib/rules/run';
import type { Finding, RuleCode } from '../../src/lib/rules/types';
import { Fixture, makeId } from '../fixtures/rules/builder';

const A = '4306000001'; // 普通高中, 岳阳县
const B = '4306000002'; // 普通高中, 华容县
const P = '4306000003'; // 初中
const K = '4306000004'; // 学前
const Z = '4306000005'; // 中职
const SPRING = '2025年春季学期';
const AUTUMN = '2025年秋季学期';
const GZ = '普通高中国家助学金';
const YW = '义务教育家庭经济困难学生生活补助';
const CARD = '6222000011112222';

const s = (birth: string, seq: string) => makeId(birth, seq);
const s1 = s('20090101', '011');
const s2 = s('20090202', '021');
const s3 = s('20090303', '031');
const s4 = s('20070404', '041');
const s5 = s('20090505', '051');
const s6 = s('20100606', '061');
const s7 = s('20090707', '071');
const s8 = s('20090808', '081');
const s9 = s('20090909', '091');
const s10 = s('20111010', '101');
const s11 = s('20081111', '111');
const s12 = s('20091212', '121');
const s13 = s('20090113', '131');
const s14 = s('20090214', '141');
const good15 = s('20090115', '151');
const s15 = good15.slice(0, 17) + (good15[17] === '0' ? '1' : '0'); // wrong check character
const s16 = '43060220090116123'; // 17 characters
const s18 = s('20090318', '181');
const s19 = s('20090319', '191');
const s20 = s('20090320', '201');
const s21 = s('20090321', '211');
const s22 = s('20110322', '221');
const s23 = s('20110323', '231');
const s24 = s('20110324', '241');
const s25 = s('20090425', '251');
const s26 = s('20090425', '253');
const s27 = s('20090426', '261');
const s28 = s('20090426', '263');

function build(): Fixture {
  const f = new Fixture()
    .school(A, '普通高中', { enrolled_count: 30 })
    .school(B, '普通高中', { county: '华容县', enrolled_count: 30 })
    .school(P, '初中', { enrolled_count: 30 })
    .school(K, '学前', { enrolled_count: 30 })
    .school(Z, '中职', { enrolled_count: 30 });
  const hs = (id: string, extra = {}) => f.student(id, A, '高一', extra);
  const ident = (id: string, extra = {}) => f.ident(id, '2024-2025', '困难', extra);
  // R01: paid twice in one term, at two schools (the second one is also R04).
  hs(s1);
  ident(s1);
  f.pay(s1, A, GZ, SPRING, 1150, '2025-03-10').pay(s1, B, GZ, SPRING, 1150, '2025-04-10');
  // R02: 学前 and 普通高中 in one term (the 学前 payment is also R04 and R08).
  hs(s2);
  ident(s2);
  f.pay(s2, A, GZ, SPRING, 1150, '2025-03-10').pay(s2, K, '学前教育资助', SPRING, 500, '2025-03-10');
  // Transferred mid-year A → B: enrolled at both in spring; nothing.
  f.student(s3, A, '高一', { status: '转出', status_date: '2025-04-15' });
  f.student(s3, B, '高一', { entry_date: '2025-04-01' });
  ident(s3);
  f.ident(s3, '2025-2026', '困难');
  f.pay(s3, A, GZ, SPRING, 1150, '2025-03-10').pay(s3, B, GZ, AUTUMN, 1150, '2025-09-10');
  // Graduated in June: spring is fine, autumn is R03.
  f.student(s4, A, '高三', { status: '毕业', status_date: '2025-06-30' });
  ident(s4);
  f.ident(s4, '2025-2026', '困难');
  f.pay(s4, A, GZ, SPRING, 1150, '2025-03-10').pay(s4, A, GZ, AUTUMN, 1150, '2025-09-10');
  // Paid in spring, enrolled only from autumn, nowhere else: R03.
  f.student(s5, B, '高一', { entry_date: '2025-09-01' });
  ident(s5);
  f.pay(s5, B, GZ, SPRING, 1150, '2025-03-10');
  // Paid by the new school in spring while still at the old one (graduated in June): R04.
  f.student(s6, P, '九年级', { status: '毕业', status_date: '2025-06-30' });
  f.student(s6, A, '高一', { entry_date: '2025-09-01' });
  ident(s6);
  f.pay(s6, A, GZ, SPRING, 1150, '2025-03-10');
  // Nobody: R03, R05, and R06 (1000 is none of 800/1150/1500 with the level unknown).
  f.pay(s7, A, GZ, SPRING, 1000, '2025-03-10');
  // R06 with a known level (比较困难 arrives as 困难): 1500 ≠ 1150. Shared card (R09).
  hs(s8);
  ident(s8);
  f.pay(s8, A, GZ, SPRING, 1500, '2025-03-10', { bank_card: CARD });
  // Unknown level, 1500 is one of the standards: only R05.
  hs(s9);
  f.pay(s9, A, GZ, SPRING, 1500, '2025-03-10');
  // Non-boarding 初中 paid the boarding standard: R06.
  f.student(s10, P, '八年级');
  ident(s10);
  f.pay(s10, P, YW, SPRING, 750, '2025-03-10');
  // 中职国家奖学金 in spring has no standard: R06.
  f.student(s11, Z, '中职二年级');
  f.pay(s11, Z, '中职国家奖学金', SPRING, 6000, '2025-05-10');
  // 免学杂费 above the cap: R06; below it: nothing. Both on the shared card.
  hs(s12);
  ident(s12);
  f.pay(s12, A, '普通高中免学杂费', SPRING, 1300, '2025-03-10');
  hs(s13);
  ident(s13);
  f.pay(s13, A, '普通高中免学杂费', SPRING, 1000, '2025-03-10', { bank_card: '6222 0000 1111 2222' });
  // Zero amount: R06.
  hs(s14);
  ident(s14);
  f.pay(s14, A, GZ, SPRING, 0, '2025-03-10', { bank_card: CARD });
  // Invalid IDs: R07 only.
  for (const id of [s15, s16]) {
    hs(id);
    ident(id);
    f.pay(id, A, GZ, SPRING, 1150, '2025-03-10');
  }
  // R10: spaces do not count; a different name does.
  hs(s18);
  ident(s18);
  f.pay(s18, A, GZ, SPRING, 1150, '2025-03-10', { name: '张 三' });
  hs(s19, { name: '王五' });
  ident(s19);
  f.pay(s19, A, GZ, SPRING, 1150, '2025-03-10', { name: '李四' });
  // R11: late and early.
  hs(s20);
  ident(s20);
  f.pay(s20, A, GZ, SPRING, 1150, '2025-07-05');
  hs(s21);
  ident(s21);
  f.pay(s21, A, GZ, SPRING, 1150, '2025-01-20');
  // R12: a boarding priority 初中 student unpaid in autumn (others were paid that term).
  f.student(s22, P, '八年级', { boarding: true });
  f.ident(s22, '2025-2026', '困难', { priority_types: '孤儿' });
  f.student(s23, P, '八年级');
  f.ident(s23, '2025-2026', '困难');
  f.pay(s23, P, YW, AUTUMN, 375, '2025-09-15');
  f.student(s24, P, '八年级');
  f.ident(s24, '2025-2026', '一般困难', { priority_types: '最低生活保障家庭学生' });
  f.pay(s24, P, YW, AUTUMN, 375, '2025-09-15');
  // F01: two valid IDs, same name, birth date and sex. Twins with different names: nothing.
  for (const [id, name] of [
    [s25, '赵六'],
    [s26, '赵六'],
    [s27, '钱七'],
    [s28, '钱八']
  ]) {
    hs(id, { name });
    ident(id);
    f.pay(id, A, GZ, SPRING, 1150, '2025-03-10', { name });
  }
  return f;
}

let engine: Engine;
let findings: Finding[];

beforeAll(async () => {
  engine = await build().engine();
  findings = (await runRules(engine)).findings;
});
afterAll(async () => engine?.close());

/** [key, amount] of one rule's findings, sorted by key. */
function of(code: RuleCode): [string, number | null][] {
  return findings
    .filter((f) => f.rule_code === code)
    .map((f) => [findingKey(f), f.amount] as [string, number | null])
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
}
const k = (code: string, id: string, program: string, term: string) => `${code}|${id}|${program}|${term}`;
const sorted = (xs: [string, number][]) => xs.sort((a, b) => (a[0] < b[0] ? -1 : 1));

describe('recipient rules', () => {
  it('R01 重复资助: everything beyond the first payment, placed at the first school', () => {
    expect(of('R01')).toEqual([[k('R01', s1, GZ, SPRING), 1150]]);
    const f = findings.find((x) => x.rule_code === 'R01')!;
    expect(f.school_id).toBe(A);
    expect(f.county).toBe('岳阳县');
    expect(f.detail).toBe(`同一学期发放 2 次，共 2300 元，首次之外多发 1150 元；涉及 2 所学校：${A}、${B}`);
  });

  it('R02 跨学段重复享受: one finding per person and term listing both programs', () => {
    expect(of('R02')).toEqual([[`R02|${s2}|${SPRING}`, 1650]]);
    expect(findings.find((x) => x.rule_code === 'R02')!.program).toBe(`学前教育资助、${GZ}`);
  });

  it('R03 无在读学籍: graduate paid in autumn, paid before enrolling, never enrolled; not the transfer', () => {
    expect(of('R03')).toEqual(
      sorted([
        [k('R03', s4, GZ, AUTUMN), 1150],
        [k('R03', s5, GZ, SPRING), 1150],
        [k('R03', s7, GZ, SPRING), 1000]
      ])
    );
  });

  it('R04 发放学校与学籍学校不符: enrolled elsewhere in the term', () => {
    expect(of('R04')).toEqual(
      sorted([
        [k('R04', s1, GZ, SPRING), 1150],
        [k('R04', s2, '学前教育资助', SPRING), 500],
        [k('R04', s6, GZ, SPRING), 1150]
      ])
    );
    expect(findings.find((x) => x.rule_code === 'R04' && x.id === s6)!.detail).toBe(
      `发放学校 ${A}，本学期学籍学校：${P}`
    );
  });

  it('R05 未经困难认定: need-based programs only', () => {
    expect(of('R05')).toEqual(
      sorted([
        [k('R05', s7, GZ, SPRING), 1000],
        [k('R05', s9, GZ, SPRING), 1500]
      ])
    );
  });

  it('R06 金额不符合标准: known level, boarding, spring scholarship, cap, zero, unknown level', () => {
    expect(of('R06')).toEqual(
      sorted([
        [k('R06', s7, GZ, SPRING), 1000],
        [k('R06', s8, GZ, SPRING), 1500],
        [k('R06', s10, YW, SPRING), 750],
        [k('R06', s11, '中职国家奖学金', SPRING), 6000],
        [k('R06', s12, '普通高中免学杂费', SPRING), 1300],
        [k('R06', s14, GZ, SPRING), 0]
      ])
    );
    const d = (id: string) => findings.find((x) => x.rule_code === 'R06' && x.id === id)!.detail;
    expect(d(s8)).toBe('发放 1500 元，标准 1150 元（认定等级 困难）');
    expect(d(s10)).toBe('发放 750 元，标准 375 元（非寄宿，初中）');
    expect(d(s11)).toBe('发放 6000 元，2025年春季学期无“中职国家奖学金”的发放标准');
    expect(d(s12)).toBe('发放 1300 元，超过上限 1200 元');
  });

  it('R07 身份证件号无效: wrong check character and wrong length', () => {
    expect(of('R07')).toEqual(
      sorted([
        [k('R07', s15, GZ, SPRING), 1150],
        [k('R07', s16, GZ, SPRING), 1150]
      ])
    );
  });

  it('R08 年龄与学段不符: a 16-year-old paid by a preschool', () => {
    expect(of('R08')).toEqual([[k('R08', s2, '学前教育资助', SPRING), 500]]);
    expect(findings.find((x) => x.rule_code === 'R08')!.detail).toBe(
      '出生日期 2009-02-02，学期开始时 16 周岁，不在学前年龄范围 2–7 岁内'
    );
  });

  it('R09 银行账户多人共用: every payment group on the card (spaces ignored), ref = card', () => {
    expect(of('R09')).toEqual(
      sorted([
        [k('R09', s8, GZ, SPRING), 1500],
        [k('R09', s13, '普通高中免学杂费', SPRING), 1000],
        [k('R09', s14, GZ, SPRING), 0]
      ])
    );
    expect(findings.filter((x) => x.rule_code === 'R09').every((x) => x.ref === CARD)).toBe(true);
  });

  it('R10 姓名与学籍不一致: different name flagged, spaces ignored', () => {
    expect(of('R10')).toEqual([[k('R10', s19, GZ, SPRING), 1150]]);
    expect(findings.find((x) => x.rule_code === 'R10')!.detail).toBe('发放姓名“李四”，学籍姓名“王五”');
  });

  it('R11 发放时间异常: late and early', () => {
    expect(of('R11')).toEqual(
      sorted([
        [k('R11', s20, GZ, SPRING), 1150],
        [k('R11', s21, GZ, SPRING), 1150]
      ])
    );
  });

  it('R12 重点保障对象漏助: the missed program at the boarding 初中 standard', () => {
    expect(of('R12')).toEqual([[k('R12', s22, YW, AUTUMN), 750]]);
    const f = findings.find((x) => x.rule_code === 'R12')!;
    expect([f.school_id, f.school_year]).toEqual([P, '2025-2026']);
  });

  it('F01 疑似一人多证: same name, birth date and sex; twins with different names are not', () => {
    expect(of('F01')).toEqual(
      sorted([
        [k('F01', s25, GZ, SPRING), 1150],
        [k('F01', s26, GZ, SPRING), 1150]
      ])
    );
  });

  it('materialises the findings table with the same keys', async () => {
    const rows = await engine.query<{ n: number; bad: number }>(
      `SELECT count(*) AS n, count(*) FILTER (WHERE finding_key IS NULL) AS bad FROM findings`
    );
    expect(rows[0]).toEqual({ n: findings.length, bad: 0 });
    const keys = await engine.query<{ finding_key: string }>(
      `SELECT finding_key FROM findings ORDER BY rule_code, finding_key`
    );
    expect(keys.map((r) => r.finding_key)).toEqual(findings.map(findingKey));
  });

  it('evidence: the group payments for R01, the card payments for R09', async () => {
    const r01 = await evidenceFor(
      engine,
      findings.find((x) => x.rule_code === 'R01')!
    );
    expect(r01.map((e) => [e.table, e.rows.length])).toEqual([
      ['payments', 2],
      ['roster', 1],
      ['identifications', 1]
    ]);
    const r09 = await evidenceFor(
      engine,
      findings.find((x) => x.rule_code === 'R09')!
    );
    expect(r09[0].rows.map((r) => r.id).sort()).toEqual([s8, s13, s14].sort());
  });
});

describe('policy drives the rules', () => {
  it('R09 threshold from the policy: 4 IDs needed → no finding; a disabled rule yields nothing', async () => {
    const p = defaultPolicy(2025);
    p.thresholds.sharedCardMinIds = 4;
    p.rules.R01 = { enabled: false };
    const e = await build().engine([p]);
    try {
      const { findings: fs, perRule } = await runRules(e);
      expect(fs.filter((x) => x.rule_code === 'R09')).toEqual([]);
      expect(fs.filter((x) => x.rule_code === 'R01')).toEqual([]);
      expect(perRule.find((r) => r.code === 'R01')!.count).toBe(0);
      expect(fs.filter((x) => x.rule_code === 'R04').length).toBe(3);
    } finally {
      await e.close();
    }
  });

  it('a changed standard changes R06: 困难 at 1500 makes s8 right and s1 wrong', async () => {
    const p = defaultPolicy(2025);
    p.standards = p.standards.map((x) =>
      x.program === GZ && x.level === '困难' ? { ...x, amount: 1500 } : x
    );
    const e = await build().engine([p]);
    try {
      const { findings: fs } = await runRules(e, { only: ['R06'] });
      const ids = fs.map((x) => x.id);
      expect(ids).not.toContain(s8);
      expect(ids).toContain(s1);
      expect(new Set(fs.map((x) => x.rule_code))).toEqual(new Set(['R06']));
    } finally {
      await e.close();
    }
  });
});
