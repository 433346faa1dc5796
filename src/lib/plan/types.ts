/**
 * The year's work plan as data (工作台): tasks with a month span, text, owner level and an optional
 * check that lets the data judge the task. Pure types; the default 2025 plan is in ./default-2025.ts,
 * the status SQL in ./status.ts, the file format in ./file.ts.
 */
export const OWNER_LEVELS = ['市本级', '县市区', '学校'] as const;
export type OwnerLevel = (typeof OWNER_LEVELS)[number];

export const TASK_STATUSES = ['未开始', '进行中', '已完成', '逾期'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/**
 * What the data can say about a task. Each kind is one SQL figure (status.ts):
 * - payments: share of the term's payment rows of the programs (optionally of one unit) paid by the date;
 * - review: the term's findings of a stage reviewed (marked 已核实/误报/已整改 by the date);
 * - census: the term's 学生人数普查 imported (census rows for the term);
 * - priority: the term's R12 misses (重点保障对象未资助) not marked 误报/已整改 by the date, target zero;
 * - rejected: rows rejected by the importer left unresolved (target zero);
 * - report: the named report printed for the year by the date.
 */
export type PlanCheck =
  | { kind: 'payments'; term: string; programs: string[]; county?: string }
  | { kind: 'review'; term: string; stage: string }
  | { kind: 'census'; term: string }
  | { kind: 'priority'; term: string }
  | { kind: 'rejected' }
  | { kind: 'report'; report: string };

export const CHECK_LABELS: Record<PlanCheck['kind'], string> = {
  payments: '发放进度',
  review: '疑点核实',
  census: '人数普查',
  priority: '重点保障名单',
  rejected: '信息录入审核',
  report: '报表打印'
};

export interface PlanTask {
  /** Stable within a plan (ticks are keyed by it). */
  id: string;
  /** First and last month of the task's window, 1–12. */
  from: number;
  to: number;
  text: string;
  owner: OwnerLevel;
  /** Optional deadline YYYY-MM-DD when it differs from the end of month `to` (e.g. 春季发放 06-30). */
  deadline?: string;
  check?: PlanCheck;
}

/** A task ticked by hand (meetings, training…): the date it was done and a note. */
export interface PlanTick {
  date: string;
  note: string;
}

export interface Plan {
  year: number;
  tasks: PlanTask[];
  ticks: Record<string, PlanTick>;
}

/** A report printed from the site (the 年度工作总结 task is judged by it). */
export interface PrintedReport {
  report: string;
  year: number;
  date: string;
}

/** One task's live status at a date, with the figure behind it. */
export interface TaskStatusRow {
  id: string;
  status: TaskStatus;
  /** Numerator / denominator of the figure (null for tasks without a check). */
  num: number | null;
  den: number | null;
  /** The figure in words, Chinese (e.g. “已发放 95.2%（1,203 / 1,264 笔）”). */
  figure: string;
  /** Window start and end, YYYY-MM-DD. */
  start: string;
  end: string;
  manual: boolean;
}
