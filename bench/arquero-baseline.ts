/**
 * The JavaScript baseline of `npm run bench`: rules R01, R03, R12 and the coverage metric
 * (困难学生资助覆盖率 by unit) written with Arquero alone, to set beside the same work in DuckDB.
 *
 * Same work: the inputs are the tables as they stand when the rules run (the seven tables, the
 * policy_* tables and the helper tables the policy step materialises: v_payment_ctx, v_ident_year);
 * what the SQL computes on the fly (the views v_school, v_roster, v_enrolment, v_ident_school,
 * v_program_terms, and metric_needy for coverage) Arquero computes too. tests/unit/arquero-baseline
 * .test.ts proves the findings and the coverage rows are exactly the SQL's on a generated city.
 * A baseline, not product code: the site and the CLI use the SQL (src/lib/rules, src/lib/metrics).
 */
import * as aq from 'arquero';
import { runSql, type Engine, type Row } from '../src/lib/engine/engine';
import { METRIC_NEEDY_SQL } from '../src/lib/metrics/base';
import { coverageSql } from '../src/lib/metrics/coverage';
import { R01 } from '../src/lib/rules/r01';
import { R03 } from '../src/lib/rules/r03';
import { R12 } from '../src/lib/rules/r12';
import type { Finding } from '../src/lib/rules/types';

const { op } = aq;
/** A row inside an Arquero expression or of its output: its columns are whatever the verbs made. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type D = any;
type Table = ReturnType<typeof aq.from>;

/** The input tables, read once from DuckDB as objects (only the columns the four computations read). */
export interface ArqueroInputs {
  payCtx: Table;
  payments: Table;
  roster: Table;
  identifications: Table;
  schools: Table;
  identYear: Table;
  policyTerms: Table;
  policyPrograms: Table;
  stageNeedProgram: Table;
  standards: Table;
}

export async function readInputs(engine: Engine): Promise<ArqueroInputs> {
  const t = async (sql: string) => aq.from(await engine.query(sql));
  return {
    payCtx: await t(
      `SELECT id, name, school_id, county, program, school_year, term, amount, grp_seq, term_start, term_end, enrolled_any FROM v_payment_ctx`
    ),
    payments: await t(`SELECT id, program, term FROM payments`),
    roster: await t(
      `SELECT id, name, school_id, grade, grade_stage, status, strftime(status_date, '%Y-%m-%d') AS status_date,
              strftime(entry_date, '%Y-%m-%d') AS entry_date, boarding, src_file, src_row FROM roster`
    ),
    identifications: await t(`SELECT id, school_year, school_id, level FROM identifications`),
    schools: await t(`SELECT school_id, county, stage, ownership, school_name FROM schools`),
    identYear: await t(`SELECT id, school_year, level, priority_types, is_priority FROM v_ident_year`),
    policyTerms: await t(
      `SELECT term, year, season, school_year, strftime(term_start, '%Y-%m-%d') AS term_start,
              strftime(term_end, '%Y-%m-%d') AS term_end FROM policy_terms`
    ),
    policyPrograms: await t(`SELECT program, need_based FROM policy_programs`),
    stageNeedProgram: await t(`SELECT stage, program FROM policy_stage_need_program`),
    standards: await t(
      `SELECT year, program, season, level, boarding, substage, amount FROM policy_standards`
    )
  };
}

/** DuckDB's round(x, 2) on a double: half away from zero. */
const round2 = (x: number) => (Math.sign(x) * Math.round(Math.abs(x) * 100 + 1e-9)) / 100;
/** moneySql: whole yuan without decimals, else two decimals. */
const money = (x: number) => {
  const r = round2(x);
  return Math.round(r) === r ? String(r) : r.toFixed(2);
};

const finding = (code: Finding['rule_code'], r: Row, amount: number | null, detail: string): Finding => ({
  rule_code: code,
  id: r.id as string,
  name: (r.name as string) ?? null,
  school_id: (r.school_id as string) ?? null,
  county: (r.county as string) ?? null,
  program: (r.program as string) ?? null,
  school_year: (r.school_year as string) ?? null,
  term: (r.term as string) ?? null,
  year: null,
  amount,
  detail,
  ref: null
});

/** The first row of each group by `order` (SQL arg_min over the group). */
/** Equi-join keys of the same names on both sides (a bare array of two names means left/right). */
const on = (...keys: string[]): [string[], string[]] => [keys, keys];

const firstBy = (t: Table, keys: string[], order: string[]) =>
  t
    .orderby(...order)
    .groupby(...keys)
    .filter(() => op.row_number() === 1)
    .ungroup();

/** R01 重复资助. */
export function r01Arquero(x: ArqueroInputs): Finding[] {
  const keys = ['id', 'program', 'term'];
  // As the SQL: find the groups paid more than once, then aggregate only their payments.
  const dup = x.payCtx
    .groupby(...keys)
    .count({ as: 'n' })
    .filter((d: D) => d.n > 1);
  const rows = x.payCtx.semijoin(dup, on(...keys));
  const g = rows.groupby(...keys).rollup({
    n: op.count(),
    school_year: (d: D) => op.min(d.school_year),
    total: (d: D) => op.sum(d.amount),
    extra: (d: D) => op.sum(d.grp_seq > 1 ? d.amount : 0),
    schools: (d: D) => op.array_agg_distinct(d.school_id)
  });
  const first = rows.filter((d: D) => d.grp_seq === 1).select(...keys, 'name', 'school_id', 'county');
  return g
    .join(first, on(...keys))
    .objects()
    .map((r: D) => {
      const schools = (r.schools as string[]).filter((s) => s !== null).sort();
      const many = schools.length > 1 ? `；涉及 ${schools.length} 所学校：${schools.join('、')}` : '';
      return finding(
        'R01',
        r,
        round2(r.extra as number),
        `同一学期发放 ${r.n} 次，共 ${money(r.total as number)} 元，首次之外多发 ${money(r.extra as number)} 元${many}`
      );
    });
}

/** R03 无在读学籍. */
export function r03Arquero(x: ArqueroInputs): Finding[] {
  const keys = ['id', 'program', 'term'];
  const f = x.payCtx.filter((d: D) => d.term_start !== null && !d.enrolled_any);
  const rs = x.roster
    .semijoin(f, on('id'))
    .orderby('school_id', 'src_file', 'src_row')
    .derive({
      row: (d: D) =>
        d.school_id +
        ' ' +
        (d.status ?? '') +
        (d.status_date === null ? '' : '（' + d.status_date + '）') +
        (d.entry_date === null ? '' : '，入学 ' + op.substring(d.entry_date, 0, 7))
    })
    .groupby('id')
    .rollup({ rows: (d: D) => op.array_agg(d.row) });
  const g = f.groupby(...keys).rollup({
    school_year: (d: D) => op.min(d.school_year),
    amount: (d: D) => op.sum(d.amount)
  });
  const first = firstBy(f, keys, ['grp_seq'])
    .join_left(rs, on('id'))
    .select(...keys, 'name', 'school_id', 'county', 'term_start', 'term_end', 'rows');
  return g
    .join(first, on(...keys))
    .objects()
    .map((r: D) =>
      finding(
        'R03',
        r,
        round2(r.amount as number),
        r.rows == null
          ? '学籍名单中无此证件号'
          : `本学期（${r.term_start} 至 ${r.term_end}）无在读学籍；学籍记录：${(r.rows as string[]).join('；')}`
      )
    );
}

/** v_school: one row per school with its unit and stages. */
function vSchool(x: ArqueroInputs): Table {
  return x.schools
    .filter((d: D) => d.school_id !== null)
    .groupby('school_id')
    .rollup({
      county: (d: D) => op.min(d.county),
      stages: (d: D) => op.array_agg_distinct(d.stage),
      school_name: (d: D) => op.min(d.school_name)
    })
    .derive({
      stages: (d: D) => op.compact(d.stages),
      n_stages: (d: D) => op.length(op.compact(d.stages)),
      has_zhongzhi: (d: D) => op.includes(d.stages, '中职'),
      has_xiaoxue: (d: D) => op.includes(d.stages, '小学')
    });
}

/** v_enrolment: roster rows (with the student's stage at that school) × the terms they are enrolled in. */
function vEnrolment(x: ArqueroInputs, school: Table): Table {
  const roster = x.roster
    .filter((d: D) => d.id !== null)
    .join_left(
      school.select('school_id', 'stages', 'n_stages', 'has_zhongzhi', 'has_xiaoxue'),
      on('school_id')
    )
    .derive({
      stage: (d: D) =>
        d.n_stages === 1
          ? d.stages[0]
          : (d.grade === '一年级' || d.grade === '二年级' || d.grade === '三年级') &&
              d.has_zhongzhi &&
              !d.has_xiaoxue
            ? '中职'
            : d.grade_stage,
      boarding: (d: D) => (d.boarding === null ? false : d.boarding)
    });
  return roster
    .cross(x.policyTerms, [
      ['id', 'school_id', 'name', 'grade', 'stage', 'boarding', 'status', 'status_date', 'entry_date'],
      ['term', 'year', 'season', 'school_year', 'term_start', 'term_end']
    ])
    .filter(
      (d: D) =>
        (d.entry_date === null || d.entry_date <= d.term_end) &&
        (d.status === '在读' || (d.status_date !== null && d.status_date >= d.term_start))
    );
}

/** v_program_terms: the terms in which a program was paid to somebody. */
function vProgramTerms(x: ArqueroInputs): Table {
  return x.payments.select('program', 'term').dedupe().join(x.policyTerms.select('term'), on('term'));
}

/** R12 重点保障对象漏助. */
export function r12Arquero(x: ArqueroInputs): Finding[] {
  const school = vSchool(x);
  const identSchool = x.identifications
    .filter((d: D) => d.id !== null && d.school_year !== null && d.school_id !== null)
    .groupby('id', 'school_year', 'school_id')
    .rollup({
      isch_level: (d: D) => (op.min(d.level) === op.max(d.level) ? op.min(d.level) : null)
    });
  const priority = x.identYear
    .filter((d: D) => d.is_priority)
    .select('id', 'school_year', 'priority_types', { level: 'iy_level' });
  const need = vEnrolment(x, school)
    .join(priority, on('id', 'school_year'))
    .join_left(identSchool, on('id', 'school_year', 'school_id'))
    .join(x.stageNeedProgram, on('stage'))
    .semijoin(vProgramTerms(x), on('program', 'term'))
    .derive({
      level: (d: D) => (d.isch_level != null ? d.isch_level : d.iy_level),
      reading: (d: D) => (d.status === '在读' ? 0 : 1)
    });
  const missed = firstBy(need, ['id', 'program', 'term'], ['reading', 'school_id', 'name']).antijoin(
    x.payments,
    on('id', 'program', 'term')
  );
  const std = missed
    .select('id', 'program', 'term', 'year', 'season', 'level', 'boarding', 'stage')
    .join(
      x.standards.rename({
        level: 's_level',
        boarding: 's_boarding',
        season: 's_season',
        amount: 's_amount'
      }),
      (a: D, b: D) =>
        a.year === b.year &&
        a.program === b.program &&
        (b.s_season === null || b.s_season === a.season) &&
        (b.s_level === null || a.level === null || b.s_level === a.level) &&
        (b.s_boarding === null || a.boarding === null || b.s_boarding === a.boarding) &&
        (b.substage === null || (a.stage !== '小学' && a.stage !== '初中') || b.substage === a.stage),
      [['id', 'program', 'term'], ['s_amount']]
    )
    .groupby('id', 'program', 'term')
    .rollup({ std: (d: D) => op.min(d.s_amount) });
  return missed
    .join_left(std, on('id', 'program', 'term'))
    .join_left(school.select('school_id', 'county'), on('school_id'))
    .objects()
    .map((r: D) => {
      const std = r.std == null ? null : (r.std as number);
      return finding(
        'R12',
        r,
        std === null ? null : round2(std),
        `重点保障对象（${r.priority_types}），本学期在 ${r.school_id} ${r.stage}在读，未领取“${r.program}”` +
          (std === null ? '' : `，应发标准 ${money(std)} 元`)
      );
    });
}

export interface CoverageByUnit {
  key: string;
  needy: number;
  covered: number;
  rate: number | null;
}

/**
 * 困难学生资助覆盖率 by unit over every term (coverageSql({}, 'county') on metric_needy): the needy
 * students enrolled per term (one school each, 在读 first, then 学校标识码), identified for the
 * term's school year, in a term with payments of their stage's need program; covered = paid any
 * need-based program in the term.
 */
export function coverageArquero(x: ArqueroInputs): CoverageByUnit[] {
  const school = vSchool(x);
  const needyEnrol = vEnrolment(x, school)
    .join(x.identYear.select('id', 'school_year'), on('id', 'school_year'))
    .derive({ reading: (d: D) => (d.status === '在读' ? 0 : 1) });
  const needBased = x.policyPrograms
    .groupby('program')
    .rollup({ need_based: (d: D) => op.sum(d.need_based === true ? 1 : 0) > 0 });
  const paidNeed = x.payments
    .join_left(needBased, on('program'))
    .filter((d: D) => d.need_based === true)
    .select('term', 'id')
    .dedupe();
  return firstBy(needyEnrol, ['term', 'id'], ['reading', 'school_id'])
    .select('term', 'id', 'school_id', 'stage')
    .join(school.select('school_id', 'county'), on('school_id'))
    .join(x.stageNeedProgram, on('stage'))
    .semijoin(vProgramTerms(x), on('program', 'term'))
    .join_left(paidNeed.derive({ paid: () => true }), on('term', 'id'))
    .derive({ key: (d: D) => (d.county === null ? '（未登记学校）' : d.county) })
    .groupby('key')
    .rollup({ needy: op.count(), covered: (d: D) => op.sum(d.paid === true ? 1 : 0) })
    .derive({ rate: (d: D) => (d.needy > 0 ? d.covered / d.needy : null) })
    .orderby('key')
    .objects() as unknown as CoverageByUnit[];
}

/** The same four computations in DuckDB, as the product runs them (rule SQL; metric_needy + coverageSql). */
export async function sqlSide(engine: Engine) {
  const rules = async (sql: string) => (await engine.query(sql)) as unknown as Finding[];
  return {
    R01: () => rules(R01.sql),
    R03: () => rules(R03.sql),
    R12: () => rules(R12.sql),
    coverage: async () => {
      await engine.exec(METRIC_NEEDY_SQL);
      return (await runSql(engine, coverageSql({}, 'county'))).map((r: D) => ({
        key: r.key as string,
        needy: Number(r.needy),
        covered: Number(r.covered),
        rate: r.rate as number | null
      }));
    }
  };
}

export interface ArqueroBench {
  /** Reading the input tables from DuckDB into Arquero (not in either side's time). */
  readMs: number;
  rows: { name: string; duckdbMs: number; arqueroMs: number; duckdbRows: number; arqueroRows: number }[];
}

/** Times each computation on both sides, one after the other, on an engine where the pipeline ran. */
export async function benchArquero(engine: Engine): Promise<ArqueroBench> {
  let t = performance.now();
  const x = await readInputs(engine);
  const readMs = performance.now() - t;
  const sql = await sqlSide(engine);
  const pairs: [string, () => Promise<unknown[]>, () => unknown[]][] = [
    ['R01', sql.R01, () => r01Arquero(x)],
    ['R03', sql.R03, () => r03Arquero(x)],
    ['R12', sql.R12, () => r12Arquero(x)],
    ['覆盖率（按单位）', sql.coverage, () => coverageArquero(x)]
  ];
  const rows: ArqueroBench['rows'] = [];
  for (const [name, s, a] of pairs) {
    t = performance.now();
    const sr = await s();
    const duckdbMs = performance.now() - t;
    t = performance.now();
    const ar = a();
    const arqueroMs = performance.now() - t;
    rows.push({
      name,
      duckdbMs: Math.round(duckdbMs),
      arqueroMs: Math.round(arqueroMs),
      duckdbRows: sr.length,
      arqueroRows: ar.length
    });
  }
  return { readMs: Math.round(readMs), rows };
}
