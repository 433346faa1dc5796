/**
 * The policy file: everything a rule compares against (standards, windows, age bands, thresholds)
 * for one calendar year. Standards change by year and province, so they are data, not code.
 */
import type { Program, Stage } from '../contract/domain';
import type { RuleCode } from '../contract/rule-codes';

export type Season = '春' | '秋';

/** A payment window as MM-DD within the term's calendar year. */
export interface Window {
  start: string;
  end: string;
}

export interface StandardRow {
  program: Program | string;
  /** NULL / absent = both terms. */
  season?: Season | null;
  level?: '特别困难' | '困难' | '一般困难' | null;
  boarding?: boolean | null;
  substage?: '小学' | '初中' | null;
  amount: number;
  /** A cap rather than a fixed standard (普通高中免学杂费: the school's own fee, up to the cap). */
  isCap: boolean;
  /** 待核定: a placeholder the user must confirm (shown on the settings page). */
  pending?: boolean;
}

export type SetasideCategory = '普通高中' | '中职' | '民办';

export interface Thresholds {
  sharedCardMinIds: number;
  setasideMinShare: Record<SetasideCategory, number>;
  setasideUseMin: number;
  executionLow: number;
  outlierZ: number;
  outlierMinStudents: number;
  amountTolerance: number;
}

export interface Policy {
  year: number;
  windows: { spring: Window; autumn: Window };
  standards: StandardRow[];
  ageBands: Record<Stage, [number, number]>;
  thresholds: Thresholds;
  rules: Record<RuleCode, { enabled: boolean }>;
}
