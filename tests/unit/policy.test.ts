/** Policy module (defaults, per-year tables, fallback, validation) and the canonical CSV loader. */
import { describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/lib/engine/node';
import { createEmptyTables, loadCanonicalCsv } from '../../src/lib/engine/load';
import { DEFAULT_STANDARDS, defaultPolicy } from '../../src/lib/policy/defaults';
import { dataYears, policyForYear, policyTablesSql } from '../../src/lib/policy/sql';
import { validatePolicy } from '../../src/lib/policy/validate';
import { fillPolicy, parsePolicyFile } from '../../src/lib/policy/fill';
import { Fixture, makeId } from '../fixtures/rules/builder';

describe('defaults', () => {
  it('marks the 待核定 standards', () => {
    expect(DEFAULT_STANDARDS.filter((s) => s.pending).map((s) => [s.program, s.amount])).toEqual([
      ['学前教育资助', 500],
      ['普通高中免学杂费', 1200],
      ['中职免学费', 1000]
    ]);
    expect(validatePolicy(defaultPolicy(2025))).toEqual([]);
  });
});

describe('a partial policy file (npm run audit / npm run report --policy)', () => {
  it('fills every part the file leaves out from the defaults of its year', () => {
    const p = fillPolicy({
      year: 2024,
      windows: { spring: { start: '03-01', end: '06-30' } } as never,
      thresholds: { setasideMinShare: { 中职: 0.06 } } as never,
      rules: { R05: { enabled: false } } as never
    });
    const d = defaultPolicy(2024);
    expect(p.year).toBe(2024);
    expect(p.windows).toEqual({ spring: { start: '03-01', end: '06-30' }, autumn: d.windows.autumn });
    expect(p.thresholds.setasideMinShare).toEqual({ 普通高中: 0.03, 中职: 0.06, 民办: 0.05 });
    expect(p.thresholds.sharedCardMinIds).toBe(3);
    expect(p.rules.R05.enabled).toBe(false);
    expect(p.rules.R06.enabled).toBe(true);
    expect(p.standards).toEqual(d.standards);
  });

  it('reads one policy or a list, and names the file and year of a wrong one in Chinese', () => {
    expect(parsePolicyFile('{"year": 2025}', 'p.json')).toEqual([defaultPolicy(2025)]);
    expect(parsePolicyFile('[{"year": 2024}, {"year": 2025}]', 'p.json').map((p) => p.year)).toEqual([
      2024, 2025
    ]);
    expect(() => parsePolicyFile('{"year": 2025, "thresholds": {"sharedCardMinIds": -1}}', 'p.json')).toThrow(
      /政策文件 p\.json（2025 年）有误/
    );
    expect(() => parsePolicyFile('{"year":', 'p.json')).toThrow('政策文件 p.json 不是有效的 JSON');
  });
});

describe('policyTablesSql', () => {
  it('uses a year own policy, else the nearest earlier one, else the default; fixed term dates', async () => {
    const p2024 = defaultPolicy(2024);
    p2024.windows.spring = { start: '01-15', end: '07-15' };
    p2024.thresholds.sharedCardMinIds = 5;
    expect(policyForYear([p2024], 2026).thresholds.sharedCardMinIds).toBe(5);
    expect(policyForYear([p2024], 2023).thresholds.sharedCardMinIds).toBe(3);
    const e = await createNodeEngine();
    try {
      await e.exec(policyTablesSql([p2024], [2023, 2025]));
      const terms = await e.query(
        `SELECT term, school_year, strftime(term_start, '%Y-%m-%d') AS ts, strftime(term_end, '%Y-%m-%d') AS te,
                strftime(window_start, '%Y-%m-%d') AS ws, strftime(window_end, '%Y-%m-%d') AS we FROM policy_terms ORDER BY term_start`
      );
      expect(terms).toEqual([
        {
          term: '2023年春季学期',
          school_year: '2022-2023',
          ts: '2023-03-01',
          te: '2023-07-31',
          ws: '2023-02-01',
          we: '2023-06-30'
        },
        {
          term: '2023年秋季学期',
          school_year: '2023-2024',
          ts: '2023-09-01',
          te: '2024-01-31',
          ws: '2023-08-01',
          we: '2023-12-31'
        },
        {
          term: '2025年春季学期',
          school_year: '2024-2025',
          ts: '2025-03-01',
          te: '2025-07-31',
          ws: '2025-01-15',
          we: '2025-07-15'
        },
        {
          term: '2025年秋季学期',
          school_year: '2025-2026',
          ts: '2025-09-01',
          te: '2026-01-31',
          ws: '2025-08-01',
          we: '2025-12-31'
        }
      ]);
      expect(await e.query(`SELECT year, shared_card_min_ids AS n FROM policy_params ORDER BY year`)).toEqual(
        [
          { year: 2023, n: 3 },
          { year: 2025, n: 5 }
        ]
      );
      expect(
        await e.query(
          `SELECT amount, is_cap FROM policy_standards WHERE year = 2025 AND program = '中职国家奖学金' AND season = '秋'`
        )
      ).toEqual([{ amount: 6000, is_cap: false }]);
      expect(await e.query(`SELECT count(*) AS n FROM policy_rules WHERE enabled`)).toEqual([{ n: 18 }]);
    } finally {
      await e.close();
    }
  });

  it('finds the years in the data', async () => {
    const id = makeId('20090101', '011');
    const f = new Fixture()
      .pay(id, '4306000001', '普通高中国家助学金', '2025年秋季学期', 1150, '2025-09-10')
      .ident(id, '2023-2024', '困难')
      .add('allocations', {
        doc_no: 'x',
        alloc_date: '2022-05-01',
        program: '普通高中国家助学金',
        target_unit: '市直',
        amount: 1,
        year: 2022
      });
    const e = await f.engine();
    try {
      expect(await dataYears(e)).toEqual([2022, 2023, 2024, 2025]);
    } finally {
      await e.close();
    }
  });
});

describe('validatePolicy', () => {
  it('reports bad values in Chinese', () => {
    const p = defaultPolicy(2025);
    p.windows.autumn = { start: '13-01', end: '12-31' };
    p.standards.push({ program: '中职免学费', amount: -5, isCap: false });
    p.ageBands.小学 = [14, 5];
    p.thresholds.setasideMinShare.中职 = 5;
    expect(validatePolicy(p)).toEqual([
      '秋季学期发放时间窗口格式应为 月-日（如 02-01）',
      '第 13 条资助标准（中职免学费）：金额必须为正数',
      '第 13 条资助标准（中职免学费）：与前面的标准条件重复',
      '小学年龄范围无效（应为 0–100 的整数，下限不大于上限）',
      '中职计提比例下限应在 0 到 1 之间（如 0.05 表示 5%）'
    ]);
  });
});

describe('loadCanonicalCsv', () => {
  it('reads typed columns; empty = NULL; quoted commas and line breaks; several texts append', async () => {
    const e = await createNodeEngine();
    try {
      await createEmptyTables(e);
      const header = 'school_id,school_name,county,stage,ownership,enrolled_count,src_file,src_row\n';
      await loadCanonicalCsv(e, 'schools', [
        header + '4306000001,"一中,""东校区""\n二部",岳阳县,普通高中,,1200,a.csv,2\n',
        header,
        header + '4306000002,二中,市直,中职,民办,,b.csv,3\n'
      ]);
      expect(await e.query(`SELECT * FROM schools ORDER BY school_id`)).toEqual([
        {
          school_id: '4306000001',
          school_name: '一中,"东校区"\n二部',
          county: '岳阳县',
          stage: '普通高中',
          ownership: null,
          enrolled_count: 1200,
          src_file: 'a.csv',
          src_row: 2
        },
        {
          school_id: '4306000002',
          school_name: '二中',
          county: '市直',
          stage: '中职',
          ownership: '民办',
          enrolled_count: null,
          src_file: 'b.csv',
          src_row: 3
        }
      ]);
      const pay =
        'id,name,school_id,program,term,amount,pay_date,bank_card,holder_name,batch,school_year,src_file,src_row\n';
      await loadCanonicalCsv(e, 'payments', [
        pay + '0012,张三,4306000001,中职免学费,2025年春季学期,312.5,2025-03-10,,,,2024-2025,p.csv,2\n'
      ]);
      expect(
        await e.query(`SELECT id, amount, strftime(pay_date, '%Y-%m-%d') AS d, bank_card FROM payments`)
      ).toEqual([{ id: '0012', amount: 312.5, d: '2025-03-10', bank_card: null }]);
    } finally {
      await e.close();
    }
  });
});
