/** Engine.query with parameters: a user's value is bound as data, never read as SQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/lib/engine/node';
import { sqlAnd, type Engine } from '../../src/lib/engine/engine';

let engine: Engine;

beforeAll(async () => {
  engine = await createNodeEngine();
  await engine.exec(`CREATE TABLE t AS SELECT * FROM (VALUES
      ('a', 1), ($$O'Brien$$, 2), ($$x' OR '1'='1$$, 3), ('b', 4)) v(name, n)`);
});
afterAll(() => engine.close());

describe('query(sql, params)', () => {
  it('matches a value with a quote exactly', async () => {
    expect(await engine.query(`SELECT n FROM t WHERE name = ?`, ["O'Brien"])).toEqual([{ n: 2 }]);
  });

  it('binds an injection-looking value as data: it finds only the row that holds that text', async () => {
    const injection = "x' OR '1'='1";
    expect(await engine.query(`SELECT n FROM t WHERE name = ?`, [injection])).toEqual([{ n: 3 }]);
    expect(
      await engine.query(`SELECT count(*)::INTEGER AS c FROM t WHERE name = ?`, ["' OR TRUE --"])
    ).toEqual([{ c: 0 }]);
  });

  it('takes a statement-looking value as data and leaves the table in place', async () => {
    expect(await engine.query(`SELECT n FROM t WHERE name = ?`, ["a'; DROP TABLE t; --"])).toEqual([]);
    expect(await engine.query(`SELECT count(*)::INTEGER AS c FROM t`)).toEqual([{ c: 4 }]);
  });

  it('binds numbers and several values in placeholder order (sqlAnd keeps the order)', async () => {
    const w = sqlAnd({ sql: 'n >= ?', params: [2] }, 'n < 4', { sql: 'name <> ?', params: ["O'Brien"] });
    expect(w).toEqual({ sql: 'n >= ? AND n < 4 AND name <> ?', params: [2, "O'Brien"] });
    expect(await engine.query(`SELECT n FROM t WHERE ${w.sql} ORDER BY n`, w.params)).toEqual([{ n: 3 }]);
  });

  it('binds a LIKE pattern as data (a search word with % and quotes)', async () => {
    expect(await engine.query(`SELECT n FROM t WHERE name LIKE '%' || ? || '%' ORDER BY n`, ["'"])).toEqual([
      { n: 2 },
      { n: 3 }
    ]);
  });
});
