/**
 * The plan file (exported and imported like the policy file): JSON holding one or several years'
 * plans, so next year's plan can start from this year's. Also the stored document's shape.
 */
import type { Plan, PrintedReport } from './types';
import { validatePlan } from './plans';

export const PLAN_FILE_KIND = '学生资助工作计划';
export const PLAN_DOC = 'work-plan';

export interface PlanFile {
  kind: typeof PLAN_FILE_KIND;
  version: 1;
  plans: Plan[];
}

/** The stored document: saved plans per year and reports printed from the site. */
export interface PlanDoc {
  version: 1;
  plans: Plan[];
  printed: PrintedReport[];
}

export function planFileText(plans: Plan[]): string {
  const file: PlanFile = { kind: PLAN_FILE_KIND, version: 1, plans };
  return JSON.stringify(file, null, 2);
}

/**
 * Reads a plan file: an object {plans: [...]}, a list of plans, or one plan. Throws a Chinese message
 * naming the file and the problem; nothing is kept from a file with any invalid plan.
 */
export function parsePlanFile(text: string, fileName = '工作计划文件'): Plan[] {
  const list = yearListInFile(text, fileName, 'plans');
  const plans: Plan[] = [];
  list.forEach((p, i) => {
    const errs = validatePlan(p);
    if (errs.length)
      throw new Error(`${fileName}：第 ${i + 1} 个年度计划有误：${errs.slice(0, 3).join('；')}`);
    const plan = p as Plan;
    plans.push({ year: plan.year, tasks: plan.tasks, ticks: plan.ticks ?? {} });
  });
  if (!plans.length) throw new Error(`${fileName}：文件中没有工作计划`);
  return plans;
}

/** A stored document read defensively: invalid plans are dropped, not the rest. */
export function planDocFrom(doc: unknown): PlanDoc {
  const d = (doc && typeof doc === 'object' ? doc : {}) as Partial<PlanDoc>;
  return {
    version: 1,
    plans: Array.isArray(d.plans) ? d.plans.filter((p) => validatePlan(p).length === 0) : [],
    printed: Array.isArray(d.printed) ? d.printed.filter((r) => r && typeof r.report === 'string') : []
  };
}

/**
 * The per-year entries of a file people exchange (plans, schemes): an object {key: [...]}, a list,
 * or one entry. Throws a Chinese message naming the file when it is not JSON.
 */
export function yearListInFile(text: string, fileName: string, key: string): unknown[] {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch {
    throw new Error(`${fileName}：不是有效的 JSON 文件`);
  }
  if (Array.isArray(obj)) return obj;
  const inner = obj && typeof obj === 'object' ? (obj as Record<string, unknown>)[key] : undefined;
  return Array.isArray(inner) ? inner : [obj];
}
