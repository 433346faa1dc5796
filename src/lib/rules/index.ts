export * from './catalog';
export { runRules, FINDINGS_ORDER, type RulePerf } from './run';
export { evidenceFor } from './evidence';
export { FINDINGS_CSV_COLUMNS, findingsCsv } from './findings-csv';
export { VIEWS, viewSql, createViews } from '../model/views';
