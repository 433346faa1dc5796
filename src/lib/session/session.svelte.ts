/**
 * The app's data session, shared by every page: one duckdb-wasm engine, the tables of the data shown
 * (the user's imported files if any, else the embedded demo), and a `version` pages watch to
 * re-query. Each load runs the pipeline (src/lib/pipeline) in two parts:
 *   1. data + policy step (policy tables, helper views, metric tables), then 'ready': pages draw;
 *   2. the 18 rules into `findings`, after, with progress (`findings`, `rulesProgress`); queries
 *      that read `findings` wait for it (`findingsVersion`).
 * The embedded demo is not rebuilt from CSV: its prepared database file (built by `npm start` with
 * native DuckDB, same pipeline) is attached read-only; only when the user's policy differs from the
 * one it was built with do the policy step and the rules rerun, on top of it.
 * A settings change (policyStore → rerunPolicy) reruns part 1's policy step and part 2, in the queue.
 * Before the engine is up, a later visit is drawn from the results it computed last time (./paint.ts,
 * keyed by the data and the policy): `painting` is true then, and `query` answers from them.
 */
import { base } from '$app/paths';
import { version } from '$app/environment';
import { TABLES, type TableKey } from '$lib/contract/tables';
import type { Engine, Row, Value } from '$lib/engine/engine';
import { importInWorker, readFiles } from '$lib/ingest/worker/client';
import {
  applyPolicyStep,
  findingsStats,
  loadData,
  runFindings,
  sha256Hex,
  type Policies
} from '$lib/pipeline';
import {
  attachPrepared,
  detachPrepared,
  policyStepOnPrepared,
  type PreparedStamp
} from '$lib/pipeline/prepared';
import { userIdle } from './idle';
import { policyStore } from '$lib/policy/store.svelte';
import { reviewStore } from '$lib/findings/review-store.svelte';
import * as storage from '$lib/storage';
import type { FileReport, ImportResult } from '../ingest/types';
import { PaintCache, type KeptCubes, type KeptPart, type PaintDoc } from './paint';
import {
  keptOldNotice,
  repeatNotices,
  skippedNotice,
  storedSameContent,
  type ImportNotice
} from './import-notices';
import { userMessage } from '$lib/privacy/user-message';
import { canonicalHeaderBytes } from '$lib/ingest/csvwrite';
import { ImportLoad } from './import-load';

export type SessionStatus = 'idle' | 'starting' | 'loading' | 'ready' | 'error';
export type FindingsStatus = 'idle' | 'running' | 'ready' | 'error';

/** True when SQL reads the rules' `findings` table (it must wait for the rules). */
export const readsFindings = (sql: string) => /\bfindings\b/.test(sql);

/** What prepare-demo writes to static/demo/manifest.json. */
export interface DemoManifest {
  scale: number;
  seed: number;
  counts: Partial<Record<TableKey, number>>;
  files: FileReport[];
  tables: TableKey[];
  /** The prepared database file of the pipeline's results (absent: build from the CSVs). */
  prepared?: PreparedStamp;
}

/** What an import hands back to the page: per file its report, and the rejected rows. */
export type ImportReport = Pick<ImportResult, 'files' | 'rejected'>;

/**
 * For profiling where a page's time goes (how the filter figures in docs/performance.md were
 * explained): after `globalThis.__aidQueryLog = []` in the console or a Playwright script, each
 * query adds the statement (never its parameters, which may hold a searched ID), whether a kept
 * result answered it, and its ms including the wait for the engine.
 */
export interface QueryLogEntry {
  sql: string;
  reuse: boolean;
  kept: boolean;
  ms: number;
}

class Session {
  status = $state<SessionStatus>('idle');
  error = $state<string | null>(null);
  progress = $state<{ label: string; pct: number } | null>(null);
  source = $state<'demo' | 'imported' | null>(null);
  version = $state(0);
  counts = $state<Partial<Record<TableKey, number>>>({});
  importReport = $state<FileReport[]>([]);
  /** The rules' state for the data shown; queries reading `findings` wait for 'ready'. */
  findings = $state<FindingsStatus>('idle');
  findingsVersion = $state(0);
  rulesProgress = $state<{ done: number; total: number } | null>(null);
  /** True while the first load runs and earlier results of this data and policy are at hand. */
  painting = $state(false);
  /** The prepared file in use (demo), null when the tables were built from CSV. */
  prepared = $state.raw<PreparedStamp | null>(null);
  /** Timings of the first load, in ms (shown nowhere; read by the browser tests and the bench):
   *  from init() to 'ready', and from the page's navigation start to 'ready'. */
  readyMs = $state<number | null>(null);
  readyAt = $state<number | null>(null);
  /** Where the last load spent its time (engine start, reading data, loading tables, hooks). */
  timings: Record<string, number> = {};

  #engine: Promise<Engine> | null = null;
  #init: Promise<void> | null = null;
  /** Resolves at the first 'ready'; rejects the callers waiting if the first load fails. */
  #ready!: Promise<void>;
  #markReady!: () => void;
  #failReady!: (e: unknown) => void;
  #everReady = false;
  #initAt = 0;
  /**
   * Bumped when the cube tables kept with the results arrive from storage (a few hundred ms after
   * the first paint at city scale): figures that could not be sliced yet try again (useQuery).
   */
  keptCubesAt = $state(0);
  #paint = new PaintCache(() => this.keptCubesAt++);
  /** Resolves when the findings of the current data and policy are in the table. */
  #findingsGate: Promise<void> = Promise.resolve();
  #findingsDone: () => void = () => undefined;
  /** Serialises loads, imports and clears so they never interleave on the engine. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor() {
    this.#newGate();
  }

  #newGate() {
    this.#ready = new Promise<void>((resolve, reject) => {
      this.#markReady = resolve;
      this.#failReady = reject;
    });
    this.#ready.catch(() => undefined);
  }

  init(): Promise<void> {
    this.#init ??= this.#serial(async () => {
      const t0 = performance.now();
      this.status = 'starting';
      const engine = this.engine();
      // While duckdb-wasm starts: earlier results of the same data and policy, if any, draw the pages.
      await this.#openPaint().catch(() => undefined);
      this.painting = this.#paint.size > 0;
      await engine;
      this.timings.engine = Math.round(performance.now() - t0);
      this.#initAt = t0;
      await this.#reload();
    });
    return this.#init;
  }

  engine(): Promise<Engine> {
    this.#engine ??= (async () => {
      const { createWasmEngine } = await import('$lib/engine/wasm');
      return createWasmEngine((p) => (this.progress = p));
    })();
    this.#engine.catch((e) => this.#fail(e));
    return this.#engine;
  }

  /**
   * Runs a statement on the engine. While the first load runs, an earlier result of the same data
   * and policy answers at once (painting). `reuse` (the dashboards' queries) goes further: such a
   * result also answers once the engine is up, so a page or filter seen before under the same key
   * draws without a query; the key changes with the data, the policy and the site build.
   */
  async query<T extends Row = Row>(sql: string, params?: Value[], reuse = false): Promise<T[]> {
    if (this.status === 'error' && !this.#everReady) throw new Error(this.error ?? '数据加载失败');
    // The paint cache is keyed by the statement and its parameters together.
    const paintKey = params?.length ? `${sql}\u0000${JSON.stringify(params)}` : sql;
    const log = (globalThis as { __aidQueryLog?: QueryLogEntry[] }).__aidQueryLog;
    if (this.painting || (reuse && this.status === 'ready')) {
      const hit = this.#paint.peek(paintKey);
      log?.push({ sql, reuse, kept: Boolean(hit), ms: 0 });
      if (hit) return hit as T[];
    }
    const t0 = performance.now();
    try {
      return await this.#run<T>(sql, params, paintKey);
    } finally {
      log?.push({ sql, reuse, kept: false, ms: Math.round(performance.now() - t0) });
    }
  }

  async #run<T extends Row>(sql: string, params: Value[] | undefined, paintKey: string): Promise<T[]> {
    await this.#ready;
    if (readsFindings(sql)) await this.#findingsGate;
    const key = this.#paint.key;
    const v = this.version;
    const rows = await (await this.engine()).query<T>(sql, params);
    if (key === this.#paint.key && v === this.version && this.status === 'ready')
      this.#paint.put(paintKey, rows);
    return rows;
  }

  /**
   * The cube tables and findings kept with the results of the data and policy shown
   * (./paint.ts): they answer the dashboards' filter changes before the engine has loaded its own.
   */
  keptCubes(): KeptCubes | null {
    return this.#paint.kept;
  }

  /** The key the kept results are stored under now (compare before keeping cubes loaded later). */
  get paintKey(): string | null {
    return this.#paint.key;
  }

  /** Keeps cube tables or findings loaded under `key` with the results (see keptCubes). */
  keepCubes<P extends keyof KeptPart>(key: string | null, part: P, t: KeptPart[P]): void {
    this.#paint.keepCubes(key, part, t);
  }

  /** The paint document of the data shown (scripts/record-paint.ts ships the demo's). */
  paintDoc(): PaintDoc | null {
    return this.#paint.doc();
  }

  /** Opens the paint cache under the key of the data shown and the saved policy. */
  async #openPaint(): Promise<void> {
    const files = await storage.listFiles();
    let data: string;
    if (files.length) data = files.map((f) => `${f.id}@${f.importedAt}`).join(',');
    else {
      const m = await fetchManifest();
      data = `demo:${m.prepared?.dataKey ?? JSON.stringify([m.scale, m.seed, m.counts])}`;
    }
    await policyStore.load(true);
    await this.#paint.open(await sha256Hex(paintKeyText(data, policyStore.policies)));
    // A first visit to the demo: the results recorded against this build (scripts/record-paint.ts).
    if (!files.length) this.#paint.seed(await fetchDemoPaint());
  }

  /**
   * Reruns what depends on the policy (policy step, review marks, rules) for the loaded data, in
   * the session's queue so it never interleaves with an import. Called by policyStore on save.
   */
  rerunPolicy(): Promise<void> {
    return this.#serial(async () => {
      if (!this.#everReady) return;
      const engine = await this.engine();
      await this.#openPaint();
      const reused = await this.#policyStep(engine);
      this.version++;
      await this.#rules(engine, reused);
    });
  }

  /** Waits for the first load but never fails with it: importing and deleting must work even then. */
  async #settled(): Promise<void> {
    await this.init().catch(() => undefined);
  }

  async importFiles(
    files: File[],
    sheets?: Record<string, string>
  ): Promise<ImportReport & { notices: ImportNotice[] }> {
    await this.#settled();
    return this.#serial(async () => {
      this.status = 'loading';
      this.progress = { label: '正在读取文件', pct: 0 };
      let reloading = false;
      const saved: string[] = [];
      // Not state: what the reload takes of the files just saved, once.
      // eslint-disable-next-line svelte/prefer-svelte-reactivity
      const fresh = new Map<string, { engineTable: string }>();
      const notices: ImportNotice[] = [];
      let importLoad: ImportLoad | null = null;
      try {
        const t0 = performance.now();
        const input = await readFiles(files, sheets);
        // With OPFS the worker writes the canonical CSV itself (storage.stageTarget); what an import
        // cut short left there goes first. Without, the page keeps the bytes to save them.
        const stage = await storage.stageTarget();
        if (stage) await storage.dropStaged();
        const engine = await this.engine();
        // The rows are loaded into the engine as the worker reads them (./import-load.ts).
        const load = (importLoad = new ImportLoad(engine, !stage));
        const result = await importInWorker(
          input,
          (p) => {
            this.progress = { label: `正在导入 ${p.file}（${p.rowsDone}/${p.rowsTotal} 行）`, pct: p.pct };
          },
          stage,
          (file, table, bytes) => load.add(file, table, bytes)
        );
        const tRead = performance.now();
        const loaded = await load.finish();
        this.progress = { label: '正在保存导入数据', pct: 100 };
        const t1 = performance.now();
        const before = await storage.listFiles();
        const savedNames: string[] = [];
        for (const report of result.files) {
          const perFile = result.perFile.filter((p) => p.file === report.file);
          // A file that produced no table (unrecognised, unreadable) is reported but not kept.
          if (perFile.length === 0) {
            const kept = report.duplicateOf ? null : keptOldNotice(report, before);
            if (kept) notices.push(kept);
            continue;
          }
          // The same export under another name would double every row: not saved, said so.
          const same = storedSameContent(report, before);
          if (same) {
            notices.push(skippedNotice(report, same));
            continue;
          }
          const meta = await storage.saveImportedFile({
            name: report.file,
            report,
            rejected: result.rejected.filter((r) => r.file === report.file),
            perFile: perFile.map((p) => ({
              table: p.table,
              csv: p.staged
                ? { staged: p.staged }
                : [canonicalHeaderBytes(p.table), ...(loaded.get(p.file)?.kept ?? [])],
              rows: p.rows
            }))
          });
          saved.push(meta.id);
          savedNames.push(report.file);
          // The reload takes the rows loaded during the import instead of reading them back.
          for (const p of perFile) {
            const l = loaded.get(p.file);
            if (l?.engineTable) fresh.set(`${meta.id}.${p.table}`, { engineTable: l.engineTable });
          }
        }
        // What was loaded or staged for files not saved (same content as a stored one) goes.
        await load.drop(new Set([...fresh.values()].map((f) => f.engineTable)));
        if (stage) await storage.dropStaged();
        reloading = true;
        // Where an import's time goes (the bench prints it): reading and normalising in the
        // worker (loading into the engine alongside), the loading left after it, saving, then the
        // reload's own read / tables / policy / rules.
        this.timings = {
          ...this.timings,
          importRead: Math.round(tRead - t0),
          importLoad: Math.round(t1 - tRead),
          importSave: Math.round(performance.now() - t1)
        };
        try {
          await this.#reload(fresh);
        } catch (e) {
          // The new files broke the load: take them out again so the data shown before comes back.
          for (const id of saved) await storage.deleteFile(id);
          await load.drop();
          await this.#reload().catch(() => undefined);
          throw new Error(`导入的数据未能加载，已撤销本次导入。${userMessage(e, '')}`.trim());
        }
        notices.push(...(await repeatNotices(await this.engine(), savedNames)));
        // The reports only: the canonical CSV is stored and loaded now, the page need not keep it.
        return { files: result.files, rejected: result.rejected, notices };
      } catch (e) {
        // Failed before touching the tables: the data shown before is still loaded, stay usable.
        if (!reloading) {
          await importLoad?.drop();
          await storage.dropStaged().catch(() => undefined);
          this.status = 'ready';
          this.progress = null;
        }
        throw e;
      }
    });
  }

  /** Deletes one imported file and reloads. */
  async deleteFile(id: string): Promise<void> {
    await this.#settled();
    return this.#serial(async () => {
      await storage.deleteFile(id);
      await this.#reload();
    });
  }

  async clearAll(): Promise<void> {
    await this.#settled();
    return this.#serial(async () => {
      await storage.clearEverything();
      await this.#reload();
    });
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn, fn);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #fail(e: unknown) {
    this.status = 'error';
    this.error = userMessage(e);
    this.progress = null;
    if (!this.#everReady) {
      // Callers waiting for the first load get the error; later callers wait for a retry.
      this.#failReady(e);
      this.#newGate();
    }
  }

  /** Loads the persisted import, or the demo when there is none; then hooks, counts, version. */
  async #reload(fresh?: Map<string, { engineTable: string }>): Promise<void> {
    try {
      this.status = 'loading';
      const engine = await this.engine();
      const t0 = performance.now();
      this.progress = { label: '正在读取已导入的数据', pct: 5 };
      const stored = await storage.loadAllBytes(fresh);
      fresh?.clear();
      let reports: FileReport[];
      let source: 'demo' | 'imported';
      let t1: number;
      this.prepared = null;
      if (stored.files.length > 0) {
        t1 = performance.now();
        this.progress = { label: '正在建立数据表', pct: 40 };
        await detachPrepared(engine);
        await loadData(engine, stored.tables);
        reports = stored.files.map((f) => f.report);
        source = 'imported';
      } else {
        const manifest = await fetchManifest();
        reports = manifest.files;
        source = 'demo';
        if (manifest.prepared) {
          const bytes = await fetchBytes(
            `${base}/demo/${manifest.prepared.file}`,
            (pct) => (this.progress = { label: '正在加载演示数据', pct: 10 + pct * 0.5 })
          );
          t1 = performance.now();
          await attachPrepared(engine, bytes);
          this.prepared = manifest.prepared;
        } else {
          const tables = await fetchDemoCsv(
            manifest,
            (pct) => (this.progress = { label: '正在加载演示数据', pct })
          );
          t1 = performance.now();
          this.progress = { label: '正在建立数据表', pct: 60 };
          await detachPrepared(engine);
          await loadData(engine, tables);
        }
      }
      const t2 = performance.now();
      const counts: Partial<Record<TableKey, number>> = {};
      const n = await engine.query<Record<string, number>>(
        `SELECT ${TABLES.map((t) => `(SELECT count(*) FROM ${t.key}) AS ${t.key}`).join(', ')}`
      );
      for (const t of TABLES) counts[t.key] = Number(n[0][t.key]);
      this.progress = { label: '正在准备指标', pct: 80 };
      const reused = await this.#policyStep(engine);
      const t3 = performance.now();
      this.timings = {
        ...this.timings,
        read: Math.round(t1 - t0),
        tables: Math.round(t2 - t1),
        policy: Math.round(t3 - t2)
      };
      await this.#openPaint();
      this.counts = counts;
      this.importReport = reports;
      this.source = source;
      this.progress = null;
      this.error = null;
      this.status = 'ready';
      this.painting = false;
      this.version++;
      if (!this.#everReady) {
        this.readyMs = Math.round(performance.now() - this.#initAt);
        this.readyAt = Math.round(performance.now());
      }
      this.#everReady = true;
      this.#markReady();
      // Part 2 after the first paint, as the next task of the queue: the load (and an import waiting
      // on it) is done now. A failure there is the rules' (shown by the pages), not the load's.
      void this.#serial(() => this.#rules(engine, reused));
      if (this.prepared) void this.#warmPrepared(engine);
    } catch (e) {
      this.#fail(e);
      throw e;
    }
  }

  /**
   * The policy step for the loaded data. On a prepared file built with the same policy nothing is
   * computed; returns true then, so the rules are not rerun either. Under another policy the file's
   * data moves into memory (policyStepOnPrepared) and from then on the session works in memory.
   */
  async #policyStep(engine: Engine): Promise<boolean> {
    this.#holdFindings();
    await policyStore.load(true);
    const policies: Policies = policyStore.inForce();
    let reuse = false;
    policyStore.running = true;
    try {
      if (this.prepared) {
        const r = await policyStepOnPrepared(engine, policies, this.prepared);
        reuse = r.reused;
        policyStore.years = r.years;
        if (!reuse) this.prepared = null;
      } else {
        policyStore.years = (await applyPolicyStep(engine, policies)).years;
      }
      const py = await engine.query<{ y: number }>(
        `SELECT y FROM (SELECT DISTINCT TRY_CAST(substr(term, 1, 4) AS INTEGER) AS y FROM payments) WHERE y IS NOT NULL ORDER BY y`
      );
      policyStore.paymentYears = py.map((r) => Number(r.y));
      await reviewStore.installTable(engine);
      return reuse;
    } catch (e) {
      policyStore.running = false;
      policyStore.error = e instanceof Error ? e.message : String(e);
      this.#releaseFindings('error');
      throw e;
    }
  }

  /**
   * Reads the prepared file's tables through once (WARM_CUBES, WARM_ROWS): the cubes at once, in
   * the queue after the rules; the row tables a column per statement, each only after the user
   * has paused for WARM_IDLE_MS, so neither a user's query nor their next filter change waits on
   * it. Stops when other data is loaded.
   */
  async #warmPrepared(engine: Engine): Promise<void> {
    const v = this.version;
    const current = () => this.prepared !== null && this.version === v;
    try {
      await this.#serial(async () => {
        for (const name of await storedTables(engine, WARM_CUBES))
          if (current()) await engine.query(`SELECT max(COLUMNS(*)) FROM ${name}`);
      });
      for (const name of await storedTables(engine, WARM_ROWS)) {
        const cols = await engine.query<{ c: string }>(
          `SELECT column_name AS c FROM duckdb_columns() WHERE table_name = '${name}' ORDER BY column_index`
        );
        for (const { c } of cols) {
          await userIdle(WARM_IDLE_MS);
          if (!current()) return;
          await this.#serial(() => engine.query(`SELECT max("${c.replaceAll('"', '""')}") FROM ${name}`));
        }
      }
    } catch {
      // Only speed is lost: the first query of a table reads its blocks itself.
    }
  }

  /** Part 2: the rules (or, when reused, their stored results' statistics). */
  async #rules(engine: Engine, reused: boolean): Promise<void> {
    const t0 = performance.now();
    try {
      if (reused) {
        policyStore.perRule = await findingsStats(engine);
        policyStore.runMs = 0;
      } else {
        this.rulesProgress = { done: 0, total: 18 };
        const res = await runFindings(engine, {
          collect: false,
          onRule: (done, total) => (this.rulesProgress = { done, total })
        });
        policyStore.perRule = res.perRule;
        policyStore.runMs = Math.round(performance.now() - t0);
      }
      policyStore.error = null;
      this.timings = { ...this.timings, rules: Math.round(performance.now() - t0) };
      this.#releaseFindings('ready');
    } catch (e) {
      policyStore.error = e instanceof Error ? e.message : String(e);
      this.#releaseFindings('error');
    } finally {
      policyStore.running = false;
      this.rulesProgress = null;
    }
  }

  /** From now on, queries reading `findings` wait (the table is being rebuilt). */
  #holdFindings() {
    if (this.findings === 'running') return;
    this.findings = 'running';
    this.#findingsGate = new Promise<void>((resolve) => (this.#findingsDone = resolve));
  }

  #releaseFindings(state: 'ready' | 'error') {
    this.findings = state;
    this.findingsVersion++;
    this.#findingsDone();
  }
}

/**
 * The tables the dashboards read, as stored in the prepared file. A query's first read of a table
 * in the attached file decodes its blocks (about 1 s for metric_needy at scale 1, against 0.1 s
 * once cached), and with the dashboards painted from kept results nothing reads them before the
 * user's first new filter. So, once the session is idle after the rules, each is read through once
 * (Session.#warmPrepared).
 */
const WARM_CUBES = [
  // A filter change needs the cubes and small tables (loaded into the page, cubes.svelte.ts); each
  // reads in milliseconds.
  'metric_needy_cube',
  'metric_needy_paid_cube',
  'metric_missed_priority',
  'metric_pay_cube',
  'metric_exec_students',
  'metric_funded_cube',
  'v_school',
  'v_school_stage',
  'v_setaside_share',
  'findings'
];
/** The row tables (the drill-down, 工作台): read only while the user pauses. */
const WARM_ROWS = ['v_payment_ctx', 'metric_needy'];
const WARM_IDLE_MS = 3000;

/** Those of `names` that the loaded data has, in the order given. */
async function storedTables(engine: Engine, names: string[]): Promise<string[]> {
  const have = await engine.query<{ name: string }>(
    `SELECT table_name AS name FROM duckdb_tables() WHERE table_name IN (${names.map((t) => `'${t}'`).join(', ')})`
  );
  const set = new Set(have.map((r) => r.name));
  return names.filter((n) => set.has(n));
}

/**
 * What the paint key hashes: the site build (its SQL texts and the pipeline that computed the
 * results), the data and the policy. scripts/record-paint.ts reads the key from the page, so the
 * two never disagree on this text.
 */
function paintKeyText(data: string, policies: unknown): string {
  return `${version}\n${data}\n${JSON.stringify(policies)}`;
}

/** demo/paint.json when the site has one (absent when `npm start` could not record it). */
async function fetchDemoPaint(): Promise<PaintDoc | null> {
  try {
    const res = await fetch(`${base}/demo/paint.json`);
    return res.ok ? ((await res.json()) as PaintDoc) : null;
  } catch {
    return null;
  }
}

async function fetchManifest(): Promise<DemoManifest> {
  const res = await fetch(`${base}/demo/manifest.json`);
  if (!res.ok) throw new Error('未找到演示数据（demo/manifest.json），请先运行 npm start 生成');
  return (await res.json()) as DemoManifest;
}

/** Fetches a file whole, reporting 0–100 as it arrives. */
async function fetchBytes(url: string, onPct: (pct: number) => void): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok || !res.body) throw new Error('演示数据文件缺失，请重新运行 npm start 生成');
  const total = Number(res.headers.get('content-length') ?? 0);
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let got = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    got += value.length;
    if (total > 0) onPct(Math.min(100, (100 * got) / total));
  }
  const out = new Uint8Array(got);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

async function fetchDemoCsv(manifest: DemoManifest, onPct: (pct: number) => void) {
  const tables: Partial<Record<TableKey, string[]>> = {};
  let done = 0;
  await Promise.all(
    manifest.tables.map(async (t) => {
      const r = await fetch(`${base}/demo/${t}.csv`);
      if (!r.ok) throw new Error(`演示数据缺少 ${t}.csv`);
      tables[t] = [await r.text()];
      onPct(10 + (50 * ++done) / manifest.tables.length);
    })
  );
  return tables;
}

export const session = new Session();
