/** The evidence rows of one finding, per its rule's EvidenceSpec list. */
import type { TableKey } from '../contract/tables';
import type { Engine, Row } from '../engine/engine';
import { RULE_BY_CODE } from './catalog';
import type { Finding } from './types';

const DEFAULT_LIMIT = 500;

export async function evidenceFor(
  engine: Engine,
  finding: Finding
): Promise<{ table: TableKey; title: string; rows: Row[] }[]> {
  const rule = RULE_BY_CODE[finding.rule_code];
  const out: { table: TableKey; title: string; rows: Row[] }[] = [];
  for (const spec of rule.evidence) {
    const where = spec.where(finding);
    const rows = await engine.query(
      `SELECT * FROM ${spec.table} WHERE ${where.sql} ORDER BY ${spec.orderBy} LIMIT ${spec.limit ?? DEFAULT_LIMIT}`,
      where.params
    );
    out.push({ table: spec.table, title: spec.title, rows });
  }
  return out;
}
