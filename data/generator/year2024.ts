/**
 * The year before: 2024 (2024年春季学期, 2024年秋季学期), so that 环比 and the 历年 charts compare
 * something. Built AFTER the 2025 city is complete (plants, census, set-asides, allocations), with
 * its own random stream, so every 2025 row and every planted key stays exactly as it was.
 *
 * One roster snapshot serves both years (data-contract: a row counts for a term by its 入学年月 and
 * 状态变动日期): who was enrolled in a 2024 term is read off the 2025 roster with checks.md's rule;
 * only the class that graduated in June 2024 is added (毕业, 2024-06-20..07-05), as the registry
 * would still list it. 2024 is clean: no plants, nothing a rule flags, except what a 2025 plant on
 * school year 2024-2025 (shared by 2024 autumn and 2025 spring) shows in both of its terms (S05).
 * Units behind were a little further behind in 2024 (coverage), so the change is visible.
 */
import { COUNTIES, type Program } from '../../src/lib/contract/domain';
import {
  AUTUMN_2024,
  PREV_YEAR,
  SPRING_2024,
  SY_SPRING,
  SY_SPRING_2024,
  TERM_INFO,
  dateBetween,
  fmtAmount,
  type TermKey
} from './calendar';
import { enrolledIn, schoolOfRow, splitByLevel } from './funds';
import type { Row, SchoolRow, Student } from './model';
import { key } from './plants';
import { farBehindSchool, isBehind, missRate, unitHash } from './profile';
import { type Ctx, identRow, materialize, needProgram, newStudent, standardAmount } from './population';
import type { Rng } from './rng';

export interface Year2024 {
  payments: Row[];
  census: Row[];
  setasides: Row[];
  allocations: Row[];
}

/** 2024 coverage in the units behind: their miss rate was this much higher than in 2025. */
const BEHIND_2024 = 1.3;

/** Rules whose planted students stay out of 2024 entirely (their anomaly is in the person). */
const KEEP_OUT = new Set(['R02', 'R07', 'R08', 'F01']);

export function buildYear2024(ctx: Ctx, rng: Rng): Year2024 {
  addGraduates2024(ctx, rng);
  const byCode = new Map<string, SchoolRow[]>();
  for (const s of ctx.schools) byCode.set(s.code, [...(byCode.get(s.code) ?? []), s]);
  const keepOut = new Set(ctx.gt.filter((k) => KEEP_OUT.has(k.rule_code)).map((k) => k.id));

  // Who is enrolled where in each 2024 term, from the roster (a student at two schools is left unpaid).
  const enrolled = (t: TermKey): Map<number, Student[]> => {
    const at = new Map<Student, SchoolRow[]>();
    for (const r of ctx.roster) {
      if (!enrolledIn(r, t)) continue;
      const st = ctx.byId.get(r.id);
      if (!st) continue;
      const list = at.get(st);
      if (list) list.push(schoolOfRow(byCode, r));
      else at.set(st, [schoolOfRow(byCode, r)]);
    }
    const homes = new Map<number, Student[]>();
    for (const [st, list] of at) {
      if (list.length !== 1 || keepOut.has(st.id)) continue;
      const home = homes.get(list[0].idx);
      if (home) home.push(st);
      else homes.set(list[0].idx, [st]);
    }
    return homes;
  };
  const spring = enrolled(SPRING_2024);
  const autumn = enrolled(AUTUMN_2024);

  // School year 2023-2024: the same shares as 2025's, over the spring 2024 population.
  for (const s of ctx.schools) {
    const list = [...(spring.get(s.idx) ?? [])].sort((a, b) => a.key - b.key);
    const n = ctx.autumnHome[s.idx].length;
    const q = Math.min(list.length, Math.round(s.share * n));
    const prio = Math.min(q, Math.round(0.3 * Math.round(s.share * n)));
    for (let i = 0; i < q; i++) identRow(ctx, list[i], s, SY_SPRING_2024, i < prio);
  }

  const far = farBehindSchool(ctx);
  const payDates = new Map<string, string>();
  const payments: Row[] = [];
  const pay = (st: Student, s: SchoolRow, program: Program, term: TermKey, amount: number) => {
    ctx.cardFor(st);
    const k = `${s.code}|${program}|${term}`;
    let date = payDates.get(k);
    if (!date) {
      date = dateBetween(() => rng.next(), TERM_INFO[term].payFrom, TERM_INFO[term].payTo);
      payDates.set(k, date);
    }
    payments.push({
      id: st.id,
      name: st.name,
      school_id: s.code,
      program,
      term,
      amount: fmtAmount(amount),
      pay_date: date,
      bank_card: st.card,
      holder_name: st.holder,
      batch: `${term.slice(0, 5)}${term.includes('春') ? '春' : '秋'}第${(s.idx % 2) + 1}批`
    });
  };
  for (const [term, sy, homes] of [
    [SPRING_2024, SY_SPRING_2024, spring],
    [AUTUMN_2024, SY_SPRING, autumn]
  ] as const) {
    for (const s of ctx.schools) {
      const list = homes.get(s.idx) ?? [];
      // A 2025 S05 plant on school year 2024-2025 shows in 2024 autumn too: same identifications.
      const s05 = term === AUTUMN_2024 && ctx.shareOverride.has(`${s.idx}|${sy}`);
      for (const st of list) {
        const id = st.ident[sy];
        const ok = !!id && id.school_id === s.code;
        const rate = missRate(s, far) * (isBehind(s.county) ? BEHIND_2024 : 1);
        const left = ok && !id.priority_types && !s05 && unitHash(`${st.id}|${term}`) < rate;
        if (ok && !left) {
          pay(st, s, needProgram(s), term, standardAmount(st, s, needProgram(s), st.level));
          if (s.stage === '普通高中' && id.priority_types) pay(st, s, '普通高中免学杂费', term, s.fee);
        }
        if (s.stage === '中职' && s.ownership === '公办') pay(st, s, '中职免学费', term, 1000);
      }
      if (s05)
        ctx.gt.push(key('S05', { school_id: s.code, program: needProgram(s), term, county: s.county }));
      if (term === AUTUMN_2024 && s.stage === '中职') {
        const k = Math.round(ctx.autumnHome[s.idx].length / 200);
        const top = list
          .filter((st) => (st.roster[0]?.entry_date ?? '') <= '2023-09')
          .sort((a, b) => ((a.key * 7919) % 1) - ((b.key * 7919) % 1));
        for (const st of top.slice(0, k)) pay(st, s, '中职国家奖学金', term, 6000);
      }
    }
  }

  return {
    payments,
    census: census2024(ctx, byCode, payments),
    setasides: setAsides2024(ctx, rng),
    allocations: allocations2024(ctx, rng, payments)
  };
}

/**
 * The class that graduated in June 2024. At 中职 exactly as many as entered in September 2024, so
 * every school's 免学费 share stays exactly 1 in 2024 as in 2025 (S05 silent).
 */
function addGraduates2024(ctx: Ctx, rng: Rng): void {
  const before = ctx.students.length;
  const entrants2024 = new Map<string, number>();
  for (const r of ctx.roster)
    if (r.status === '在读' && r.entry_date === '2024-09')
      entrants2024.set(r.school_id, (entrants2024.get(r.school_id) ?? 0) + 1);
  for (const s of ctx.schools) {
    const g = s.grades.length;
    const n =
      s.stage === '中职' ? (entrants2024.get(s.code) ?? 0) : Math.round((s.size / g) * rng.uniform(0.9, 1.1));
    for (let i = 0; i < n; i++)
      newStudent(ctx, {
        school: s,
        grade: s.grades[g - 1],
        k: s.k0 + g - 1,
        y0: 2023,
        status: '毕业',
        statusDate: dateBetween(() => rng.next(), '2024-06-20', '2024-07-05'),
        entry: `${2023 - (g - 1)}-09`,
        pos: -1,
        spring: null,
        autumn: null
      });
  }
  for (const st of ctx.students.slice(before)) materialize(ctx, st);
}

function census2024(ctx: Ctx, byCode: Map<string, SchoolRow[]>, payments: Row[]): Row[] {
  const rows: Row[] = [];
  for (const s of ctx.schools.filter((x) => x.stage === '中职'))
    for (const t of [SPRING_2024, AUTUMN_2024]) {
      const registered = ctx.roster.filter(
        (r) => r.school_id === s.code && enrolledIn(r, t) && schoolOfRow(byCode, r) === s
      ).length;
      const funded = new Map<string, Set<string>>();
      for (const p of payments)
        if (p.school_id === s.code && p.term === t)
          funded.set(p.program, (funded.get(p.program) ?? new Set()).add(p.id));
      const max = Math.max(0, ...[...funded.values()].map((x) => x.size));
      rows.push({
        school_id: s.code,
        term: t,
        registered: String(registered),
        counted: String(Math.max(registered, max))
      });
    }
  return rows;
}

/** 2024 计提: compliant everywhere, the units behind at their minimum as in 2025. */
function setAsides2024(ctx: Ctx, rng: Rng): Row[] {
  return ctx.schools
    .filter((s) => s.stage === '普通高中' || s.stage === '中职')
    .map((s) => {
      const perStudent = s.stage === '普通高中' ? 2 * s.fee + rng.int(300, 700) : rng.int(800, 1500);
      const income = Math.round(s.size * rng.uniform(0.95, 1.02) * perStudent);
      const behind = isBehind(s.county);
      const share =
        s.stage === '普通高中' && s.ownership === '公办'
          ? behind
            ? rng.uniform(0.0301, 0.0312)
            : rng.uniform(0.032, 0.046)
          : behind
            ? rng.uniform(0.0501, 0.0512)
            : rng.uniform(0.052, 0.06);
      const use = behind ? rng.uniform(0.55, 0.8) : rng.uniform(0.62, 0.98);
      const setAside = Math.round(income * share * 100) / 100;
      return {
        school_id: s.code,
        year: String(PREV_YEAR),
        income: fmtAmount(income),
        set_aside: fmtAmount(setAside),
        spent: fmtAmount(Math.round(setAside * use * 100) / 100)
      };
    });
}

/** 2024 allocations: executed 93–99 % (units behind 90.5–92 %), no 超拨 or 滞留. */
function allocations2024(ctx: Ctx, rng: Rng, payments: Row[]): Row[] {
  const countyOf = new Map(ctx.schools.map((s) => [s.code, s.county]));
  const disbursed = new Map<string, number>();
  for (const p of payments) {
    const k = `${countyOf.get(p.school_id)}|${p.program}`;
    disbursed.set(k, (disbursed.get(k) ?? 0) + Math.round(+p.amount * 100));
  }
  const docs = new Map<string, number>();
  const doc = (prefix: string): string => {
    const n = (docs.get(prefix) ?? rng.int(3, 9)) + rng.int(1, 4);
    docs.set(prefix, n);
    return `${prefix}〔${PREV_YEAR}〕${n}号`;
  };
  const rows: Row[] = [];
  for (const county of COUNTIES)
    for (const [k, paid] of disbursed) {
      const [c, program] = k.split('|');
      if (c !== county || paid <= 0) continue;
      const rate = isBehind(county) ? rng.uniform(0.905, 0.92) : rng.uniform(0.93, 0.99);
      const total = Math.round(paid / rate);
      for (const [level, cents, prefix] of splitByLevel(rng, county, total)) {
        rows.push({
          doc_no: doc(prefix),
          alloc_date: dateBetween(() => rng.next(), `${PREV_YEAR}-01-10`, `${PREV_YEAR}-10-31`),
          budget_level: level,
          program,
          target_unit: county,
          amount: fmtAmount(cents / 100)
        });
      }
    }
  return rows;
}
