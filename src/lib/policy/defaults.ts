/**
 * Default policy from ../shared/domain/README.md (national 2024–2025 figures; 待核定 entries are
 * placeholders marked `pending` so the settings page can ask the user to confirm them).
 */
import { RULE_CODES, type RuleCode } from '../contract/rule-codes';
import type { Policy, StandardRow } from './types';

export const DEFAULT_STANDARDS: StandardRow[] = [
  { program: '学前教育资助', amount: 500, isCap: false, pending: true },
  {
    program: '义务教育家庭经济困难学生生活补助',
    boarding: true,
    substage: '小学',
    amount: 625,
    isCap: false
  },
  {
    program: '义务教育家庭经济困难学生生活补助',
    boarding: true,
    substage: '初中',
    amount: 750,
    isCap: false
  },
  {
    program: '义务教育家庭经济困难学生生活补助',
    boarding: false,
    substage: '小学',
    amount: 312.5,
    isCap: false
  },
  {
    program: '义务教育家庭经济困难学生生活补助',
    boarding: false,
    substage: '初中',
    amount: 375,
    isCap: false
  },
  { program: '普通高中国家助学金', level: '特别困难', amount: 1500, isCap: false },
  { program: '普通高中国家助学金', level: '困难', amount: 1150, isCap: false },
  { program: '普通高中国家助学金', level: '一般困难', amount: 800, isCap: false },
  { program: '普通高中免学杂费', amount: 1200, isCap: true, pending: true },
  { program: '中职国家助学金', amount: 1150, isCap: false },
  { program: '中职免学费', amount: 1000, isCap: false, pending: true },
  // Once per school year, paid in the autumn term: a spring payment has no standard (R06 flags it).
  { program: '中职国家奖学金', season: '秋', amount: 6000, isCap: false }
];

export function defaultPolicy(year: number): Policy {
  return {
    year,
    windows: { spring: { start: '02-01', end: '06-30' }, autumn: { start: '08-01', end: '12-31' } },
    standards: DEFAULT_STANDARDS.map((s) => ({ ...s })),
    ageBands: { 学前: [2, 7], 小学: [5, 14], 初中: [11, 18], 普通高中: [14, 21], 中职: [14, 25] },
    thresholds: {
      sharedCardMinIds: 3,
      setasideMinShare: { 普通高中: 0.03, 中职: 0.05, 民办: 0.05 },
      setasideUseMin: 0.5,
      executionLow: 0.9,
      outlierZ: 3.5,
      outlierMinStudents: 50,
      amountTolerance: 0.01
    },
    rules: Object.fromEntries(RULE_CODES.map((c) => [c, { enabled: true }])) as Record<
      RuleCode,
      { enabled: boolean }
    >
  };
}
