export * from './types';
export { DEFAULT_STANDARDS, defaultPolicy } from './defaults';
export { policyTablesSql, policyForYear, dataYears } from './sql';
export { validatePolicy } from './validate';
export { fillPolicy, parsePolicyFile } from './fill';
export { applyPolicy } from './apply';
