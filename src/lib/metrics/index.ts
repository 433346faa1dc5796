/** Every dashboard metric, as `(filters) => Sql` (SQL with the filter values as parameters). Definitions: docs/metrics.md. */
export * from './coverage';
export * from './money';
export * from './setaside';
export * from './problems';
export * from './drill';
export * from './kpi';
export type { Dim, DimRow } from './dims';
export * from './plan';
export { createMetricTables, METRIC_NEEDY_SQL } from './base';
