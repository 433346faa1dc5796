/** Checks a policy object before it is saved or applied; messages in Chinese for the settings page. */
import { LEVELS, STAGES } from '../contract/domain';
import type { Policy } from './types';
import { RULE_CODES } from '../contract/rule-codes';

const MMDD = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

function validMmdd(s: unknown): boolean {
  if (typeof s !== 'string' || !MMDD.test(s)) return false;
  const [m, d] = s.split('-').map(Number);
  // 2024 is a leap year, so 02-29 is allowed as a window bound.
  return new Date(Date.UTC(2024, m - 1, d)).getUTCDate() === d;
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Returns the problems found; an empty list means the policy can be applied. */
export function validatePolicy(p: Policy): string[] {
  const errs: string[] = [];
  if (!Number.isInteger(p.year) || p.year < 2000 || p.year > 2100) errs.push(`年度无效：${p.year}`);
  for (const [key, label] of [
    ['spring', '春季学期'],
    ['autumn', '秋季学期']
  ] as const) {
    const w = p.windows?.[key];
    if (!w || !validMmdd(w.start) || !validMmdd(w.end))
      errs.push(`${label}发放时间窗口格式应为 月-日（如 02-01）`);
  }
  const seen = new Set<string>();
  (p.standards ?? []).forEach((s, i) => {
    const at = `第 ${i + 1} 条资助标准`;
    if (!s.program || typeof s.program !== 'string') errs.push(`${at}：资助项目不能为空`);
    if (!isNum(s.amount) || s.amount <= 0) errs.push(`${at}（${s.program}）：金额必须为正数`);
    else if (Math.round(s.amount * 100) !== s.amount * 100)
      errs.push(`${at}（${s.program}）：金额最多两位小数`);
    if (s.season != null && s.season !== '春' && s.season !== '秋') errs.push(`${at}：学期只能为 春 或 秋`);
    if (s.level != null && !(LEVELS as readonly string[]).includes(s.level))
      errs.push(`${at}：认定等级只能为 ${LEVELS.join('/')}`);
    if (s.substage != null && s.substage !== '小学' && s.substage !== '初中')
      errs.push(`${at}：学段只能为 小学 或 初中`);
    const key = [s.program, s.season ?? '', s.level ?? '', s.boarding ?? '', s.substage ?? ''].join('|');
    if (seen.has(key)) errs.push(`${at}（${s.program}）：与前面的标准条件重复`);
    seen.add(key);
  });
  for (const st of STAGES) {
    const b = p.ageBands?.[st];
    if (!b || !Number.isInteger(b[0]) || !Number.isInteger(b[1]) || b[0] < 0 || b[1] > 100 || b[0] > b[1])
      errs.push(`${st}年龄范围无效（应为 0–100 的整数，下限不大于上限）`);
  }
  const t = p.thresholds;
  if (!t) errs.push('缺少阈值设置');
  else {
    if (!Number.isInteger(t.sharedCardMinIds) || t.sharedCardMinIds < 2)
      errs.push('银行卡共用人数阈值应为不小于 2 的整数');
    for (const cat of ['普通高中', '中职', '民办'] as const) {
      const v = t.setasideMinShare?.[cat];
      if (!isNum(v) || v < 0 || v > 1) errs.push(`${cat}计提比例下限应在 0 到 1 之间（如 0.05 表示 5%）`);
    }
    if (!isNum(t.setasideUseMin) || t.setasideUseMin < 0 || t.setasideUseMin > 1)
      errs.push('计提资金使用率下限应在 0 到 1 之间');
    if (!isNum(t.executionLow) || t.executionLow < 0 || t.executionLow > 1)
      errs.push('资金执行率下限应在 0 到 1 之间');
    if (!isNum(t.outlierZ) || t.outlierZ <= 0) errs.push('受助比例异常阈值（修正 Z 分数）应为正数');
    if (!Number.isInteger(t.outlierMinStudents) || t.outlierMinStudents < 0)
      errs.push('参与受助比例比较的最少在校生数应为非负整数');
    if (!isNum(t.amountTolerance) || t.amountTolerance < 0) errs.push('金额容差应为非负数');
  }
  for (const c of RULE_CODES)
    if (typeof p.rules?.[c]?.enabled !== 'boolean') errs.push(`规则 ${c} 缺少启用设置`);
  return errs;
}
