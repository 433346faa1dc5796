/**
 * The CLI's way from data files to a queryable native DuckDB: the browser's importer, the canonical
 * CSV loaded into tables, then the pipeline's policy step (src/lib/pipeline). Kept apart from cli.ts
 * because it loads DuckDB.
 *
 * Files are streamed (issue 9, High 3): each is read in 1 MB chunks, its accepted rows are loaded
 * into DuckDB in batches as they are read, so memory does not grow with the file (a 1 GB export
 * imports; reading it whole hit V8's string limit).
 *
 * Large inputs go to a temporary database file instead of memory (chooseDatabase): DuckDB's tables
 * and the rules' joins and sorts then stay within a fixed memory limit (DISK_MEMORY_LIMIT) and spill
 * to disk, so the whole audit's memory does not grow with the file either. Same SQL, same results;
 * only slower on small inputs.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { totalmem } from 'node:os';
import type { Engine } from '../../src/lib/engine/engine';
import { appendCanonicalCsv, createEmptyTables } from '../../src/lib/engine/load';
import { createNodeEngine } from '../../src/lib/engine/node';
import {
  canonicalHeader,
  importFileStreams,
  type ImportProgress,
  type ImportResult,
  type StreamInputFile
} from '../../src/lib/ingest';
import { applyPolicyStep, type Policies } from '../../src/lib/pipeline';
import type { DataPath } from './cli';

/** Loading or the policy failed after the import: carries the import so its reports are still written. */
export class AuditLoadError extends Error {
  constructor(
    cause: unknown,
    readonly imported: ImportResult
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'AuditLoadError';
  }
}

export interface AuditEngine {
  engine: Engine;
  imported: ImportResult;
  /** Calendar years the policy tables were built for. */
  years: number[];
  /** `performance.now()` when the import (and, streamed with it, the loading) finished. */
  importedAt: number;
}

const CHUNK_BYTES = 2 ** 20;

/**
 * Inputs from this total size on are audited on disk. Below it the in-memory database is faster
 * and small enough (a 250 MB export took 2.8 GB in memory, so 100 MB stays near 1 GB).
 */
export const DISK_FROM_BYTES = 100 * 2 ** 20;

export type DatabaseChoice = 'memory' | 'disk';

/**
 * DuckDB's memory limit on disk: a quarter of the machine's memory, and never under 512 MB. Every
 * step of the rules and most of the policy build spill to disk within 512 MB (the row_number()
 * window that did not is now a sort: v_pay_order in src/lib/model/views.ts), so 250 MB, 500 MB and
 * 1 GB payments exports ran at 512 MB with peaks of 1.2–1.3 GB of RSS (docs/performance.md, "Big
 * files"). A whole city at scale 5 did not: v_payment_ctx and metric_needy joined 6 million roster
 * rows with 4 million payments and ran out of memory at 512 MB ("failed to pin block"), and passed at
 * 6 GB. A quarter of the memory (6 GB on a 24 GB machine, 2 GB on an 8 GB office PC) leaves the
 * rest to the machine, and the user can still set `--memory-limit`.
 */
export function diskMemoryLimit(total = totalmem()): string {
  return `${Math.max(512, Math.floor(total / 4 / 2 ** 20))}MB`;
}
export const DISK_MEMORY_LIMIT = diskMemoryLimit();

/**
 * Where the audit's database lives: `--db memory|disk` when given, else by the inputs' total size.
 * Returns null for an unknown `--db` value (the caller prints the usage).
 */
export function chooseDatabase(files: DataPath[], flag: string | undefined): DatabaseChoice | null {
  if (flag === 'memory' || flag === 'disk') return flag;
  if (flag !== undefined) return null;
  return files.reduce((s, f) => s + f.size, 0) >= DISK_FROM_BYTES ? 'disk' : 'memory';
}

/** A file on disk as the importer's chunked input; the hash is SHA-256 as the page's Web Crypto gives. */
export function streamFile(f: DataPath): StreamInputFile {
  return {
    name: f.name,
    size: f.size,
    open: () => createReadStream(f.path, { highWaterMark: CHUNK_BYTES }),
    hash: async () => {
      const h = createHash('sha256');
      for await (const c of createReadStream(f.path, { highWaterMark: CHUNK_BYTES })) h.update(c as Buffer);
      return h.digest('hex');
    }
  };
}

/**
 * Progress of large files on stderr, one line per tenth of the file: a 1 GB file takes minutes.
 * Small files (under 50 MB) stay quiet.
 */
export function progressPrinter(files: DataPath[]): (p: ImportProgress) => void {
  const size = new Map(files.map((f) => [f.name, f.size]));
  const shown = new Map<string, number>();
  return (p) => {
    if ((size.get(p.file) ?? 0) < 50 * 2 ** 20) return;
    const tenth = Math.floor(p.pct / 10);
    if ((shown.get(p.file) ?? 0) >= tenth) return;
    shown.set(p.file, tenth);
    console.error(`  读取 ${p.file}：${p.pct}%，已读 ${p.rowsDone} 行`);
  };
}

/** Engine options of the CLI (`npm run audit`'s flags). */
export interface CliEngineOptions {
  threads?: number;
  onProgress?: (p: ImportProgress) => void;
  database?: DatabaseChoice;
  memoryLimit?: string;
}

/**
 * The CLI's import: reads `files` with the importer and loads each batch into a new native engine
 * as it is read (what `npm run audit` reports as 导入, and what the bench compares the page's
 * import with). `loadError` is the first batch that failed to load (the import still ran to the
 * end, for its reports). The caller owns the engine; if importing throws, it is closed first.
 */
export async function importIntoEngine(
  files: DataPath[],
  opts: CliEngineOptions = {}
): Promise<{ engine: Engine; imported: ImportResult; loadError: unknown }> {
  const engine = await createNodeEngine({
    threads: opts.threads,
    onDisk: opts.database === 'disk',
    memoryLimit: opts.memoryLimit
  });
  let loadError: unknown = null;
  try {
    await createEmptyTables(engine);
    const imported = await importFileStreams(files.map(streamFile), {
      onProgress: opts.onProgress,
      onRows: async (table, _file, lines) => {
        // After a failed batch the import still runs to the end, for its reports; nothing more loads.
        if (loadError) return;
        try {
          await appendCanonicalCsv(engine, table, canonicalHeader(table) + '\n' + lines);
        } catch (e) {
          loadError = e;
        }
      }
    });
    return { engine, imported, loadError };
  } catch (e) {
    await engine.close();
    throw e;
  }
}

/**
 * Imports `files`, loads them into a new native engine and applies `policies`. The caller owns the
 * engine and must close it; if loading fails here, the engine is closed before the error is rethrown.
 */
export async function auditEngine(
  files: DataPath[],
  policies: Policies,
  opts: CliEngineOptions = {}
): Promise<AuditEngine> {
  const { engine, imported, loadError } = await importIntoEngine(files, opts);
  const importedAt = performance.now();
  try {
    if (loadError) throw loadError;
    const { years } = await applyPolicyStep(engine, policies);
    return { engine, imported, years, importedAt };
  } catch (e) {
    await engine.close();
    // The import itself succeeded: the caller still writes rejected.csv and summary.json from it.
    throw new AuditLoadError(e, imported);
  }
}
