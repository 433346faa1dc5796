/** Unit rules S01–S05 on hand-made fixtures with hand-computed amounts. */
import { describe, expect, it } from 'vitest';
import { findingKey } from '../../src/lib/rules/catalog';
import { runRules } from '../../src/lib/rules/run';
import type { Finding, RuleCode } from '../../src/lib/rules/types';
import { Fixture, makeId } from '../fixtures/rules/builder';

const SPRING = '2025年春季学期';
const YW = '义务教育家庭经济困难学生生活补助';

async function run(f: Fixture, code: RuleCode): Promise<Finding[]> {
  const e = await f.engine();
  try {
    return (await runRules(e, { only: [code] })).findings;
  } finally {
    await e.close();
  }
}
const keyAmount = (fs: Finding[]) => fs.map((f) => [findingKey(f), f.amount]);

/** n distinct valid IDs (born 2017, so of 小学 age in 2025). */
const ids = (prefix: number, n: number) =>
  Array.from({ length: n }, (_, i) =>
    makeId(
      `2017${String(1 + (i % 12)).padStart(2, '0')}15`,
      String(prefix * 100 + i)
        .padStart(3, '0')
        .slice(-3),
      `43${String(prefix).padStart(4, '0')}`
    )
  );

describe('S01 受助人数超核查人数', () => {
  it('3 paid against 2 counted → 1 over, 涉及金额 = total × 1/3', async () => {
    const Z = '4306000005';
    const f = new Fixture()
      .school(Z, '中职')
      .add('census', { school_id: Z, term: SPRING, registered: 3, counted: 2 });
    for (const id of ids(1, 3)) f.pay(id, Z, '中职国家助学金', SPRING, 1150, '2025-03-10');
    // Counted 3 for 中职免学费: not over.
    f.add('census', { school_id: Z, term: '2025年秋季学期', counted: 3 });
    for (const id of ids(1, 3)) f.pay(id, Z, '中职免学费', '2025年秋季学期', 1000, '2025-09-10');
    const fs = await run(f, 'S01');
    expect(keyAmount(fs)).toEqual([[`S01|${Z}|中职国家助学金|${SPRING}`, 1150]]);
    expect(fs[0].detail).toBe('本学期受助 3 人（发放 3450 元），普查核查在校 2 人，超出 1 人');
  });
});

describe('S02 事业收入计提不足 / S03 计提资金使用率低', () => {
  const H = '4306000001'; // public 普通高中: 3%
  const M = '4306000002'; // private 中职: 5%
  const G = '4306000003'; // public 普通高中, enough
  const f = () =>
    new Fixture()
      .school(H, '普通高中')
      .school(M, '中职', { ownership: '民办' })
      .school(G, '普通高中')
      .add('setasides', { school_id: H, year: 2025, income: 100000, set_aside: 2000, spent: 1500 })
      .add('setasides', { school_id: M, year: 2025, income: 100000, set_aside: 4000, spent: 1600 })
      .add('setasides', { school_id: G, year: 2025, income: 100000, set_aside: 3000, spent: 0 });

  it('S02: shortfall against 3% and, for a private 中职 school, 5% (both categories named)', async () => {
    const fs = await run(f(), 'S02');
    expect(keyAmount(fs)).toEqual([
      [`S02|${H}|2025`, 1000],
      [`S02|${M}|2025`, 1000]
    ]);
    expect(fs[1].detail).toBe(
      '2025年事业收入 100000 元，计提 4000 元（4.0%），低于中职、民办学校最低比例 5.0%，少计提 1000 元'
    );
  });

  it('S03: use below 50% → the unused part', async () => {
    const fs = await run(f(), 'S03');
    expect(keyAmount(fs)).toEqual([
      [`S03|${M}|2025`, 2400],
      [`S03|${G}|2025`, 3000]
    ]);
  });
});

describe('S04 资金执行异常', () => {
  it('recalls are netted; 超拨 and 滞留 per county, program and year; a side with no rows is 0', async () => {
    const Y = '4306000001'; // 岳阳县
    const H = '4306000002'; // 华容县
    const L = '4306000003'; // 临湘市
    const f = new Fixture()
      .school(Y, '普通高中')
      .school(H, '普通高中', { county: '华容县' })
      .school(L, '普通高中', { county: '临湘市' })
      // 岳阳县: 3000 allocated, 1000 recalled → 2000; paid 2300 → 超拨 300.
      .add('allocations', {
        doc_no: '岳财教〔2025〕1号',
        alloc_date: '2025-02-01',
        program: '普通高中国家助学金',
        target_unit: '岳阳县',
        amount: 3000,
        year: 2025
      })
      .add('allocations', {
        doc_no: '岳财教〔2025〕9号',
        alloc_date: '2025-10-01',
        program: '普通高中国家助学金',
        target_unit: '岳阳县',
        amount: -1000,
        year: 2025
      })
      // 华容县: 10000 allocated, paid 2300 → 滞留 7700.
      .add('allocations', {
        doc_no: '岳财教〔2025〕2号',
        alloc_date: '2025-02-01',
        program: '普通高中国家助学金',
        target_unit: '华容县',
        amount: 10000,
        year: 2025
      })
      // 临湘市: 2400 allocated, paid 2300 = 95.8% → fine.
      .add('allocations', {
        doc_no: '岳财教〔2025〕3号',
        alloc_date: '2025-02-01',
        program: '普通高中国家助学金',
        target_unit: '临湘市',
        amount: 2400,
        year: 2025
      })
      // 市直: allocated, nothing paid → 滞留 5000.
      .add('allocations', {
        doc_no: '岳财教〔2025〕4号',
        alloc_date: '2025-03-01',
        program: '普通高中国家助学金',
        target_unit: '市直',
        amount: 5000,
        year: 2025
      });
    const [a, b] = ids(2, 2);
    for (const school of [Y, H, L]) {
      f.pay(a, school, '普通高中国家助学金', SPRING, 1150, '2025-03-10');
      f.pay(b, school, '普通高中国家助学金', '2025年秋季学期', 1150, '2025-09-10');
    }
    const fs = await run(f, 'S04');
    expect(keyAmount(fs)).toEqual([
      ['S04|华容县|普通高中国家助学金|2025', 7700],
      ['S04|岳阳县|普通高中国家助学金|2025', 300],
      ['S04|市直|普通高中国家助学金|2025', 5000]
    ]);
    expect(fs[1].detail).toBe(
      '2025年度下达 2000 元，发放 2300 元，执行率 115.0%，发放超过下达（超拨）300 元'
    );
  });
});

describe('S05 受助比例异常', () => {
  /** 小学 schools with 100 students each, paying the given numbers of students. */
  function schools(paid: number[], extra: (f: Fixture) => void = () => {}): Fixture {
    const f = new Fixture();
    paid.forEach((n, i) => {
      const sid = `43070000${String(i).padStart(2, '0')}`;
      f.school(sid, '小学', { enrolled_count: 100 });
      for (const id of ids(10 + i, n)) f.pay(id, sid, YW, SPRING, 312.5, '2025-03-10');
    });
    extra(f);
    return f;
  }

  it('flags both outliers (z = 12.59 and −5.40); a school under 50 students and one paying nobody count as shown', async () => {
    // Shares 0.10 0.11 0.12 0.12 0.13 0.14 0.40 and 0 (pays nobody): median 0.12, MAD 0.01... with 8 schools
    // shares sorted 0,0.10,0.11,0.12,0.12,0.13,0.14,0.40 → median 0.12, deviations 0.12,0.02,0.01,0,0,0.01,0.02,0.28
    // → MAD 0.015; z(0.40) = 0.6745 × 0.28 / 0.015 = 12.59, z(0) = −5.40: both flagged.
    const fs = await run(
      schools([10, 11, 12, 12, 13, 14, 40, 0], (f) => {
        // 40 students only, all paid (share 1.0): below outlier_min_students, takes no part.
        f.school('4307999999', '小学', { enrolled_count: 40 });
        for (const id of ids(99, 40)) f.pay(id, '4307999999', YW, SPRING, 312.5, '2025-03-10');
      }),
      'S05'
    );
    expect(keyAmount(fs)).toEqual([
      [`S05|4307000006|${YW}|${SPRING}`, 12500],
      [`S05|4307000007|${YW}|${SPRING}`, 0]
    ]);
    expect(fs[0].detail).toBe(
      '小学受助 40 人 / 在校 100 人 = 40.0%，同学段 8 所学校中位数 12.0%，修正 Z 分数 12.59（偏高）'
    );
  });

  it('MAD 0 flags nothing', async () => {
    expect(await run(schools([10, 10, 10, 10, 10, 40]), 'S05')).toEqual([]);
  });
});
