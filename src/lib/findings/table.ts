/**
 * Findings as a table for export: the columns of the CLI's findings.csv (same headers, same order,
 * same values) followed by the inspector's review columns. IDs are masked unless the user asked
 * for full IDs on purpose (the CLI writes them unmasked: it runs on the office's own machine for
 * the record; a browser export travels by e-mail and USB stick, so it is masked by default).
 */
import { maskId, maskText } from '../privacy/mask';
import { FINDINGS_CSV_COLUMNS } from './csv';
import type { Finding } from '../rules/types';
import type { Value } from '../engine/engine';
import type { Cell } from '../export/csv';

/** A row of the findings view (src/lib/inspect/filters.ts findingsSource): a finding plus its labels and review. */
export type FindingViewRow = Omit<Finding, 'rule_code' | 'detail'> & {
  rule_code: string;
  rule_name: string | null;
  severity: string | null;
  school_name: string | null;
  detail: string | null;
  finding_key: string;
  review_status: string;
  review_note: string | null;
  marked_at: string | null;
  [extra: string]: Value;
};

export interface FindingsExportOptions {
  /** Write full ID numbers and bank cards (an explicit, confirmed choice). Default: masked. */
  fullIds?: boolean;
  /**
   * Typed cells for XLSX: 涉及金额 and 年度 as numbers. Without it every cell is the CLI's text
   * (csv.ts: "1150.00"), so the browser CSV equals the CLI's findings.csv row for row.
   */
  typed?: boolean;
}

const NUMERIC: Record<string, (f: FindingViewRow) => Cell> = {
  涉及金额: (f) => f.amount,
  年度: (f) => f.year
};

/** Columns the browser adds after the CLI's: the inspector's review. */
export const REVIEW_COLUMNS: { header: string; value: (f: FindingViewRow) => Cell }[] = [
  { header: '核查状态', value: (f) => f.review_status },
  { header: '核查备注', value: (f) => f.review_note },
  { header: '标记时间', value: (f) => (f.marked_at ? f.marked_at.slice(0, 19).replace('T', ' ') : null) }
];

export function findingsTable(
  rows: FindingViewRow[],
  opts: FindingsExportOptions = {}
): {
  headers: string[];
  rows: Cell[][];
} {
  const cols = [
    ...FINDINGS_CSV_COLUMNS.map((c) => ({
      header: c.header,
      value:
        (opts.typed && NUMERIC[c.header]) || ((f: FindingViewRow): Cell => c.value(f as unknown as Finding))
    })),
    ...REVIEW_COLUMNS
  ];
  const idIdx = cols.findIndex((c) => c.header === '身份证件号');
  const detailIdx = cols.findIndex((c) => c.header === '说明');
  return {
    headers: cols.map((c) => c.header),
    rows: rows.map((f) => {
      const r = cols.map((c) => c.value(f));
      if (!opts.fullIds) {
        r[idIdx] = f.id ? maskId(f.id) : '';
        r[detailIdx] = maskText(f.detail) ?? '';
      }
      return r;
    })
  };
}

/** File names carry the date, so successive exports do not overwrite each other. */
export function exportFileName(stem: string, ext: 'csv' | 'xlsx', now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${stem}_${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}.${ext}`;
}
