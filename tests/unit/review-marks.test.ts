import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSql, type Engine } from '../../src/lib/engine/engine';
import { createNodeEngine } from '../../src/lib/engine/node';
import { loadTables } from '../../src/lib/engine/load';
import { applyPolicy } from '../../src/lib/policy/apply';
import { defaultPolicy } from '../../src/lib/policy/defaults';
import { findingKey } from '../../src/lib/rules/catalog';
import { runRules } from '../../src/lib/rules/run';
import {
  fromDoc,
  markChangeSql,
  marksTableSql,
  setMark,
  statusOf,
  toDoc,
  type ReviewMarks
} from '../../src/lib/findings/review-marks';

const T0 = new Date('2025-06-01T08:00:00.000Z');

describe('review marks', () => {
  it('sets, replaces and clears a mark without touching the input', () => {
    const a: ReviewMarks = {};
    const b = setMark(
      a,
      'R01|430602200801011234|普通高中国家助学金|2025年春季学期',
      '已核实',
      '  已电话核实 ',
      T0
    );
    expect(a).toEqual({});
    expect(b).toEqual({
      'R01|430602200801011234|普通高中国家助学金|2025年春季学期': {
        status: '已核实',
        note: '已电话核实',
        at: '2025-06-01T08:00:00.000Z'
      }
    });
    const c = setMark(b, 'R01|430602200801011234|普通高中国家助学金|2025年春季学期', '已整改', '已追回', T0);
    expect(Object.values(c).map((m) => m.status)).toEqual(['已整改']);
    expect(statusOf(c, 'R01|430602200801011234|普通高中国家助学金|2025年春季学期')).toBe('已整改');
    expect(statusOf(c, 'R01|other')).toBe('未处理');
    expect(setMark(c, 'R01|430602200801011234|普通高中国家助学金|2025年春季学期', null, '')).toEqual({});
  });

  it('round-trips through the stored JSON and drops malformed entries', () => {
    const marks = setMark({}, 'S02|4306020001|2025', '误报', '计提口径不同', T0);
    const text = JSON.stringify(toDoc(marks));
    expect(fromDoc(JSON.parse(text))).toEqual(marks);
    expect(
      fromDoc({
        version: 1,
        marks: { a: { status: '已核实' }, b: { status: '不存在的状态' }, c: null, d: 'x' }
      })
    ).toEqual({ a: { status: '已核实', note: '', at: '' } });
    expect(fromDoc(null)).toEqual({});
    expect(fromDoc('garbage')).toEqual({});
  });
});

describe('review_marks table', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createNodeEngine();
    await engine.exec(
      `CREATE TABLE findings AS SELECT * FROM (VALUES ('R01', 'k1'), ('R01', 'k2'), ('R09', 'k3''quote')) t(rule_code, finding_key)`
    );
  });
  afterAll(async () => engine.close());

  it('joins marks to findings by key and applies single changes', async () => {
    let marks = setMark({}, 'k1', '已核实', '张老师核实', T0);
    marks = setMark(marks, "k3'quote", '误报', "备注里有'引号", T0);
    marks = setMark(marks, 'gone', '已整改', '这条发现已不存在', T0);
    for (const s of marksTableSql(marks)) await runSql(engine, s);
    const q = `SELECT f.finding_key, coalesce(m.status, '未处理') AS status, m.note FROM findings f
      LEFT JOIN review_marks m USING (finding_key) ORDER BY f.finding_key`;
    expect(await engine.query(q)).toEqual([
      { finding_key: 'k1', status: '已核实', note: '张老师核实' },
      { finding_key: 'k2', status: '未处理', note: null },
      { finding_key: "k3'quote", status: '误报', note: "备注里有'引号" }
    ]);
    const next = setMark(marks, 'k2', '已整改', '', T0);
    for (const s of markChangeSql('k2', next.k2)) await runSql(engine, s);
    for (const s of markChangeSql('k1', undefined)) await runSql(engine, s);
    expect((await engine.query(q)).map((r) => r.status)).toEqual(['未处理', '已整改', '误报']);
  });

  it('loads many marks in chunks', async () => {
    let marks: ReviewMarks = {};
    for (let i = 0; i < 1203; i++) marks = { ...marks, [`key${i}`]: { status: '已核实', note: '', at: '' } };
    const stmts = marksTableSql(marks);
    expect(stmts.length).toBe(1 + 3);
    // The user's keys and notes are parameters, never SQL text.
    expect(stmts[1].params.length).toBe(500 * 4);
    expect(stmts.some((s) => s.sql.includes('key0'))).toBe(false);
    for (const s of stmts) await runSql(engine, s);
    expect(await engine.query('SELECT count(*)::INTEGER AS n FROM review_marks')).toEqual([{ n: 1203 }]);
  });
});

/**
 * Key stability: the same data re-imported (other file split, other row order, other src_row)
 * gives the same finding keys, so a mark set before the re-import matches after it.
 */
describe('marks survive a re-import', () => {
  const SCHOOLS =
    'school_id,school_name,county,stage,ownership,enrolled_count,src_file,src_row\n' +
    '4306020001,岳阳市第一中学,市直,普通高中,公办,100,学校.csv,2\n';
  const HEAD =
    'id,name,school_id,program,term,amount,pay_date,bank_card,holder_name,batch,school_year,src_file,src_row';
  // 430602200801010017 is paid the same program twice in a term (R01); 4306022008010100X is no valid ID (R07).
  const P1 =
    '430602200801010017,张三,4306020001,普通高中国家助学金,2025年春季学期,1150,2025-04-01,,,,2024-2025';
  const P2 =
    '430602200801010017,张三,4306020001,普通高中国家助学金,2025年春季学期,1150,2025-05-01,,,,2024-2025';
  const P3 =
    '4306022008010100X,李四,4306020001,普通高中国家助学金,2025年春季学期,1150,2025-04-01,,,,2024-2025';

  async function keysOf(payments: string[]): Promise<{ keys: string[]; jsKeys: string[]; engine: Engine }> {
    const engine = await createNodeEngine();
    await loadTables(engine, { schools: [SCHOOLS], payments });
    await applyPolicy(engine, (y) => defaultPolicy(y));
    const { findings } = await runRules(engine);
    const rows = await engine.query<{ k: string }>(
      `SELECT finding_key AS k FROM findings WHERE rule_code IN ('R01', 'R07') ORDER BY k`
    );
    const jsKeys = findings
      .filter((f) => f.rule_code === 'R01' || f.rule_code === 'R07')
      .map((f) => findingKey(f))
      .sort();
    return { keys: rows.map((r) => r.k), jsKeys, engine };
  }

  it('gives the same keys for the same data in another order and file', async () => {
    const a = await keysOf([`${HEAD}\n${P1},发放.csv,2\n${P2},发放.csv,3\n${P3},发放.csv,4\n`]);
    const b = await keysOf([
      `${HEAD}\n${P3},春季补发.csv,7\n${P2},春季补发.csv,9\n`,
      `${HEAD}\n${P1},春季.csv,12\n`
    ]);
    expect(a.keys).toEqual([
      'R01|430602200801010017|普通高中国家助学金|2025年春季学期',
      'R07|4306022008010100X|普通高中国家助学金|2025年春季学期'
    ]);
    expect(b.keys).toEqual(a.keys);
    // The SQL key and the JS findingKey agree.
    expect(a.jsKeys).toEqual(a.keys);

    // A mark set on the first import matches the same finding after the second.
    const marks = setMark({}, a.keys[0], '已核实', '重复发放属实', T0);
    for (const s of marksTableSql(marks)) await runSql(b.engine, s);
    const joined = await b.engine.query(
      `SELECT f.rule_code, m.status, m.note FROM findings f JOIN review_marks m USING (finding_key)`
    );
    expect(joined).toEqual([{ rule_code: 'R01', status: '已核实', note: '重复发放属实' }]);
    await a.engine.close();
    await b.engine.close();
  });
});
