/**
 * Numbers for Chinese readers: money in 万元 (or 元 when small), shares as percentages with one
 * decimal, counts with thousands separators. One definition each, used by cards, tables, charts
 * and print.
 */

const nf = (digits: number) =>
  new Intl.NumberFormat('zh-CN', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const NF0 = nf(0);
const NF1 = nf(1);
const NF2 = nf(2);

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** 12345678 → "1,234.57 万元"; below 1 万 → "8,500 元". */
export function moneyWithUnit(yuan: number | null | undefined): string {
  if (!isNum(yuan)) return '—';
  if (Math.abs(yuan) >= 10000) return `${NF2.format(yuan / 10000)} 万元`;
  return `${Number.isInteger(yuan) ? NF0.format(yuan) : NF2.format(yuan)} 元`;
}

/** Always in 万元 (chart axes and tables where a column must share one unit). */
export function wan(yuan: number | null | undefined, digits = 2): string {
  if (!isNum(yuan)) return '—';
  return nf(digits).format(yuan / 10000);
}

/** Plain yuan with separators and up to 2 decimals ("1,150", "312.50"). */
export function yuan(v: number | null | undefined): string {
  if (!isNum(v)) return '—';
  return Number.isInteger(v) ? NF0.format(v) : NF2.format(v);
}

/**
 * 0.8534 → "85.3%". Rounded down, never up: 10,845 of 10,848 is "99.9%", so a rate short of its
 * target never reads as 100.0% (the epsilon keeps 0.29 from flooring to 28.9 through float error).
 */
export function pct(share: number | null | undefined): string {
  if (!isNum(share)) return '—';
  return `${NF1.format(Math.floor(share * 1000 + 1e-6) / 10)}%`;
}

/**
 * What is missing to reach a target, said next to a rate: "差 3 人", "超时 800 元". Empty when
 * nothing is missing, so a caller can always append it.
 */
export function shortfall(n: number | null | undefined, unit: '人' | '元' | '人次', verb = '差'): string {
  if (!isNum(n) || n <= 0) return '';
  return `${verb} ${unit === '元' ? moneyWithUnit(n) : count(n, unit)}`;
}

/** Change of a share in percentage points: +1.2 个百分点 / -0.4 个百分点 / 持平. */
export function pctPoints(delta: number | null | undefined): string {
  if (!isNum(delta)) return '—';
  const p = Math.round(delta * 1000) / 10;
  if (p === 0) return '持平';
  return `${p > 0 ? '+' : ''}${NF1.format(p)} 个百分点`;
}

export function count(n: number | null | undefined, unit = ''): string {
  if (!isNum(n)) return '—';
  return `${NF0.format(n)}${unit ? ' ' + unit : ''}`;
}

/** Signed count change ("+12", "-3", "持平"). */
export function countDelta(delta: number | null | undefined): string {
  if (!isNum(delta)) return '—';
  if (delta === 0) return '持平';
  return `${delta > 0 ? '+' : ''}${NF0.format(delta)}`;
}

/** Days with one decimal ("69.6 天"). */
export function days(v: number | null | undefined): string {
  if (!isNum(v)) return '—';
  return `${NF1.format(v)} 天`;
}
