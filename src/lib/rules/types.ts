/** The shape of a rule and of a finding (docs/architecture.md "Findings"). */
import type { TableKey } from '../contract/tables';
import type { Sql } from '../engine/engine';
import type { RuleCode } from '../contract/rule-codes';

export type { RuleCode } from '../contract/rule-codes';

/** Severities from high to low (the order lists and sorts follow). */
export const SEVERITIES = ['高', '中', '低'] as const;
export type Severity = (typeof SEVERITIES)[number];
export type RuleScope = 'recipient' | 'unit' | 'identity';

/** One finding, the columns of every rule's SQL in this order. */
export interface Finding {
  rule_code: RuleCode;
  id: string | null;
  name: string | null;
  school_id: string | null;
  county: string | null;
  program: string | null;
  school_year: string | null;
  term: string | null;
  year: number | null;
  amount: number | null;
  detail: string;
  ref: string | null;
}

export const FINDING_COLUMNS: { key: keyof Finding; type: string }[] = [
  { key: 'rule_code', type: 'VARCHAR' },
  { key: 'id', type: 'VARCHAR' },
  { key: 'name', type: 'VARCHAR' },
  { key: 'school_id', type: 'VARCHAR' },
  { key: 'county', type: 'VARCHAR' },
  { key: 'program', type: 'VARCHAR' },
  { key: 'school_year', type: 'VARCHAR' },
  { key: 'term', type: 'VARCHAR' },
  { key: 'year', type: 'INTEGER' },
  { key: 'amount', type: 'DOUBLE' },
  { key: 'detail', type: 'VARCHAR' },
  { key: 'ref', type: 'VARCHAR' }
];

/** Which rows of a table are the evidence of a finding: a SQL condition on that table. */
export interface EvidenceSpec {
  table: TableKey;
  title: string;
  /** The condition with the finding's values as parameters (never spliced into the SQL text). */
  where: (f: Finding) => Sql;
  orderBy: string;
  /** Large groups (a county's payments) are cut to this many rows. */
  limit?: number;
  /** The columns that prove the case, shown first (e.g. R09: the shared card and its holder). */
  lead?: string[];
}

export interface Rule {
  code: RuleCode;
  /** Exact name from checks.md. */
  name: string;
  severity: Severity;
  scope: RuleScope;
  /** Plain Chinese for inspectors: what it flags and why it matters. */
  explanation: string;
  /** The key fields of checks.md, in order (after the rule code). */
  keyFields: (keyof Finding)[];
  /** Returns the findings columns (FINDING_COLUMNS) in that order. */
  sql: string;
  evidence: EvidenceSpec[];
}
