/**
 * The stored form of the pipeline's results: one DuckDB database file holding the normalised
 * tables, policy tables, helper views, metric tables and findings, written natively by
 * `npm start`'s prepare step (scripts/lib/prepared-db.ts) and attached read-only by the site, so a
 * visit to the demo does no heavy work (docs/performance.md).
 *
 * Attached as catalog `prepared` behind the in-memory catalog in the search path, so unqualified
 * names find the prepared tables. Under a policy that differs from the one the file was built with
 * (policyStepOnPrepared), the seven data tables are copied into memory and the file detached, then
 * only the policy step and the rules run: no parsing, and no stored result of the other policy
 * stays visible.
 */
import { TABLES } from '../contract/tables';
import { sqlString, type Engine } from '../engine/engine';
import { dataYears } from '../policy/sql';
import { applyPolicyStep, policyKey, type Policies } from './index';

/** What prepare-demo records about the file, in static/demo/manifest.json. */
export interface PreparedStamp {
  /** File name beside the manifest. */
  file: string;
  bytes: number;
  /** dataKey() of the canonical inputs (./index.ts). */
  dataKey: string;
  /** policyKey() of the policy it was built with (the defaults). */
  policyKey: string;
}

const ALIAS = 'prepared';
const FILE = 'prepared.duckdb';

/** Drops every table and view the session created in the default catalog (a fresh start). */
export async function clearDefaultCatalog(engine: Engine): Promise<void> {
  const objs = await engine.query<{ name: string; kind: string }>(
    `SELECT table_name AS name, 'TABLE' AS kind FROM duckdb_tables()
       WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary
     UNION ALL
     SELECT view_name, 'VIEW' FROM duckdb_views()
       WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal AND NOT temporary`
  );
  // Views first: a view may read a table dropped below.
  for (const o of objs.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'VIEW' ? -1 : 1)))
    await engine.exec(`DROP ${o.kind} IF EXISTS main.${quoteIdent(o.name)}`);
}

/** Forgets a previously attached prepared file (loading other data). */
export async function detachPrepared(engine: Engine): Promise<void> {
  await engine.exec(`DETACH DATABASE IF EXISTS ${ALIAS}`);
  await engine.exec(`RESET search_path`);
  await engine.dropText(FILE);
}

/** Attaches a prepared database file read-only behind the default catalog (see the module note). */
export async function attachPrepared(engine: Engine, bytes: Uint8Array): Promise<void> {
  await detachPrepared(engine);
  await clearDefaultCatalog(engine);
  const path = await engine.registerBytes(FILE, bytes);
  await engine.exec(`ATTACH ${sqlString(path)} AS ${ALIAS} (READ_ONLY)`);
  const [{ db }] = await engine.query<{ db: string }>(`SELECT current_database() AS db`);
  await engine.exec(`SET search_path = ${sqlString(`${db}.main,${ALIAS}.main`)}`);
}

/**
 * The policy step for data held in an attached prepared file: nothing to do when `policies` build
 * what the file holds (reused: true, its findings are valid too); else the data tables move into
 * memory, the file is detached and the policy step runs (then the rules must run).
 */
export async function policyStepOnPrepared(
  engine: Engine,
  policies: Policies,
  stamp: PreparedStamp
): Promise<{ reused: boolean; years: number[] }> {
  if ((await policyKey(engine, policies)) === stamp.policyKey)
    return { reused: true, years: await dataYears(engine) };
  for (const t of TABLES)
    await engine.exec(`CREATE OR REPLACE TABLE main.${t.key} AS SELECT * FROM ${ALIAS}.main.${t.key}`);
  await detachPrepared(engine);
  const { years } = await applyPolicyStep(engine, policies);
  return { reused: false, years };
}

function quoteIdent(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}
