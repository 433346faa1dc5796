/**
 * 考核结果通报: the year's 目标管理考核 of the counties — the scheme (indicators, weights, scoring
 * rules), the ranked table, each unit's breakdown with the change from the previous year, the
 * 先进单位 (confirmed by a user, else the suggestion, labelled so), the issuing unit and date.
 * Scores come from src/lib/assess (the one definition the 考核 page and the tests use).
 */
import type { Engine } from '../engine/engine';
import { assessUnits, suggestAdvanced, type UnitScore } from '../assess/assess';
import { INDICATORS, formatValue, ruleText, schemeForYear, type Scheme } from '../assess/scheme';
import {
  document,
  gridTable,
  heading,
  section,
  todayIso,
  zhDate,
  ISSUING_UNIT,
  type Content,
  type DocDefinition
} from './doc';
import { tableExists } from './sql';

export const TITLE = '考核结果通报';

export interface AssessmentParams {
  year: number;
  /** Saved schemes (the scheme in force per year follows schemeForYear); defaults when absent. */
  schemes?: Scheme[];
  /** Units a user confirmed as 先进单位; the suggestion is printed when absent. */
  advanced?: string[];
  date?: string;
}

export interface AssessmentData {
  year: number;
  date: string;
  scheme: Scheme;
  units: UnitScore[];
  advanced: string[];
  advancedConfirmed: boolean;
}

export async function query(engine: Engine, p: AssessmentParams): Promise<AssessmentData> {
  if (!(await tableExists(engine, 'policy_terms')))
    throw new Error('缺少政策参数表（policy_terms），请先加载数据与政策设置');
  const scheme = schemeForYear(p.schemes ?? [], p.year);
  const prev = schemeForYear(p.schemes ?? [], p.year - 1);
  const units = await assessUnits(engine, p.year, scheme, prev, 'county');
  const confirmed = p.advanced && p.advanced.length > 0;
  return {
    year: p.year,
    date: p.date ?? todayIso(),
    scheme,
    units,
    advanced: confirmed ? p.advanced! : suggestAdvanced(units, scheme.topN).map((u) => u.label),
    advancedConfirmed: !!confirmed
  };
}

const pts = (v: number | null) => (v === null ? '—' : v.toFixed(2));
const signed = (v: number | null, d = 1) => (v === null ? '—' : `${v > 0 ? '+' : ''}${v.toFixed(d)}`);
export function build(d: AssessmentData): DocDefinition {
  const title = `${d.year}年度学生资助工作目标管理考核结果通报`;
  const ind = d.scheme.indicators;
  const content: Content[] = [
    ...heading(title, ['考核对象：各县市区（单位）'], d.date),
    {
      text:
        `根据《${ISSUING_UNIT}学生资助工作计划》“建立资助工作考核机制，对工作成绩突出的单位和个人进行表彰奖励”的要求，` +
        `依据学生资助管理数据，对各县市区 ${d.year} 年度学生资助工作进行了目标管理考核。现将考核结果通报如下。`,
      style: 'para'
    },
    section('一、考核指标与评分规则'),
    gridTable({
      headers: ['考核指标', '权重', '评分规则', '指标说明'],
      widths: [90, 30, 190, '*'],
      align: ['left', 'right', 'left', 'left'],
      rows: ind.map((i) => [
        INDICATORS[i.key].name,
        i.weight,
        ruleText(i.key, i.rule),
        INDICATORS[i.key].definition
      ]),
      fontSize: 8
    }),
    {
      text: '注：单位某项指标无数据（如无下达资金、无疑点）时该项不计分，总分按其余指标权重折算为百分制；各项得分保留两位小数，总分保留一位小数。',
      style: 'note'
    },
    section('二、考核排名'),
    gridTable({
      headers: [
        '排名',
        '单位',
        '总分',
        '上年总分',
        '较上年',
        ...ind.map((i) => `${INDICATORS[i.key].name}（${i.weight}）`)
      ],
      widths: [24, 66, 30, 30, 30, ...ind.map(() => '*')],
      align: ['center', 'left', 'right', 'right', 'right', ...ind.map(() => 'right' as const)],
      rows: d.units.map((u) => [
        u.rank ?? '—',
        u.label,
        u.total === null ? '—' : u.total.toFixed(1),
        u.prevTotal === null ? '—' : u.prevTotal.toFixed(1),
        u.total !== null && u.prevTotal !== null ? signed(u.total - u.prevTotal) : '—',
        ...u.indicators.map((i) => pts(i.points))
      ]),
      fontSize: 7.5
    }),
    section('三、各单位得分明细')
  ];
  for (const u of d.units) {
    content.push(
      {
        text: `${u.rank ?? '—'}. ${u.label}（总分 ${u.total === null ? '—' : u.total.toFixed(1)}）`,
        bold: true,
        margin: [0, 6, 0, 0]
      },
      gridTable({
        headers: ['指标', '本年数值', '上年数值', '得分', '权重', '得分较上年'],
        widths: ['*', 70, 70, 50, 40, 60],
        align: ['left', 'right', 'right', 'right', 'right', 'right'],
        rows: u.indicators.map((i) => [
          i.name,
          formatValue(i.key, i.value),
          formatValue(i.key, i.prevValue),
          pts(i.points),
          i.weight,
          signed(i.change, 2)
        ]),
        fontSize: 8
      })
    );
  }
  content.push(
    section('四、先进单位'),
    {
      text: d.advanced.length
        ? `${d.advancedConfirmed ? '经审定' : '按考核得分建议（待审定）'}，${d.year} 年度学生资助工作目标管理考核先进单位为：${d.advanced.join('、')}。`
        : '本年度无符合条件的先进单位（存在未整改高风险疑点的单位不参评）。',
      style: 'para'
    },
    {
      text: '注：存在未整改（未标记“已整改”或“误报”）的高风险疑点的单位，不列入先进单位推荐。',
      style: 'note'
    },
    { text: `${ISSUING_UNIT}\n${zhDate(d.date)}`, alignment: 'right', margin: [0, 24, 0, 0] }
  );
  return document(title, content, 'landscape');
}

export function fileName(d: AssessmentData): string {
  return `${d.year}年度-${TITLE}.pdf`;
}

/** The 年度工作总结's 目标管理考核 section: the ranking and the 先进单位 (from query above). */
export function annualSection(d: AssessmentData, heading: string): Content[] {
  return [
    section(heading),
    gridTable({
      headers: ['排名', '单位', '总分', '上年总分', '主要失分指标'],
      widths: [30, 90, 40, 46, '*'],
      align: ['center', 'left', 'right', 'right', 'left'],
      rows: d.units.map((u) => [
        u.rank ?? '—',
        u.label,
        u.total === null ? '—' : u.total.toFixed(1),
        u.prevTotal === null ? '—' : u.prevTotal.toFixed(1),
        u.indicators
          .filter((i) => i.points !== null && i.points < i.weight)
          .sort((a, b) => b.weight - (b.points ?? 0) - (a.weight - (a.points ?? 0)))
          .slice(0, 3)
          .map((i) => `${i.name} ${formatValue(i.key, i.value)}（得 ${pts(i.points)} / ${i.weight}）`)
          .join('；') || '—'
      ]),
      fontSize: 8
    }),
    {
      text: d.advanced.length
        ? `${d.advancedConfirmed ? '经审定的' : '按考核得分建议的（待审定）'}先进单位：${d.advanced.join('、')}。考核指标、权重与评分规则见《${d.year}年度学生资助工作目标管理考核结果通报》。`
        : '本年度无符合条件的先进单位。',
      style: 'para'
    }
  ];
}
