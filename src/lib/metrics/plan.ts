/**
 * Disbursement deadlines from the 2025 work plan (岳阳市教育事务中心 2025 年学生资助工作计划, 工作安排,
 * /work/shared/domain/work-plan-2025.md): the month by which each term's payments are to be
 * approved and paid. Shown on the monthly disbursement chart against what was actually paid.
 */
export interface PlanDeadline {
  /** 1–12: the plan's month. */
  month: number;
  season: '春' | '秋';
  /** The plan's own words. */
  text: string;
}

export const PLAN_DEADLINES: PlanDeadline[] = [
  { month: 4, season: '春', text: '4月：市本级义务教育困难学生生活补助申报和发放' },
  { month: 5, season: '春', text: '5月：审定发放春季学期市本级普通高中、中职学生资助资金' },
  {
    month: 11,
    season: '秋',
    text: '11月：审定发放秋季学期义务教育补助金、中职国家助学金和免学费、普通高中国家助学金'
  }
];
