/**
 * The payment list of one school, program and term: the rows behind both the 审定发放表 and the 公示名单.
 * One row per payment (a student paid twice shows twice: the sheet approves payments, and R01 flags it).
 */
import { param, sql, type Engine } from '../engine/engine';
import { GRADE_STAGE } from '../contract/domain';
import { num, rowsOf, schoolInfo, str, type SchoolInfo } from './sql';

export interface PaymentListParams {
  term: string;
  schoolId: string;
  program: string;
  /** Print date, YYYY-MM-DD; today when absent. */
  date?: string;
}

export interface PaymentListRow {
  /** Normalised ID, full: the builders mask it, the data never leaves the machine. */
  id: string;
  name: string;
  grade: string;
  level: string;
  program: string;
  amount: number;
}

export interface PaymentList {
  term: string;
  program: string;
  school: SchoolInfo;
  rows: PaymentListRow[];
}

const GRADE_ORDER = new Map(Object.keys(GRADE_STAGE).map((g, i) => [g, i]));

/**
 * Grade from the roster row at the paying school (the 在读 row first when the student has several);
 * level from 困难认定 of the term's school year (the row of this school first).
 * Ordered by grade (小班 … 中职三年级), then as the school's payment file listed them.
 */
export async function queryPaymentList(engine: Engine, p: PaymentListParams): Promise<PaymentList> {
  // The school, term and program are chosen on the page or the command line: bound parameters.
  const school = param(p.schoolId);
  const rows = await rowsOf(
    engine,
    sql`
    WITH p AS (
      SELECT * FROM payments WHERE school_id = ${school} AND term = ${param(p.term)} AND program = ${param(p.program)}),
    r AS (
      SELECT id, grade, row_number() OVER (PARTITION BY id
        ORDER BY (status = '在读') DESC, entry_date DESC NULLS LAST, grade) AS rn
      FROM roster WHERE school_id = ${school} AND id IN (SELECT id FROM p)),
    i AS (
      SELECT id, school_year, level, row_number() OVER (PARTITION BY id, school_year
        ORDER BY (school_id = ${school}) DESC NULLS LAST, level) AS rn
      FROM identifications WHERE id IN (SELECT id FROM p))
    SELECT p.id, p.name, r.grade, i.level, p.program, p.amount::DOUBLE AS amount, p.src_file, p.src_row
    FROM p
    LEFT JOIN r ON r.id = p.id AND r.rn = 1
    LEFT JOIN i ON i.id = p.id AND i.school_year = p.school_year AND i.rn = 1
    ORDER BY p.src_file, p.src_row, p.id`
  );
  const list = rows.map((r, i) => ({
    row: {
      id: str(r.id),
      name: str(r.name),
      grade: str(r.grade),
      level: str(r.level),
      program: str(r.program),
      amount: num(r.amount)
    },
    gradeOrder: GRADE_ORDER.get(str(r.grade)) ?? 999,
    order: i
  }));
  list.sort((a, b) => a.gradeOrder - b.gradeOrder || a.order - b.order);
  return {
    term: p.term,
    program: p.program,
    school: await schoolInfo(engine, p.schoolId),
    rows: list.map((x) => x.row)
  };
}

/** Total of the amounts, summed in fen so 312.5 × n never drifts. */
export function totalAmount(rows: { amount: number }[]): number {
  return rows.reduce((s, r) => s + Math.round(r.amount * 100), 0) / 100;
}

export function distinctIds(rows: { id: string }[]): number {
  return new Set(rows.map((r) => r.id)).size;
}
