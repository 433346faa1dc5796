/**
 * Where a target is missed, worst first. A chart of 200 schools at 99–100% hides the three that
 * matter; a chart of what is missing (students unfunded, money paid late, 计提 short), sorted and cut
 * to the worst 20, shows them, and the full sorted table below keeps the rest reachable.
 */
import { barOption, type Unit } from '$lib/charts/options';
import type { EChartsOption } from '$lib/charts/echarts';

/**
 * Compares row keys (unit names, school codes) as `localeCompare` does. One collator for all: a
 * `localeCompare` call builds one each time, which cost 45 ms per redraw sorting the schools of a
 * unit at scale 1 (a profile of 覆盖's filter change).
 */
const collator = new Intl.Collator();
export const byKey = (a: { key?: unknown }, b: { key?: unknown }): number =>
  collator.compare(String(a.key ?? ''), String(b.key ?? ''));

/** How many bars a shortfall chart shows (the table below lists every row). */
export const TOP = 20;

/** Rows with a shortfall, largest first (ties by key, so the order is stable). */
export function worstFirst<T extends { key: string }>(rows: T[], gap: (r: T) => number): T[] {
  return rows.filter((r) => gap(r) > 0).sort((a, b) => gap(b) - gap(a) || byKey(a, b));
}

/** Every row, largest shortfall first (rows without one keep their order at the end). */
export function sortedByGap<T extends { key: string }>(rows: T[], gap: (r: T) => number): T[] {
  return [...rows].sort((a, b) => gap(b) - gap(a) || byKey(a, b));
}

/** A horizontal bar chart of the worst `TOP` rows (null when nothing falls short). */
export function shortfallChart<T extends { key: string; label: string }>(
  rows: T[],
  gap: (r: T) => number,
  o: { name: string; unit: Unit; highlight?: string | null; color?: string }
): EChartsOption | null {
  const top = worstFirst(rows, gap).slice(0, TOP);
  if (!top.length) return null;
  return barOption({
    categories: top.map((r) => r.label),
    horizontal: true,
    axes: [o.unit],
    highlight: o.highlight ?? null,
    series: [{ name: o.name, data: top.map(gap), color: o.color ?? '#b22222' }]
  });
}

/** Height for a horizontal chart of `n` bars (capped at TOP). */
export const shortfallHeight = (n: number) => Math.max(200, Math.min(n, TOP) * 24 + 60);
