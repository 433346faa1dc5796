/**
 * Turns policy files into the policy_* tables every rule reads (docs/architecture.md), so rule SQL
 * never holds a threshold, standard, window or age band as a literal.
 */
import {
  PROGRAMS,
  PROGRAM_STAGES,
  STAGES,
  STAGE_GROUP,
  STAGE_NEED_PROGRAM,
  NEED_BASED_PROGRAMS
} from '../contract/domain';
import type { Engine } from '../engine/engine';
import { sqlString } from '../engine/engine';
import { termYearSql } from '../model/sql-helpers';
import { defaultPolicy } from './defaults';
import { RULE_CODES, type RuleCode } from '../contract/rule-codes';
import type { Policy } from './types';

type Lit = string | number | boolean | null | undefined;

function lit(v: Lit): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`非法数值：${v}`);
    return String(v);
  }
  return sqlString(v);
}

/** CREATE OR REPLACE TABLE with explicit types, then the rows (an empty table when there are none). */
function tableSql(name: string, cols: [string, string][], rows: Lit[][]): string {
  const ddl = `CREATE OR REPLACE TABLE ${name} (${cols.map(([c, t]) => `${c} ${t}`).join(', ')})`;
  if (rows.length === 0) return ddl;
  const values = rows.map((r) => `(${r.map(lit).join(', ')})`).join(',\n  ');
  return `${ddl};\nINSERT INTO ${name} VALUES\n  ${values}`;
}

/** A window 'MM-DD' pair placed in the term's year; an end before its start runs into the next year. */
function windowDates(year: number, w: { start: string; end: string }): [string, string] {
  const start = `${year}-${w.start}`;
  const end = w.end < w.start ? `${year + 1}-${w.end}` : `${year}-${w.end}`;
  return [start, end];
}

/** Picks, for each year, its own policy, else the nearest earlier one, else the default. */
export function policyForYear(policies: Policy[] | ((year: number) => Policy), year: number): Policy {
  if (typeof policies === 'function') return policies(year);
  let best: Policy | undefined;
  for (const p of policies) if (p.year <= year && (!best || p.year > best.year)) best = p;
  return best ? { ...best, year } : defaultPolicy(year);
}

/**
 * SQL creating every policy_* table for the given calendar years. Term start/end are fixed by
 * checks.md (03-01…07-31, 09-01…01-31 of the next year); payment windows come from the policy.
 * policy_rules (on/off) follows the policy of the latest year.
 */
export function policyTablesSql(policies: Policy[] | ((year: number) => Policy), years: number[]): string {
  const ys = [...new Set(years)].filter((y) => Number.isInteger(y)).sort((a, b) => a - b);
  const terms: Lit[][] = [];
  const standards: Lit[][] = [];
  const bands: Lit[][] = [];
  const params: Lit[][] = [];
  const shares: Lit[][] = [];
  let latest: Policy = defaultPolicy(ys.length ? ys[ys.length - 1] : new Date().getFullYear());
  for (const y of ys) {
    const p = policyForYear(policies, y);
    latest = p;
    const [sws, swe] = windowDates(y, p.windows.spring);
    const [aws, awe] = windowDates(y, p.windows.autumn);
    terms.push([`${y}年春季学期`, y, '春', `${y - 1}-${y}`, `${y}-03-01`, `${y}-07-31`, sws, swe]);
    terms.push([`${y}年秋季学期`, y, '秋', `${y}-${y + 1}`, `${y}-09-01`, `${y + 1}-01-31`, aws, awe]);
    for (const s of p.standards)
      standards.push([
        y,
        s.season ?? null,
        s.program,
        s.level ?? null,
        s.boarding ?? null,
        s.substage ?? null,
        s.amount,
        s.isCap
      ]);
    for (const st of STAGES) bands.push([y, st, p.ageBands[st][0], p.ageBands[st][1]]);
    const t = p.thresholds;
    params.push([
      y,
      t.sharedCardMinIds,
      t.setasideUseMin,
      t.executionLow,
      t.outlierZ,
      t.outlierMinStudents,
      t.amountTolerance
    ]);
    for (const [cat, share] of Object.entries(t.setasideMinShare)) shares.push([y, cat, share]);
  }
  const programs: Lit[][] = [];
  for (const prog of PROGRAMS)
    for (const st of PROGRAM_STAGES[prog])
      programs.push([prog, st, NEED_BASED_PROGRAMS.includes(prog), STAGE_GROUP[st]]);
  const needProgram: Lit[][] = STAGES.map((st) => [st, STAGE_NEED_PROGRAM[st]]);
  const rules: Lit[][] = RULE_CODES.map((c: RuleCode) => [c, latest.rules[c]?.enabled !== false]);

  return [
    tableSql(
      'policy_terms',
      [
        ['term', 'VARCHAR'],
        ['year', 'INTEGER'],
        ['season', 'VARCHAR'],
        ['school_year', 'VARCHAR'],
        ['term_start', 'DATE'],
        ['term_end', 'DATE'],
        ['window_start', 'DATE'],
        ['window_end', 'DATE']
      ],
      terms
    ),
    tableSql(
      'policy_standards',
      [
        ['year', 'INTEGER'],
        ['season', 'VARCHAR'],
        ['program', 'VARCHAR'],
        ['level', 'VARCHAR'],
        ['boarding', 'BOOLEAN'],
        ['substage', 'VARCHAR'],
        ['amount', 'DOUBLE'],
        ['is_cap', 'BOOLEAN']
      ],
      standards
    ),
    tableSql(
      'policy_age_bands',
      [
        ['year', 'INTEGER'],
        ['stage', 'VARCHAR'],
        ['min_age', 'INTEGER'],
        ['max_age', 'INTEGER']
      ],
      bands
    ),
    tableSql(
      'policy_params',
      [
        ['year', 'INTEGER'],
        ['shared_card_min_ids', 'INTEGER'],
        ['setaside_use_min', 'DOUBLE'],
        ['execution_low', 'DOUBLE'],
        ['outlier_z', 'DOUBLE'],
        ['outlier_min_students', 'INTEGER'],
        ['amount_tolerance', 'DOUBLE']
      ],
      params
    ),
    tableSql(
      'policy_setaside_share',
      [
        ['year', 'INTEGER'],
        ['category', 'VARCHAR'],
        ['min_share', 'DOUBLE']
      ],
      shares
    ),
    tableSql(
      'policy_programs',
      [
        ['program', 'VARCHAR'],
        ['stage', 'VARCHAR'],
        ['need_based', 'BOOLEAN'],
        ['stage_group', 'VARCHAR']
      ],
      programs
    ),
    tableSql(
      'policy_stage_need_program',
      [
        ['stage', 'VARCHAR'],
        ['program', 'VARCHAR']
      ],
      needProgram
    ),
    tableSql(
      'policy_rules',
      [
        ['code', 'VARCHAR'],
        ['enabled', 'BOOLEAN']
      ],
      rules
    )
  ].join(';\n');
}

/**
 * Calendar years present in the loaded data: payment and census terms, allocation and set-aside
 * years, and both years of every identification school year. Needs the seven tables to exist.
 */
export async function dataYears(engine: Engine): Promise<number[]> {
  const rows = await engine.query<{ y: number }>(`
    SELECT DISTINCT y FROM (
      SELECT ${termYearSql('term')} AS y FROM payments
      UNION ALL SELECT ${termYearSql('term')} FROM census
      UNION ALL SELECT year FROM allocations
      UNION ALL SELECT year FROM setasides
      UNION ALL SELECT TRY_CAST(substr(school_year, 1, 4) AS INTEGER) FROM identifications
      UNION ALL SELECT TRY_CAST(substr(school_year, 6, 4) AS INTEGER) FROM identifications
    ) WHERE y BETWEEN 1990 AND 2100 ORDER BY y`);
  return rows.map((r) => Number(r.y));
}
