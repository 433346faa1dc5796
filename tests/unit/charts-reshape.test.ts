/** Chart series reshaped with Arquero (src/lib/charts/reshape.ts), numbers worked out by hand. */
import { describe, expect, it } from 'vitest';
import { monthlySeries, sankeyLinks } from '../../src/lib/charts/reshape';

describe('sankeyLinks', () => {
  it('sums each pair of adjacent columns once, for every step of the path', () => {
    const rows = [
      { budget_level: '中央', program: 'A', county: '岳阳楼区', amount: 100 },
      { budget_level: '中央', program: 'A', county: '华容县', amount: 50 },
      { budget_level: '省级', program: 'A', county: '岳阳楼区', amount: 30 },
      { budget_level: '中央', program: 'B', county: '岳阳楼区', amount: 7.5 }
    ];
    const links = sankeyLinks(rows, ['budget_level', 'program', 'county'], 'amount');
    const byKey = Object.fromEntries(links.map((l) => [`${l.source}→${l.target}`, l.value]));
    expect(byKey).toEqual({
      '中央→A': 150,
      '省级→A': 30,
      '中央→B': 7.5,
      'A→岳阳楼区': 130,
      'A→华容县': 50,
      'B→岳阳楼区': 7.5
    });
    expect(links).toHaveLength(6);
  });

  it('is empty without rows', () => {
    expect(sankeyLinks([], ['a', 'b'], 'v')).toEqual([]);
  });
});

describe('monthlySeries', () => {
  it('fills the twelve months, keeps a month outside the year, and adds up the running total', () => {
    const s = monthlySeries(
      [
        { month: '2025-03', amount: 200 },
        { month: '2026-01', amount: 40 },
        { month: '2025-01', amount: 100 }
      ],
      2025
    );
    expect(s.categories).toHaveLength(13);
    expect(s.categories[0]).toBe('2025-01');
    expect(s.categories[12]).toBe('2026-01');
    expect(s.monthly.slice(0, 4)).toEqual([100, 0, 200, 0]);
    expect(s.monthly[12]).toBe(40);
    expect(s.cumulative.slice(0, 4)).toEqual([100, 100, 300, 300]);
    expect(s.cumulative[11]).toBe(300);
    expect(s.cumulative[12]).toBe(340);
  });

  it('gives twelve zero months without rows', () => {
    const s = monthlySeries([], 2024);
    expect(s.categories[11]).toBe('2024-12');
    expect(s.monthly).toEqual(new Array(12).fill(0));
    expect(s.cumulative[11]).toBe(0);
  });
});
