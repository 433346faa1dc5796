/**
 * Live task statuses at a date, computed in SQL from the loaded data: payments (v_payment_ctx),
 * findings and review marks (the rule runner's `findings`, `review_marks`), census, metric_needy,
 * rows the importer rejected (`import_rejected`) and reports printed. One definition for the site,
 * the CLI (工作安排 report) and the tests. The rules of the status (docs/plan.md):
 *   已完成 when the figure meets its target at the date (or the task was ticked by hand on or before it);
 *   else 未开始 before the window, 进行中 inside it, 逾期 after its last day.
 * Evidence without a date of its own (census rows, rejected rows, R12 misses) only counts from the
 * window's start: the data cannot tell that it was done earlier.
 */
import { param, runSql, sql, sqlJoin, type Engine, type Sql } from '../engine/engine';
import { MARKS_TABLE } from '../findings/review-marks';
import { isIsoDate, taskEnd, taskStart } from './plans';
import type { Plan, PlanCheck, PrintedReport, TaskStatus, TaskStatusRow } from './types';

/** Rows the importer rejected, so the plan and the assessment can count them in SQL. */
export const REJECTED_TABLE = 'import_rejected';

export interface RejectedLike {
  file: string;
  row: number;
  raw: string;
}

/**
 * (Re)creates import_rejected from the import's rejected rows (raw cells kept to find their
 * school). The cells are the user's data: parameters, 500 rows per statement.
 */
export function rejectedTableSql(rows: RejectedLike[]): Sql[] {
  const out: Sql[] = [
    sql`CREATE OR REPLACE TABLE ${REJECTED_TABLE} (src_file VARCHAR, src_row INTEGER, raw VARCHAR)`
  ];
  for (let i = 0; i < rows.length; i += 500) {
    const values = rows
      .slice(i, i + 500)
      .map((r) => sql`(${param(r.file)}, ${Math.floor(Number(r.row) || 0)}, ${param(r.raw ?? '')})`);
    out.push(sql`INSERT INTO ${REJECTED_TABLE} VALUES ${sqlJoin(values, ', ')}`);
  }
  return out;
}

/** Creates the side tables the status SQL reads when this session has none (no review, no import). */
export async function ensurePlanTables(engine: Engine): Promise<void> {
  // Any catalog counts: the demo's prepared file is attached behind memory, and a table created
  // here under the same name would shadow the prepared one.
  const have = new Set(
    (
      await engine.query<{ t: string }>(
        `SELECT DISTINCT table_name AS t FROM information_schema.tables WHERE table_name IN (?, ?, 'findings')`,
        [MARKS_TABLE, REJECTED_TABLE]
      )
    ).map((r) => r.t)
  );
  if (!have.has(MARKS_TABLE))
    await engine.exec(
      `CREATE TABLE ${MARKS_TABLE} (finding_key VARCHAR PRIMARY KEY, status VARCHAR, note VARCHAR, marked_at VARCHAR)`
    );
  if (!have.has(REJECTED_TABLE))
    await engine.exec(`CREATE TABLE ${REJECTED_TABLE} (src_file VARCHAR, src_row INTEGER, raw VARCHAR)`);
  // The rule runner replaces this; an empty one lets the plan open before any rule ran.
  if (!have.has('findings'))
    await engine.exec(`CREATE TABLE findings (rule_code VARCHAR, term VARCHAR, year INTEGER,
    school_id VARCHAR, county VARCHAR, program VARCHAR, amount DOUBLE, finding_key VARCHAR, severity VARCHAR)`);
}

/** A date of the plan (the user's: a parameter). */
const D = (s: string): Sql => sql`${param(s)}::DATE`;
/** A review mark's date (marked_at is an ISO timestamp). */
const MARK_DATE = `TRY_CAST(substr(m.marked_at, 1, 10) AS DATE)`;

/**
 * One check → `SELECT num, den, done` at date d (window start s, last day e). Terms, units,
 * programs and dates come from the plan the user edits: all parameters.
 */
function checkSql(
  c: PlanCheck,
  year: number,
  d: string,
  s: string,
  e: string,
  printed: PrintedReport[]
): Sql {
  switch (c.kind) {
    case 'payments': {
      // Paid by the date, but never counting a payment made after the deadline.
      const by = () => sql`least(${D(d)}, ${D(e)})`;
      const programs = c.programs.length
        ? sqlJoin(
            c.programs.map((x) => param(x)),
            ', '
          )
        : 'NULL';
      const county = c.county ? sql`p.county = ${param(c.county)}` : 'TRUE';
      return sql`SELECT count(*) FILTER (WHERE p.pay_date <= ${by()})::INTEGER AS num, count(*)::INTEGER AS den,
        (count(*) > 0 AND count(*) FILTER (WHERE p.pay_date <= ${by()}) = count(*)) AS done
        FROM v_payment_ctx p WHERE p.term = ${param(c.term)} AND p.program IN (${programs}) AND ${county}`;
    }
    case 'review':
      return sql`SELECT count(*) FILTER (WHERE m.status IS NOT NULL AND ${MARK_DATE} <= ${D(d)})::INTEGER AS num,
        count(*)::INTEGER AS den,
        (${D(d)} >= ${D(s)} AND count(*) FILTER (WHERE m.status IS NOT NULL AND ${MARK_DATE} <= ${D(d)}) = count(*)) AS done
        FROM findings f LEFT JOIN ${MARKS_TABLE} m ON m.finding_key = f.finding_key
        WHERE f.term = ${param(c.term)} AND (f.school_id IN (SELECT school_id FROM schools WHERE stage = ${param(c.stage)})
          OR f.program IN (SELECT program FROM policy_programs WHERE stage = ${param(c.stage)}))`;
    case 'census':
      return sql`SELECT count(DISTINCT school_id)::INTEGER AS num, NULL::INTEGER AS den,
        (count(*) > 0 AND ${D(d)} >= ${D(s)}) AS done FROM census WHERE term = ${param(c.term)}`;
    case 'priority':
      // Misses still open at the date (a 误报 or 已整改 mark made by then closes one); den = priority students.
      return sql`SELECT num, den, (num = 0 AND den > 0 AND ${D(d)} >= ${D(s)}) AS done FROM (
        SELECT (SELECT count(*) FROM findings f LEFT JOIN ${MARKS_TABLE} m ON m.finding_key = f.finding_key
          WHERE f.rule_code = 'R12' AND f.term = ${param(c.term)}
            AND NOT (coalesce(m.status IN ('误报', '已整改'), FALSE) AND ${MARK_DATE} <= ${D(d)}))::INTEGER AS num,
        (SELECT count(*) FROM metric_needy WHERE priority AND term = ${param(c.term)})::INTEGER AS den)`;
    case 'rejected':
      return sql`SELECT count(*)::INTEGER AS num, NULL::INTEGER AS den, (count(*) = 0 AND ${D(d)} >= ${D(s)}) AS done
        FROM ${REJECTED_TABLE}`;
    case 'report': {
      const n = printed.filter((r) => r.report === c.report && r.year === year && r.date <= d).length;
      return sql`SELECT ${n}::INTEGER AS num, NULL::INTEGER AS den, ${String(n > 0)} AS done`;
    }
  }
}

const pct = (num: number, den: number) => `${((num / den) * 100).toFixed(1)}%`;
const n = (v: number) => v.toLocaleString('en-US');

/** The figure in words (Chinese), from the check and its numbers. */
export function figureText(c: PlanCheck | undefined, num: number | null, den: number | null): string {
  if (!c || num === null) return '';
  switch (c.kind) {
    case 'payments':
      return den ? `按期发放 ${pct(num, den)}（${n(num)} / ${n(den)} 笔）` : '数据中无该学期该项目的发放记录';
    case 'review':
      return den ? `已核实处理 ${pct(num, den)}（${n(num)} / ${n(den)} 条疑点）` : '该学期无相关疑点';
    case 'census':
      return num ? `已导入普查 ${n(num)} 所学校` : '未导入该学期的学生人数普查';
    case 'priority':
      return den ? `重点保障对象未资助 ${n(num)} 人（共 ${n(den)} 人，目标 0）` : '无该学期重点保障对象数据';
    case 'rejected':
      return num ? `导入被拒行 ${n(num)} 行待处理` : '导入数据无被拒行';
    case 'report':
      return num ? `已打印 ${num} 次` : '尚未打印';
  }
}

/** Where the figure can be seen (path without base; the page adds its base). */
export function checkHref(c: PlanCheck | undefined, year: number): string | null {
  if (!c) return null;
  switch (c.kind) {
    case 'payments':
      return `/funds?term=${encodeURIComponent(c.term)}${c.county ? `&county=${encodeURIComponent(c.county)}` : ''}`;
    case 'review':
      return `/inspect?term=${encodeURIComponent(c.term)}`;
    case 'census':
      return `/inspect?rule=S01`;
    case 'priority':
      return `/coverage?term=${encodeURIComponent(c.term)}`;
    case 'rejected':
      return `/import`;
    case 'report':
      return `/reports?report=${encodeURIComponent(c.report)}&year=${year}`;
  }
}

/**
 * One SQL statement giving every task's status at `date`: (task_id, num, den, done, status,
 * start_d, end_d, manual). Needs the data, policy tables and views, findings and the side tables
 * (ensurePlanTables).
 */
export function planStatusSql(plan: Plan, date: string, printed: PrintedReport[] = []): Sql {
  if (!isIsoDate(date)) throw new Error(`日期格式不正确：${date}（应为 YYYY-MM-DD）`);
  if (!plan.tasks.length)
    return sql`SELECT NULL::VARCHAR AS task_id, NULL::INTEGER AS num, NULL::INTEGER AS den, NULL::BOOLEAN AS done,
      NULL::VARCHAR AS status, NULL::VARCHAR AS start_d, NULL::VARCHAR AS end_d, NULL::BOOLEAN AS manual WHERE FALSE`;
  const rows = plan.tasks.map((t) => {
    const s = taskStart(plan.year, t);
    const e = taskEnd(plan.year, t);
    const tick = plan.ticks?.[t.id];
    const ticked = !!tick && isIsoDate(tick.date) && tick.date <= date;
    const fig = t.check
      ? sql`(SELECT num, den, done FROM (${checkSql(t.check, plan.year, date, s, e, printed)}))`
      : `(SELECT NULL::INTEGER AS num, NULL::INTEGER AS den, FALSE AS done)`;
    return sql`SELECT ${param(t.id, 'VARCHAR')} AS task_id, ${param(s, 'VARCHAR')} AS start_d,
      ${param(e, 'VARCHAR')} AS end_d, ${String(ticked)} AS ticked, ${String(!t.check)} AS manual,
      f.num, f.den, f.done FROM ${fig} f`;
  });
  return sql`WITH t AS (${sqlJoin(rows, '\nUNION ALL\n')})
  SELECT task_id, num, den, (done OR ticked) AS done, manual,
    CASE WHEN done OR ticked THEN '已完成'
      WHEN ${D(date)} < start_d::DATE THEN '未开始'
      WHEN ${D(date)} <= end_d::DATE THEN '进行中'
      ELSE '逾期' END AS status, start_d, end_d
  FROM t`;
}

/** Runs planStatusSql and returns rows in the plan's task order, with the figure in words. */
export async function planStatuses(
  engine: Engine,
  plan: Plan,
  date: string,
  printed: PrintedReport[] = []
): Promise<TaskStatusRow[]> {
  await ensurePlanTables(engine);
  const rows = await runSql(engine, planStatusSql(plan, date, printed));
  const by = new Map(rows.map((r) => [String(r.task_id), r]));
  return plan.tasks.map((t) => {
    const r = by.get(t.id);
    const num = r?.num === null || r?.num === undefined ? null : Number(r.num);
    const den = r?.den === null || r?.den === undefined ? null : Number(r.den);
    const tick = plan.ticks?.[t.id];
    const tickedNow = !!tick && tick.date <= date;
    let figure = figureText(t.check, num, den);
    if (tickedNow)
      figure = `手工确认 ${tick.date}${tick.note ? `：${tick.note}` : ''}${figure ? `；${figure}` : ''}`;
    return {
      id: t.id,
      status: String(r?.status ?? '未开始') as TaskStatus,
      num,
      den,
      figure,
      start: taskStart(plan.year, t),
      end: taskEnd(plan.year, t),
      manual: !t.check
    };
  });
}

/** Order of a month view: overdue first, then in progress, not started, done. */
export const STATUS_ORDER: Record<TaskStatus, number> = { 逾期: 0, 进行中: 1, 未开始: 2, 已完成: 3 };

/** Tasks whose window touches month `month` (1–12). */
export function tasksInMonth<T extends { from: number; to: number }>(tasks: T[], month: number): T[] {
  return tasks.filter((t) => t.from <= month && month <= t.to);
}

/** Not yet done, and due (window end) within `days` days after the date, or already overdue. */
export function dueSoon(rows: TaskStatusRow[], date: string, days = 30): TaskStatusRow[] {
  const limit = new Date(Date.parse(date + 'T00:00:00Z') + days * 86400000).toISOString().slice(0, 10);
  return rows
    .filter((r) => r.status !== '已完成' && r.end >= date && r.end <= limit)
    .sort((a, b) => a.end.localeCompare(b.end));
}

/** The 总览 line: tasks of the date's month and overdue ones. */
export function summaryLine(
  plan: Plan,
  rows: TaskStatusRow[],
  date: string
): { month: number; overdue: number; text: string } {
  const mo = Number(date.slice(5, 7));
  const inMonth = Number(date.slice(0, 4)) === plan.year ? tasksInMonth(plan.tasks, mo).length : 0;
  const overdue = rows.filter((r) => r.status === '逾期').length;
  return { month: inMonth, overdue, text: `本月 ${inMonth} 项，逾期 ${overdue} 项` };
}

/**
 * The date statuses are shown at when the user has not chosen one: today within the plan's year;
 * otherwise the last payment date of the year's data (the data's “as of”), else the year's last day.
 */
export async function defaultStatusDate(engine: Engine, year: number, today: string): Promise<string> {
  if (Number(today.slice(0, 4)) === year) return today;
  const rows = await engine.query<{ d: string | null }>(
    `SELECT strftime(max(pay_date), '%Y-%m-%d') AS d FROM payments WHERE year(pay_date) = ${Number(year)}`
  );
  return rows[0]?.d ?? `${year}-12-31`;
}
