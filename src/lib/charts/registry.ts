/**
 * The charts on screen, by name, with when each last finished drawing. The browser tests and the
 * bench read it through `window.__charts` (measuring "all charts drawn", clicking a bar at its
 * pixel position); the app itself only writes it.
 */
import type { ECharts } from './echarts';

export interface ChartEntry {
  chart: ECharts;
  el: HTMLElement;
  /** performance.now() when the current option finished rendering; null while drawing. */
  drawnAt: number | null;
  /** Bumps with every new option, so a waiter can tell a redraw from the previous one. */
  renders: number;
}

export const charts: Record<string, ChartEntry> = {};

if (typeof window !== 'undefined') (window as unknown as { __charts: typeof charts }).__charts = charts;
