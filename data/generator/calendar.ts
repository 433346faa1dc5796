/**
 * Terms, windows, dates and ages as checks.md defines them. The generator plants against these
 * definitions, and verify.ts re-checks with them.
 */
export type TermKey = '2024年春季学期' | '2024年秋季学期' | '2025年春季学期' | '2025年秋季学期';
export const SPRING: TermKey = '2025年春季学期';
export const AUTUMN: TermKey = '2025年秋季学期';
export const TERMS: TermKey[] = [SPRING, AUTUMN];
export const SY_SPRING = '2024-2025';
export const SY_AUTUMN = '2025-2026';
export const YEAR = 2025;
/** The year before (year2024.ts): two more terms, so 环比 and 历年 have something to compare. */
export const SPRING_2024: TermKey = '2024年春季学期';
export const AUTUMN_2024: TermKey = '2024年秋季学期';
export const SY_SPRING_2024 = '2023-2024';
export const PREV_YEAR = 2024;

export interface TermInfo {
  term: TermKey;
  schoolYear: string;
  start: string;
  end: string;
  windowStart: string;
  windowEnd: string;
  /** Where the generator puts clean payment dates (well inside the window). */
  payFrom: string;
  payTo: string;
}

export const TERM_INFO: Record<TermKey, TermInfo> = {
  '2024年春季学期': {
    term: SPRING_2024,
    schoolYear: SY_SPRING_2024,
    start: '2024-03-01',
    end: '2024-07-31',
    windowStart: '2024-02-01',
    windowEnd: '2024-06-30',
    payFrom: '2024-03-15',
    payTo: '2024-06-15'
  },
  '2024年秋季学期': {
    term: AUTUMN_2024,
    schoolYear: SY_SPRING,
    start: '2024-09-01',
    end: '2025-01-31',
    windowStart: '2024-08-01',
    windowEnd: '2024-12-31',
    payFrom: '2024-09-15',
    payTo: '2024-12-15'
  },
  '2025年春季学期': {
    term: SPRING,
    schoolYear: SY_SPRING,
    start: '2025-03-01',
    end: '2025-07-31',
    windowStart: '2025-02-01',
    windowEnd: '2025-06-30',
    payFrom: '2025-03-15',
    payTo: '2025-06-15'
  },
  '2025年秋季学期': {
    term: AUTUMN,
    schoolYear: SY_AUTUMN,
    start: '2025-09-01',
    end: '2026-01-31',
    windowStart: '2025-08-01',
    windowEnd: '2025-12-31',
    payFrom: '2025-09-15',
    payTo: '2025-12-15'
  }
};

const DAY = 86400000;

// Memoised: the generator converts a few thousand distinct dates millions of times.
const daysOf = new Map<string, number>();
const dateOf = new Map<number, string>();

export function toDays(date: string): number {
  let d = daysOf.get(date);
  if (d === undefined) {
    d = Math.round(Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / DAY);
    daysOf.set(date, d);
  }
  return d;
}

export function fromDays(days: number): string {
  let s = dateOf.get(days);
  if (s === undefined) {
    s = new Date(days * DAY).toISOString().slice(0, 10);
    dateOf.set(days, s);
  }
  return s;
}

/** A date drawn uniformly in [from, to]. */
export function dateBetween(rnd: () => number, from: string, to: string): string {
  const a = toDays(from);
  const b = toDays(to);
  return fromDays(a + Math.floor(rnd() * (b - a + 1)));
}

/** Age in whole years on a date. */
export function ageOn(birth: string, on: string): number {
  const y = +on.slice(0, 4) - +birth.slice(0, 4);
  return on.slice(5) < birth.slice(5) ? y - 1 : y;
}

/** Age bands of the default policy (checks.md R08). */
export const AGE_BAND: Record<string, [number, number]> = {
  学前: [2, 7],
  小学: [5, 14],
  初中: [11, 18],
  普通高中: [14, 21],
  中职: [14, 25]
};

/** Canonical CSV amount text: no trailing zeros, at most 2 decimals. */
export function fmtAmount(x: number): string {
  const r = Math.round(x * 100) / 100;
  return String(r);
}
