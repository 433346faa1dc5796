/**
 * 年度工作总结: the year's key figures for the annual summary — students funded by stage and program,
 * money allocated vs disbursed by unit (执行率), coverage, 计提, findings and their rectification, and
 * the work plan's month-by-month schedule (工作安排). Every figure comes from src/lib/metrics (the one
 * definition of each metric); this module only picks the year and lays the numbers out.
 * Needs the policy_* tables (policyTablesSql), as every metric does.
 */
import { param, sql, type Engine } from '../engine/engine';
import { COUNTIES, PROGRAMS, STAGES } from '../contract/domain';
import type { Filters } from '../filters/state';
import { withCtes } from '../metrics/base';
import {
  coverageSql,
  executionSql,
  fundedShareSql,
  priorityCoverageSql,
  setasideSql,
  type CoverageRow,
  type ExecutionRow,
  type FundedShareRow,
  type SetasideRow
} from '../metrics';
import { MARKS_TABLE, REVIEW_STATUSES, UNREVIEWED } from '../findings/review-marks';
import {
  document,
  gridTable,
  heading,
  int,
  moneyTwoDecimals,
  percent,
  section,
  spanCell,
  todayIso,
  zhDate,
  ISSUING_UNIT,
  type Content,
  type DocDefinition
} from './doc';
import { ruleName, ruleSeverity } from './rule-names';
import { num, rowsOf, str, tableExists } from './sql';
import { termYearSql } from '../model/sql-helpers';
import { WORK_PLAN_2025, WORK_PLAN_YEAR, type PlanMonth } from './work-plan-2025';
import * as assessment from './assessment';
import * as schedule from './work-schedule';
import type { Plan, PrintedReport } from '../plan/types';
import type { Scheme } from '../assess/scheme';

export const TITLE = '年度工作总结';

export interface AnnualParams {
  year: number;
  date?: string;
  /** Saved assessment schemes and confirmed 先进单位, for the 目标管理考核 section. */
  schemes?: Scheme[];
  advanced?: string[];
  /** Saved work plans and printed reports: 七's 完成情况 is each task's live status at the print date. */
  plans?: Plan[];
  printed?: PrintedReport[];
}

export interface FundedRow {
  stage: string;
  program: string;
  spring: number;
  autumn: number;
  students: number;
  amount: number;
}

export interface FindingStatusRow {
  code: string;
  count: number;
  amount: number;
  status: Record<string, number>;
}

export interface AnnualData {
  year: number;
  date: string;
  funded: FundedRow[];
  execution: ExecutionRow[];
  coverage: CoverageRow[];
  priority: CoverageRow[];
  share: FundedShareRow[];
  setaside: SetasideRow[];
  hasFindings: boolean;
  findings: FindingStatusRow[];
  plan: PlanMonth[] | null;
  /** 目标管理考核 of the year (only with findings: the assessment needs the rule run). */
  assessment: assessment.AssessmentData | null;
  /** The year's plan with statuses at the print date (with findings: the checks read them). */
  schedule: schedule.ScheduleData | null;
}

const rank = (list: readonly string[], v: string) => {
  const i = list.indexOf(v);
  return i < 0 ? 999 : i;
};

export async function query(engine: Engine, params: AnnualParams): Promise<AnnualData> {
  if (!(await tableExists(engine, 'policy_terms')))
    throw new Error('缺少政策参数表（policy_terms），请先加载数据与政策设置');
  const f: Filters = { year: params.year };
  const funded = (
    await rowsOf(
      engine,
      sql`${withCtes(f, 'm_pay')}
      SELECT coalesce(p.stage, '（未知学段）') AS stage, p.program,
        count(DISTINCT p.id) FILTER (WHERE p.term LIKE '%春季学期')::INTEGER AS spring,
        count(DISTINCT p.id) FILTER (WHERE p.term LIKE '%秋季学期')::INTEGER AS autumn,
        count(DISTINCT p.id)::INTEGER AS students, round(sum(p.amount), 2)::DOUBLE AS amount
      FROM m_pay p GROUP BY ALL`
    )
  )
    .map((r) => ({
      stage: str(r.stage),
      program: str(r.program),
      spring: num(r.spring),
      autumn: num(r.autumn),
      students: num(r.students),
      amount: num(r.amount)
    }))
    .sort(
      (a, b) =>
        rank(STAGES, a.stage) - rank(STAGES, b.stage) ||
        rank(PROGRAMS, a.program) - rank(PROGRAMS, b.program) ||
        a.program.localeCompare(b.program)
    );
  const execution = (await rowsOf<ExecutionRow>(engine, executionSql(f, 'county'))).sort(
    (a, b) => rank(COUNTIES, a.key) - rank(COUNTIES, b.key)
  );
  const byStage = <T extends { key: string }>(rows: T[]) =>
    rows.sort((a, b) => rank(STAGES, a.key) - rank(STAGES, b.key));
  const coverage = byStage(await rowsOf<CoverageRow>(engine, coverageSql(f, 'stage')));
  const priority = await rowsOf<CoverageRow>(engine, priorityCoverageSql(f, 'total'));
  const share = byStage(await rowsOf<FundedShareRow>(engine, fundedShareSql(f, 'stage')));
  const setaside = byStage(await rowsOf<SetasideRow>(engine, setasideSql(f, 'stage')));

  const hasFindings = await tableExists(engine, 'findings');
  let findings: FindingStatusRow[] = [];
  if (hasFindings) {
    const hasMarks = await tableExists(engine, MARKS_TABLE);
    // UNREVIEWED is a constant, bound like any value so this file writes no quoted literal.
    const unreviewed = param(UNREVIEWED, 'VARCHAR');
    const rows = await rowsOf(
      engine,
      sql`
      SELECT f.rule_code AS code, ${hasMarks ? sql`coalesce(m.status, ${unreviewed})` : unreviewed} AS status,
        count(*)::INTEGER AS n, coalesce(sum(f.amount), 0)::DOUBLE AS amount
      FROM findings f ${hasMarks ? `LEFT JOIN ${MARKS_TABLE} m ON m.finding_key = f.finding_key` : ''}
      WHERE coalesce(f.year, ${termYearSql('f.term')}) = ${param(Number(params.year))}
      GROUP BY ALL`
    );
    const by = new Map<string, FindingStatusRow>();
    for (const r of rows) {
      const code = str(r.code);
      const x = by.get(code) ?? { code, count: 0, amount: 0, status: {} };
      x.count += num(r.n);
      x.amount = Math.round((x.amount + num(r.amount)) * 100) / 100;
      x.status[str(r.status)] = (x.status[str(r.status)] ?? 0) + num(r.n);
      by.set(code, x);
    }
    findings = [...by.values()].sort((a, b) => a.code.localeCompare(b.code));
  }
  return {
    year: params.year,
    date: params.date ?? todayIso(),
    funded,
    execution,
    coverage,
    priority,
    share,
    setaside,
    hasFindings,
    findings,
    plan: params.year === WORK_PLAN_YEAR ? WORK_PLAN_2025 : null,
    schedule: (await runnerFindings(engine))
      ? await schedule.query(engine, {
          year: params.year,
          date: params.date ?? todayIso(),
          plans: params.plans,
          printed: params.printed
        })
      : null,
    // The assessment reads the rule runner's findings (severity, finding_key); a hand-made table lacks them.
    assessment: (await runnerFindings(engine))
      ? await assessment.query(engine, { ...params, schemes: params.schemes, advanced: params.advanced })
      : null
  };
}

async function runnerFindings(engine: Engine): Promise<boolean> {
  const rows = await engine.query(
    `SELECT count(*)::INTEGER AS n FROM information_schema.columns WHERE table_name = 'findings' AND column_name IN ('severity', 'finding_key')`
  );
  return num(rows[0]?.n) === 2;
}

const sumOf = <T>(rows: T[], f: (r: T) => number) =>
  Math.round(rows.reduce((s, r) => s + f(r), 0) * 100) / 100;

export function build(d: AnnualData): DocDefinition {
  const title = `${d.year}年度学生资助工作总结`;
  const allocated = sumOf(d.execution, (r) => num(r.allocated));
  const disbursed = sumOf(d.execution, (r) => num(r.disbursed));
  const paidAmount = sumOf(d.funded, (r) => r.amount);
  const needy = sumOf(d.coverage, (r) => num(r.needy));
  const covered = sumOf(d.coverage, (r) => num(r.covered));
  const prio = d.priority[0];
  const totalFindings = sumOf(d.findings, (r) => r.count);
  const rectified = sumOf(d.findings, (r) => r.status['已整改'] ?? 0);
  /** The shortfall said next to a rate: "，差 3 人次". */
  const gap = (n: number) => (n > 0 ? `，差 ${int(n)} 人次` : '');
  const content: Content[] = [
    ...heading(title, [], d.date),
    section('一、主要数据'),
    {
      ul: [
        `全年发放学生资助资金 ${moneyTwoDecimals(paidAmount)} 元；下达资金 ${moneyTwoDecimals(allocated)} 元，资金执行率 ${percent(disbursed, allocated)}。`,
        `家庭经济困难学生资助覆盖率 ${percent(covered, needy)}（已认定 ${int(needy)} 人次，已资助 ${int(covered)} 人次${gap(needy - covered)}，按学期计）。`,
        prio
          ? `重点保障对象资助覆盖率 ${percent(num(prio.covered), num(prio.needy))}（应资助 ${int(num(prio.needy))} 人次，已资助 ${int(num(prio.covered))} 人次${gap(num(prio.needy) - num(prio.covered))}）。`
          : '无重点保障对象数据。',
        d.hasFindings
          ? `全年核查发现疑点 ${int(totalFindings)} 条，涉及金额 ${moneyTwoDecimals(sumOf(d.findings, (r) => r.amount))} 元，已整改 ${int(rectified)} 条。`
          : '本年度尚未运行核查规则。'
      ],
      style: 'para'
    },
    section('二、分学段、分项目资助情况'),
    gridTable({
      headers: ['学段', '资助项目', '春季学期人数', '秋季学期人数', '全年受助人数', '发放金额（元）'],
      widths: [46, '*', 56, 56, 56, 84],
      align: ['center', 'left', 'right', 'right', 'right', 'right'],
      rows: d.funded.map((r) => [
        r.stage,
        r.program,
        r.spring,
        r.autumn,
        r.students,
        moneyTwoDecimals(r.amount)
      ]),
      footerRows: [
        [
          ...spanCell('合计', 5, 'center'),
          { text: moneyTwoDecimals(paidAmount), bold: true, alignment: 'right' }
        ]
      ]
    }),
    { text: '注：人数按身份证件号去重；同一学生享受多个项目的，在各项目中分别计算。', style: 'note' },
    section('三、资金下达与执行（分单位）'),
    gridTable({
      headers: ['单位', '下达资金（元）', '发放资金（元）', '执行率', '受助人数'],
      widths: ['*', 100, 100, 60, 60],
      align: ['left', 'right', 'right', 'right', 'right'],
      rows: d.execution.map((r) => [
        r.label,
        moneyTwoDecimals(num(r.allocated)),
        moneyTwoDecimals(num(r.disbursed)),
        percent(num(r.disbursed), num(r.allocated)),
        num(r.students)
      ]),
      footerRows: [
        [
          { text: '合计', bold: true, alignment: 'center' },
          { text: moneyTwoDecimals(allocated), bold: true, alignment: 'right' },
          { text: moneyTwoDecimals(disbursed), bold: true, alignment: 'right' },
          { text: percent(disbursed, allocated), bold: true, alignment: 'right' },
          { text: '' }
        ]
      ]
    }),
    section('四、资助覆盖情况（分学段）'),
    gridTable({
      headers: [
        '学段',
        '已认定困难学生（人次）',
        '已资助（人次）',
        '覆盖率',
        '受助人次',
        '在校生（人次）',
        '资助面'
      ],
      widths: [50, '*', 62, 50, 56, 64, 50],
      align: ['center', 'right', 'right', 'right', 'right', 'right', 'right'],
      rows: stageRows(d)
    }),
    { text: '注：按学期计，一名学生在春、秋两学期各计一次；资助面 = 受助人次 ÷ 在校生人次。', style: 'note' },
    section('五、事业收入计提（分学段）'),
    gridTable({
      headers: [
        '学段',
        '学校数',
        '事业收入（元）',
        '应计提（元）',
        '实际计提（元）',
        '计提支出（元）',
        '使用率',
        '计提不足'
      ],
      widths: [44, 34, '*', 66, 66, 66, 40, 36],
      align: ['center', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
      rows: d.setaside.map((r) => [
        r.label,
        num(r.schools),
        moneyTwoDecimals(num(r.income)),
        moneyTwoDecimals(num(r.required)),
        moneyTwoDecimals(num(r.set_aside)),
        moneyTwoDecimals(num(r.spent)),
        percent(num(r.spent), num(r.set_aside)),
        num(r.short)
      ]),
      fontSize: 8.5
    }),
    section('六、核查发现与整改情况')
  ];
  const statuses = [UNREVIEWED, ...REVIEW_STATUSES];
  if (d.hasFindings)
    content.push(
      gridTable({
        headers: ['规则', '严重程度', '疑点条数', '涉及金额（元）', ...statuses],
        widths: ['*', 40, 44, 76, 40, 40, 34, 40],
        align: ['left', 'center', 'right', 'right', 'right', 'right', 'right', 'right'],
        rows: d.findings.map((r) => [
          `${r.code} ${ruleName(r.code)}`,
          ruleSeverity(r.code),
          r.count,
          moneyTwoDecimals(r.amount),
          ...statuses.map((s) => r.status[s] ?? 0)
        ]),
        fontSize: 8.5
      })
    );
  else content.push({ text: '本年度尚未运行核查规则。', style: 'para' });
  // The schedule is long and self-contained: it starts on its own page.
  content.push({ ...section(`七、${d.year}年工作安排及完成情况`), pageBreak: 'before' });
  if (d.schedule) {
    const s = d.schedule;
    content.push(
      gridTable({
        headers: ['时间', '工作内容', '完成情况'],
        widths: [54, '*', 150],
        align: ['center', 'left', 'left'],
        rows: s.plan.tasks.map((t, i) => {
          const r = s.rows[i];
          const first = i === 0 || s.plan.tasks[i - 1].from !== t.from || s.plan.tasks[i - 1].to !== t.to;
          return [
            first ? schedule.monthLabel(t.from, t.to) : '',
            t.text,
            r.figure ? `${r.status}：${r.figure}` : r.status
          ];
        }),
        fontSize: 8
      }),
      {
        text: `注：完成情况为 ${zhDate(s.date)} 的状态：有数据依据的任务按数据判断，其余为经办人在工作台的手工确认。`,
        style: 'note'
      }
    );
  } else if (d.plan) {
    const rows: (string | number)[][] = [];
    for (const m of d.plan)
      m.items.forEach((it, i) => rows.push([i === 0 ? m.period : '', `${i + 1}、${it}`, '']));
    content.push(
      gridTable({
        headers: ['时间', '工作内容', '完成情况'],
        widths: [70, '*', 80],
        align: ['center', 'left', 'left'],
        rows
      }),
      {
        text: `注：工作安排摘自《${ISSUING_UNIT} ${d.year} 年学生资助工作计划》，完成情况由经办人填写。`,
        style: 'note'
      }
    );
  } else content.push({ text: `无 ${d.year} 年工作计划数据。`, style: 'para' });
  if (d.assessment) content.push(...assessment.annualSection(d.assessment, '八、目标管理考核'));
  content.push({
    text: `${ISSUING_UNIT}\n${zhDate(d.date)}`,
    alignment: 'right',
    margin: [0, 24, 0, 0]
  });
  return document(title, content);
}

function stageRows(d: AnnualData): (string | number)[][] {
  const keys = [...new Set([...d.coverage.map((r) => r.key), ...d.share.map((r) => r.key)])].sort(
    (a, b) => rank(STAGES, a) - rank(STAGES, b)
  );
  return keys.map((k) => {
    const c = d.coverage.find((r) => r.key === k);
    const s = d.share.find((r) => r.key === k);
    return [
      k,
      num(c?.needy),
      num(c?.covered),
      percent(num(c?.covered), num(c?.needy)),
      num(s?.funded),
      num(s?.enrolled),
      percent(num(s?.funded), num(s?.enrolled))
    ];
  });
}

export function fileName(d: AnnualData): string {
  return `${d.year}年度-${TITLE}.pdf`;
}
