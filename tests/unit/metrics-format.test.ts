import { describe, expect, it } from 'vitest';
import { count, moneyWithUnit, pct, pctPoints, shortfall, wan, yuan } from '../../src/lib/format';
import { filterQuery, filtersFromParams, filtersToParams } from '../../src/lib/filters/state';

describe('format (numbers for Chinese readers)', () => {
  it('moneyWithUnit in 万元 above 1 万, yuan below', () => {
    expect(moneyWithUnit(12345678)).toBe('1,234.57 万元');
    expect(moneyWithUnit(8500)).toBe('8,500 元');
    expect(moneyWithUnit(312.5)).toBe('312.50 元');
    expect(moneyWithUnit(null)).toBe('—');
    expect(wan(11650)).toBe('1.17');
    expect(yuan(1150)).toBe('1,150');
  });
  it('percentages with one decimal, changes in points', () => {
    expect(pct(5 / 7)).toBe('71.4%');
    expect(pct(1)).toBe('100.0%');
    expect(pctPoints(0.75 - 5 / 7)).toBe('+3.6 个百分点');
    expect(pctPoints(0)).toBe('持平');
    expect(count(12345, '人')).toBe('12,345 人');
  });
  it('a rate short of its target never reads 100.0% (rounded down), with its shortfall', () => {
    expect(pct(10845 / 10848)).toBe('99.9%');
    expect(pct(160919 / 160930)).toBe('99.9%');
    expect(pct(0.9996)).toBe('99.9%');
    expect(pct(0.29)).toBe('29.0%');
    expect(pct(0.8539)).toBe('85.3%');
    expect(shortfall(3, '人')).toBe('差 3 人');
    expect(shortfall(800, '元', '超时')).toBe('超时 800 元');
    expect(shortfall(1234567, '元', '超时')).toBe('超时 123.46 万元');
    expect(shortfall(0, '人')).toBe('');
  });
});

describe('filter state in the URL', () => {
  it('round-trips and keeps other parameters', () => {
    const p = new URLSearchParams('year=2025&term=2025年秋季学期&county=岳阳县&id=H1&junk=');
    const f = filtersFromParams(p);
    expect(f).toEqual({ year: 2025, term: '2025年秋季学期', county: '岳阳县' });
    const back = filtersToParams({ ...f, county: undefined, stage: '中职' }, p);
    expect(back.get('county')).toBeNull();
    expect(back.get('stage')).toBe('中职');
    expect(back.get('id')).toBe('H1');
    expect(filterQuery({ county: '市直' }, { school: '4306000001' })).toBe(
      '?county=%E5%B8%82%E7%9B%B4&school=4306000001'
    );
    expect(filtersFromParams(new URLSearchParams('year=abc'))).toEqual({});
  });
});
