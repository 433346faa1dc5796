/**
 * The paint cache (src/lib/session/paint.ts): a shipped document is taken only under its own key,
 * and results whose content is not fixed by their SQL (review marks, the 核查 temp table) are
 * never kept, from the page or from a shipped document.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import * as storage from '../../src/lib/storage';
import { PaintCache, type PaintDoc } from '../../src/lib/session/paint';

const KPI = 'SELECT count(*) AS n FROM payments';
const VIEW = 'SELECT * FROM inspect_view WHERE rn >= ? AND rn < ?\u0000[0,100]';
const MARKS = 'SELECT count(*) AS n FROM review_marks';

describe('PaintCache', () => {
  beforeEach(() => storage.setStore(storage.memoryStore()));

  it('takes a shipped document only under the open key', async () => {
    const doc: PaintDoc = { version: 1, key: 'k1', entries: [[KPI, [{ n: 7 }]]] };
    const other = new PaintCache();
    await other.open('k2');
    expect(other.seed(doc)).toBe(false);
    expect(other.peek(KPI)).toBeUndefined();

    const same = new PaintCache();
    await same.open('k1');
    expect(same.seed(doc)).toBe(true);
    expect(same.peek(KPI)).toEqual([{ n: 7 }]);
    // What the profile already keeps stays; what it lacks is added.
    same.put(MARKS.replace('review_marks', 'findings'), [{ n: 4 }]);
    expect(
      same.seed({
        ...doc,
        entries: [
          [KPI, [{ n: 8 }]],
          ['SELECT 2 AS n', [{ n: 2 }]]
        ]
      })
    ).toBe(true);
    expect(same.peek(KPI)).toEqual([{ n: 7 }]);
    expect(same.peek('SELECT 2 AS n')).toEqual([{ n: 2 }]);
  });

  it('never keeps the review marks or the 核查 temp table', async () => {
    const c = new PaintCache();
    await c.open('k');
    c.put(KPI, [{ n: 1 }]);
    c.put(VIEW, [{ rn: 0 }]);
    c.put(MARKS, [{ n: 2 }]);
    expect(c.doc()!.entries.map(([sql]) => sql)).toEqual([KPI]);

    const seeded = new PaintCache();
    await seeded.open('k3');
    seeded.seed({
      version: 1,
      key: 'k3',
      entries: [
        [VIEW, [{ rn: 0 }]],
        [KPI, [{ n: 3 }]]
      ]
    });
    expect(seeded.peek(VIEW)).toBeUndefined();
    expect(seeded.peek(KPI)).toEqual([{ n: 3 }]);
  });
});
