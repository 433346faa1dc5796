/** What a chart click hands to the page (the parts of ECharts' event params the pages use). */
export interface ChartClick {
  /** Category or node name. */
  name: string;
  seriesName?: string;
  /** 'node' | 'edge' for sankey. */
  dataType?: string;
  data?: unknown;
  value?: unknown;
}
