/**
 * ECharts, tree-shaken: echarts/core plus only the charts and components the dashboard draws, on
 * the canvas renderer. Every chart in the app is created through here (and Chart.svelte), so the
 * bundle holds nothing else.
 */
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart, SankeyChart } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { THEME, THEME_NAME } from './theme';

echarts.use([
  BarChart,
  LineChart,
  PieChart,
  SankeyChart,
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  CanvasRenderer
]);
echarts.registerTheme(THEME_NAME, THEME);

export { echarts };
export type ECharts = echarts.ECharts;
export type EChartsOption = echarts.EChartsCoreOption;
