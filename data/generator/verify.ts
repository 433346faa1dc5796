/**
 * A reference implementation of checks.md on the generator's in-memory tables, written straight
 * from the spec's words. It proves the city is clean except for its plants: every deterministic
 * rule must find exactly the ground truth; S05 and F01 at least the planted cases. The real rule
 * SQL lives in src/lib/rules; this is only the generator's self-check (and a cross-check for it).
 */
import {
  GRADE_STAGE,
  NEED_BASED_PROGRAMS,
  PROGRAM_STAGES,
  STAGE_GROUP,
  STAGE_NEED_PROGRAM,
  type Program,
  type Stage
} from '../../src/lib/contract/domain';
import { AGE_BAND, TERM_INFO, ageOn, type TermKey } from './calendar';
import { enrolledIn } from './funds';
import { idBirth, idSex, isValidId } from './idcard';
import type { City, Key, Row } from './model';

const RULES = [
  'R01',
  'R02',
  'R03',
  'R04',
  'R05',
  'R06',
  'R07',
  'R08',
  'R09',
  'R10',
  'R11',
  'R12',
  'S01',
  'S02',
  'S03',
  'S04',
  'S05',
  'F01'
];

export function keyString(k: Key): string {
  return [k.rule_code, k.id, k.program, k.term, k.school_id, k.county, k.year].join('|');
}

const mk = (rule: string, o: Partial<Key>): Key => ({
  rule_code: rule,
  id: '',
  program: '',
  term: '',
  school_id: '',
  county: '',
  year: '',
  ...o
});
const level = (l: string): string => (l === '比较困难' ? '困难' : l);
const nameNorm = (n: string): string => n.replace(/\s+/g, '');

export function findAll(city: City): Key[] {
  const t = city.tables;
  const out: Key[] = [];
  const byCode = new Map<string, Row[]>();
  for (const s of t.schools) byCode.set(s.school_id, [...(byCode.get(s.school_id) ?? []), s]);
  const gradeStage = (r: Row): Stage => {
    const rows = byCode.get(r.school_id) ?? [];
    if (rows.some((s) => s.stage === '中职') && /^[一二三]年级$/.test(r.grade)) return '中职';
    return GRADE_STAGE[r.grade];
  };
  const rosterById = new Map<string, Row[]>();
  for (const r of t.roster) rosterById.set(r.id, [...(rosterById.get(r.id) ?? []), r]);
  const ident = new Map<string, Row[]>();
  for (const r of t.identifications)
    ident.set(`${r.id}|${r.school_year}`, [...(ident.get(`${r.id}|${r.school_year}`) ?? []), r]);
  const enrolledAt = (id: string, term: TermKey): Row[] =>
    (rosterById.get(id) ?? []).filter((r) => enrolledIn(r, term));
  /** Stage of the paying school for this student (multi-stage: the grade's stage there). */
  const payStage = (p: Row): Stage | null => {
    const rows = byCode.get(p.school_id) ?? [];
    if (rows.length === 1) return rows[0].stage as Stage;
    const r = (rosterById.get(p.id) ?? []).find((x) => x.school_id === p.school_id);
    return r ? gradeStage(r) : null;
  };

  const groups = new Map<string, Row[]>();
  for (const p of t.payments)
    groups.set(`${p.id}|${p.program}|${p.term}`, [
      ...(groups.get(`${p.id}|${p.program}|${p.term}`) ?? []),
      p
    ]);

  const perPerson = new Map<string, Set<string>>();
  for (const [k, rows] of groups) {
    const [id, program, termS] = k.split('|');
    const term = termS as TermKey;
    const ti = TERM_INFO[term];
    const f = (rule: string) => out.push(mk(rule, { id, program, term }));
    const pg = `${id}|${term}`;
    perPerson.set(
      pg,
      (perPerson.get(pg) ?? new Set()).add(STAGE_GROUP[PROGRAM_STAGES[program as Program][0]])
    );
    if (rows.length > 1) f('R01');
    const enrolled = enrolledAt(id, term);
    if (!enrolled.length) f('R03');
    else if (rows.some((p) => !enrolled.some((r) => r.school_id === p.school_id))) f('R04');
    const idRows = ident.get(`${id}|${ti.schoolYear}`) ?? [];
    if (NEED_BASED_PROGRAMS.includes(program as Program) && !idRows.length) f('R05');
    // R06
    const bad = rows.some((p) => {
      const a = +p.amount;
      if (!(a > 0)) return true;
      const r = (rosterById.get(id) ?? []).find((x) => x.school_id === p.school_id);
      let allowed: number[];
      switch (program) {
        case '学前教育资助':
          allowed = [500];
          break;
        case '义务教育家庭经济困难学生生活补助':
          if (!r) allowed = [625, 312.5, 750, 375];
          else {
            const b = r.boarding === '是';
            allowed = gradeStage(r) === '小学' ? [b ? 625 : 312.5] : [b ? 750 : 375];
          }
          break;
        case '普通高中国家助学金': {
          const lv = idRows.length === 1 ? level(idRows[0].level) : '';
          allowed = lv ? [{ 特别困难: 1500, 困难: 1150, 一般困难: 800 }[lv]!] : [1500, 1150, 800];
          break;
        }
        case '普通高中免学杂费':
          return a > 1200;
        case '中职国家助学金':
          allowed = [1150];
          break;
        case '中职免学费':
          allowed = [1000];
          break;
        default:
          allowed = [6000];
      }
      return !allowed.some((x) => Math.abs(x - a) <= 0.01);
    });
    if (bad) f('R06');
    if (!isValidId(id)) f('R07');
    if (/^\d{17}[\dX]$/.test(id)) {
      const birth = idBirth(id);
      if (
        rows.some((p) => {
          const st = payStage(p);
          if (!st) return false;
          const a = ageOn(birth, ti.start);
          return a < AGE_BAND[st][0] || a > AGE_BAND[st][1];
        })
      )
        f('R08');
    }
    const names = (rosterById.get(id) ?? []).map((r) => nameNorm(r.name));
    if (names.length && rows.some((p) => !names.includes(nameNorm(p.name)))) f('R10');
    if (rows.some((p) => p.pay_date < ti.windowStart || p.pay_date > ti.windowEnd)) f('R11');
  }
  for (const [k, g] of perPerson)
    if (g.size > 1) out.push(mk('R02', { id: k.split('|')[0], term: k.split('|')[1] }));

  // R09
  const cards = new Map<string, Row[]>();
  for (const p of t.payments)
    if (p.bank_card)
      cards.set(`${p.bank_card}|${p.term}`, [...(cards.get(`${p.bank_card}|${p.term}`) ?? []), p]);
  const r09 = new Set<string>();
  for (const rows of cards.values())
    if (new Set(rows.map((p) => p.id)).size >= 3)
      for (const p of rows) r09.add(`${p.id}|${p.program}|${p.term}`);
  for (const k of r09) {
    const [id, program, term] = k.split('|');
    out.push(mk('R09', { id, program, term }));
  }

  // R12
  const r12 = new Set<string>();
  for (const r of t.identifications) {
    if (!r.priority_types) continue;
    for (const term of ['2025年春季学期', '2025年秋季学期'] as TermKey[]) {
      if (TERM_INFO[term].schoolYear !== r.school_year) continue;
      for (const ro of enrolledAt(r.id, term)) {
        const prog = STAGE_NEED_PROGRAM[gradeStage(ro)];
        if (!groups.has(`${r.id}|${prog}|${term}`)) r12.add(`${r.id}|${prog}|${term}`);
      }
    }
  }
  for (const k of r12) {
    const [id, program, term] = k.split('|');
    out.push(mk('R12', { id, program, term }));
  }

  // S01
  const funded = new Map<string, Set<string>>();
  for (const p of t.payments) {
    const k = `${p.school_id}|${p.program}|${p.term}`;
    funded.set(k, (funded.get(k) ?? new Set()).add(p.id));
  }
  for (const c of t.census)
    for (const [k, ids] of funded) {
      const [sid, program, term] = k.split('|');
      if (sid === c.school_id && term === c.term && ids.size > +c.counted)
        out.push(mk('S01', { school_id: sid, program, term }));
    }

  // S02, S03
  for (const s of t.setasides) {
    const rows = byCode.get(s.school_id) ?? [];
    const min = rows.some((r) => r.ownership === '民办' || r.stage === '中职') ? 0.05 : 0.03;
    if (+s.set_aside < +s.income * min) out.push(mk('S02', { school_id: s.school_id, year: s.year }));
    if (+s.spent / +s.set_aside < 0.5) out.push(mk('S03', { school_id: s.school_id, year: s.year }));
  }

  // S04
  const countyOf = new Map(t.schools.map((s) => [s.school_id, s.county]));
  const disb = new Map<string, number>();
  const alloc = new Map<string, number>();
  for (const p of t.payments) {
    const k = `${countyOf.get(p.school_id)}|${p.program}|${p.term.slice(0, 4)}`;
    disb.set(k, (disb.get(k) ?? 0) + Math.round(+p.amount * 100));
  }
  for (const a of t.allocations) {
    const k = `${a.target_unit}|${a.program}|${a.alloc_date.slice(0, 4)}`;
    alloc.set(k, (alloc.get(k) ?? 0) + Math.round(+a.amount * 100));
  }
  for (const k of new Set([...disb.keys(), ...alloc.keys()])) {
    const d = disb.get(k) ?? 0;
    const a = alloc.get(k) ?? 0;
    if (d > a || d < 0.9 * a) {
      const [county, program, year] = k.split('|');
      out.push(mk('S04', { county, program, year }));
    }
  }

  // S05
  const paidBy = new Map<string, Set<string>>();
  for (const p of t.payments) {
    const k = `${p.school_id}|${payStage(p)}|${p.program}|${p.term}`;
    paidBy.set(k, (paidBy.get(k) ?? new Set()).add(p.id));
  }
  for (const stage of ['学前', '小学', '初中', '普通高中', '中职'] as Stage[]) {
    const rows = t.schools.filter((s) => s.stage === stage && +s.enrolled_count >= 50);
    for (const program of (Object.keys(PROGRAM_STAGES) as Program[]).filter((p) =>
      PROGRAM_STAGES[p].includes(stage)
    ))
      for (const term of ['2025年春季学期', '2025年秋季学期']) {
        const shares = rows.map(
          (s) => (paidBy.get(`${s.school_id}|${stage}|${program}|${term}`)?.size ?? 0) / +s.enrolled_count
        );
        const med = median(shares);
        const mad = median(shares.map((x) => Math.abs(x - med)));
        if (mad === 0) continue;
        rows.forEach((s, i) => {
          if (Math.abs((0.6745 * (shares[i] - med)) / mad) > 3.5)
            out.push(mk('S05', { school_id: s.school_id, program, term }));
        });
      }
  }

  // F01
  const people = new Map<string, Set<string>>();
  for (const p of t.payments) {
    if (!isValidId(p.id)) continue;
    const k = `${nameNorm(p.name)}|${idBirth(p.id)}|${idSex(p.id)}|${p.program}|${p.term}`;
    people.set(k, (people.get(k) ?? new Set()).add(p.id));
  }
  const f01 = new Set<string>();
  for (const [k, ids] of people)
    if (ids.size >= 2) {
      const [, , , program, term] = k.split('|');
      for (const id of ids) f01.add(`${id}|${program}|${term}`);
    }
  for (const k of f01) {
    const [id, program, term] = k.split('|');
    out.push(mk('F01', { id, program, term }));
  }
  return out;
}

function median(xs: number[]): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export interface RuleCheck {
  rule: string;
  planted: number;
  found: number;
  missing: string[];
  extra: string[];
}

/** Per rule: planted keys, found keys, and the differences. */
export function verifyCity(city: City): RuleCheck[] {
  const found = findAll(city);
  return RULES.map((rule) => {
    const exp = new Set(city.groundTruth.filter((k) => k.rule_code === rule).map(keyString));
    const got = new Set(found.filter((k) => k.rule_code === rule).map(keyString));
    return {
      rule,
      planted: exp.size,
      found: got.size,
      missing: [...exp].filter((k) => !got.has(k)),
      extra: [...got].filter((k) => !exp.has(k))
    };
  });
}
