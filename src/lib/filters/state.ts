/**
 * The dashboard's global filter (year, term, unit, stage, program, plus the drill-down school and
 * student). It lives in the URL query string so a view can be bookmarked, shared and restored;
 * this module only converts between the URL and a plain object, so metrics and tests never touch
 * the DOM.
 */

export interface Filters {
  /** Calendar year (年度). Money metrics are per year; term metrics use both terms of the year. */
  year?: number;
  /** Canonical term, e.g. 2025年秋季学期. Wins over `year` for term metrics. */
  term?: string;
  /** County-level unit (所属区县, or 市直). */
  county?: string;
  stage?: string;
  program?: string;
  /** 学校标识码 (drill-down). */
  school?: string;
}

/** URL parameter name of each filter: short, readable and stable (bookmarks depend on them). */
export const FILTER_PARAMS = {
  year: 'year',
  term: 'term',
  county: 'county',
  stage: 'stage',
  program: 'program',
  school: 'school'
} as const satisfies Record<keyof Filters, string>;

export const FILTER_KEYS = Object.keys(FILTER_PARAMS) as (keyof Filters)[];

export function filtersFromParams(p: URLSearchParams): Filters {
  const f: Filters = {};
  const year = Number(p.get(FILTER_PARAMS.year));
  if (Number.isInteger(year) && year > 1900) f.year = year;
  for (const k of ['term', 'county', 'stage', 'program', 'school'] as const) {
    const v = p.get(FILTER_PARAMS[k])?.trim();
    if (v) f[k] = v;
  }
  return f;
}

/** Writes `f` into a copy of `base`, keeping unrelated parameters (e.g. drill `id`). */
export function filtersToParams(f: Filters, base?: URLSearchParams): URLSearchParams {
  const p = new URLSearchParams(base);
  for (const k of FILTER_KEYS) {
    const v = f[k];
    if (v === undefined || v === '') p.delete(FILTER_PARAMS[k]);
    else p.set(FILTER_PARAMS[k], String(v));
  }
  return p;
}

/** `?year=…&county=…` for links that carry the current filter to another page. */
export function filterQuery(f: Filters, extra: Record<string, string | undefined> = {}): string {
  const p = filtersToParams(f);
  for (const [k, v] of Object.entries(extra)) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
}

export function withFilter(f: Filters, patch: Partial<Filters>): Filters {
  const out: Filters = { ...f, ...patch };
  for (const k of FILTER_KEYS) if (out[k] === undefined || out[k] === '') delete out[k];
  return out;
}
