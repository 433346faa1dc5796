/** Links between dashboard pages that carry the current filter (drill-down and KPI targets). */
import { base } from '$app/paths';
import { filterQuery, withFilter, type Filters } from '$lib/filters/state';

/**
 * A student is addressed by `student=<person key>` (metric_person), never by the ID number: URLs end
 * up in the history, bookmarks and shared links, where a masked ID must stay masked.
 */
export const drillHref = (f: Filters, patch: Partial<Filters> = {}, pkey?: number | null) =>
  `${base}/drill${filterQuery(withFilter(f, patch), { student: pkey ? String(pkey) : undefined })}`;

export const pageHref = (path: string, f: Filters, hash = '') => `${base}${path}${filterQuery(f)}${hash}`;

/** 核查 page: its own URL filter uses the same names for unit, school, program and term. */
export function inspectHref(f: Filters, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams();
  for (const k of ['county', 'school', 'program', 'term'] as const) if (f[k]) p.set(k, f[k]!);
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  const s = p.toString();
  return `${base}/inspect${s ? '?' + s : ''}`;
}
