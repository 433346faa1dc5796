/**
 * Review marks (核查标记): an inspector's verdict on a finding. Pure logic, shared by the browser
 * store (./store.svelte.ts) and the tests.
 *
 * Marks are keyed by findingKey(f) (src/lib/rules/catalog.ts): the rule code plus the key fields of
 * checks.md, never a row id or src_row. Re-importing the same data, or the same data in another
 * file order, gives the same keys, so the marks come back. A finding that disappears (fixed data)
 * keeps its mark in storage; it simply matches nothing until the finding returns.
 */
import { param, sql, sqlJoin, type Sql } from '../engine/engine';

export const REVIEW_STATUSES = ['已核实', '误报', '已整改'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];
/** Shown and filtered for findings without a mark. */
export const UNREVIEWED = '未处理';
export type ReviewFilter = ReviewStatus | typeof UNREVIEWED;
export const REVIEW_FILTERS: ReviewFilter[] = [UNREVIEWED, ...REVIEW_STATUSES];

export interface ReviewMark {
  status: ReviewStatus;
  note: string;
  /** ISO timestamp of the last change. */
  at: string;
}

export type ReviewMarks = Record<string, ReviewMark>;

/** The storage document (saveDoc/loadDoc name and shape). Versioned so a later format can migrate. */
export const MARKS_DOC = 'review-marks';
export interface MarksDoc {
  version: 1;
  marks: ReviewMarks;
}

export function isReviewStatus(s: unknown): s is ReviewStatus {
  return typeof s === 'string' && (REVIEW_STATUSES as readonly string[]).includes(s);
}

/**
 * Sets or clears one mark, returning a new object (the input is not changed). Status null clears
 * the mark; the note is kept trimmed.
 */
export function setMark(
  marks: ReviewMarks,
  key: string,
  status: ReviewStatus | null,
  note: string,
  now: Date = new Date()
): ReviewMarks {
  const next = { ...marks };
  if (status === null) delete next[key];
  else next[key] = { status, note: note.trim(), at: now.toISOString() };
  return next;
}

export function toDoc(marks: ReviewMarks): MarksDoc {
  return { version: 1, marks };
}

/** Reads a stored document defensively: unknown statuses and malformed entries are dropped. */
export function fromDoc(doc: unknown): ReviewMarks {
  const out: ReviewMarks = {};
  if (!doc || typeof doc !== 'object') return out;
  const marks = (doc as { marks?: unknown }).marks;
  if (!marks || typeof marks !== 'object') return out;
  for (const [key, m] of Object.entries(marks as Record<string, unknown>)) {
    if (!m || typeof m !== 'object') continue;
    const { status, note, at } = m as Record<string, unknown>;
    if (!isReviewStatus(status)) continue;
    out[key] = { status, note: typeof note === 'string' ? note : '', at: typeof at === 'string' ? at : '' };
  }
  return out;
}

/** The status shown for a finding key. */
export function statusOf(marks: ReviewMarks, key: string): ReviewFilter {
  return marks[key]?.status ?? UNREVIEWED;
}

export const MARKS_TABLE = 'review_marks';

/**
 * Statements that (re)create the review_marks table from the marks, so the findings table can be
 * filtered and sorted by review status in DuckDB. The keys and notes are the user's (a note is
 * typed, a key holds an ID): they go in as parameters, 500 marks per statement.
 */
export function marksTableSql(marks: ReviewMarks): Sql[] {
  const stmts: Sql[] = [
    sql`CREATE OR REPLACE TABLE ${MARKS_TABLE} (finding_key VARCHAR PRIMARY KEY, status VARCHAR, note VARCHAR, marked_at VARCHAR)`
  ];
  const entries = Object.entries(marks);
  for (let i = 0; i < entries.length; i += 500) {
    const values = entries.slice(i, i + 500).map(([k, m]) => markValues(k, m));
    stmts.push(sql`INSERT INTO ${MARKS_TABLE} VALUES ${sqlJoin(values, ', ')}`);
  }
  return stmts;
}

/** Statements that apply one change to the review_marks table (no full rebuild on every click). */
export function markChangeSql(key: string, mark: ReviewMark | undefined): Sql[] {
  const del = sql`DELETE FROM ${MARKS_TABLE} WHERE finding_key = ${param(key)}`;
  if (!mark) return [del];
  return [del, sql`INSERT INTO ${MARKS_TABLE} VALUES ${markValues(key, mark)}`];
}

const markValues = (key: string, m: ReviewMark): Sql =>
  sql`(${param(key)}, ${param(m.status)}, ${param(m.note)}, ${param(m.at)})`;
