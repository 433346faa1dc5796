/**
 * 工作安排: the year's work plan with each task's live status at a date (src/lib/plan: the same
 * status SQL as the 工作台 page), the figure behind it, and a count per status.
 */
import type { Engine } from '../engine/engine';
import { planForYear } from '../plan/plans';
import { planStatuses } from '../plan/status';
import { TASK_STATUSES, type Plan, type PrintedReport, type TaskStatusRow } from '../plan/types';
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

export const TITLE = '工作安排';

export interface ScheduleParams {
  year: number;
  /** Status date YYYY-MM-DD (also the print date). */
  date?: string;
  plans?: Plan[];
  printed?: PrintedReport[];
}

export interface ScheduleData {
  year: number;
  date: string;
  plan: Plan;
  rows: TaskStatusRow[];
}

export async function query(engine: Engine, p: ScheduleParams): Promise<ScheduleData> {
  if (!(await tableExists(engine, 'policy_terms')))
    throw new Error('缺少政策参数表（policy_terms），请先加载数据与政策设置');
  const date = p.date ?? todayIso();
  const plan = planForYear(p.plans ?? [], p.year);
  return { year: p.year, date, plan, rows: await planStatuses(engine, plan, date, p.printed ?? []) };
}

export function monthLabel(from: number, to: number): string {
  return from === to ? `${from} 月` : `${from}–${to} 月`;
}

export function build(d: ScheduleData): DocDefinition {
  const title = `${d.year}年学生资助工作安排及完成情况`;
  const counts = TASK_STATUSES.map((s) => `${s} ${d.rows.filter((r) => r.status === s).length} 项`).join(
    '，'
  );
  const content: Content[] = [
    ...heading(title, [`状态日期：${zhDate(d.date)}　共 ${d.rows.length} 项：${counts}`], d.date),
    section('工作安排'),
    gridTable({
      headers: ['时间', '工作内容', '责任层级', '截止日期', '状态', '依据'],
      widths: [44, '*', 40, 58, 36, 150],
      align: ['center', 'left', 'center', 'center', 'center', 'left'],
      rows: d.plan.tasks.map((t, i) => {
        const r = d.rows[i];
        return [
          monthLabel(t.from, t.to),
          t.text,
          t.owner,
          r.end,
          r.status,
          r.figure || (r.manual ? '需手工确认' : '')
        ];
      }),
      fontSize: 8
    }),
    {
      text: '注：有数据依据的任务按数据自动判断（达到目标为已完成；未达到时，窗口前为未开始、窗口内为进行中、截止后为逾期）；会议、培训等无数据依据的任务由经办人手工确认完成日期。',
      style: 'note'
    },
    { text: `${ISSUING_UNIT}\n${zhDate(d.date)}`, alignment: 'right', margin: [0, 24, 0, 0] }
  ];
  return document(title, content, 'landscape');
}

export function fileName(d: ScheduleData): string {
  return `${d.year}年-${TITLE}-${d.date}.pdf`;
}
