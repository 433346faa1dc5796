/**
 * The same export imported twice (issue 9): "资助发放明细(1).csv" with the content of an earlier
 * file would double every table and turn each row into a false 重复资助 finding.
 * - An identical file is recognised by its content hash (SHA-256 of the bytes) and skipped.
 * - A file whose payment rows largely repeat another file's (same ID, program, term, amount and
 *   date) is reported, naming the earlier file, so the user can replace it.
 * One definition for the browser and the CLI; the repeat check is SQL on the loaded tables.
 */
import type { Engine } from '../engine/engine';

/** Share of a file's payment rows found in an earlier file from which the files are reported. */
export const REPEAT_SHARE = 0.8;

/**
 * Hex SHA-256 of the file's bytes (Web Crypto: in the browser's worker and in Node ≥ 20). Web Crypto
 * exists only in secure contexts; a site served over plain http on an intranet falls back to
 * two FNV-1a lanes plus the length, which is enough to recognise a re-downloaded export.
 */
export async function contentHash(bytes: Uint8Array): Promise<string> {
  if (!globalThis.crypto?.subtle) return fnvHash(bytes);
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function fnvHash(bytes: Uint8Array): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ bytes.length;
  for (let i = 0; i < bytes.length; i++) {
    a = Math.imul(a ^ bytes[i], 0x01000193);
    b = Math.imul(b ^ bytes[i] ^ (i & 0xff), 0x01000193);
  }
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  return `fnv-${hex(a)}${hex(b)}-${bytes.length}`;
}

export const sameContentMessage = (earlier: string) => `与已导入的「${earlier}」内容完全相同，未重复导入`;

export interface RepeatedFile {
  file: string;
  earlier: string;
  /** Rows of `file` whose key is also in `earlier`, and all rows of `file`. */
  rows: number;
  total: number;
}

export const repeatMessage = (r: RepeatedFile) =>
  `「${r.file}」的 ${r.total} 条发放记录中有 ${r.rows} 条（${Math.round((100 * r.rows) / r.total)}%）与先导入的「${r.earlier}」相同（身份证件号、资助项目、学期、金额、发放日期一致），可能是同一份导出文件，重复导入会产生虚假的重复资助。`;

/**
 * Files of the loaded payments table whose rows largely repeat an earlier file's. `order` is the
 * import order of the files (a file is only compared with the ones before it).
 */
export async function findRepeatedFiles(engine: Engine, order: string[]): Promise<RepeatedFile[]> {
  // One payments file cannot repeat another: the query below (a DISTINCT over every payment, a
  // second or so at city size) is then skipped. It ran on every page import, before the report.
  const [{ files }] = await engine.query<{ files: number }>(
    `SELECT count(DISTINCT src_file)::INT AS files FROM payments`
  );
  if (files < 2) return [];
  const rows = await engine.query<{ file: string; earlier: string; rows: number; total: number }>(`
    WITH keys AS (
      SELECT DISTINCT src_file, src_row, id, program, term, amount, pay_date FROM payments
    ), totals AS (SELECT src_file, count(*) AS total FROM keys GROUP BY src_file)
    SELECT b.src_file AS file, a.src_file AS earlier, count(DISTINCT b.src_row)::INT AS rows,
           any_value(t.total)::INT AS total
    FROM keys b
    JOIN (SELECT DISTINCT src_file, id, program, term, amount, pay_date FROM keys) a
      ON a.id = b.id AND a.program = b.program AND a.term = b.term AND a.amount = b.amount
     AND a.pay_date = b.pay_date AND a.src_file <> b.src_file
    JOIN totals t ON t.src_file = b.src_file
    GROUP BY b.src_file, a.src_file
    HAVING count(DISTINCT b.src_row) >= ${REPEAT_SHARE} * any_value(t.total)
    ORDER BY file, earlier`);
  const pos = new Map(order.map((f, i) => [f, i]));
  return rows.filter((r) => (pos.get(r.earlier) ?? -1) < (pos.get(r.file) ?? -1) && pos.has(r.earlier));
}
