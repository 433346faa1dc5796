/** Engine.query with parameters: a user's value is bound as data, never read as SQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/lib/engine/node';
import { param, runSql, sql, sqlAnd, sqlJoin, type Engine } from '../../src/lib/engine/engine';

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

  it('composes nested sql`` fragments with their parameters in placeholder order', async () => {
    const inner = sql`name = ${param("O'Brien")} OR name = ${param('b')}`;
    const list = sqlJoin([param(1), param(3), 4], ', ');
    const s = sql`SELECT n FROM t WHERE n IN (${list}) AND (${inner}) OR n = ${param(2)} ORDER BY n`;
    expect(s.sql).toBe('SELECT n FROM t WHERE n IN (?, ?, 4) AND (name = ? OR name = ?) OR n = ? ORDER BY n');
    expect(s.params).toEqual([1, 3, "O'Brien", 'b', 2]);
    // b (4) is in the list and named; O'Brien (2) only by the last condition.
    expect(await runSql(engine, s)).toEqual([{ n: 2 }, { n: 4 }]);
    expect(param('x', 'VARCHAR')).toMatchObject({ sql: '?::VARCHAR', params: ['x'] });
  });

  it('refuses to turn a fragment into text (a plain template would drop its parameters)', () => {
    const f = sql`name = ${param('a')}`;
    expect(() => `SELECT * FROM t WHERE ${f as unknown as string}`).toThrow(/sql`…`/);
  });
});
