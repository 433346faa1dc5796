/**
 * Small query results reshaped into chart series with Arquero (group, fill, order, running sum)
 * instead of hand-written loops. Only the pages that import this module load Arquero (SvelteKit
 * splits it into their chunk); the rows are at most a few hundred, so the cost is the code, not
 * the work.
 */
import { from, op, rolling, table } from 'arquero';
import type { SankeyLink } from './options';

/**
 * Sankey links through the columns of `path` (e.g. budget level → program → unit): one link per
 * distinct (column i, column i + 1) pair, its value the sum of `value` over the rows.
 */
export function sankeyLinks<T extends Record<string, unknown>>(
  rows: T[],
  path: (keyof T & string)[],
  value: keyof T & string
): SankeyLink[] {
  if (!rows.length) return [];
  const t = from(rows);
  const links: SankeyLink[] = [];
  for (let i = 0; i + 1 < path.length; i++)
    links.push(
      ...(t
        .select({ [path[i]]: 'source', [path[i + 1]]: 'target', [value]: 'value' })
        .groupby('source', 'target')
        .rollup({ value: op.sum('value') })
        .objects() as unknown as SankeyLink[])
    );
  return links;
}

/**
 * Every month of `year` (plus any month of the rows outside it), in order, with that month's
 * amount (0 when nothing was paid) and the running total: the monthly disbursement chart.
 */
export function monthlySeries(
  rows: { month: string; amount: number }[],
  year: number
): { categories: string[]; monthly: number[]; cumulative: number[] } {
  const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
  const paid = table({ month: rows.map((r) => r.month), amount: rows.map((r) => r.amount) });
  const t = table({ month: months })
    .join_full(paid, 'month')
    .derive({ amount: (d: { amount: number | undefined }) => (d.amount == null ? 0 : d.amount) })
    .orderby('month')
    .derive({ cumulative: rolling((d: { amount: number }) => op.sum(d.amount)) });
  return {
    categories: t.array('month') as string[],
    monthly: t.array('amount') as number[],
    cumulative: t.array('cumulative') as number[]
  };
}
