/**
 * Native DuckDB (@duckdb/node-api) behind the Engine interface: the batch audit, the bench and
 * the unit tests. Node-only; never imported by the site.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine, Row, Value } from './engine';

export interface NodeEngineOptions {
  /** DuckDB threads; the bench compares the browser with native on one thread. */
  threads?: number;
  /**
   * A temporary database file instead of memory (the CLI on large inputs, issue 9): DuckDB then
   * keeps at most `memoryLimit` of the tables in memory and spills the rest, and the joins of the
   * rules, to disk. The file, its WAL and the spill folder live in the engine's temporary folder
   * and are deleted by close().
   */
  onDisk?: boolean;
  /** DuckDB's memory_limit with onDisk (default '1GB'), e.g. '512MB'. */
  memoryLimit?: string;
}

/**
 * Temporary folders of open engines, removed when the process exits without closing them (the CLI
 * turns Ctrl+C into an exit): a large audit's database file must not stay behind in the temp folder.
 */
const openDirs = new Set<string>();
let exitHook = false;

export async function createNodeEngine(opts: NodeEngineOptions = {}): Promise<Engine> {
  const dir = await mkdtemp(join(tmpdir(), 'aid-engine-'));
  openDirs.add(dir);
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => {
      for (const d of openDirs) rmSync(d, { recursive: true, force: true });
    });
  }
  const instance = await DuckDBInstance.create(opts.onDisk ? join(dir, 'audit.duckdb') : ':memory:', {
    threads: String(opts.threads ?? 1),
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    ...(opts.onDisk ? { memory_limit: opts.memoryLimit ?? '1GB', temp_directory: join(dir, 'spill') } : {})
  });
  const conn: DuckDBConnection = await instance.connect();
  const files = new Map<string, string>();
  /*
   * One statement at a time on the connection: a prepared statement run while another statement
   * is in flight on the same connection crashes the native library ("double free or corruption"),
   * and callers do start several at once (the KPIs run their metrics with Promise.all).
   */
  let last: Promise<unknown> = Promise.resolve();
  const serial = <R>(job: () => Promise<R>): Promise<R> => {
    const next = last.then(job, job);
    last = next.catch(() => undefined);
    return next;
  };

  async function run<T extends Row>(sql: string, params?: Value[]): Promise<T[]> {
    let reader;
    if (params?.length) {
      const statement = await conn.prepare(sql);
      try {
        statement.bind(params);
        reader = await statement.runAndReadAll();
      } finally {
        statement.destroySync();
      }
    } else reader = await conn.runAndReadAll(sql);
    const names = reader.columnNames();
    const numeric = reader.columnTypes().map((t) => NUMERIC_TYPES.test(t.toString()));
    const rows = reader.getRowsJson() as unknown[][];
    return rows.map((r) => {
      const out: Row = {};
      for (let i = 0; i < names.length; i++) out[names[i]] = toPlain(r[i], numeric[i]);
      return out;
    }) as T[];
  }

  return {
    kind: 'node',
    query<T extends Row = Row>(sql: string, params?: Value[]): Promise<T[]> {
      return serial(() => run<T>(sql, params));
    },
    exec(sql: string) {
      return serial(async () => {
        await conn.run(sql);
      });
    },
    async registerText(name: string, text: string) {
      const path = join(dir, name.replace(/[^\w.-]/g, '_'));
      await writeFile(path, text, 'utf8');
      files.set(name, path);
      return path;
    },
    async registerBytes(name: string, bytes: Uint8Array) {
      const path = join(dir, name.replace(/[^\w.-]/g, '_'));
      await writeFile(path, bytes);
      files.set(name, path);
      return path;
    },
    async dropText(name: string) {
      const path = files.get(name);
      if (path) await rm(path, { force: true });
      files.delete(name);
    },
    async close() {
      conn.closeSync();
      instance.closeSync();
      await rm(dir, { recursive: true, force: true });
      openDirs.delete(dir);
    }
  };
}

/** Column types that getRowsJson renders as strings but the Engine returns as numbers. */
const NUMERIC_TYPES = /^(U?BIGINT|U?HUGEINT|DECIMAL)/;

function toPlain(v: unknown, numeric: boolean): Value {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    if (!numeric) return v;
    const n = Number(v);
    // BIGINT beyond 2^53 stays text rather than silently losing digits.
    return Number.isInteger(n) && !Number.isSafeInteger(n) ? v : n;
  }
  return JSON.stringify(v);
}
