/**
 * The one interface to DuckDB. The browser implements it on duckdb-wasm (./wasm.ts), the CLI and
 * the unit tests on native DuckDB (./node.ts). Rule, metric and loading code takes an Engine and
 * never imports a DuckDB package, so the same SQL runs in both places.
 */

/** A value as it crosses the engine boundary: plain JSON, identical in both implementations. */
export type Value = string | number | boolean | null;
export type Row = Record<string, Value>;

/**
 * SQL with `?` placeholders and the values that fill them, in order. A value that comes from a
 * user (a filter, a search word, a finding's fields) goes in `params`, never into the SQL text: the
 * engine binds it as data through a prepared statement.
 */
export interface Sql {
  sql: string;
  params: Value[];
}

/** Joins conditions with AND, keeping their parameters in placeholder order. */
export function sqlAnd(...parts: (Sql | string)[]): Sql {
  const ps = parts.map((p) => (typeof p === 'string' ? { sql: p, params: [] } : p));
  return { sql: ps.map((p) => p.sql).join(' AND ') || 'TRUE', params: ps.flatMap((p) => p.params) };
}

export interface Engine {
  /** 'wasm' or 'node': for messages and the bench only; never branch rule logic on it. */
  readonly kind: 'wasm' | 'node';
  /**
   * Runs one statement and returns its rows as plain values: integers and decimals as number
   * (BIGINT beyond 2^53 as string), DATE as 'YYYY-MM-DD', TIMESTAMP as ISO text, NULL as null.
   * With `params`, the statement is prepared and the values bound to its `?` placeholders.
   */
  query<T extends Row = Row>(sql: string, params?: Value[]): Promise<T[]>;
  /** Runs statements that return nothing (DDL, INSERT …); several may be separated by ';'. */
  exec(sql: string): Promise<void>;
  /**
   * Makes UTF-8 text readable by SQL under a file name and returns the string to put in
   * read_csv('…'). Used to load the importer's normalised CSV into tables.
   */
  registerText(name: string, text: string): Promise<string>;
  /**
   * Makes bytes (a prepared DuckDB database file) readable under a file name and returns the path
   * to ATTACH. Forget it with dropText.
   */
  registerBytes(name: string, bytes: Uint8Array): Promise<string>;
  /** Forgets a registered text (frees memory in the browser, deletes the temp file in Node). */
  dropText(name: string): Promise<void>;
  close(): Promise<void>;
}

/** Quotes a string literal for SQL (values the code itself writes; a user's value goes in params). */
export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
