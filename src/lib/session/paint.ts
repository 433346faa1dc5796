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
import type { CubeTables, FindingTables } from '$lib/metrics/slices';
import { loadDoc, saveDoc } from '$lib/storage';

const DOC = 'paint';
/** The cube tables and findings the filter slices read, kept apart (megabytes, not kilobytes). */
const CUBES_DOC = 'paint-cubes';
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

/**
 * What the dashboards' filter slices read (src/lib/metrics/slices.ts), kept under the same key as
 * the results: a later visit answers every filter change of 总览, 覆盖, 资金 and 计提 from them
 * while the engine is not up yet. For an imported city that is most of the visit's first half
 * minute at scale 1 (the data, the policy step and the 18 rules are computed again).
 */
export interface KeptCubes {
  key: string;
  tables: CubeTables | null;
  findings: FindingTables | null;
}

/** The two parts kept, each as loaded from the engine. */
export type KeptPart = { tables: CubeTables; findings: FindingTables };

/**
 * Parts with more rows are not kept (their JSON would run to hundreds of MB): the findings of a
 * city imported without its roster, where every payment is flagged as not enrolled, for example.
 * The figures reading them wait for the engine then, as on a first visit.
 */
const MAX_KEPT_ROWS = 300_000;

const rowCount = (t: object) => Object.values(t).reduce((n: number, rows: unknown[]) => n + rows.length, 0);

/** Rows stored by column: the names once, not once per row (3 MB of JSON at scale 1, not 15.6 MB). */
interface Packed {
  cols: string[];
  values: unknown[][];
}

interface CubesDoc {
  version: 1;
  key: string;
  tables: Record<string, Packed> | null;
  findings: Record<string, Packed> | null;
}

function pack(tables: object | null): Record<string, Packed> | null {
  if (!tables) return null;
  const out: Record<string, Packed> = {};
  for (const [name, rows] of Object.entries(tables) as [string, Record<string, unknown>[]][]) {
    const cols = rows.length ? Object.keys(rows[0]) : [];
    out[name] = { cols, values: cols.map((c) => rows.map((r) => r[c])) };
  }
  return out;
}

function unpack<T>(packed: Record<string, Packed> | null): T | null {
  if (!packed) return null;
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const [name, { cols, values }] of Object.entries(packed)) {
    const n = values[0]?.length ?? 0;
    const rows: Record<string, unknown>[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const r: Record<string, unknown> = {};
      for (let c = 0; c < cols.length; c++) r[cols[c]] = values[c][i];
      rows[i] = r;
    }
    out[name] = rows;
  }
  return out as T;
}

export class PaintCache {
  /** `onKept`: called when kept cube tables arrive from storage (after the first paint began). */
  constructor(private readonly onKept: () => void = () => {}) {}

  key: string | null = null;
  #kept: KeptCubes | null = null;
  #keptTimer: ReturnType<typeof setTimeout> | null = null;
  #entries = new Map<string, Row[]>();
  #chars = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;

  /** Opens the cache for `key`: what was stored under another key is forgotten. */
  async open(key: string): Promise<void> {
    if (this.key === key) return;
    this.key = key;
    this.#entries = new Map();
    this.#chars = 0;
    this.#kept = null;
    // Not awaited: the results paint first; the cubes are only needed at the first filter change.
    void this.#openCubes(key);
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

  /** The kept cube tables and findings of the open key, or null. */
  get kept(): KeptCubes | null {
    return this.#kept && this.#kept.key === this.key ? this.#kept : null;
  }

  /**
   * Keeps the cube tables or findings loaded from the engine under `key` (the key they were asked
   * for under; ignored if the data or policy changed since), and stores them a moment later.
   */
  keepCubes<P extends keyof KeptPart>(key: string | null, part: P, t: KeptPart[P]): void {
    if (key === null || key !== this.key || rowCount(t) > MAX_KEPT_ROWS) return;
    const kept: KeptCubes = this.kept ?? { key, tables: null, findings: null };
    this.#kept = { ...kept, [part]: t };
    if (this.#keptTimer === null) this.#keptTimer = setTimeout(() => void this.#saveCubes(), 1500);
  }

  async #openCubes(key: string): Promise<void> {
    try {
      const doc = await loadDoc<CubesDoc>(CUBES_DOC);
      if (doc?.version !== 1 || doc.key !== key || this.key !== key || this.#kept) return;
      this.#kept = {
        key,
        tables: unpack<CubeTables>(doc.tables),
        findings: unpack<FindingTables>(doc.findings)
      };
      this.onKept();
    } catch {
      // A damaged document only costs the filter changes before the engine is up.
    }
  }

  async #saveCubes(): Promise<void> {
    this.#keptTimer = null;
    const k = this.kept;
    if (!k) return;
    try {
      const doc: CubesDoc = { version: 1, key: k.key, tables: pack(k.tables), findings: pack(k.findings) };
      await saveDoc(CUBES_DOC, doc);
    } catch {
      // Not kept (storage full, say): the next visit loads them from the engine, as the first did.
    }
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
