/**
 * Derived helper views every rule (and metric) may use. One definition each; created by
 * createViews after the seven tables and the policy_* tables exist (applyPolicy does both).
 * Plain core SQL, identical in duckdb-wasm and native DuckDB.
 */
import type { Engine } from '../engine/engine';
import { ageSql, idCheckCharSql, idFormSql, stripSpacesSql } from './sql-helpers';

/** One row per school: its county, ownership (民办 when any stage row says so) and its stages. */
const V_SCHOOL = `
SELECT school_id,
       min(county) AS county,
       CASE WHEN bool_or(ownership = '民办') THEN '民办' ELSE '公办' END AS ownership,
       count(DISTINCT stage) AS n_stages,
       CASE WHEN count(DISTINCT stage) = 1 THEN min(stage) END AS single_stage,
       coalesce(bool_or(stage = '中职'), FALSE) AS has_zhongzhi,
       coalesce(bool_or(stage = '小学'), FALSE) AS has_xiaoxue,
       min(school_name) AS school_name
FROM schools
WHERE school_id IS NOT NULL
GROUP BY school_id`;

/** One row per school and stage (a 九年一贯制 school has two). */
const V_SCHOOL_STAGE = `
SELECT s.school_id, s.stage, v.county, v.ownership, max(s.enrolled_count) AS enrolled_count
FROM schools s JOIN v_school v USING (school_id)
WHERE s.stage IS NOT NULL
GROUP BY s.school_id, s.stage, v.county, v.ownership`;

/**
 * Roster rows with the student's stage at that school (checks.md "Stage of a school for a
 * student"): the school's stage when it has one; 一年级…三年级 at a 中职 school (without 小学) is
 * 中职; otherwise the stage of the grade.
 */
const V_ROSTER = `
SELECT r.id, r.name, r.school_id, r.grade, r.status, r.status_date, r.entry_date,
       coalesce(r.boarding, FALSE) AS boarding, r.src_file, r.src_row,
       CASE WHEN s.n_stages = 1 THEN s.single_stage
            WHEN r.grade IN ('一年级', '二年级', '三年级') AND s.has_zhongzhi AND NOT s.has_xiaoxue THEN '中职'
            ELSE r.grade_stage END AS stage
FROM roster r LEFT JOIN v_school s USING (school_id)
WHERE r.id IS NOT NULL`;

/**
 * checks.md "Enrolled at school s in term T", for roster row r and policy_terms row t: 入学年月
 * empty or not after the term end, and 在读 or 状态变动日期 on/after the term start.
 */
export function enrolledSql(r: string, t: string): string {
  return `((${r}.entry_date IS NULL OR ${r}.entry_date <= ${t}.term_end) AND (${r}.status = '在读' OR ${r}.status_date >= ${t}.term_start))`;
}

/**
 * One row per roster row × policy term in which the student counts as enrolled at that school
 * (checks.md): 入学年月 empty or not after the term end, and 在读 or 状态变动日期 on/after the term start.
 */
const V_ENROLMENT = `
SELECT r.id, r.school_id, r.name, r.grade, r.stage, r.boarding, r.status, r.status_date, r.entry_date,
       t.term, t.year, t.season, t.school_year, t.term_start, t.term_end
FROM v_roster r JOIN policy_terms t ON ${enrolledSql('r', 't')}`;

/**
 * Per paid (ID, term, paying school): enrolled anywhere in the term, and at the paying school.
 * An equi-join on the ID (not roster × every term), so R03/R04 stay fast on large data. Grouped
 * straight from the payments: a payment repeated changes no bool_or, so no DISTINCT pass first
 * (0.55 → 0.36 s natively for the scale-1 payments without a roster; the same with one).
 */
const V_PAY_ENROL = `
SELECT p.id, p.term, p.school_id,
       coalesce(bool_or(${enrolledSql('r', 't')}), FALSE) AS enrolled_any,
       coalesce(bool_or(${enrolledSql('r', 't')} AND r.school_id = p.school_id), FALSE) AS enrolled_here
FROM payments p
JOIN policy_terms t ON t.term = p.term
LEFT JOIN roster r ON r.id = p.id
WHERE p.id IS NOT NULL
GROUP BY p.id, p.term, p.school_id`;

/** Identification facts per ID and school year: the level when unambiguous, priority groups. */
const V_IDENT_YEAR = `
SELECT id, school_year,
       CASE WHEN min(level) = max(level) THEN min(level) END AS level,
       max(nullif(priority_types, '')) AS priority_types,
       coalesce(bool_or(priority_types IS NOT NULL AND priority_types <> ''), FALSE) AS is_priority
FROM identifications
WHERE id IS NOT NULL AND school_year IS NOT NULL
GROUP BY id, school_year`;

/** The level recorded by one school (preferred for a payment by that school). */
const V_IDENT_SCHOOL = `
SELECT id, school_year, school_id, CASE WHEN min(level) = max(level) THEN min(level) END AS level
FROM identifications
WHERE id IS NOT NULL AND school_year IS NOT NULL AND school_id IS NOT NULL
GROUP BY id, school_year, school_id`;

/** Roster attributes per (ID, school), duplicates folded deterministically (a 寄宿 row wins). */
const V_ROSTER_AT = `
SELECT id, school_id, min(stage) AS stage, bool_or(boarding) AS boarding
FROM v_roster
GROUP BY id, school_id`;

/** For a multi-stage school without a roster row: the one school stage the program belongs to. */
const V_SCHOOL_PROGRAM_STAGE = `
SELECT ss.school_id, pp.program, min(ss.stage) AS stage
FROM v_school_stage ss JOIN policy_programs pp ON pp.stage = ss.stage
GROUP BY ss.school_id, pp.program
HAVING count(*) = 1`;

/**
 * The payments of groups (ID × program × term) with several payments, stored sorted by group and
 * then by the order that numbers a group's payments (grp_seq of v_payment_ctx: 发放日期, source
 * file and row, then school, amount and load order). A table made with ORDER BY keeps that order in
 * its rowids, so a payment's number is its rowid minus its group's first rowid, plus one: what
 * row_number() OVER (PARTITION BY id, program, term ORDER BY …) gives, but built by a sort and a
 * GROUP BY, which spill to disk within the memory limit; that window held every numbered payment in
 * memory and stopped a 250 MB export at 512 MB ("Out of Memory", issue 9). Groups of one payment are
 * left out: they are their group's first.
 */
const V_PAY_ORDER = `
WITH multi AS (
  SELECT id, program, term FROM payments GROUP BY id, program, term HAVING count(*) > 1
)
SELECT p.rowid AS pay_no, p.id, p.program, p.term
FROM payments p JOIN multi m ON m.id = p.id AND m.program = p.program AND m.term = p.term
ORDER BY p.id, p.program, p.term, p.pay_date, p.src_file, p.src_row, p.school_id, p.amount, p.rowid`;

/**
 * Each payment with its context: term dates and window, school county/ownership, the student's
 * stage at the paying school (school stage, else roster grade, else the school's one stage for the
 * program), 小学/初中, boarding (roster at the paying school), level (identification of the term's
 * school year, the paying school's record preferred; NULL when unknown or ambiguous), program
 * facts, pay_no (the payments rowid: load order, internal joins only), enrolled_any / enrolled_here (v_pay_enrol), ID validity, birth date and sex (v_id_facts), age at the term start, and grp_seq (1 = first payment of
 * its ID × program × term by 发放日期, then source file and row).
 */
const V_PAYMENT_CTX = `
WITH prog AS (
  SELECT program, bool_or(need_based) AS need_based, min(stage_group) AS stage_group,
         CASE WHEN count(*) = 1 THEN min(stage) END AS program_stage
  FROM policy_programs GROUP BY program
), seq AS (
  -- row_number() within the group from v_pay_order's sorted rowids (a window would not spill).
  SELECT o.pay_no, o.rowid - f.first_row + 1 AS grp_seq
  FROM v_pay_order o
  JOIN (SELECT id, program, term, min(rowid) AS first_row FROM v_pay_order GROUP BY id, program, term) f
    ON f.id = o.id AND f.program = o.program AND f.term = o.term
), base AS (
  SELECT p.id, p.name, ${stripSpacesSql('p.name')} AS norm_name, p.school_id, p.program, p.term,
         CAST(p.amount AS DOUBLE) AS amount, p.pay_date,
         nullif(${stripSpacesSql('p.bank_card')}, '') AS bank_card,
         p.holder_name, p.batch, p.src_file, p.src_row,
         t.year, t.season, t.school_year, t.term_start, t.term_end, t.window_start, t.window_end,
         s.county, s.ownership,
         CASE WHEN s.n_stages = 1 THEN s.single_stage
              WHEN ra.stage IS NOT NULL THEN ra.stage
              ELSE sps.stage END AS stage,
         ra.boarding AS boarding,
         coalesce(isch.level, iy.level) AS level,
         (iy.id IS NOT NULL) AS identified,
         coalesce(pe.enrolled_any, FALSE) AS enrolled_any, coalesce(pe.enrolled_here, FALSE) AS enrolled_here,
         prog.need_based, prog.stage_group, prog.program_stage,
         coalesce(sq.grp_seq, 1) AS grp_seq,
         p.rowid AS pay_no
  FROM payments p
  LEFT JOIN seq sq ON sq.pay_no = p.rowid
  LEFT JOIN policy_terms t ON t.term = p.term
  LEFT JOIN v_school s ON s.school_id = p.school_id
  LEFT JOIN v_roster_at ra ON ra.id = p.id AND ra.school_id = p.school_id
  LEFT JOIN v_school_program_stage sps ON sps.school_id = p.school_id AND sps.program = p.program
  LEFT JOIN v_ident_year iy ON iy.id = p.id AND iy.school_year = t.school_year
  LEFT JOIN v_ident_school isch ON isch.id = p.id AND isch.school_year = t.school_year AND isch.school_id = p.school_id
  LEFT JOIN prog ON prog.program = p.program
  LEFT JOIN v_pay_enrol pe ON pe.id = p.id AND pe.term = p.term AND pe.school_id = p.school_id
  WHERE p.id IS NOT NULL
)
SELECT b.*, CASE WHEN b.stage IN ('小学', '初中') THEN b.stage END AS substage,
       coalesce(f.check_ok AND f.birth_date <= coalesce(b.pay_date, b.term_start), FALSE) AS id_valid,
       f.birth_date, f.sex,
       ${ageSql('f.birth_date', 'b.term_start')} AS age_at_start
FROM base b LEFT JOIN v_id_facts f ON f.id = b.id`;

/**
 * Facts of each distinct payment ID, computed once: right form, birth date (NULL when impossible),
 * sex, and check_ok = form, birth date from 1900 on, and the check character all right. Whether
 * the birth date is after the payment is judged per payment (v_payment_ctx.id_valid).
 */
const V_ID_FACTS = `
WITH ids AS (SELECT DISTINCT id FROM payments WHERE id IS NOT NULL),
f AS (SELECT id, ${idFormSql('id')} AS id_form FROM ids),
b AS (SELECT id, id_form, CASE WHEN id_form THEN try_strptime(substr(id, 7, 8), '%Y%m%d')::DATE END AS birth_date FROM f)
SELECT id, id_form, birth_date,
       CASE WHEN id_form THEN CASE WHEN (ascii(substr(id, 17, 1)) - 48) % 2 = 1 THEN '男' ELSE '女' END END AS sex,
       coalesce(id_form AND birth_date >= DATE '1900-01-01' AND ${idCheckCharSql('id')} = substr(id, 18, 1), FALSE) AS check_ok
FROM b`;

/** Terms that have payments of a program: R12 and S05 judge only data that was exported. */
const V_PROGRAM_TERMS = `
SELECT DISTINCT p.program, t.term, t.year, t.season, t.school_year, t.term_start, t.term_end
FROM payments p JOIN policy_terms t ON t.term = p.term`;

/**
 * The minimum 计提 share of each school and year (S02 and the 计提 metric): from
 * policy_setaside_share by category — 普通高中 / 中职 by the school's stages, 民办 for a private
 * school; a school in several categories must meet the highest, and every category that sets it is
 * named (e.g. 中职、民办). Schools in no category have no row (they are not judged).
 */
const V_SETASIDE_SHARE = `
WITH cats AS (
  SELECT DISTINCT school_id, stage AS category FROM v_school_stage
  UNION SELECT school_id, '民办' FROM v_school WHERE ownership = '民办'
), shares AS (
  SELECT c.school_id, ps.year, ps.category, ps.min_share,
         max(ps.min_share) OVER (PARTITION BY c.school_id, ps.year) AS share
  FROM cats c JOIN policy_setaside_share ps ON ps.category = c.category
)
SELECT school_id, year, max(share) AS min_share, string_agg(category, '、' ORDER BY category) AS category
FROM shares WHERE min_share = share GROUP BY school_id, year`;

/**
 * In creation order. The heavy ones that every recipient rule reads are materialised as tables
 * (same names) so a million payments are joined and numbered once, not once per rule; they are
 * rebuilt by createViews whenever the data or the policy changes.
 */
export const VIEWS: { name: string; materialise: boolean; sql: string }[] = [
  { name: 'v_school', materialise: true, sql: V_SCHOOL },
  { name: 'v_school_stage', materialise: true, sql: V_SCHOOL_STAGE },
  { name: 'v_roster', materialise: false, sql: V_ROSTER },
  { name: 'v_enrolment', materialise: false, sql: V_ENROLMENT },
  { name: 'v_ident_year', materialise: true, sql: V_IDENT_YEAR },
  { name: 'v_ident_school', materialise: false, sql: V_IDENT_SCHOOL },
  { name: 'v_roster_at', materialise: false, sql: V_ROSTER_AT },
  { name: 'v_school_program_stage', materialise: false, sql: V_SCHOOL_PROGRAM_STAGE },
  { name: 'v_id_facts', materialise: true, sql: V_ID_FACTS },
  { name: 'v_pay_enrol', materialise: true, sql: V_PAY_ENROL },
  { name: 'v_pay_order', materialise: true, sql: V_PAY_ORDER },
  { name: 'v_payment_ctx', materialise: true, sql: V_PAYMENT_CTX },
  { name: 'v_program_terms', materialise: false, sql: V_PROGRAM_TERMS },
  { name: 'v_setaside_share', materialise: true, sql: V_SETASIDE_SHARE }
];

/** The DDL of one helper view or materialised table. */
export function viewSql(v: { name: string; materialise: boolean; sql: string }): string {
  return `CREATE OR REPLACE ${v.materialise ? 'TABLE' : 'VIEW'} ${v.name} AS ${v.sql}`;
}

/** (Re)creates the helper views; needs the seven tables and the policy_* tables. */
export async function createViews(engine: Engine): Promise<void> {
  for (const v of VIEWS) await engine.exec(viewSql(v));
}
