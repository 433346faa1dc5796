/**
 * The one interface to DuckDB. The browser implements it on duckdb-wasm (./wasm.ts), the CLI and
 * the unit tests on native DuckDB (./node.ts). Rule, metric and loading code takes an Engine and
 * never imports a DuckDB package, so the same SQL runs in both places.
 */

/** A value as it crosses the engine boundary: plain JSON, identical in both implementations. */
export type Value = string | number | boolean | null;
export type Row = Record<string, Value>;

export interface Engine {
  /** 'wasm' or 'node': for messages and the bench only; never branch rule logic on it. */
  readonly kind: 'wasm' | 'node';
  /**
   * Runs one statement and returns its rows as plain values: integers and decimals as number
   * (BIGINT beyond 2^53 as string), DATE as 'YYYY-MM-DD', TIMESTAMP as ISO text, NULL as null.
   */
  query<T extends Row = Row>(sql: string): Promise<T[]>;
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

/** Quotes a string literal for SQL. */
export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
