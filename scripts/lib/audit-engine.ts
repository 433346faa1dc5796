/**
 * The CLI's way from data files to a queryable native DuckDB: the browser's importer, the canonical
 * CSV loaded into tables, then the pipeline's policy step (src/lib/pipeline). Kept apart from cli.ts
 * because it loads DuckDB.
 */
import type { Engine } from '../../src/lib/engine/engine';
import { createNodeEngine } from '../../src/lib/engine/node';
import { importFiles, type ImportResult } from '../../src/lib/ingest';
import { applyPolicyStep, loadData, type Policies } from '../../src/lib/pipeline';
import type { DataFile } from './cli';

/** Loading or the policy failed after the import: carries the import so its reports are still written. */
export class AuditLoadError extends Error {
  constructor(
    cause: unknown,
    readonly imported: ImportResult
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'AuditLoadError';
  }
}

export interface AuditEngine {
  engine: Engine;
  imported: ImportResult;
  /** Calendar years the policy tables were built for. */
  years: number[];
  /** `performance.now()` when the import finished, so callers can split import from load time. */
  importedAt: number;
}

/**
 * Imports `files`, loads them into a new native engine and applies `policies`. The caller owns the
 * engine and must close it; if loading fails here, the engine is closed before the error is rethrown.
 */
export async function auditEngine(
  files: DataFile[],
  policies: Policies,
  opts: { threads?: number } = {}
): Promise<AuditEngine> {
  const imported = await importFiles(files);
  const importedAt = performance.now();
  const engine = await createNodeEngine({ threads: opts.threads });
  try {
    const tables: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(imported.tables)) if (v) tables[k] = [v];
    await loadData(engine, tables);
    const { years } = await applyPolicyStep(engine, policies);
    return { engine, imported, years, importedAt };
  } catch (e) {
    await engine.close();
    // The import itself succeeded: the caller still writes rejected.csv and summary.json from it.
    throw new AuditLoadError(e, imported);
  }
}
