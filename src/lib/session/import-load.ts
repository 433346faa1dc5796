/**
 * Loads an import's rows into duckdb-wasm while the worker is still reading the file (issue 8):
 * the import worker and duckdb-wasm's worker each have a core, so a city's payments export is in
 * the engine when the worker finishes instead of being loaded after it (a second or more).
 *
 * Each file's rows go to a table of their own (same columns as its contract table, nothing shown
 * reads it); the reload that follows the save makes it part of the contract table
 * (src/lib/engine/load.ts, `{ engineTable }`), in the order the stored files load, so the result is
 * what loading the stored bytes gives. A file whose rows could not all be loaded here (say, memory)
 * is simply not handed over: the reload reads it back from storage, as every import did before.
 */
import { TABLE_BY_KEY, createTableSql, type TableKey } from '$lib/contract/tables';
import type { Engine } from '$lib/engine/engine';
import { appendCanonicalCsv } from '$lib/engine/load';
import { concatBytes } from '$lib/bytes';

/** Batches (a few hundred KB each) are joined up to this size: one INSERT each, fewer round trips. */
const LOAD_BYTES = 4 * 2 ** 20;

let seq = 0;

interface FileLoad {
  table: TableKey;
  engineTable: string;
  pending: Uint8Array[];
  pendingBytes: number;
  failed: boolean;
  /** Copies of the batches, when the page must save the bytes itself (IndexedDB, no worker staging). */
  kept: Uint8Array[] | null;
}

/** What finish() hands over per file: the engine table holding its rows (null: load from storage). */
export interface LoadedFile {
  table: TableKey;
  engineTable: string | null;
  kept: Uint8Array[] | null;
}

export class ImportLoad {
  #files = new Map<string, FileLoad>();
  #chain: Promise<void> = Promise.resolve();

  /**
   * `keep`: also keep a copy of the bytes (duckdb-wasm takes the buffers it is given). `loadBytes`:
   * the size batches are joined up to (tests make it small to load in many steps).
   */
  constructor(
    private readonly engine: Engine,
    private readonly keep: boolean,
    private readonly loadBytes = LOAD_BYTES
  ) {}

  /** A batch of `file`'s canonical CSV lines (no header), in the order read. */
  add(file: string, table: TableKey, bytes: Uint8Array): void {
    let f = this.#files.get(file);
    if (!f) {
      const created: FileLoad = {
        table,
        engineTable: `import_rows_${++seq}`,
        pending: [],
        pendingBytes: 0,
        failed: false,
        kept: this.keep ? [] : null
      };
      this.#files.set(file, (f = created));
      this.#then(() => this.engine.exec(createTableSql(TABLE_BY_KEY[table], created.engineTable)), created);
    }
    f.kept?.push(bytes.slice());
    f.pending.push(bytes);
    f.pendingBytes += bytes.length;
    if (f.pendingBytes >= this.loadBytes) this.#flush(f);
  }

  /** Waits until every batch received is loaded; per file, where its rows are. */
  async finish(): Promise<Map<string, LoadedFile>> {
    for (const f of this.#files.values()) this.#flush(f);
    await this.#chain;
    const out = new Map<string, LoadedFile>();
    for (const [file, f] of this.#files)
      out.set(file, { table: f.table, engineTable: f.failed ? null : f.engineTable, kept: f.kept });
    return out;
  }

  /**
   * Drops the engine tables of this import but those in `keep` (the files saved): the rows of a
   * file skipped or failed, or all of them when the import failed. A table the reload already made
   * part of its contract table has no name of its own any more, so nothing of the data shown goes.
   */
  async drop(keep: Set<string> = new Set()): Promise<void> {
    await this.#chain;
    for (const f of this.#files.values())
      if (!keep.has(f.engineTable))
        await this.engine.exec(`DROP TABLE IF EXISTS ${f.engineTable}`).catch(() => undefined);
  }

  #flush(f: FileLoad): void {
    if (f.pending.length === 0) return;
    const bytes = concatBytes(f.pending);
    f.pending = [];
    f.pendingBytes = 0;
    this.#then(
      () => appendCanonicalCsv(this.engine, f.table, bytes, { header: false, into: f.engineTable }),
      f
    );
  }

  /** Queues `step`; a failure marks the file (its remaining batches are skipped), never the chain. */
  #then(step: () => Promise<void>, f: FileLoad): void {
    this.#chain = this.#chain.then(async () => {
      if (f.failed) return;
      try {
        await step();
      } catch {
        f.failed = true;
      }
    });
  }
}
