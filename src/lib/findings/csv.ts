/**
 * findings.csv (data-contract.md "What the batch audit writes"): the Chinese headers and how each
 * is filled from a finding. Shared by the CLI and the browser export so both write the same file.
 */
import { toCsv } from '../export/csv';
import { RULE_BY_CODE } from '../rules/catalog';
import type { Finding } from '../rules/types';

export const FINDINGS_CSV_COLUMNS: { header: string; value: (f: Finding) => string }[] = [
  { header: '规则编号', value: (f) => f.rule_code },
  { header: '规则名称', value: (f) => RULE_BY_CODE[f.rule_code].name },
  { header: '严重程度', value: (f) => RULE_BY_CODE[f.rule_code].severity },
  { header: '身份证件号', value: (f) => f.id ?? '' },
  { header: '姓名', value: (f) => f.name ?? '' },
  { header: '学校标识码', value: (f) => f.school_id ?? '' },
  { header: '所属区县', value: (f) => f.county ?? '' },
  { header: '资助项目', value: (f) => f.program ?? '' },
  { header: '学年', value: (f) => f.school_year ?? '' },
  { header: '学期', value: (f) => f.term ?? '' },
  { header: '年度', value: (f) => (f.year === null || f.year === undefined ? '' : String(f.year)) },
  {
    header: '涉及金额',
    value: (f) => (f.amount === null || f.amount === undefined ? '' : f.amount.toFixed(2))
  },
  { header: '说明', value: (f) => f.detail ?? '' }
];

/**
 * The whole findings.csv text, written like every CSV for people (src/lib/export/csv.ts: UTF-8
 * BOM, CRLF, formula-looking text neutralised). `maskId`
 * lets the browser mask IDs; the CLI writes them in full (the inspectors' working file).
 */
export function findingsCsv(findings: Finding[], maskId?: (id: string) => string): string {
  const rows = findings.map((f) => {
    const row = maskId && f.id ? { ...f, id: maskId(f.id) } : f;
    return FINDINGS_CSV_COLUMNS.map((c) => c.value(row));
  });
  return toCsv(
    FINDINGS_CSV_COLUMNS.map((c) => c.header),
    rows
  );
}
