/**
 * Results of the dashboard queries a user already saw, kept in local storage under a key of the
 * site build, the data and the policy they were computed from, so a later visit draws them at once
 * while duckdb-wasm starts (the engine then answers the same SQL again and the page keeps the same
 * numbers: same key, same data, same SQL). The embedded demo ships such a document
 * (demo/paint.json, recorded by scripts/record-paint.ts against the same build), so even a first
 * visit draws 总览 before the engine is up. Only small results are kept, and nothing whose
 * result is not fixed by its SQL under the key: the review marks (they change without a new key)
 * and the 核查 page's temp table (src/lib/inspect/view-table.ts: its content is the page's filter).
 */
import type { Row } from '$lib/engine/engine';
import { loadDoc, saveDoc } from '$lib/storage';

const DOC = 'paint';
/** Rows per result and total JSON size kept: enough for every page's default view. */
const MAX_ROWS = 500;
const MAX_CHARS = 4_000_000;

/** Tables whose content changes under the same key: results reading them are never kept. */
const UNKEPT = /\b(review_marks|inspect_view)\b/;

export interface PaintDoc {
  version: 1;
  key: string;
  entries: [string, Row[]][];
}

export class PaintCache {
  key: string | null = null;
  #entries = new Map<string, Row[]>();
  #chars = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;

  /** Opens the cache for `key`: what was stored under another key is forgotten. */
  async open(key: string): Promise<void> {
    if (this.key === key) return;
    this.key = key;
    this.#entries = new Map();
    this.#chars = 0;
    try {
      const doc = await loadDoc<PaintDoc>(DOC);
      if (doc?.version === 1 && doc.key === key)
        for (const [sql, rows] of doc.entries) this.#set(sql, rows, JSON.stringify(rows).length);
    } catch {
      // A damaged document only costs the fast paint.
    }
  }

  /**
   * Adds the entries of a shipped document (the demo's) made under the open key; what this
   * profile already keeps stays (same key: the same rows either way).
   */
  seed(doc: PaintDoc | null): boolean {
    if (!doc || doc.version !== 1 || doc.key !== this.key) return false;
    for (const [sql, rows] of doc.entries)
      if (!UNKEPT.test(sql) && !this.#entries.has(sql)) this.#set(sql, rows, JSON.stringify(rows).length);
    return true;
  }

  /** The document as stored: what scripts/record-paint.ts writes to demo/paint.json. */
  doc(): PaintDoc | null {
    return this.key === null ? null : { version: 1, key: this.key, entries: [...this.#entries] };
  }

  get size(): number {
    return this.#entries.size;
  }

  peek(sql: string): Row[] | undefined {
    const rows = this.#entries.get(sql);
    return rows && structuredClone(rows);
  }

  /** Keeps a result computed by the engine for the current key. */
  put(sql: string, rows: Row[]): void {
    if (this.key === null || rows.length > MAX_ROWS || UNKEPT.test(sql)) return;
    const chars = JSON.stringify(rows).length;
    if (chars > MAX_CHARS / 4) return;
    this.#entries.delete(sql);
    this.#set(sql, rows, chars);
    // Oldest out first when over the size budget.
    for (const [k, v] of this.#entries) {
      if (this.#chars <= MAX_CHARS) break;
      this.#entries.delete(k);
      this.#chars -= JSON.stringify(v).length;
    }
    if (this.#timer === null) this.#timer = setTimeout(() => void this.#save(), 1000);
  }

  #set(sql: string, rows: Row[], chars: number) {
    this.#entries.set(sql, rows);
    this.#chars += chars;
  }

  async #save(): Promise<void> {
    this.#timer = null;
    if (this.key === null) return;
    await saveDoc(DOC, this.doc()).catch(() => undefined);
  }
}
