/**
 * The assessment scheme (目标管理考核) per year: indicators, each with a weight and an explicit
 * linear scoring rule, weights summing to 100. The default and its reasons: docs/assessment.md.
 * Pure TS: the site, the CLI and the tests share it.
 */
import { yearListInFile } from '../plan/file';

export const INDICATOR_KEYS = [
  'coverage',
  'priority',
  'timely',
  'execution',
  'setaside',
  'findings',
  'rectify',
  'quality'
] as const;
export type IndicatorKey = (typeof INDICATOR_KEYS)[number];

export interface IndicatorInfo {
  name: string;
  /** How the value is shown: a share (%), or a count per 1,000. */
  unit: 'rate' | 'per1000';
  /** What the value is, in one Chinese sentence (shown on the page and in the 通报). */
  definition: string;
  /** Page that shows the data behind it. */
  page: string;
}

export const INDICATORS: Record<IndicatorKey, IndicatorInfo> = {
  coverage: {
    name: '困难学生资助覆盖率',
    unit: 'rate',
    definition: '已认定家庭经济困难学生中，当学期获得需助类资助的比例（全年两学期合计）',
    page: '/coverage'
  },
  priority: {
    name: '重点保障对象覆盖率',
    unit: 'rate',
    definition: '重点保障对象（特殊困难类型）中，获得本学段需助项目资助的比例',
    page: '/coverage'
  },
  timely: {
    name: '按时发放率',
    unit: 'rate',
    definition: '全年发放记录中，发放日期在学期发放时间窗口内的比例',
    page: '/funds'
  },
  execution: {
    name: '资金执行率',
    unit: 'rate',
    definition: '全年实际发放金额 ÷ 下达资金（按下达对象；学校不单独下达，不适用）',
    page: '/funds'
  },
  setaside: {
    name: '事业收入计提达标',
    unit: 'rate',
    definition: '实际计提 ÷ 应计提（事业收入 × 最低计提比例），有计提要求的学校合计',
    page: '/setaside'
  },
  findings: {
    name: '核查问题',
    unit: 'per1000',
    definition: '全年疑点按严重程度加权（高 9、中 3、低 1）每千名受助学生',
    page: '/inspect'
  },
  rectify: {
    name: '整改完成率',
    unit: 'rate',
    definition: '全年疑点中已标记“已整改”或“误报”的比例',
    page: '/inspect'
  },
  quality: {
    name: '数据质量',
    unit: 'per1000',
    definition: '导入时被拒的数据行每千行（按行中学校标识码归属单位）',
    page: '/import'
  }
};

/**
 * Linear rule: full marks at `full` or better, zero at `zero` or worse, linear between.
 * Higher is better when full > zero (rates), lower is better when full < zero (problems per 1,000).
 */
export interface ScoringRule {
  full: number;
  zero: number;
}

export interface SchemeIndicator {
  key: IndicatorKey;
  weight: number;
  rule: ScoringRule;
}

export interface Scheme {
  year: number;
  indicators: SchemeIndicator[];
  /** How many units the 先进单位 suggestion names. */
  topN: number;
}

/** A value as shown: a share as %, a count per 1,000 with 1 decimal, 无数据 when missing. */
export function formatValue(key: IndicatorKey, v: number | null): string {
  if (v === null) return '无数据';
  return INDICATORS[key].unit === 'rate' ? `${round(v * 100, 1).toFixed(1)}%` : `${round(v, 1).toFixed(1)}‰`;
}

/** A scoring rule in words (page, 通报, docs). */
export function ruleText(key: IndicatorKey, r: ScoringRule): string {
  const [a, b] = r.full > r.zero ? ['及以上', '及以下'] : ['及以下', '及以上'];
  return `${formatValue(key, r.full)}${a}满分，${formatValue(key, r.zero)}${b}零分，其间按线性折算`;
}

/** The documented default (docs/assessment.md gives the reasons). */
export function defaultScheme(year: number): Scheme {
  return {
    year,
    topN: 3,
    indicators: [
      { key: 'coverage', weight: 20, rule: { full: 1, zero: 0.8 } },
      { key: 'priority', weight: 15, rule: { full: 1, zero: 0.9 } },
      { key: 'timely', weight: 15, rule: { full: 0.95, zero: 0.7 } },
      { key: 'execution', weight: 10, rule: { full: 0.95, zero: 0.6 } },
      { key: 'setaside', weight: 10, rule: { full: 1, zero: 0.5 } },
      { key: 'findings', weight: 15, rule: { full: 0, zero: 200 } },
      { key: 'rectify', weight: 10, rule: { full: 1, zero: 0 } },
      { key: 'quality', weight: 5, rule: { full: 0, zero: 20 } }
    ]
  };
}

/** Points of one indicator: weight × the linear share, rounded to 2 decimals; null when no value. */
export function indicatorPoints(value: number | null, weight: number, rule: ScoringRule): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  if (rule.full === rule.zero) return value >= rule.full === rule.full >= rule.zero ? weight : 0;
  const share = Math.min(1, Math.max(0, (value - rule.zero) / (rule.full - rule.zero)));
  return round(weight * share, 2);
}

export function round(v: number, d: number): number {
  const f = 10 ** d;
  return Math.round((v + Number.EPSILON) * f) / f;
}

/**
 * Total score out of 100, 1 decimal. An indicator without data for a unit (nothing to measure: no
 * needy students, no allocation, no findings…) is left out and the weights of the others are scaled
 * up to 100, so a unit is neither rewarded nor punished for it. No indicator with data → null.
 */
export function totalScore(parts: { points: number | null; weight: number }[]): number | null {
  const used = parts.filter((p) => p.points !== null);
  const w = used.reduce((s, p) => s + p.weight, 0);
  if (!used.length || w <= 0) return null;
  return round((used.reduce((s, p) => s + (p.points as number), 0) / w) * 100, 1);
}

/** Problems with a scheme, in Chinese (empty = valid). */
export function validateScheme(s: unknown): string[] {
  if (!s || typeof s !== 'object') return ['考核方案格式不正确'];
  const sc = s as Scheme;
  const errs: string[] = [];
  if (!Number.isInteger(sc.year) || sc.year < 2000 || sc.year > 2100) errs.push('年度不正确');
  if (!Number.isInteger(sc.topN) || sc.topN < 1 || sc.topN > 50)
    errs.push('先进单位推荐数量应为 1–50 的整数');
  if (!Array.isArray(sc.indicators) || !sc.indicators.length) return [...errs, '考核方案没有指标'];
  const seen = new Set<string>();
  let sum = 0;
  for (const i of sc.indicators) {
    const info = INDICATORS[i?.key as IndicatorKey];
    if (!info) {
      errs.push(`未知指标：${String(i?.key)}`);
      continue;
    }
    if (seen.has(i.key)) errs.push(`指标重复：${info.name}`);
    seen.add(i.key);
    if (typeof i.weight !== 'number' || !(i.weight >= 0)) errs.push(`${info.name}：权重应为非负数`);
    else sum += i.weight;
    if (!i.rule || !Number.isFinite(i.rule.full) || !Number.isFinite(i.rule.zero))
      errs.push(`${info.name}：评分规则应给出满分值与零分值`);
    else if (i.rule.full === i.rule.zero) errs.push(`${info.name}：满分值与零分值不能相同`);
  }
  if (Math.abs(sum - 100) > 1e-9) errs.push(`各指标权重之和应为 100，当前为 ${round(sum, 2)}`);
  return errs;
}

/** The scheme in force for a year: its own, else the nearest earlier saved one, else the default. */
export function schemeForYear(saved: Scheme[], year: number): Scheme {
  const own = saved.find((s) => s.year === year);
  if (own) return structuredClone(own);
  const earlier = saved.filter((s) => s.year < year).sort((a, b) => b.year - a.year)[0];
  return earlier ? { ...structuredClone(earlier), year } : defaultScheme(year);
}

export const SCHEME_FILE_KIND = '学生资助目标管理考核方案';
export const SCHEME_DOC = 'assess-scheme';

export function schemeFileText(schemes: Scheme[]): string {
  return JSON.stringify({ kind: SCHEME_FILE_KIND, version: 1, schemes }, null, 2);
}

/** Reads a scheme file ({schemes: [...]}, a list, or one scheme); throws a Chinese message. */
export function parseSchemeFile(text: string, fileName = '考核方案文件'): Scheme[] {
  const list = yearListInFile(text, fileName, 'schemes');
  if (!list.length) throw new Error(`${fileName}：文件中没有考核方案`);
  return list.map((s, i) => {
    const errs = validateScheme(s);
    if (errs.length)
      throw new Error(`${fileName}：第 ${i + 1} 个考核方案有误：${errs.slice(0, 3).join('；')}`);
    const sc = s as Scheme;
    return { year: sc.year, topN: sc.topN, indicators: sc.indicators };
  });
}
