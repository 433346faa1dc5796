/**
 * The evidence rows of one finding, per its rule's EvidenceSpec list: the columns that prove the
 * case first (spec.lead), the school's name next to (before) its code, and the true number of
 * matching rows besides the rows listed (a large group is cut to the spec's limit).
 */
import type { TableKey } from '../contract/tables';
import type { Engine, Row } from '../engine/engine';
import { RULE_BY_CODE } from './catalog';
import type { Finding } from './types';

const DEFAULT_LIMIT = 500;

export interface Evidence {
  table: TableKey;
  title: string;
  rows: Row[];
  /** All rows matching, of which `rows` are the first (at most the spec's limit). */
  total: number;
}

/** Column order of an evidence row: lead columns, then the rest, school_name before school_id. */
export function evidenceColumns(cols: string[], lead: string[] = []): string[] {
  const first = [...new Set(lead)].filter((c) => cols.includes(c));
  const rest = cols.filter((c) => !first.includes(c) && c !== 'school_name');
  const out = [...first, ...rest];
  if (cols.includes('school_name') && !first.includes('school_name')) {
    const at = out.indexOf('school_id');
    out.splice(at < 0 ? out.length : at, 0, 'school_name');
  }
  return out;
}

export async function evidenceFor(engine: Engine, finding: Finding): Promise<Evidence[]> {
  const rule = RULE_BY_CODE[finding.rule_code];
  const out: Evidence[] = [];
  for (const spec of rule.evidence) {
    const where = spec.where(finding);
    const limit = spec.limit ?? DEFAULT_LIMIT;
    const raw = await engine.query(
      `SELECT * FROM ${spec.table} WHERE ${where.sql} ORDER BY ${spec.orderBy} LIMIT ${limit}`,
      where.params
    );
    const [{ n }] =
      raw.length < limit
        ? [{ n: raw.length }]
        : await engine.query<{ n: number }>(
            `SELECT count(*)::INTEGER AS n FROM ${spec.table} WHERE ${where.sql}`,
            where.params
          );
    out.push({
      table: spec.table,
      title: spec.title,
      rows: await withSchoolNames(engine, raw, spec.lead),
      total: n
    });
  }
  return out;
}

/** The rows with the school's name (from v_school) added when they carry only its code. */
async function withSchoolNames(engine: Engine, rows: Row[], lead?: string[]): Promise<Row[]> {
  if (!rows.length) return rows;
  const cols = Object.keys(rows[0]);
  const codes =
    cols.includes('school_id') && !cols.includes('school_name')
      ? [...new Set(rows.map((r) => r.school_id).filter((v): v is string => typeof v === 'string'))]
      : [];
  const names = new Map<string, string>();
  if (codes.length) {
    const found = await engine.query<{ school_id: string; school_name: string | null }>(
      `SELECT school_id, school_name FROM v_school WHERE school_id IN (${codes.map(() => '?').join(', ')})`,
      codes
    );
    for (const r of found) if (r.school_name) names.set(r.school_id, r.school_name);
  }
  const order = evidenceColumns(codes.length ? [...cols, 'school_name'] : cols, lead);
  return rows.map((r) => {
    const o: Row = {};
    for (const c of order)
      o[c] =
        c === 'school_name' && !cols.includes('school_name')
          ? (names.get(String(r.school_id)) ?? null)
          : r[c];
    return o;
  });
}
