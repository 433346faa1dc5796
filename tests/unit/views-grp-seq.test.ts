/**
 * v_payment_ctx.grp_seq, the number of a payment within its ID × program × term by 发放日期, source
 * file, source row, school, amount and load order. It is built from a sorted table (v_pay_order)
 * instead of a row_number() window so that large audits spill to disk (issue 9); these are the
 * numbers the window gave, on hand-made ties and an empty 发放日期.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/lib/engine/engine';
import { Fixture, makeId } from '../fixtures/rules/builder';

const A = '4306000001';
const B = '4306000002';
const GZ = '普通高中国家助学金';
const SPRING = '2025年春季学期';
const AUTUMN = '2025年秋季学期';
const x = makeId('20090101', '011');
const y = makeId('20090202', '021');

let engine: Engine;

beforeAll(async () => {
  const f = new Fixture().school(A, '普通高中').school(B, '普通高中');
  // x's spring payments, in load order; src_row is set so file and row decide where dates tie.
  f.pay(x, A, GZ, SPRING, 1150, '2025-04-10', { src_file: 'a.csv', src_row: 2 }) // 6th: the latest date
    .pay(x, A, GZ, SPRING, 1150, '', { src_file: 'a.csv', src_row: 3 }) // 7th: no date sorts last
    .pay(x, A, GZ, SPRING, 1150, '2025-03-10', { src_file: 'b.csv', src_row: 4 }) // 5th: file b after a
    .pay(x, A, GZ, SPRING, 1150, '2025-03-10', { src_file: 'a.csv', src_row: 9 }) // 4th: row 9 after row 5
    .pay(x, B, GZ, SPRING, 1150, '2025-03-10', { src_file: 'a.csv', src_row: 5 }) // 3rd: school B after A
    .pay(x, A, GZ, SPRING, 1150, '2025-03-10', { src_file: 'a.csv', src_row: 5 }) // 1st: school A
    .pay(x, A, GZ, SPRING, 1150, '2025-03-10', { src_file: 'a.csv', src_row: 5 }) // 2nd: equal to the one above, loaded later
    .pay(x, A, GZ, AUTUMN, 1150, '2025-09-10', { src_file: 'a.csv', src_row: 10 }) // alone in autumn
    .pay(y, A, GZ, SPRING, 1150, '2025-03-01', { src_file: 'a.csv', src_row: 11 }) // 2nd: 1150 after 575
    .pay(y, A, GZ, SPRING, 575, '2025-03-01', { src_file: 'a.csv', src_row: 11 }); // 1st: the smaller amount
  engine = await f.engine();
});

afterAll(async () => {
  await engine?.close();
});

describe('v_payment_ctx.grp_seq', () => {
  it('numbers each group by date, file, row, school, amount, then load order', async () => {
    const rows = await engine.query<{ id: string; term: string; amount: number; grp_seq: number }>(
      `SELECT id, term, amount, grp_seq FROM v_payment_ctx ORDER BY pay_no`
    );
    expect(rows.map((r) => Number(r.grp_seq))).toEqual([6, 7, 5, 4, 3, 1, 2, 1, 2, 1]);
  });

  it('equals row_number() over the same partition and order', async () => {
    const diff = await engine.query<{ n: number }>(
      `SELECT count(*) AS n FROM v_payment_ctx c JOIN (
         SELECT rowid AS pay_no, row_number() OVER (PARTITION BY id, program, term
           ORDER BY pay_date, src_file, src_row, school_id, amount, rowid) AS rn FROM payments) w USING (pay_no)
       WHERE w.rn <> c.grp_seq`
    );
    expect(Number(diff[0].n)).toBe(0);
  });
});
