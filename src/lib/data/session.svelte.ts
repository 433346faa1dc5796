/**
 * The app's data session, shared by every page: one duckdb-wasm engine, the tables of the data shown
 * (the user's imported files if any, else the embedded demo), the hooks other modules register to
 * build policy tables and findings after each load, and a `version` pages watch to re-query.
 */
import { base } from '$app/paths';
import { TABLES, type TableKey } from '$lib/contract/tables';
import type { Engine, Row } from '$lib/engine/engine';
import { loadTables } from '$lib/engine/load';
import { importInWorker, readFiles } from '$lib/ingest-worker/client';
import * as storage from '$lib/storage';
import type { FileReport, ImportResult } from './ingest-types';
import {
  keptOldNotice,
  repeatNotices,
  skippedNotice,
  storedSameContent,
  type ImportNotice
} from './import-notices';
import { userMessage } from './user-error';

export type SessionStatus = 'idle' | 'starting' | 'loading' | 'ready' | 'error';
type Hook = (engine: Engine) => Promise<void>;

/** What prepare-demo writes to static/demo/manifest.json. */
export interface DemoManifest {
  scale: number;
  seed: number;
  counts: Partial<Record<TableKey, number>>;
  files: FileReport[];
  tables: TableKey[];
}

class Session {
  status = $state<SessionStatus>('idle');
  error = $state<string | null>(null);
  progress = $state<{ label: string; pct: number } | null>(null);
  source = $state<'demo' | 'imported' | null>(null);
  version = $state(0);
  counts = $state<Partial<Record<TableKey, number>>>({});
  importReport = $state<FileReport[]>([]);
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
  #hooks: Hook[] = [];
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
      await this.engine();
      this.timings.engine = Math.round(performance.now() - t0);
      await this.#reload();
      this.readyMs = Math.round(performance.now() - t0);
      this.readyAt = Math.round(performance.now());
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

  async query<T extends Row = Row>(sql: string): Promise<T[]> {
    if (this.status === 'error' && !this.#everReady) throw new Error(this.error ?? '数据加载失败');
    await this.#ready;
    return (await this.engine()).query<T>(sql);
  }

  afterLoad(hook: Hook): void {
    this.#hooks.push(hook);
    // Registered after the data is already loaded (a page loaded later): run it now for the current data.
    if (this.status === 'ready')
      void this.#serial(async () => {
        await hook(await this.engine());
        this.version++;
      });
  }

  /** Waits for the first load but never fails with it: importing and deleting must work even then. */
  async #settled(): Promise<void> {
    await this.init().catch(() => undefined);
  }

  async importFiles(
    files: File[],
    sheets?: Record<string, string>
  ): Promise<ImportResult & { notices: ImportNotice[] }> {
    await this.#settled();
    return this.#serial(async () => {
      this.status = 'loading';
      this.progress = { label: '正在读取文件', pct: 0 };
      let reloading = false;
      const saved: string[] = [];
      const notices: ImportNotice[] = [];
      try {
        const input = await readFiles(files, sheets);
        const result = await importInWorker(input, (p) => {
          this.progress = { label: `正在导入 ${p.file}（${p.rowsDone}/${p.rowsTotal} 行）`, pct: p.pct };
        });
        this.progress = { label: '正在保存导入数据', pct: 100 };
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
            perFile
          });
          saved.push(meta.id);
          savedNames.push(report.file);
        }
        reloading = true;
        try {
          await this.#reload();
        } catch (e) {
          // The new files broke the load: take them out again so the data shown before comes back.
          for (const id of saved) await storage.deleteFile(id);
          await this.#reload().catch(() => undefined);
          throw new Error(`导入的数据未能加载，已撤销本次导入。${userMessage(e, '')}`.trim());
        }
        notices.push(...(await repeatNotices(await this.engine(), savedNames)));
        return { ...result, notices };
      } catch (e) {
        // Failed before touching the tables: the data shown before is still loaded, stay usable.
        if (!reloading) {
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
  async #reload(): Promise<void> {
    try {
      this.status = 'loading';
      const engine = await this.engine();
      const t0 = performance.now();
      this.progress = { label: '正在读取已导入的数据', pct: 5 };
      const stored = await storage.loadAll();
      let tables: Partial<Record<TableKey, string[]>>;
      let reports: FileReport[];
      let source: 'demo' | 'imported';
      if (stored.files.length > 0) {
        tables = stored.tables;
        reports = stored.files.map((f) => f.report);
        source = 'imported';
      } else {
        const demo = await fetchDemo((pct) => (this.progress = { label: '正在加载演示数据', pct }));
        tables = demo.tables;
        reports = demo.manifest.files;
        source = 'demo';
      }
      const t1 = performance.now();
      this.progress = { label: '正在建立数据表', pct: 60 };
      await loadTables(engine, tables);
      const t2 = performance.now();
      const counts: Partial<Record<TableKey, number>> = {};
      for (const t of TABLES) {
        const [r] = await engine.query<{ n: number }>(`SELECT count(*) AS n FROM ${t.key}`);
        counts[t.key] = r.n;
      }
      this.progress = { label: '正在计算核查结果', pct: 80 };
      // By index: a hook registered while earlier ones run (a page module loading) still runs now.
      for (let i = 0; i < this.#hooks.length; i++) await this.#hooks[i](engine);
      const t3 = performance.now();
      this.timings = {
        ...this.timings,
        read: Math.round(t1 - t0),
        tables: Math.round(t2 - t1),
        hooks: Math.round(t3 - t2)
      };
      this.counts = counts;
      this.importReport = reports;
      this.source = source;
      this.progress = null;
      this.error = null;
      this.status = 'ready';
      this.version++;
      this.#everReady = true;
      this.#markReady();
    } catch (e) {
      this.#fail(e);
      throw e;
    }
  }
}

async function fetchDemo(onPct: (pct: number) => void) {
  const res = await fetch(`${base}/demo/manifest.json`);
  if (!res.ok) throw new Error('未找到演示数据（demo/manifest.json），请先运行 npm start 生成');
  const manifest = (await res.json()) as DemoManifest;
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
  return { manifest, tables };
}

export const session = new Session();
