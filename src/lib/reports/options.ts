/**
 * The choices the /reports form offers, from the loaded data: terms, schools, programs per school and
 * term (only combinations that have payments), units and years.
 */
import type { Engine } from '../engine/engine';
import { COUNTIES } from '../contract/domain';
import { num, str } from './sql';
import { termYearSql } from '../model/sql-helpers';

export interface SchoolOption {
  id: string;
  name: string;
  county: string;
}

export interface ReportOptions {
  terms: string[];
  years: number[];
  counties: string[];
  schools: SchoolOption[];
  /** term → school id → programs paid there in that term. */
  programs: Record<string, Record<string, string[]>>;
}

export async function reportOptions(engine: Engine): Promise<ReportOptions> {
  const combos = await engine.query(`
    SELECT DISTINCT p.term, p.school_id, p.program FROM payments p ORDER BY 1, 2, 3`);
  const schools = await engine.query(`
    SELECT p.school_id AS id, coalesce(min(s.school_name), p.school_id) AS name, coalesce(min(s.county), '') AS county
    FROM (SELECT DISTINCT school_id FROM payments) p LEFT JOIN schools s ON s.school_id = p.school_id
    GROUP BY p.school_id ORDER BY county, name`);
  const years = await engine.query(
    `SELECT DISTINCT ${termYearSql('term')} AS y FROM payments WHERE y IS NOT NULL ORDER BY y DESC`
  );
  const programs: ReportOptions['programs'] = {};
  for (const r of combos) ((programs[str(r.term)] ??= {})[str(r.school_id)] ??= []).push(str(r.program));
  const terms = Object.keys(programs).sort((a, b) => b.localeCompare(a));
  return {
    terms,
    years: years.map((r) => num(r.y)),
    counties: [...COUNTIES],
    schools: schools.map((r) => ({ id: str(r.id), name: str(r.name), county: str(r.county) })),
    programs
  };
}
