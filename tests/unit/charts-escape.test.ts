/** Issue 9 (Medium 5): chart tooltips are HTML, so names from the data are escaped. */
import { describe, expect, it } from 'vitest';
import { barOption, pieOption, sankeyOption } from '../../src/lib/charts/options';

const EVIL = '<div style="position:fixed;color:red">系统通知</div>';
const SAFE = '&lt;div style=&quot;position:fixed;color:red&quot;&gt;系统通知&lt;/div&gt;';
type Fmt = (p: unknown) => string;
const tooltip = (o: unknown) => (o as { tooltip: { formatter: Fmt } }).tooltip.formatter;

describe('tooltip formatters escape data strings', () => {
  it('bar: axis label and series name', () => {
    const o = barOption({ categories: [EVIL], series: [{ name: EVIL, data: [0.5] }], axes: ['pct'] });
    const html = tooltip(o)([
      { seriesIndex: 0, seriesName: EVIL, value: 0.5, axisValueLabel: EVIL, color: '#5470c6' }
    ]);
    // The dot is a class, no inline style (the site's CSP has no 'unsafe-inline' for styles).
    expect(html).toMatch(
      new RegExp(`^${SAFE}<br/><span class="tip-dot tip-dot-\\d+"></span>${SAFE}：50\\.0%$`)
    );
  });
  it('sankey: node and link names', () => {
    const f = tooltip(sankeyOption([{ source: EVIL, target: 'b&c', value: 10000 }]));
    expect(f({ dataType: 'node', name: EVIL, value: 10000 })).not.toContain('<div');
    expect(f({ dataType: 'edge', name: '', value: 10000, data: { source: EVIL, target: 'b&c' } })).toContain(
      `${SAFE} → b&amp;c：`
    );
  });
  it('bar: a colour that is not a plain colour gets the plain dot, never into markup', () => {
    const o = barOption({ categories: ['a'], series: [{ name: 's', data: [1] }], axes: ['count'] });
    const html = tooltip(o)([
      { seriesIndex: 0, seriesName: 's', value: 1, axisValueLabel: 'a', color: 'red;}</style><b>' }
    ]);
    expect(html).toBe('a<br/><span class="tip-dot"></span>s：1');
  });
  it('pie: slice name', () => {
    const f = tooltip(pieOption([{ name: EVIL, value: 1 }], 'count'));
    expect(f({ name: EVIL, value: 1, percent: 100 })).toBe(`${SAFE}：1（100.0%）`);
  });
});
