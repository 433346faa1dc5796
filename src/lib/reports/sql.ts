/**
 * Small query helpers the report queries share. Everything goes through the Engine interface, so the
 * same SQL runs on duckdb-wasm in the browser and native DuckDB in the CLI and tests.
 */
import { param, runSql, sql, type Engine, type Row, type Sql } from '../engine/engine';

/**
 * Rows of a Sql (typed as the caller's row: a metric's DimRow allows undefined, which Engine's Row
 * does not) whose values (the report's year, unit, school, term, program: chosen on the page or
 * on the command line) are bound parameters, never text in the SQL.
 */
export function rowsOf<T = Row>(engine: Engine, s: Sql): Promise<T[]> {
  return runSql(engine, s) as Promise<unknown[]> as Promise<T[]>;
}

/** Whether a table exists (findings and review_marks exist only after a rule run / a review). */
export async function tableExists(engine: Engine, name: string): Promise<boolean> {
  const rows = await engine.query<{ n: number }>(
    `SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_name = ?`,
    [name]
  );
  return (rows[0]?.n ?? 0) > 0;
}

export interface SchoolInfo {
  id: string;
  name: string;
  county: string;
}

/** A school's name and unit (a school listed under several stages has one row per stage). */
export async function schoolInfo(engine: Engine, schoolId: string): Promise<SchoolInfo> {
  const rows = await rowsOf<{ name: string | null; county: string | null }>(
    engine,
    sql`SELECT school_name AS name, county FROM v_school WHERE school_id = ${param(schoolId)}`
  );
  return { id: schoolId, name: rows[0]?.name ?? schoolId, county: rows[0]?.county ?? '' };
}

export function num(v: unknown): number {
  return typeof v === 'number' ? v : Number(v ?? 0) || 0;
}

export function str(v: Row[string]): string {
  return v === null || v === undefined ? '' : String(v);
}
