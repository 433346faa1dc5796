/**
 * Option builders for the dashboard's chart kinds, so pages describe data, not ECharts details.
 * Axis and tooltip numbers use the shared formatters (万元, percentages with one decimal).
 */
import { count, moneyWithUnit, pct, wan, yuan } from '../format';
import type { EChartsOption } from './echarts';
import { escapeHtml } from './escape';
import { fitLabel } from './fit-label';
import { tipMarker } from './tip-marker';

export type Unit = 'pct' | 'wan' | 'yuan' | 'count' | 'items' | 'days';

const axisFmt: Record<Unit, (v: number) => string> = {
  pct: (v) => `${Math.floor(v * 1000 + 1e-6) / 10}%`,
  wan: (v) => wan(v, v !== 0 && Math.abs(v) < 100000 ? 1 : 0),
  yuan: (v) => count(v),
  count: (v) => count(v),
  items: (v) => count(v),
  days: (v) => `${v}`
};
const tipFmt: Record<Unit, (v: number) => string> = {
  pct: (v) => pct(v),
  wan: (v) => moneyWithUnit(v),
  yuan: (v) => `${yuan(v)} 元`,
  count: (v) => count(v),
  items: (v) => `${count(v)} 条`,
  days: (v) => `${v} 天`
};
const unitName: Record<Unit, string> = {
  pct: '',
  wan: '万元',
  yuan: '元',
  count: '人',
  items: '条',
  days: '天'
};

export interface SeriesSpec {
  name: string;
  data: (number | null)[];
  type?: 'bar' | 'line';
  /** Index into `axes`. */
  axis?: number;
  stack?: string;
  color?: string;
}

export interface BarSpec {
  categories: string[];
  series: SeriesSpec[];
  axes: Unit[];
  horizontal?: boolean;
  /** A target line on the first value axis (e.g. 1 = 100%). */
  target?: { value: number; label: string };
  /** Per-category colours (e.g. a selected unit highlighted). */
  highlight?: string | null;
}

/** A horizontal chart's category labels are cut to this width (fit-label.ts) in a 120 px gutter. */
const LABEL_PX = 110;

export function barOption(s: BarSpec): EChartsOption {
  const cat = {
    type: 'category',
    data: s.categories,
    // Every label shown (interval 0): horizontal charts are as tall as their bars need. ECharts'
    // 'auto' interval measured every label again on each redraw to choose which to skip.
    axisLabel: s.horizontal
      ? { interval: 0, formatter: (v: string) => fitLabel(v, LABEL_PX) }
      : { interval: 0, rotate: s.categories.length > 7 ? 35 : 0 },
    triggerEvent: true
  };
  const values = s.axes.map((u, i) => ({
    type: 'value',
    name: unitName[u],
    max: u === 'pct' && i === 0 ? (v: { max: number }) => Math.max(1, v.max) : undefined,
    // People and items come whole: no 0.5 ticks that print as "0 0 1 1".
    minInterval: u === 'count' || u === 'items' ? 1 : undefined,
    axisLabel: { formatter: axisFmt[u] },
    splitLine: { show: i === 0 }
  }));
  return {
    grid: {
      left: s.horizontal ? 120 : 56,
      right: s.axes.length > 1 ? 56 : s.target ? 72 : 24,
      top: 36,
      bottom: s.horizontal ? 24 : 56,
      containLabel: false,
      // ECharts 6 shrinks the grid to keep every axis label inside the canvas ('auto'), measuring
      // every label on every redraw (a third of a redraw on 覆盖 at scale 1). A horizontal chart's
      // category labels are cut to 110 px inside its 120 px gutter, so nothing can overflow there.
      outerBoundsMode: s.horizontal ? 'none' : undefined
    },
    legend: s.series.length > 1 ? { top: 0 } : undefined,
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: undefined,
      formatter: (
        ps: {
          seriesIndex: number;
          seriesName: string;
          value: number | null;
          axisValueLabel: string;
          color: unknown;
        }[]
      ) => {
        // Tooltips are HTML (escape.ts): labels and series names come from the data. The dot is
        // tipMarker's, not ECharts' `marker` (an inline style, refused by the site's CSP).
        const head = escapeHtml(ps[0]?.axisValueLabel ?? '');
        return [
          head,
          ...ps.map((p) => {
            const u = s.axes[s.series[p.seriesIndex]?.axis ?? 0];
            return `${tipMarker(p.color)}${escapeHtml(p.seriesName)}：${p.value === null || p.value === undefined ? '—' : tipFmt[u](p.value)}`;
          })
        ].join('<br/>');
      }
    },
    xAxis: s.horizontal ? values : cat,
    yAxis: s.horizontal ? { ...cat, inverse: true } : values,
    series: s.series.map((x, i) => ({
      name: x.name,
      type: x.type ?? 'bar',
      stack: x.stack,
      [s.horizontal ? 'xAxisIndex' : 'yAxisIndex']: x.axis ?? 0,
      data: x.data.map((v, j) =>
        s.highlight && s.categories[j] === s.highlight && (x.type ?? 'bar') === 'bar'
          ? { value: v, itemStyle: { borderColor: '#111', borderWidth: 2 } }
          : v
      ),
      itemStyle: x.color ? { color: x.color } : undefined,
      barMaxWidth: 36,
      label:
        (x.type ?? 'bar') === 'bar' && s.series.length <= 2 && s.categories.length <= 14
          ? {
              show: true,
              position: s.horizontal ? 'right' : 'top',
              fontSize: 11,
              formatter: (p: { value: number }) => axisFmt[s.axes[x.axis ?? 0]](p.value)
            }
          : undefined,
      markLine:
        i === 0 && s.target
          ? {
              silent: true,
              symbol: 'none',
              lineStyle: { type: 'dashed', color: '#b22222' },
              label: { formatter: s.target.label, position: 'end', fontSize: 11, color: '#b22222' },
              data: [s.horizontal ? { xAxis: s.target.value } : { yAxis: s.target.value }]
            }
          : undefined
    }))
  };
}

export interface SankeyLink {
  source: string;
  target: string;
  value: number;
}

/** Nodes are named by level to keep a program and a unit with the same text apart. */
export function sankeyOption(links: SankeyLink[]): EChartsOption {
  const names = new Set<string>();
  for (const l of links) {
    names.add(l.source);
    names.add(l.target);
  }
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: { dataType: string; name: string; value: number; data: SankeyLink }) =>
        p.dataType === 'edge'
          ? `${escapeHtml(p.data.source)} → ${escapeHtml(p.data.target)}：${moneyWithUnit(p.value)}`
          : `${escapeHtml(p.name)}：${moneyWithUnit(p.value)}`
    },
    series: [
      {
        type: 'sankey',
        left: 8,
        right: 120,
        top: 8,
        bottom: 8,
        // Room between nodes so the labels of small units do not run into each other.
        nodeGap: 12,
        emphasis: { focus: 'adjacency' },
        lineStyle: { color: 'gradient', opacity: 0.35 },
        label: { fontSize: 11, width: 110, overflow: 'truncate' },
        data: [...names].map((name) => ({ name })),
        links
      }
    ]
  };
}

export function pieOption(data: { name: string; value: number }[], unit: Unit = 'wan'): EChartsOption {
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: { name: string; value: number; percent: number }) =>
        `${escapeHtml(p.name)}：${tipFmt[unit](p.value)}（${p.percent.toFixed(1)}%）`
    },
    legend: { bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['35%', '65%'],
        top: 0,
        bottom: 30,
        label: { formatter: (p: { name: string; percent: number }) => `${p.name}\n${p.percent.toFixed(1)}%` },
        data
      }
    ]
  };
}
