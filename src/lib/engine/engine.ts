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

/**
 * A piece of a `sql` template: SQL text the code itself writes (a column, a computed number, a
 * fragment built from constants) or a Sql fragment that brings its parameters along.
 */
export type SqlPart = Sql | string | number;

/**
 * A value as a `?` placeholder, for a `sql` template. `cast` types a placeholder that nothing around
 * it types (one in a SELECT list, `?::VARCHAR = ''`); beside a typed column no cast is needed.
 */
export function param(value: Value, cast?: string): Sql {
  return guarded({ sql: cast ? `?::${cast}` : '?', params: [value] });
}

/**
 * A Sql put into a plain template string would become "[object Object]" and lose its parameters:
 * the fragments `sql` and `param` build refuse to be turned into text, so that mistake fails loudly.
 */
function guarded(s: Sql): Sql {
  return Object.defineProperty(s, 'toString', {
    value: () => {
      throw new Error('Sql 片段不能直接拼入字符串：请用 sql`…` 组合（参数随之保留）');
    },
    enumerable: false
  });
}

/**
 * Builds a Sql from a template. Text parts are written as they are (code-written SQL only); a Sql
 * part brings its text and its parameters, so fragments compose with the parameters in placeholder
 * order however they nest. A user's value enters only as `${param(v)}`.
 */
export function sql(strings: TemplateStringsArray, ...parts: SqlPart[]): Sql {
  let text = strings[0];
  const params: Value[] = [];
  parts.forEach((p, i) => {
    if (typeof p === 'object') {
      text += p.sql;
      params.push(...p.params);
    } else text += String(p);
    text += strings[i + 1];
  });
  return guarded({ sql: text, params });
}

/** Joins fragments with `sep` (', ', ' UNION ' …), keeping their parameters in placeholder order. */
export function sqlJoin(parts: SqlPart[], sep: string): Sql {
  const ps = parts.map((p) => (typeof p === 'object' ? p : { sql: String(p), params: [] }));
  return guarded({ sql: ps.map((p) => p.sql).join(sep), params: ps.flatMap((p) => p.params) });
}

/** Runs a Sql on anything with Engine's query (an Engine, the page session). */
export function runSql<T extends Row = Row>(
  target: { query<R extends Row = Row>(sql: string, params?: Value[]): Promise<R[]> },
  s: Sql
): Promise<T[]> {
  return target.query<T>(s.sql, s.params);
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

/**
 * Quotes a string literal for SQL: only for values the code itself writes (policy constants, table
 * and file names, generated pipeline SQL). A user's value goes in params (`param`), never here.
 */
export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
