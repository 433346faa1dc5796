/**
 * Row validation: a recognised file's columns → a plan, then each data row → the canonical values
 * of its table (storedColumns order, without src_file / src_row), or the Chinese reason it is
 * rejected. Also the two kinds of rows that are skipped, not rejected: blank rows and totals rows.
 *
 * Policy (data-contract.md): a row is rejected when a required value is missing or cannot be
 * parsed, and when an optional value the analysis uses (状态变动日期, 入学年月, 是否寄宿, counts,
 * 办学性质 …) cannot be parsed. Optional values that are only descriptive or only cross-checked
 * (性别, 出生日期, and a 银行卡号 / 全国学籍号 whose digits Excel destroyed) become a warning and an
 * empty cell instead, so a payment is never lost over its bank card's formatting.
 */
import {
  TABLE_BY_KEY,
  storedColumns,
  type ColumnDef,
  type TableDef,
  type TableKey
} from '../contract/tables';
import { idBirthDate, idGender } from './idcard';
import { NORMALISERS, gradeStage, normAmount, normCode, termSchoolYear, type Normaliser } from './normalise';
import type { ColumnBinding } from './recognise';
import { cellText, isBlank, removeSpaces, type Cell } from './text';

/** Optional columns whose unreadable value is warned about and left empty (see above). */
const SOFT_KEYS = new Set(['gender', 'birth_date', 'bank_card', 'student_no']);
/** Text columns that are codes: spaces and apostrophes removed, lost digits detected. */
const CODE_KEYS = new Set(['bank_card', 'student_no']);

interface Step {
  out: number;
  src: number;
  col: ColumnDef;
  fn: Normaliser;
  soft: boolean;
  fallback: string;
}

export interface RowPlan {
  table: TableDef;
  /** Number of values validateRow returns (stored columns without src_file / src_row). */
  width: number;
  steps: Step[];
  keyIndex: Record<string, number>;
}

export function buildPlan(table: TableKey, bindings: ColumnBinding[]): RowPlan {
  const t = TABLE_BY_KEY[table];
  const keys = storedColumns(t).map((c) => c.key);
  const width = keys.length - 2;
  const keyIndex: Record<string, number> = {};
  keys.forEach((k, i) => (keyIndex[k] = i));
  const steps: Step[] = t.columns.map((col) => {
    const b = bindings.find((x) => x.column.key === col.key);
    let fn = CODE_KEYS.has(col.key) ? normCode : NORMALISERS[col.type];
    // A money column headed "(万元)" holds ten-thousands of yuan: scale to yuan.
    if (col.type === 'amount' && b && /万元/.test(b.header)) fn = (v) => normAmount(v, 10000);
    const fallback = col.default === undefined ? '' : String(col.default);
    return { out: keyIndex[col.key], src: b ? b.index : -1, col, fn, soft: SOFT_KEYS.has(col.key), fallback };
  });
  return { table: t, width, steps, keyIndex };
}

export type Warn = (message: string) => void;

/** The canonical values of one data row, or the reason (Chinese) it is rejected. */
export function validateRow(cells: Cell[], plan: RowPlan, warn: Warn): string[] | string {
  const out = new Array<string>(plan.width);
  let missing: string[] | null = null;
  let errors: string[] | null = null;
  for (const s of plan.steps) {
    const v = s.src >= 0 ? cells[s.src] : undefined;
    let value = '';
    let failed = false;
    if (!isBlank(v)) {
      const r = s.fn(v);
      if (typeof r === 'string') value = r;
      else if (s.soft) warn(`${s.col.header}${r.reason}，已留空`);
      else {
        (errors ??= []).push(s.col.header + r.reason);
        failed = true;
      }
    }
    // Empty after normalisation (e.g. an ID that was only an apostrophe) counts as missing.
    if (value === '') {
      if (s.col.required && !failed) (missing ??= []).push(s.col.header);
      value = s.fallback;
    }
    out[s.out] = value;
  }
  const k = plan.keyIndex;
  const table = plan.table.key;
  if (table === 'roster' && !missing && !errors) {
    const status = out[k.status];
    if (status !== '在读' && out[k.status_date] === '') {
      (missing ??= []).push(`状态变动日期（学籍状态为“${status}”时必填）`);
    }
  }
  if (missing || errors) {
    const parts: string[] = [];
    if (missing) parts.push(`缺少必填项：${missing.join('、')}`);
    if (errors) parts.push(...errors);
    return parts.join('；');
  }
  // Derived columns (tables.ts `derived`).
  if (table === 'payments') out[k.school_year] = termSchoolYear(out[k.term]);
  else if (table === 'allocations') out[k.year] = out[k.alloc_date].slice(0, 4);
  else if (table === 'roster') {
    out[k.grade_stage] = gradeStage(out[k.grade]);
    checkAgainstId(out, k, warn);
  }
  return out;
}

/** 性别 / 出生日期, when given, must agree with the ID; disagreement is reported, not rejected. */
function checkAgainstId(out: string[], k: Record<string, number>, warn: Warn): void {
  const id = out[k.id];
  const gender = out[k.gender];
  const birth = out[k.birth_date];
  if (gender) {
    const g = idGender(id);
    if (g && g !== gender) warn(`性别“${gender}”与身份证件号不符（证件号显示为${g}）`);
  }
  if (birth) {
    const b = idBirthDate(id);
    if (b && b !== birth) warn(`出生日期“${birth}”与身份证件号不符（证件号显示为 ${b}）`);
  }
}

const TOTALS_RE = /^(本页|本表|全部|总)?(合计|总计|小计)/;

function isTotalsCell(v: Cell): boolean {
  return typeof v === 'string' && v.indexOf('计') !== -1 && TOTALS_RE.test(removeSpaces(v));
}

/** A totals line: its first non-empty cell, or any of its first 3 cells, says 合计/总计/小计. */
export function isTotalsRow(cells: Cell[]): boolean {
  for (let i = 0; i < cells.length && i < 3; i++) if (isTotalsCell(cells[i])) return true;
  for (const c of cells) if (!isBlank(c)) return isTotalsCell(c);
  return false;
}

export function isBlankRow(cells: Cell[]): boolean {
  for (const c of cells) if (!isBlank(c)) return false;
  return true;
}

/** A header line repeated further down (exports that repeat the header on every page). */
export function isRepeatedHeader(cells: Cell[], bindings: ColumnBinding[]): boolean {
  for (const b of bindings) if (cellText(cells[b.index]) !== b.header) return false;
  return bindings.length > 0;
}
