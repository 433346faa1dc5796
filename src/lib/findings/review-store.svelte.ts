/**
 * The browser's review marks: loaded once from storage (saveDoc/loadDoc), mirrored into the DuckDB
 * table review_marks so the findings table can filter and sort by status, saved on every change.
 */
import { runSql, type Engine } from '$lib/engine/engine';
import { SaveHeldError, loadDoc, saveDoc, unreadableDoc } from '$lib/storage';
import {
  MARKS_DOC,
  fromDoc,
  markChangeSql,
  marksTableSql,
  setMark,
  toDoc,
  type ReviewMarks,
  type ReviewStatus
} from './review-marks';

class ReviewStore {
  /** Replaced as a whole on each change (raw: no deep proxy over thousands of marks). */
  marks = $state.raw<ReviewMarks>({});
  /** Bumps after every mark change, once review_marks in DuckDB is updated: views re-query. */
  version = $state(0);
  /**
   * Set while the stored marks could not be read: the marks in memory stay as they were (not
   * emptied) and mark() refuses, so the inspector's earlier marks are never saved over.
   */
  error = $state<string | null>(null);
  #loading: Promise<void> | null = null;

  load(): Promise<void> {
    this.#loading ??= loadDoc(MARKS_DOC).then(
      (doc) => {
        this.marks = fromDoc(doc);
        this.error = null;
      },
      (e) => {
        this.error = unreadableDoc('核查标记', e);
        this.#loading = null; // the next load (or mark) reads again
      }
    );
    return this.#loading;
  }

  /**
   * (Re)creates review_marks from the stored marks; run after every data load (afterLoad hook).
   * Re-reads storage each time, so 清除全部数据 (which deletes the document) also clears the marks.
   */
  async installTable(engine: Engine): Promise<void> {
    this.#loading = null;
    await this.load();
    for (const s of marksTableSql(this.marks)) await runSql(engine, s);
  }

  /** Marks a finding (status null = back to 未处理), persists, and updates DuckDB. */
  async mark(engine: Engine, key: string, status: ReviewStatus | null, note: string): Promise<void> {
    await this.load();
    if (this.error) throw new SaveHeldError(this.error);
    this.marks = setMark(this.marks, key, status, note);
    await saveDoc(MARKS_DOC, toDoc(this.marks));
    for (const s of markChangeSql(key, this.marks[key])) await runSql(engine, s);
    this.version++;
  }
}

export const reviewStore = new ReviewStore();
