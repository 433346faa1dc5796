/**
 * Plans per year: the plan in force for a year (the user's own, else the nearest earlier one moved
 * to that year, else the 2025 default moved), validation, and month/date arithmetic of a task.
 */
import { DEFAULT_PLAN_YEAR, defaultPlan2025 } from './default-2025';
import { OWNER_LEVELS, type Plan, type PlanCheck, type PlanTask } from './types';

const ISO = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(s: unknown): s is string {
  if (typeof s !== 'string' || !ISO.test(s)) return false;
  const d = new Date(s + 'T00:00:00Z');
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** First day of the task's window. */
export function taskStart(year: number, t: PlanTask): string {
  return `${year}-${pad(t.from)}-01`;
}

/** Last day of the task's window: its deadline, else the last day of month `to`. */
export function taskEnd(year: number, t: PlanTask): string {
  if (t.deadline) return t.deadline;
  const last = new Date(Date.UTC(year, t.to, 0)).getUTCDate();
  return `${year}-${pad(t.to)}-${pad(last)}`;
}

/** Moves every 4-digit year (2000–2099) in a text by `diff` (“2025年秋季学期” → “2026年秋季学期”). */
function shiftYears(s: string, diff: number): string {
  return s.replace(/20\d\d/g, (y) => String(Number(y) + diff));
}

/** A plan carried to another year: texts, terms and deadlines move with it; ticks are not carried. */
export function movePlan(p: Plan, year: number): Plan {
  const diff = year - p.year;
  return {
    year,
    ticks: {},
    tasks: p.tasks.map((t) => {
      const n: PlanTask = { ...structuredClone(t), text: shiftYears(t.text, diff) };
      if (t.deadline) n.deadline = shiftYears(t.deadline, diff);
      if (t.check && 'term' in t.check)
        n.check = { ...t.check, term: shiftYears(t.check.term, diff) } as PlanCheck;
      return n;
    })
  };
}

/** The plan in force for a year: its own, else the nearest earlier saved plan, else the default, moved. */
export function planForYear(saved: Plan[], year: number): Plan {
  const own = saved.find((p) => p.year === year);
  if (own) return structuredClone(own);
  const earlier = saved.filter((p) => p.year < year).sort((a, b) => b.year - a.year)[0];
  return movePlan(earlier ?? defaultPlan2025(), year);
}

export const DEFAULT_YEAR = DEFAULT_PLAN_YEAR;

/** Problems with a plan, in Chinese (empty = valid). */
export function validatePlan(p: unknown): string[] {
  const errs: string[] = [];
  if (!p || typeof p !== 'object') return ['工作计划格式不正确'];
  const plan = p as Plan;
  if (!Number.isInteger(plan.year) || plan.year < 2000 || plan.year > 2100) errs.push('年度不正确');
  if (!Array.isArray(plan.tasks)) return [...errs, '缺少任务列表'];
  const ids = new Set<string>();
  plan.tasks.forEach((t, i) => {
    const at = `第 ${i + 1} 项任务`;
    if (!t || typeof t !== 'object') return void errs.push(`${at}格式不正确`);
    if (typeof t.id !== 'string' || !t.id) errs.push(`${at}缺少编号`);
    else if (ids.has(t.id)) errs.push(`${at}编号重复（${t.id}）`);
    else ids.add(t.id);
    if (typeof t.text !== 'string' || !t.text.trim()) errs.push(`${at}缺少工作内容`);
    if (!Number.isInteger(t.from) || !Number.isInteger(t.to) || t.from < 1 || t.to > 12 || t.from > t.to)
      errs.push(`${at}月份不正确（应为 1–12 月，起始不晚于结束）`);
    if (!(OWNER_LEVELS as readonly string[]).includes(t.owner))
      errs.push(`${at}责任层级应为${OWNER_LEVELS.join('、')}之一`);
    if (t.deadline !== undefined && !isIsoDate(t.deadline)) errs.push(`${at}截止日期应为 YYYY-MM-DD`);
  });
  if (plan.ticks && typeof plan.ticks === 'object')
    for (const [id, tick] of Object.entries(plan.ticks))
      if (!tick || !isIsoDate(tick.date)) errs.push(`任务 ${id} 的完成日期应为 YYYY-MM-DD`);
  return errs;
}

/** A fresh task id not used in the plan. */
export function newTaskId(p: Plan): string {
  let i = p.tasks.length + 1;
  while (p.tasks.some((t) => t.id === `u${i}`)) i++;
  return `u${i}`;
}
