/** Shared types of the generator: the in-memory city, its schools and students. */
import type { County, Level, Program, Stage } from '../../src/lib/contract/domain';
import type { TableKey } from '../../src/lib/contract/tables';
import type { TermKey } from './calendar';

/** A table row keyed by the column keys of src/lib/contract/tables.ts, values as written to CSV. */
export type Row = Record<string, string>;

/** One 学校信息 row: a school at one stage (a 九年一贯制 school is two SchoolRows with one code). */
export interface SchoolRow {
  idx: number;
  code: string;
  name: string;
  county: County;
  stage: Stage;
  ownership: '公办' | '民办';
  rural: boolean;
  nineYear: boolean;
  /** Grade names this school writes (some write 初一 or, at 中职, 一年级). */
  grades: string[];
  /** First grade's index on the 小班 = -2 … 高三 = 12 scale. */
  k0: number;
  /** 普通高中免学杂费 per semester (the school's own fee). */
  fee: number;
  /** Target share of identified students (S05 is kept quiet by spacing these evenly). */
  share: number;
  /** 在读 students when the base city is built; the 学校信息 在校生数 is recounted at the end. */
  size: number;
  tiny: boolean;
}

export interface Student {
  id: string;
  name: string;
  sex: 1 | 2;
  birth: string;
  area: string;
  school: SchoolRow;
  grade: string;
  status: string;
  statusDate: string;
  entry: string;
  boarding: boolean;
  ethnicity: string;
  /** The school that pays (and where the student is enrolled) in each term, null when not enrolled. */
  spring: SchoolRow | null;
  autumn: SchoolRow | null;
  /** Position in the cohort (0 = new entrant this autumn, -1 = not in school this autumn). */
  pos: number;
  key: number;
  level: Level;
  prioTypes: string;
  ident: Record<string, Row>;
  roster: Row[];
  pays: Row[];
  card: string;
  holder: string;
  /** Taken by a plant or a negative case: other plants leave it alone. */
  used: boolean;
  transfer: boolean;
  /** For a mid-year transfer: the school left, the date, and the original 入学年月. */
  fromSchool?: SchoolRow;
  transferDate?: string;
  origEntry?: string;
}

export interface Key {
  rule_code: string;
  id: string;
  program: string;
  term: string;
  school_id: string;
  county: string;
  year: string;
}
export interface Negative extends Key {
  note: string;
}

export interface City {
  seed: number;
  scale: number;
  tables: Record<TableKey, Row[]>;
  groundTruth: Key[];
  negatives: Negative[];
}

export type { County, Level, Program, Stage, TermKey };
