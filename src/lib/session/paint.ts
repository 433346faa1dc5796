/**
 * Results of the dashboard queries a user already saw, kept in local storage under a key of the
 * data and the policy they were computed from, so a later visit draws them at once while duckdb-wasm
 * starts (the engine then answers the same SQL again and the page keeps the same numbers: same key,
 * same data, same SQL). Only small results are kept, and nothing that reads the review marks (they
 * change without a new key).
 */
import type { Row } from '$lib/engine/engine';
import { loadDoc, saveDoc } from '$lib/storage';

const DOC = 'paint';
/** Rows per result and total JSON size kept: enough for every page's default view. */
const MAX_ROWS = 500;
const MAX_CHARS = 4_000_000;

interface PaintDoc {
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

  get size(): number {
    return this.#entries.size;
  }

  peek(sql: string): Row[] | undefined {
    const rows = this.#entries.get(sql);
    return rows && structuredClone(rows);
  }

  /** Keeps a result computed by the engine for the current key. */
  put(sql: string, rows: Row[]): void {
    if (this.key === null || rows.length > MAX_ROWS || /\breview_marks\b/.test(sql)) return;
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
    const doc: PaintDoc = { version: 1, key: this.key, entries: [...this.#entries] };
    await saveDoc(DOC, doc).catch(() => undefined);
  }
}
