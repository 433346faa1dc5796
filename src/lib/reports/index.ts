/**
 * The report catalog: what the /reports page offers and the CLI accepts. Each report module exports
 * `query(engine, params)` → data and `build(data)` → pdfmake document definition; `makeReport` runs both.
 */
import type { Engine } from '../engine/engine';
import type { DocDefinition } from './doc';
import * as approval from './approval';
import * as notice from './notice';
import * as inspection from './inspection';
import * as annual from './annual';
import * as assessment from './assessment';
import * as schedule from './work-schedule';
import type { Scheme } from '../assess/scheme';
import type { Plan, PrintedReport } from '../plan/types';

/** The parameters a report takes (the form's fields, the CLI's flags). */
export type ReportField =
  'term' | 'school' | 'program' | 'county' | 'year' | 'noticeStart' | 'noticeEnd' | 'contact' | 'phone';

export interface ReportParams {
  term?: string;
  school?: string;
  program?: string;
  county?: string;
  year?: number;
  noticeStart?: string;
  noticeEnd?: string;
  contact?: string;
  phone?: string;
  /** Print date YYYY-MM-DD (tests fix it; today otherwise); 工作安排: also the status date. */
  date?: string;
  /** Saved assessment schemes, work plans, printed reports and confirmed 先进单位 (defaults when absent). */
  schemes?: Scheme[];
  plans?: Plan[];
  printed?: PrintedReport[];
  advanced?: string[];
}

export interface ReportDef {
  key: ReportKey;
  description: string;
  required: ReportField[];
  optional: ReportField[];
}

export const REPORT_KEYS = [
  '审定发放表',
  '公示名单',
  '核查报告',
  '年度工作总结',
  '考核结果通报',
  '工作安排'
] as const;
export type ReportKey = (typeof REPORT_KEYS)[number];

export const REPORTS: ReportDef[] = [
  {
    key: '审定发放表',
    description: '一所学校一个资助项目一个学期的发放名单，含合计与经办人、审核人、校长签字栏',
    required: ['term', 'school', 'program'],
    optional: []
  },
  {
    key: '公示名单',
    description: '受助学生公示名单（不含身份证件号与困难等级），含公示期与异议联系方式',
    required: ['term', 'school', 'program'],
    optional: ['noticeStart', 'noticeEnd', 'contact', 'phone']
  },
  {
    key: '核查报告',
    description: '各规则疑点数量与金额、各单位疑点分布及主要疑点、整改要求',
    required: [],
    optional: ['year', 'county']
  },
  {
    key: '年度工作总结',
    description: '全年资助人数与金额、资金执行、覆盖率、计提、核查整改及工作安排',
    required: ['year'],
    optional: []
  },
  {
    key: '考核结果通报',
    description: '各县市区目标管理考核排名、各单位分项得分与较上年变化、先进单位',
    required: ['year'],
    optional: []
  },
  {
    key: '工作安排',
    description: '全年工作安排及每项任务在制表日期的完成状态与数据依据',
    required: ['year'],
    optional: []
  }
];

export const FIELD_LABELS: Record<ReportField, string> = {
  term: '学期',
  school: '学校',
  program: '资助项目',
  county: '单位（所属区县）',
  year: '年度',
  noticeStart: '公示开始日期',
  noticeEnd: '公示结束日期',
  contact: '异议联系人',
  phone: '联系电话'
};

export interface MadeReport {
  doc: DocDefinition;
  fileName: string;
  /** Rows in the report's main list (0 = nothing to print: the UI says so). */
  rows: number;
}

/**
 * A report's queried data, before its document is built: plain values only, so the browser can
 * post it to the PDF worker (a document definition holds functions and cannot cross).
 */
export type ReportData = { fileName: string; rows: number } & (
  | { key: '审定发放表'; data: approval.ApprovalData }
  | { key: '公示名单'; data: notice.NoticeData }
  | { key: '核查报告'; data: inspection.InspectionData }
  | { key: '年度工作总结'; data: annual.AnnualData }
  | { key: '考核结果通报'; data: assessment.AssessmentData }
  | { key: '工作安排'; data: schedule.ScheduleData }
);

function need<T>(v: T | undefined, field: ReportField): T {
  if (v === undefined || v === null || v === '') throw new Error(`请选择${FIELD_LABELS[field]}`);
  return v;
}

/** Runs a report's queries and builds its document. */
export async function makeReport(engine: Engine, key: ReportKey, p: ReportParams): Promise<MadeReport> {
  const r = await queryReport(engine, key, p);
  return { doc: buildReport(r), fileName: r.fileName, rows: r.rows };
}

/** A report's document from its data (in the page's PDF worker, or right after the query). */
export function buildReport(r: ReportData): DocDefinition {
  switch (r.key) {
    case '审定发放表':
      return approval.build(r.data);
    case '公示名单':
      return notice.build(r.data);
    case '核查报告':
      return inspection.build(r.data);
    case '年度工作总结':
      return annual.build(r.data);
    case '考核结果通报':
      return assessment.build(r.data);
    case '工作安排':
      return schedule.build(r.data);
  }
}

/** Runs a report's queries: its data, file name and the number of rows in its main list. */
export async function queryReport(engine: Engine, key: ReportKey, p: ReportParams): Promise<ReportData> {
  switch (key) {
    case '审定发放表': {
      const d = await approval.query(engine, {
        term: need(p.term, 'term'),
        schoolId: need(p.school, 'school'),
        program: need(p.program, 'program'),
        date: p.date
      });
      return { key, data: d, fileName: approval.fileName(d), rows: d.rows.length };
    }
    case '公示名单': {
      const d = await notice.query(engine, {
        term: need(p.term, 'term'),
        schoolId: need(p.school, 'school'),
        program: need(p.program, 'program'),
        date: p.date,
        noticeStart: p.noticeStart || undefined,
        noticeEnd: p.noticeEnd || undefined,
        contact: p.contact,
        phone: p.phone
      });
      return { key, data: d, fileName: notice.fileName(d), rows: d.rows.length };
    }
    case '核查报告': {
      const d = await inspection.query(engine, { year: p.year, county: p.county || undefined, date: p.date });
      return { key, data: d, fileName: inspection.fileName(d), rows: d.rules.length };
    }
    case '年度工作总结': {
      const d = await annual.query(engine, {
        year: need(p.year, 'year'),
        date: p.date,
        schemes: p.schemes,
        advanced: p.advanced,
        plans: p.plans,
        printed: p.printed
      });
      return { key, data: d, fileName: annual.fileName(d), rows: d.funded.length };
    }
    case '考核结果通报': {
      const d = await assessment.query(engine, {
        year: need(p.year, 'year'),
        schemes: p.schemes,
        advanced: p.advanced,
        date: p.date
      });
      return { key, data: d, fileName: assessment.fileName(d), rows: d.units.length };
    }
    case '工作安排': {
      const d = await schedule.query(engine, {
        year: need(p.year, 'year'),
        date: p.date,
        plans: p.plans,
        printed: p.printed
      });
      return { key, data: d, fileName: schedule.fileName(d), rows: d.rows.length };
    }
  }
}
