/**
 * The findings table of the 核查 page as a temp table: the filtered, sorted view numbered once
 * (rn), so scrolling fetches rows by number (fast at 100k) and a review mark patches one row in
 * place instead of rebuilding. This class is the only code that writes the table.
 */
import type { Engine, Sql, Value } from '../engine/engine';
import type { ReviewMark } from '../findings/review-marks';
import type { FindingViewRow } from '../findings/table';

const TABLE = 'inspect_view';

type Query = (sql: string, params?: Value[]) => Promise<unknown[]>;

export class FindingsViewTable {
  /** Rebuilds the view for a filter (whereSql) and an order (orderSql); returns its row count. */
  async build(engine: Engine, source: string, where: Sql, order: string): Promise<number> {
    await engine.query(
      `CREATE OR REPLACE TEMP TABLE ${TABLE} AS
       SELECT (row_number() OVER (${order}) - 1)::INTEGER AS rn, * FROM (${source}) ${where.sql}`,
      where.params
    );
    const [r] = await engine.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${TABLE}`);
    return r.n;
  }

  /** Rows offset … offset + limit - 1 of the built view. */
  async rows(query: Query, offset: number, limit: number): Promise<FindingViewRow[]> {
    return (await query(`SELECT * FROM ${TABLE} WHERE rn >= ? AND rn < ? ORDER BY rn`, [
      offset,
      offset + limit
    ])) as FindingViewRow[];
  }

  /** Writes one finding's new review mark into the built view (same rows, same order). */
  async patchMark(
    engine: Engine,
    key: string,
    mark: ReviewMark | undefined,
    unreviewed: string
  ): Promise<void> {
    // An empty note or time is stored as NULL, as a fresh mark would be.

    await engine.query(
      `UPDATE ${TABLE} SET review_status = ?, review_note = ?, marked_at = ? WHERE finding_key = ?`,
      [mark?.status ?? unreviewed, mark?.note || null, mark?.at || null, key]
    );
  }
}
