/**
 * Planted anomalies (ground truth) and planted non-anomalies (negatives). Each plant touches its
 * own students, who are marked `used`, and is built so that it triggers exactly the finding keys
 * recorded here; README.md explains why, plant by plant.
 */
import {
  AGE_BAND,
  AUTUMN,
  SPRING,
  SY_AUTUMN,
  SY_SPRING,
  TERM_INFO,
  ageOn,
  dateBetween,
  fmtAmount,
  fromDays,
  toDays,
  type TermKey
} from './calendar';
import { breakCheckChar } from './idcard';
import { BEHIND } from './profile';
import type { Key, Row, SchoolRow, Student } from './model';
import { parentName, teacherName } from './names';
import {
  LEVEL_STANDARD,
  OTHER_AREAS,
  identRow,
  materialize,
  needProgram,
  newStudent,
  standardAmount,
  type Ctx
} from './population';
import type { Program, Stage } from '../../src/lib/contract/domain';

const SY: Record<TermKey, string> = { [SPRING]: SY_SPRING, [AUTUMN]: SY_AUTUMN } as Record<TermKey, string>;

export function key(rule: string, o: Partial<Key>): Key {
  return { rule_code: rule, id: '', program: '', term: '', school_id: '', county: '', year: '', ...o };
}

/** Number of plants of a rule at this scale: proportional, at least 2. */
export function count(ctx: Ctx, base: number): number {
  return Math.max(2, Math.round(base * ctx.scale));
}

const LATE_SPRING: [string, string] = ['2025-07-01', '2025-07-25'];
const LATE_AUTUMN: [string, string] = ['2026-01-05', '2026-01-20'];
const termOf = (i: number): TermKey => (i % 2 === 0 ? SPRING : AUTUMN);
const home = (st: Student, t: TermKey): SchoolRow | null => (t === SPRING ? st.spring : st.autumn);

/** Visits every student once from a random start, returning the first that fits. */
function find(ctx: Ctx, pred: (st: Student) => boolean): Student | null {
  const all = ctx.students;
  const n = all.length;
  const stride = [7919, 7907, 7901, 104729].find((p) => n % p !== 0)!;
  let i = ctx.rng.int(0, n - 1);
  for (let t = 0; t < n; t++, i = (i + stride) % n) if (pred(all[i])) return all[i];
  return null;
}

function clean(ctx: Ctx, st: Student, t: TermKey): boolean {
  const h = home(st, t);
  return !st.used && !st.transfer && !!h && !h.tiny && !ctx.reserved.has(`${h.idx}|${t}`);
}

function needPay(ctx: Ctx, st: Student, t: TermKey): Row | undefined {
  const h = home(st, t);
  return h ? ctx.paysIn(st, t).find((p) => p.program === needProgram(h)) : undefined;
}

function otherSchool(ctx: Ctx, s: SchoolRow, t: TermKey): SchoolRow | null {
  const o = ctx.schools.filter(
    (x) => x.stage === s.stage && x.code !== s.code && !x.tiny && !ctx.reserved.has(`${x.idx}|${t}`)
  );
  return o.length ? ctx.rng.pick(o) : null;
}

function inBand(st: Student, stage: Stage, t: TermKey): boolean {
  const a = ageOn(st.birth, TERM_INFO[t].start);
  return a >= AGE_BAND[stage][0] && a <= AGE_BAND[stage][1];
}

/** S05 plans run before identification: a school identifies far more (0.6) or nobody (0). */
export function planS05(ctx: Ctx): void {
  const groups: [Stage, TermKey, 'high' | 'low'][] = [
    ['学前', AUTUMN, 'high'],
    ['小学', SPRING, 'high'],
    ['学前', SPRING, 'low'],
    ['初中', AUTUMN, 'high'],
    ['小学', AUTUMN, 'low'],
    ['普通高中', SPRING, 'high'],
    ['初中', SPRING, 'low'],
    ['中职', AUTUMN, 'high'],
    ['普通高中', AUTUMN, 'high'],
    ['中职', SPRING, 'low']
  ];
  const n = count(ctx, 8);
  let made = 0;
  for (let g = 0; made < n && g < groups.length * 3; g++) {
    const [stage, term, kind] = groups[g % groups.length];
    const rows = ctx.schools.filter((s) => s.stage === stage && !s.tiny);
    if (rows.filter((s) => ctx.autumnHome[s.idx].length >= 50).length < 5) continue;
    const cand = rows.filter(
      (s) =>
        !s.nineYear &&
        ctx.autumnHome[s.idx].length >= 80 &&
        !ctx.reserved.has(`${s.idx}|${SPRING}`) &&
        !ctx.reserved.has(`${s.idx}|${AUTUMN}`)
    );
    if (!cand.length) continue;
    const s = ctx.rng.pick(cand);
    ctx.shareOverride.set(`${s.idx}|${SY[term]}`, kind === 'high' ? 0.6 : 0);
    ctx.reserved.add(`${s.idx}|${term}`);
    ctx.gt.push(key('S05', { school_id: s.code, program: needProgram(s), term, county: s.county }));
    made++;
  }
  const tiny = ctx.schools.find((s) => s.tiny)!;
  for (const term of [SPRING, AUTUMN])
    ctx.neg.push({
      ...key('S05', { school_id: tiny.code, program: '学前教育资助', term, county: tiny.county }),
      note: '在校生不足50人的幼儿园受助比例极高：不参与受助比例异常比较'
    });
}

/** Cases that look suspicious but are not findings (negatives.csv). */
export function plantNegatives(ctx: Ctx): void {
  const rng = ctx.rng;
  const neg = (rule: string, o: Partial<Key>, note: string) => ctx.neg.push({ ...key(rule, o), note });

  // A mid-year transfer, paid in spring by the old school and in autumn by the new one.
  const tr =
    find(
      ctx,
      (st) =>
        st.transfer && !st.used && ctx.paysIn(st, SPRING).length > 0 && ctx.paysIn(st, AUTUMN).length > 0
    ) ?? find(ctx, (st) => st.transfer && !st.used && st.pays.length > 0);
  if (tr) {
    tr.used = true;
    for (const p of tr.pays) {
      neg(
        'R03',
        { id: tr.id, program: p.program, term: p.term, school_id: p.school_id },
        '学期中转学：原学校转出（有转出日期），新学校在读'
      );
      neg(
        'R04',
        { id: tr.id, program: p.program, term: p.term, school_id: p.school_id },
        '学期中转学：由当学期在读的学校发放'
      );
    }
  }
  // Graduated in June, paid in spring.
  const gr = find(ctx, (st) => !st.used && st.status === '毕业' && ctx.paysIn(st, SPRING).length > 0);
  if (gr) {
    gr.used = true;
    const p = ctx.paysIn(gr, SPRING)[0];
    neg(
      'R03',
      { id: gr.id, program: p.program, term: SPRING, school_id: p.school_id },
      `${gr.statusDate} 毕业，春季学期仍在读，春季发放正常`
    );
  }
  // Twins: same birth date and sex, different names, paid the same programs onto a parent's card.
  const x = find(
    ctx,
    (st) =>
      clean(ctx, st, SPRING) &&
      clean(ctx, st, AUTUMN) &&
      st.status === '在读' &&
      st.school.stage !== '中职' &&
      st.pays.length > 0 &&
      Object.values(st.ident).every((r) => !r.priority_types)
  );
  if (x) {
    x.used = true;
    const y = newStudent(ctx, {
      school: x.school,
      grade: x.grade,
      k: 0,
      y0: 2025,
      status: x.status,
      statusDate: '',
      entry: x.entry,
      pos: x.pos,
      spring: x.spring,
      autumn: x.autumn,
      birth: x.birth,
      sex: x.sex,
      area: x.area,
      name: ctx.names.fresh(rng, x.birth, x.sex, x.name.slice(0, 1))
    });
    y.used = true;
    y.boarding = x.boarding;
    y.level = x.level;
    y.ethnicity = x.ethnicity;
    materialize(ctx, y);
    for (const r of Object.values(x.ident)) identRow(ctx, y, x.school, r.school_year, false);
    const holder = parentName(rng, x.name);
    for (const p of [...x.pays]) {
      p.holder_name = holder;
      const s = ctx.schools.find((s) => s.code === p.school_id && s.stage === x.school.stage)!;
      ctx.pay(y, s, p.program as Program, p.term as TermKey, +p.amount, {
        bank_card: x.card,
        holder_name: holder,
        pay_date: p.pay_date
      });
      neg(
        'F01',
        { id: x.id, program: p.program, term: p.term },
        `双胞胎（${x.name}、${y.name}）：出生日期相同、姓名不同`
      );
      neg(
        'F01',
        { id: y.id, program: p.program, term: p.term },
        `双胞胎（${x.name}、${y.name}）：出生日期相同、姓名不同`
      );
      neg('R09', { id: x.id, program: p.program, term: p.term }, '双胞胎共用父母一张银行卡：2 人，未达 3 人');
    }
  }
  // A name written with a space, and payments on the last day of the window: not findings.
  const sp = find(
    ctx,
    (st) => clean(ctx, st, SPRING) && ctx.paysIn(st, SPRING).length > 0 && st.name.length >= 2
  );
  if (sp) {
    sp.used = true;
    const p = ctx.paysIn(sp, SPRING)[0];
    p.name = sp.name.slice(0, 1) + ' ' + sp.name.slice(1);
    neg(
      'R10',
      { id: sp.id, program: p.program, term: SPRING },
      `发放名单姓名含空格（${p.name}），去空格后与学籍一致`
    );
  }
  for (const [t, d] of [
    [SPRING, '2025-06-30'],
    [AUTUMN, '2025-12-31'],
    [SPRING, '2025-02-01']
  ] as const) {
    const st = find(ctx, (s) => clean(ctx, s, t) && ctx.paysIn(s, t).length > 0);
    if (!st) continue;
    st.used = true;
    for (const p of ctx.paysIn(st, t)) {
      p.pay_date = d;
      neg('R11', { id: st.id, program: p.program, term: t }, `发放日期 ${d} 在发放时限的边界上（含当日）`);
    }
  }
}

export function plantRecipients(ctx: Ctx): void {
  const rng = ctx.rng;
  const gt = (rule: string, st: { id: string }, program: string, term: TermKey, school?: SchoolRow) =>
    ctx.gt.push(
      key(rule, { id: st.id, program, term, school_id: school?.code ?? '', county: school?.county ?? '' })
    );

  // R01: paid the same program twice in the term, same school and card (a second batch).
  for (let i = 0; i < count(ctx, 30); i++) {
    const t = termOf(i);
    const st = find(ctx, (s) => clean(ctx, s, t) && ctx.paysIn(s, t).length > 0);
    if (!st) continue;
    st.used = true;
    const p = rng.pick(ctx.paysIn(st, t));
    const dup: Row = {
      ...p,
      pay_date: dateBetween(() => rng.next(), TERM_INFO[t].payFrom, TERM_INFO[t].payTo),
      batch: p.batch + '（补发）'
    };
    ctx.payments.push(dup);
    st.pays.push(dup);
    gt('R01', st, p.program, t, home(st, t)!);
  }

  // R02: a 初中 student also registered at a vocational school and paid its 免学费 in the same term.
  const host = ctx.schools
    .filter((s) => s.stage === '中职' && s.ownership === '公办')
    .sort((a, b) => b.size - a.size || a.idx - b.idx)[0];
  for (let i = 0; host && i < count(ctx, 20); i++) {
    const t = termOf(i);
    const sy = SY[t];
    const st = find(
      ctx,
      (s) =>
        clean(ctx, s, t) &&
        s.status === '在读' &&
        home(s, t)!.stage === '初中' &&
        !!needPay(ctx, s, t) &&
        !s.ident[sy]?.priority_types &&
        !s.ident[SY_AUTUMN]?.priority_types &&
        inBand(s, '中职', t)
    );
    if (!st) continue;
    st.used = true;
    const r: Row = {
      id: st.id,
      name: st.name,
      school_id: host.code,
      grade: host.grades[0],
      status: t === AUTUMN ? '在读' : '退学',
      status_date: t === AUTUMN ? '' : dateBetween(() => rng.next(), '2025-06-10', '2025-06-25'),
      entry_date: t === AUTUMN ? '2025-09' : '2024-09',
      boarding: '否',
      student_no: 'G' + st.id,
      gender: st.sex === 1 ? '男' : '女',
      birth_date: st.birth,
      ethnicity: st.ethnicity
    };
    st.roster.push(r);
    ctx.roster.push(r);
    ctx.pay(st, host, '中职免学费', t, 1000);
    ctx.gt.push(key('R02', { id: st.id, term: t, school_id: host.code, county: host.county }));
  }

  // R03: paid while not enrolled anywhere in the term, four ways.
  const ghost = (t: TermKey): void => {
    const stage: Stage = rng.chance(0.5) ? '学前' : '普通高中';
    const cand = ctx.schools.filter(
      (s) => s.stage === stage && !s.tiny && !ctx.reserved.has(`${s.idx}|${t}`)
    );
    const s = rng.pick(cand);
    const p = rng.int(1, s.grades.length - 1);
    const g = newStudent(ctx, {
      school: s,
      grade: s.grades[p],
      k: s.k0 + p,
      y0: 2025,
      status: '',
      statusDate: '',
      entry: '',
      pos: p,
      spring: null,
      autumn: null
    });
    g.used = true;
    identRow(ctx, g, s, SY[t], false);
    const prog = needProgram(s);
    ctx.pay(g, s, prog, t, standardAmount(g, s, prog, g.level));
    gt('R03', g, prog, t, s);
  };
  for (let i = 0; i < count(ctx, 30); i++) {
    const variant = i % 4;
    let st: Student | null = null;
    let t: TermKey = SPRING;
    if (variant === 1) {
      // Graduated in June, still paid in autumn (kept on the identification list).
      t = AUTUMN;
      st = find(
        ctx,
        (s) =>
          !s.used &&
          s.status === '毕业' &&
          !s.school.tiny &&
          s.school.stage !== '中职' &&
          inBand(s, s.school.stage, AUTUMN)
      );
    } else if (variant === 2) {
      // Enters in September 2025, paid in spring 2025 (enrolled only after the term ended).
      st = find(
        ctx,
        (s) =>
          clean(ctx, s, AUTUMN) &&
          s.pos === 0 &&
          s.school.stage !== '中职' &&
          inBand(s, s.school.stage, SPRING)
      );
    } else if (variant === 3) {
      // Suspended (休学) in winter, before the spring term started, paid in spring.
      st = find(
        ctx,
        (s) => !s.used && s.status === '休学' && !s.school.tiny && inBand(s, s.school.stage, SPRING)
      );
    }
    if (!st) {
      ghost(termOf(i));
      continue;
    }
    st.used = true;
    const s = st.school;
    if (!st.ident[SY[t]]) identRow(ctx, st, s, SY[t], false);
    const prog = needProgram(s);
    ctx.pay(st, s, prog, t, standardAmount(st, s, prog, st.level));
    gt('R03', st, prog, t, s);
  }

  // R04: enrolled at school A, the payment made by school B of the same stage.
  for (let i = 0; i < count(ctx, 20); i++) {
    const t = termOf(i);
    const st = find(ctx, (s) => clean(ctx, s, t) && home(s, t)!.stage !== '中职' && !!needPay(ctx, s, t));
    if (!st) continue;
    const b = otherSchool(ctx, home(st, t)!, t);
    if (!b) continue;
    st.used = true;
    const p = needPay(ctx, st, t)!;
    p.school_id = b.code;
    p.pay_date = ctx.payDate(b, p.program, t);
    gt('R04', st, p.program, t, b);
  }

  // R05: an enrolled student with no identification for the school year paid a need-based program.
  for (let i = 0; i < count(ctx, 25); i++) {
    const t = termOf(i);
    const st = find(
      ctx,
      (s) =>
        clean(ctx, s, t) &&
        s.status === '在读' &&
        home(s, t)!.stage !== '中职' &&
        !s.ident[SY_SPRING] &&
        !s.ident[SY_AUTUMN]
    );
    if (!st) continue;
    st.used = true;
    const s = home(st, t)!;
    const prog = needProgram(s);
    ctx.pay(st, s, prog, t, standardAmount(st, s, prog, st.level));
    gt('R05', st, prog, t, s);
  }

  // R06: an amount off the standard (wrong boarding rate, wrong level, a yearly sum, above the cap).
  for (let i = 0; i < count(ctx, 30); i++) {
    const t = termOf(i);
    const st = find(ctx, (s) => clean(ctx, s, t) && !!needPay(ctx, s, t));
    if (!st) continue;
    st.used = true;
    const mjf = ctx.paysIn(st, t).find((p) => p.program === '普通高中免学杂费');
    const p = mjf && i % 3 === 0 ? mjf : needPay(ctx, st, t)!;
    const a = +p.amount;
    const wrong: Record<string, number> = {
      学前教育资助: 600,
      义务教育家庭经济困难学生生活补助: a === 625 ? 312.5 : a === 312.5 ? 625 : a === 750 ? 375 : 750,
      普通高中国家助学金: a === LEVEL_STANDARD['一般困难'] ? 1150 : 800,
      普通高中免学杂费: 1500,
      中职国家助学金: 2300
    };
    p.amount = fmtAmount(wrong[p.program]);
    gt('R06', st, p.program, t, home(st, t)!);
  }

  // R07: an ID with a wrong check character, consistent in roster, identification and payment.
  for (let i = 0; i < count(ctx, 15); i++) {
    const t = termOf(i);
    const s = rng.pick(
      ctx.schools.filter((x) => x.stage !== '中职' && !x.tiny && !ctx.reserved.has(`${x.idx}|${t}`))
    );
    const p = rng.int(1, s.grades.length - 1);
    const st = newStudent(ctx, {
      school: s,
      grade: s.grades[p],
      k: s.k0 + p,
      y0: 2025,
      status: '在读',
      statusDate: '',
      entry: `${2025 - p}-09`,
      pos: p,
      spring: null,
      autumn: null
    });
    ctx.byId.delete(st.id);
    st.id = breakCheckChar(st.id);
    ctx.byId.set(st.id, st);
    st.used = true;
    materialize(ctx, st);
    identRow(ctx, st, s, SY[t], false);
    const prog = needProgram(s);
    ctx.pay(st, s, prog, t, standardAmount(st, s, prog, st.level));
    gt('R07', st, prog, t, s);
  }

  // R08: a student far older than the stage's age band (registered in the final grade).
  const r08Stages: Stage[] = ['小学', '初中', '普通高中', '学前'];
  for (let i = 0; i < count(ctx, 15); i++) {
    const t = termOf(i);
    const stage = r08Stages[i % r08Stages.length];
    const s = rng.pick(
      ctx.schools.filter((x) => x.stage === stage && !x.tiny && !ctx.reserved.has(`${x.idx}|${t}`))
    );
    const age = AGE_BAND[stage][1] + rng.int(2, 5);
    const start = TERM_INFO[t].start;
    const to = `${+start.slice(0, 4) - age}${start.slice(4)}`;
    const from = fromDays(toDays(`${+start.slice(0, 4) - age - 1}${start.slice(4)}`) + 1);
    const birth = dateBetween(() => rng.next(), from, to);
    const g = s.grades.length - 1;
    const st = newStudent(ctx, {
      school: s,
      grade: s.grades[g],
      k: s.k0 + g,
      y0: 2025,
      status: '在读',
      statusDate: '',
      entry: `${2025 - g}-09`,
      pos: g,
      spring: null,
      autumn: null,
      birth
    });
    st.used = true;
    materialize(ctx, st);
    identRow(ctx, st, s, SY[t], false);
    const prog = needProgram(s);
    ctx.pay(st, s, prog, t, standardAmount(st, s, prog, st.level));
    gt('R08', st, prog, t, s);
  }

  // R09: one teacher's card receives the aid of 3–4 students of a school in one term.
  for (let i = 0; i < count(ctx, 6); i++) {
    const t = termOf(i);
    const first = find(ctx, (s) => clean(ctx, s, t) && ctx.paysIn(s, t).length > 0);
    if (!first) continue;
    const s = home(first, t)!;
    const homes = (t === SPRING ? ctx.springHome : ctx.autumnHome)[s.idx];
    const group = [
      first,
      ...homes.filter((x) => x !== first && clean(ctx, x, t) && ctx.paysIn(x, t).length > 0)
    ].slice(0, 3 + (i % 2));
    if (group.length < 3) continue;
    const card = ctx.newCard(s.county);
    const holder = teacherName(rng);
    for (const st of group) {
      st.used = true;
      for (const p of ctx.paysIn(st, t)) {
        p.bank_card = card;
        p.holder_name = holder;
        gt('R09', st, p.program, t, s);
      }
    }
  }

  // R10: the payment name differs from the roster name (one character).
  for (let i = 0; i < count(ctx, 20); i++) {
    const t = termOf(i);
    const st = find(ctx, (s) => clean(ctx, s, t) && ctx.paysIn(s, t).length > 0);
    if (!st) continue;
    st.used = true;
    const p = ctx.paysIn(st, t)[0];
    p.name = ctx.names.variant(rng, st.name, st.birth, st.sex);
    gt('R10', st, p.program, t, home(st, t)!);
  }

  // R11: paid after the window closed, or before it opened.
  for (let i = 0; i < count(ctx, 25); i++) {
    const t = termOf(i);
    const st = find(ctx, (s) => clean(ctx, s, t) && ctx.paysIn(s, t).length > 0);
    if (!st) continue;
    st.used = true;
    const p = ctx.paysIn(st, t)[0];
    const late = i % 4 !== 1;
    const range =
      t === SPRING
        ? late
          ? ['2025-07-01', '2025-07-25']
          : ['2025-01-06', '2025-01-24']
        : late
          ? ['2026-01-05', '2026-01-20']
          : ['2025-07-14', '2025-07-30'];
    p.pay_date = dateBetween(() => rng.next(), range[0], range[1]);
    gt('R11', st, p.program, t, home(st, t)!);
  }

  // R11 in the units behind (profile.ts): each pays part of a term's list late, so 按时发放率
  // differs by unit. Every late payment is a finding with its ground truth.
  for (const [u, county] of BEHIND.entries()) {
    const t = termOf(u + 1);
    for (let i = 0; i < count(ctx, 40); i++) {
      const st = find(
        ctx,
        (s) => clean(ctx, s, t) && home(s, t)!.county === county && ctx.paysIn(s, t).length > 0
      );
      if (!st) break;
      st.used = true;
      const p = ctx.paysIn(st, t)[0];
      p.pay_date = dateBetween(() => rng.next(), ...(t === SPRING ? LATE_SPRING : LATE_AUTUMN));
      gt('R11', st, p.program, t, home(st, t)!);
    }
  }

  // R12: a priority student enrolled in the term and left without the stage's need program.
  for (let i = 0; i < count(ctx, 25); i++) {
    const t = termOf(i);
    const st = find(ctx, (s) => clean(ctx, s, t) && !!s.ident[SY[t]]?.priority_types && !!needPay(ctx, s, t));
    if (!st) continue;
    st.used = true;
    const p = needPay(ctx, st, t)!;
    ctx.kill(p);
    gt('R12', st, p.program, t, home(st, t)!);
  }

  // F01: one person under two valid IDs (same name, birth date, sex) at two schools, both paid.
  for (let i = 0; i < count(ctx, 10); i++) {
    const t = termOf(i);
    const x = find(
      ctx,
      (s) => clean(ctx, s, t) && s.status === '在读' && s.school.stage !== '中职' && !!needPay(ctx, s, t)
    );
    if (!x) continue;
    const b = otherSchool(ctx, x.school, t);
    if (!b) continue;
    x.used = true;
    const area = rng.pick(OTHER_AREAS.filter((a) => a !== x.area));
    const y = newStudent(ctx, {
      school: b,
      grade: x.grade,
      k: 0,
      y0: 2025,
      status: '在读',
      statusDate: '',
      entry: x.entry,
      pos: x.pos,
      spring: null,
      autumn: null,
      birth: x.birth,
      sex: x.sex,
      area,
      name: x.name
    });
    y.used = true;
    y.level = x.level;
    materialize(ctx, y);
    identRow(ctx, y, b, SY[t], false);
    const prog = needProgram(b);
    ctx.pay(y, b, prog, t, standardAmount(y, b, prog, y.level));
    gt('F01', x, prog, t, x.school);
    gt('F01', y, prog, t, b);
  }
}
