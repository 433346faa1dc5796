/**
 * Derived tables, computed from the final roster and payments so they agree with them: school
 * headcounts, the vocational census (S01 plants), tuition set-asides (S02/S03 plants) and fund
 * allocations per county × program (S04 plants and the recall negative).
 */
import { COUNTIES, PROGRAMS, type County } from '../../src/lib/contract/domain';
import { AUTUMN, SPRING, TERMS, TERM_INFO, YEAR, dateBetween, fmtAmount, type TermKey } from './calendar';
import type { Row, SchoolRow } from './model';
import { count, key } from './plants';
import { isBehind } from './profile';
import type { Ctx } from './population';

/** The SchoolRow a roster row belongs to (a 九年一贯制 code has two; the grade decides). */
export function schoolOfRow(byCode: Map<string, SchoolRow[]>, r: Row): SchoolRow {
  const rows = byCode.get(r.school_id)!;
  return rows.length === 1 ? rows[0] : (rows.find((s) => s.grades.includes(r.grade)) ?? rows[0]);
}

/** checks.md: enrolled at the row's school in term T. */
export function enrolledIn(r: Row, t: TermKey): boolean {
  const ti = TERM_INFO[t];
  const entry = r.entry_date ? (r.entry_date.length === 7 ? r.entry_date + '-01' : r.entry_date) : '';
  if (entry && entry > ti.end) return false;
  return r.status === '在读' || (!!r.status_date && r.status_date >= ti.start);
}

export function buildSchoolTable(ctx: Ctx): Row[] {
  const byCode = new Map<string, SchoolRow[]>();
  for (const s of ctx.schools) byCode.set(s.code, [...(byCode.get(s.code) ?? []), s]);
  const n = new Map<number, number>();
  for (const r of ctx.roster)
    if (r.status === '在读') {
      const s = schoolOfRow(byCode, r);
      n.set(s.idx, (n.get(s.idx) ?? 0) + 1);
    }
  return ctx.schools.map((s) => ({
    school_id: s.code,
    school_name: s.name,
    county: s.county,
    stage: s.stage,
    ownership: s.ownership,
    enrolled_count: String(n.get(s.idx) ?? 0)
  }));
}

export function buildCensus(ctx: Ctx, payments: Row[]): Row[] {
  const rng = ctx.rng;
  const voc = ctx.schools.filter((s) => s.stage === '中职');
  const plants = new Set<string>();
  const cand = voc.flatMap((s) => TERMS.map((t) => `${s.idx}|${t}`));
  rng.shuffle(cand);
  for (let i = 0; i < Math.min(cand.length, count(ctx, 4)); i++) plants.add(cand[i]);
  const rows: Row[] = [];
  for (const s of voc)
    for (const t of TERMS) {
      const registered = ctx.roster.filter((r) => r.school_id === s.code && enrolledIn(r, t)).length;
      const funded = new Map<string, Set<string>>();
      for (const p of payments)
        if (p.school_id === s.code && p.term === t)
          funded.set(p.program, (funded.get(p.program) ?? new Set()).add(p.id));
      const max = Math.max(0, ...[...funded.values()].map((x) => x.size));
      let counted = Math.max(registered, max);
      if (plants.has(`${s.idx}|${t}`)) {
        // Inspectors counted fewer students than the school was paid for.
        const top = funded.get('中职免学费')?.size ?? max;
        counted = top - Math.max(2, Math.round(top * rng.uniform(0.02, 0.06)));
        for (const [prog, ids] of funded)
          if (ids.size > counted)
            ctx.gt.push(key('S01', { school_id: s.code, program: prog, term: t, county: s.county }));
      }
      rows.push({ school_id: s.code, term: t, registered: String(registered), counted: String(counted) });
    }
  return rows;
}

export function buildSetAsides(ctx: Ctx, schoolTable: Row[]): Row[] {
  const rng = ctx.rng;
  const rows = ctx.schools.filter((s) => s.stage === '普通高中' || s.stage === '中职');
  const order = rng.shuffle([...rows]);
  const low = new Set(order.slice(0, count(ctx, 5)));
  const idle = new Set(order.slice(count(ctx, 5), count(ctx, 5) + count(ctx, 5)));
  const size = new Map(schoolTable.map((r) => [`${r.school_id}|${r.stage}`, +r.enrolled_count]));
  return rows.map((s) => {
    const n = size.get(`${s.code}|${s.stage}`) ?? s.size;
    const perStudent = s.stage === '普通高中' ? 2 * s.fee + rng.int(300, 700) : rng.int(800, 1500);
    const income = Math.round(n * perStudent);
    const min = s.stage === '中职' || s.ownership === '民办' ? 0.05 : 0.03;
    // Units behind keep just to the minimum; the others set aside more.
    const behind = isBehind(s.county);
    let share =
      s.stage === '普通高中' && s.ownership === '公办'
        ? behind
          ? rng.uniform(0.0301, 0.0318)
          : rng.uniform(0.032, 0.048)
        : behind
          ? rng.uniform(0.0501, 0.0518)
          : rng.uniform(0.052, 0.062);
    let use = rng.uniform(0.62, 0.98);
    if (low.has(s)) {
      // Below the minimum share (for 中职 and 民办 often still above 3%, which is not enough).
      share = min === 0.05 ? rng.uniform(0.035, 0.045) : rng.uniform(0.015, 0.026);
      ctx.gt.push(key('S02', { school_id: s.code, year: String(YEAR), county: s.county }));
    }
    if (idle.has(s)) {
      use = rng.uniform(0.2, 0.42);
      ctx.gt.push(key('S03', { school_id: s.code, year: String(YEAR), county: s.county }));
    }
    const setAside = Math.round(income * share * 100) / 100;
    return {
      school_id: s.code,
      year: String(YEAR),
      income: fmtAmount(income),
      set_aside: fmtAmount(setAside),
      spent: fmtAmount(Math.round(setAside * use * 100) / 100)
    };
  });
}

export const SHORT: Partial<Record<County, string>> = {
  岳阳楼区: '岳楼',
  云溪区: '云溪',
  君山区: '君山',
  岳阳县: '岳县',
  华容县: '华',
  湘阴县: '湘阴',
  平江县: '平',
  汨罗市: '汨',
  临湘市: '临',
  岳阳经济技术开发区: '岳经开',
  南湖新区: '南湖',
  屈原管理区: '屈管'
};

export function buildAllocations(ctx: Ctx, payments: Row[]): Row[] {
  const rng = ctx.rng;
  const countyOf = new Map(ctx.schools.map((s) => [s.code, s.county]));
  const disbursed = new Map<string, number>();
  for (const p of payments) {
    if (p.term !== SPRING && p.term !== AUTUMN) continue;
    const k = `${countyOf.get(p.school_id)}|${p.program}`;
    disbursed.set(k, (disbursed.get(k) ?? 0) + Math.round(+p.amount * 100));
  }
  const groups = COUNTIES.flatMap((c) => PROGRAMS.map((p) => `${c}|${p}`)).filter(
    (k) => (disbursed.get(k) ?? 0) > 0
  );
  const order = rng.shuffle([...groups]);
  const nPlant = Math.min(order.length - 1, count(ctx, 6));
  const plant = new Map(order.slice(0, nPlant).map((k, i) => [k, i % 3]));
  const recallNegative = order[nPlant];

  const docs = new Map<string, number>();
  const doc = (prefix: string): string => {
    const n = (docs.get(prefix) ?? rng.int(3, 9)) + rng.int(1, 4);
    docs.set(prefix, n);
    return `${prefix}〔${YEAR}〕${n}号`;
  };
  const rows: Row[] = [];
  const add = (docNo: string, date: string, level: string, program: string, unit: string, cents: number) =>
    rows.push({
      doc_no: docNo,
      alloc_date: date,
      budget_level: level,
      program,
      target_unit: unit,
      amount: fmtAmount(cents / 100)
    });

  for (const k of groups) {
    const [county, program] = k.split('|');
    const paid = disbursed.get(k)!;
    const kind = plant.get(k);
    // Execution rate: 93–99% when clean; planted: over-paid (>100%) or held back (<90%).
    // Units behind execute barely above the 90% floor.
    const rate =
      kind === undefined
        ? isBehind(county)
          ? rng.uniform(0.905, 0.92)
          : rng.uniform(0.93, 0.99)
        : kind === 1
          ? rng.uniform(0.62, 0.84)
          : rng.uniform(1.06, 1.25);
    const total = Math.round(paid / rate);
    for (const [level, cents, prefix] of splitByLevel(rng, county, total)) {
      add(
        doc(prefix),
        dateBetween(() => rng.next(), `${YEAR}-01-10`, `${YEAR}-10-31`),
        level,
        program,
        county,
        cents
      );
    }
    if (kind === 2) {
      // An over-paid unit whose mid-year supplement was later recalled.
      const extra = Math.round(total * 0.08);
      add(doc('岳财教指'), `${YEAR}-04-18`, '中央', program, county, extra);
      add(doc('岳财教指'), `${YEAR}-11-20`, '中央', program, county, -extra);
    }
    if (k === recallNegative) {
      // A recall that nets out fine: without it this unit would look like money held back.
      const extra = Math.round(total * 0.25);
      add(doc('岳财教指'), `${YEAR}-05-12`, '省级', program, county, extra);
      add(doc('岳财教指'), `${YEAR}-11-26`, '省级', program, county, -extra);
      ctx.neg.push({
        ...key('S04', { county, program, year: String(YEAR) }),
        note: '追加后又收回（负数下达），净额执行率正常'
      });
    }
    if (kind !== undefined) ctx.gt.push(key('S04', { county, program, year: String(YEAR) }));
  }
  return rows.sort((a, b) => (a.alloc_date < b.alloc_date ? -1 : a.alloc_date > b.alloc_date ? 1 : 0));
}

/**
 * A unit's allocation of one program split across budget levels (中央, 省级, 市级, and 县级 except
 * for 市直), in whole 万元 but the last level, which takes the rest. Draws from `rng` in a fixed order,
 * so both demo years stay reproducible.
 */
export function splitByLevel(
  rng: { uniform(a: number, b: number): number },
  county: string,
  total: number
): [level: string, cents: number, docPrefix: string][] {
  const levels: [string, number, string][] = [
    ['中央', rng.uniform(0.55, 0.65), '岳财教指'],
    ['省级', rng.uniform(0.18, 0.25), '岳财教指'],
    ['市级', rng.uniform(0.05, 0.1), '岳财教']
  ];
  if (county !== '市直') levels.push(['县级', 0, `${SHORT[county as County]}财教`]);
  else levels[2][1] += 0.05;
  let left = total;
  return levels.map(([level, share, prefix], i) => {
    const cents = i === levels.length - 1 ? left : Math.round((total * share) / 10000) * 10000;
    left -= cents;
    return [level, cents, prefix];
  });
}
