/**
 * The clean city: students with IDs, names and birth dates consistent with their grades, the
 * roster, difficulty identifications and the payments every rule agrees with. Nothing here may
 * trigger a rule; plants.ts adds the anomalies afterwards.
 */
import {
  COUNTIES,
  PRIORITY_TYPES,
  STAGE_NEED_PROGRAM,
  type County,
  type Level,
  type Program,
  type Stage
} from '../../src/lib/contract/domain';
import {
  AUTUMN,
  SPRING,
  SY_AUTUMN,
  SY_SPRING,
  TERM_INFO,
  dateBetween,
  fmtAmount,
  type TermKey
} from './calendar';
import { makeId } from './idcard';
import type { Key, Negative, Row, SchoolRow, Student } from './model';
import { NameRegistry, parentName } from './names';
import { farBehindSchool, missed } from './profile';
import type { Rng } from './rng';

const AREA: Record<County, string[]> = {
  岳阳楼区: ['430602'],
  云溪区: ['430603'],
  君山区: ['430611'],
  岳阳县: ['430621'],
  华容县: ['430623'],
  湘阴县: ['430624'],
  平江县: ['430626'],
  汨罗市: ['430681'],
  临湘市: ['430682'],
  岳阳经济技术开发区: ['430671'],
  南湖新区: ['430672'],
  屈原管理区: ['430673'],
  市直: ['430602', '430603', '430611', '430600']
};
/** Other Hunan areas, for students born elsewhere. */
export const OTHER_AREAS = [
  '430102',
  '430105',
  '430111',
  '430181',
  '430211',
  '430321',
  '430421',
  '430521',
  '430703',
  '430721',
  '430903',
  '430921',
  '431003',
  '431102'
];
const ETHNIC = ['汉族', '土家族', '苗族', '回族', '瑶族', '侗族', '壮族'];
const ETHNIC_W = [955, 15, 12, 6, 5, 4, 3];
const PRIORITY_W = [40, 15, 25, 4, 3, 4, 8, 1];
/** Older spellings some schools still write (the importer maps them). */
const PRIORITY_OLD: Record<string, string> = {
  脱贫家庭学生: '建档立卡',
  最低生活保障家庭学生: '低保',
  残疾学生: '残疾'
};
const BANKS = ['6217', '6228', '6230', '6231', '6210', '6223'];
const BANK_W = [30, 25, 20, 10, 10, 5];

export const LEVEL_STANDARD: Record<Level, number> = { 特别困难: 1500, 困难: 1150, 一般困难: 800 };

/** Everything the generator builds up, shared by the population, the plants and the funds. */
export class Ctx {
  readonly names = new NameRegistry();
  readonly students: Student[] = [];
  readonly byId = new Map<string, Student>();
  readonly roster: Row[] = [];
  readonly idents: Row[] = [];
  readonly payments: Row[] = [];
  readonly dead = new Set<Row>();
  readonly gt: Key[] = [];
  readonly neg: Negative[] = [];
  /** `${school.idx}|${term}` taken by an S05 plant: R plants stay away. */
  readonly reserved = new Set<string>();
  /** S05 plants: `${school.idx}|${schoolYear}` → share of identified students. */
  readonly shareOverride = new Map<string, number>();
  springHome: Student[][] = [];
  autumnHome: Student[][] = [];
  private idSeq = new Map<string, number>();
  private cardSeq = 0;
  private payDates = new Map<string, string>();

  constructor(
    readonly rng: Rng,
    readonly scale: number,
    readonly seed: number,
    readonly schools: SchoolRow[]
  ) {}

  /** A fresh, unique, valid ID. */
  newId(area: string, birth: string, sex: 1 | 2): string {
    const k = `${area}${birth}${sex}`;
    let n = this.idSeq.get(k);
    if (n === undefined) n = this.rng.int(0, 60);
    this.idSeq.set(k, n + 1);
    const seq = 2 * n + (sex === 1 ? 1 : 2);
    if (seq > 999) throw new Error(`ID sequence exhausted for ${k}`);
    return makeId(area, birth, seq);
  }

  areaFor(county: County): string {
    return this.rng.chance(0.05) ? this.rng.pick(OTHER_AREAS) : this.rng.pick(AREA[county]);
  }

  newCard(county: County): string {
    const c = this.cardSeq++;
    const body =
      BANKS[this.rng.weighted(BANK_W)] +
      String(COUNTIES.indexOf(county) + 10) +
      String((c * 7368787 + 100000000000) % 1000000000000).padStart(12, '0');
    return body + luhn(body);
  }

  cardFor(st: Student): void {
    if (st.card) return;
    st.card = this.newCard(st.school.county);
    st.holder = this.rng.chance(0.55) ? st.name : parentName(this.rng, st.name);
  }

  payDate(school: SchoolRow, program: string, term: TermKey): string {
    const k = `${school.code}|${program}|${term}`;
    let d = this.payDates.get(k);
    if (!d) {
      d = dateBetween(() => this.rng.next(), TERM_INFO[term].payFrom, TERM_INFO[term].payTo);
      this.payDates.set(k, d);
    }
    return d;
  }

  /** Adds a payment row; the card is the student's own unless given. */
  pay(
    st: Student,
    school: SchoolRow,
    program: Program,
    term: TermKey,
    amount: number,
    extra: Partial<Row> = {}
  ): Row {
    this.cardFor(st);
    const row: Row = {
      id: st.id,
      name: st.name,
      school_id: school.code,
      program,
      term,
      amount: fmtAmount(amount),
      pay_date: this.payDate(school, program, term),
      bank_card: st.card,
      holder_name: st.holder,
      batch: `${term.slice(0, 5)}${term.includes('春') ? '春' : '秋'}第${(school.idx % 2) + 1}批`,
      ...extra
    };
    this.payments.push(row);
    st.pays.push(row);
    return row;
  }

  kill(row: Row): void {
    this.dead.add(row);
  }

  /** Live payments of a student in a term. */
  paysIn(st: Student, term: TermKey): Row[] {
    return st.pays.filter((p) => p.term === term && !this.dead.has(p));
  }
}

function luhn(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = body.charCodeAt(body.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** Birth date of a student in grade index k (小班 -2 … 高三 12) in the school year starting Y0. */
export function birthFor(rng: Rng, k: number, y0: number, older: number): string {
  return dateBetween(() => rng.next(), `${y0 - 6 - k - older}-09-01`, `${y0 - 5 - k - older}-08-31`);
}

function olderBy(rng: Rng, stage: Stage): number {
  const u = rng.next();
  if (stage === '中职') return u < 0.8 ? 0 : u < 0.95 ? 1 : 2;
  return u < 0.92 ? 0 : 1;
}

function boardingFor(rng: Rng, s: SchoolRow): boolean {
  const p: Record<Stage, [number, number]> = {
    学前: [0, 0],
    小学: [0.25, 0.05],
    初中: [0.6, 0.2],
    普通高中: [0.8, 0.5],
    中职: [0.6, 0.6]
  };
  return rng.chance(p[s.stage][s.rural ? 0 : 1]);
}

export interface NewStudent {
  school: SchoolRow;
  grade: string;
  k: number;
  y0: number;
  status: string;
  statusDate: string;
  entry: string;
  pos: number;
  spring: SchoolRow | null;
  autumn: SchoolRow | null;
  birth?: string;
  sex?: 1 | 2;
  area?: string;
  name?: string;
  id?: string;
}

export function newStudent(ctx: Ctx, o: NewStudent): Student {
  const rng = ctx.rng;
  const sex = o.sex ?? (rng.chance(0.515) ? 1 : 2);
  const birth = o.birth ?? birthFor(rng, o.k, o.y0, olderBy(rng, o.school.stage));
  const area = o.area ?? ctx.areaFor(o.school.county);
  const st: Student = {
    id: o.id ?? ctx.newId(area, birth, sex),
    name: o.name ?? ctx.names.fresh(rng, birth, sex),
    sex,
    birth,
    area,
    school: o.school,
    grade: o.grade,
    status: o.status,
    statusDate: o.statusDate,
    entry: o.entry,
    boarding: boardingFor(rng, o.school),
    ethnicity: ETHNIC[rng.weighted(ETHNIC_W)],
    spring: o.spring,
    autumn: o.autumn,
    pos: o.pos,
    key: rng.next(),
    level: (['特别困难', '困难', '一般困难'] as Level[])[rng.weighted([25, 40, 35])],
    prioTypes: '',
    ident: {},
    roster: [],
    pays: [],
    card: '',
    holder: '',
    used: false,
    transfer: false
  };
  ctx.students.push(st);
  ctx.byId.set(st.id, st);
  return st;
}

export function rosterRow(
  st: Student,
  school: SchoolRow,
  status: string,
  statusDate: string,
  entry: string
): Row {
  return {
    id: st.id,
    name: st.name,
    school_id: school.code,
    grade: st.grade,
    status,
    status_date: statusDate,
    entry_date: entry,
    boarding: st.boarding ? '是' : '否',
    student_no: 'G' + st.id,
    gender: st.sex === 1 ? '男' : '女',
    birth_date: st.birth,
    ethnicity: st.ethnicity
  };
}

/** Writes a student's roster rows (two for a mid-year transfer). */
export function materialize(ctx: Ctx, st: Student): void {
  if (st.fromSchool) {
    const r = rosterRow(st, st.fromSchool, '转出', st.transferDate!, st.origEntry!);
    st.roster.push(r);
    ctx.roster.push(r);
  }
  const r = rosterRow(st, st.school, st.status, st.statusDate, st.entry);
  st.roster.push(r);
  ctx.roster.push(r);
}

function split(rng: Rng, n: number, parts: number): number[] {
  const w = Array.from({ length: parts }, () => rng.uniform(0.9, 1.1));
  const tw = w.reduce((a, b) => a + b, 0);
  const out = w.map((x) => Math.max(1, Math.round((n * x) / tw)));
  out[parts - 1] = Math.max(1, n - out.slice(0, -1).reduce((a, b) => a + b, 0));
  return out;
}

/** floor(x) or floor(x)+1 with the right expectation, so small schools still get the odd case. */
function prob(rng: Rng, x: number): number {
  return Math.floor(x + rng.next());
}

export function buildStudents(ctx: Ctx): void {
  const rng = ctx.rng;
  for (const s of ctx.schools) {
    const g = s.grades.length;
    const cohorts = split(rng, s.size, g);
    for (let p = 0; p < g; p++) {
      for (let i = 0; i < cohorts[p]; i++)
        newStudent(ctx, {
          school: s,
          grade: s.grades[p],
          k: s.k0 + p,
          y0: 2025,
          status: '在读',
          statusDate: '',
          entry: `${2025 - p}-09`,
          pos: p,
          spring: p > 0 ? s : null,
          autumn: s
        });
    }
    // Last year's final grade graduated in June/July: enrolled in spring only. At 中职 exactly as
    // many as this autumn's entrants, so every school's 免学费 share is exactly 1 in both terms.
    const grads = s.stage === '中职' ? cohorts[0] : Math.round((s.size / g) * rng.uniform(0.9, 1.1));
    for (let i = 0; i < grads; i++)
      newStudent(ctx, {
        school: s,
        grade: s.grades[g - 1],
        k: s.k0 + g - 1,
        y0: 2024,
        status: '毕业',
        statusDate: dateBetween(() => rng.next(), '2025-06-20', '2025-07-05'),
        entry: `${2024 - (g - 1)}-09`,
        pos: -1,
        spring: s,
        autumn: null
      });
    if (s.stage === '中职' || s.tiny) continue;
    // Dropped out during spring (enrolled in spring), and suspended before spring (never enrolled).
    for (const [status, rate, from, to, enrolled] of [
      ['退学', 0.004, '2025-03-10', '2025-06-20', true],
      ['休学', 0.002, '2024-11-01', '2025-01-20', false]
    ] as const) {
      const n = prob(rng, s.size * rate);
      for (let i = 0; i < n; i++) {
        const p = rng.int(0, g - 1);
        newStudent(ctx, {
          school: s,
          grade: s.grades[p],
          k: s.k0 + p,
          y0: 2024,
          status,
          statusDate: dateBetween(() => rng.next(), from, to),
          entry: `${2024 - p}-09`,
          pos: -1,
          spring: enrolled ? s : null,
          autumn: null
        });
      }
    }
  }

  // Mid-year transfers (小学, 初中, 普通高中): in autumn a student leaves school A for school B.
  const byStage = new Map<Stage, SchoolRow[]>();
  for (const s of ctx.schools) if (!s.tiny) byStage.set(s.stage, [...(byStage.get(s.stage) ?? []), s]);
  for (const st of ctx.students) {
    const s = st.school;
    if (s.stage === '学前' || s.stage === '中职' || s.tiny || st.status !== '在读' || st.pos <= 0) continue;
    if (!rng.chance(0.004)) continue;
    const others = byStage.get(s.stage)!.filter((o) => o.code !== s.code);
    if (!others.length) continue;
    const near = others.filter((o) => o.county === s.county);
    const from = near.length && rng.chance(0.7) ? rng.pick(near) : rng.pick(others);
    st.transfer = true;
    st.fromSchool = from;
    st.transferDate = dateBetween(() => rng.next(), '2025-10-08', '2025-11-28');
    st.origEntry = st.entry;
    st.entry = st.transferDate.slice(0, 7);
    st.spring = from;
  }
}

/** Home lists: which students each school pays in each term. */
export function buildHomes(ctx: Ctx): void {
  ctx.springHome = ctx.schools.map(() => []);
  ctx.autumnHome = ctx.schools.map(() => []);
  for (const st of ctx.students) {
    if (st.spring) ctx.springHome[st.spring.idx].push(st);
    if (st.autumn) ctx.autumnHome[st.autumn.idx].push(st);
  }
}

/** Evenly spaced identification shares per stage: bounded spread, so S05 finds no natural outlier. */
export function assignShares(ctx: Ctx): void {
  const rng = ctx.rng;
  for (const stage of ['学前', '小学', '初中', '普通高中', '中职'] as Stage[]) {
    const rows = rng.shuffle(ctx.schools.filter((s) => s.stage === stage && !s.tiny));
    rows.forEach((s, i) => (s.share = 0.15 + (0.1 * (i + 0.5)) / rows.length));
  }
}

function priorityText(ctx: Ctx): string {
  const rng = ctx.rng;
  const n = rng.weighted([75, 20, 5]) + 1;
  const picked = new Set<string>();
  while (picked.size < n) picked.add(PRIORITY_TYPES[rng.weighted(PRIORITY_W)]);
  const parts = [...picked].map((t) => (PRIORITY_OLD[t] && rng.chance(0.2) ? PRIORITY_OLD[t] : t));
  return parts.join(rng.chance(0.7) ? '、' : '；');
}

export function identRow(ctx: Ctx, st: Student, school: SchoolRow, sy: string, priority: boolean): Row {
  if (priority && !st.prioTypes) st.prioTypes = priorityText(ctx);
  const row: Row = {
    id: st.id,
    name: st.name,
    school_id: school.code,
    school_year: sy,
    level: st.level === '困难' && ctx.rng.chance(0.2) ? '比较困难' : st.level,
    priority_types: priority ? st.prioTypes : ''
  };
  st.ident[sy] = row;
  ctx.idents.push(row);
  return row;
}

/** Identifies round(share × 在校生数) students per school and school year, ~30% of them priority. */
export function buildIdentifications(ctx: Ctx): void {
  for (const [sy, homes] of [
    [SY_SPRING, ctx.springHome],
    [SY_AUTUMN, ctx.autumnHome]
  ] as const) {
    for (const s of ctx.schools) {
      const list = [...homes[s.idx]].sort((a, b) => a.key - b.key);
      const n = ctx.autumnHome[s.idx].length;
      const share = ctx.shareOverride.get(`${s.idx}|${sy}`) ?? s.share;
      const q = Math.min(list.length, Math.round(share * n));
      const prio = Math.min(q, Math.round(0.3 * Math.round(s.share * n)));
      for (let i = 0; i < q; i++) identRow(ctx, list[i], s, sy, i < prio);
    }
  }
}

/** The stage a school row pays a program at (its 学段; one stage per SchoolRow). */
export function standardAmount(st: Student, school: SchoolRow, program: Program, level: Level): number {
  switch (program) {
    case '学前教育资助':
      return 500;
    case '义务教育家庭经济困难学生生活补助':
      return school.stage === '小学' ? (st.boarding ? 625 : 312.5) : st.boarding ? 750 : 375;
    case '普通高中国家助学金':
      return LEVEL_STANDARD[level];
    case '普通高中免学杂费':
      return school.fee;
    case '中职国家助学金':
      return 1150;
    case '中职免学费':
      return 1000;
    case '中职国家奖学金':
      return 6000;
  }
}

export function needProgram(s: SchoolRow): Program {
  return STAGE_NEED_PROGRAM[s.stage];
}

export function buildPayments(ctx: Ctx): void {
  const far = farBehindSchool(ctx);
  for (const [term, sy, homes] of [
    [SPRING, SY_SPRING, ctx.springHome],
    [AUTUMN, SY_AUTUMN, ctx.autumnHome]
  ] as const) {
    for (const s of ctx.schools) {
      for (const st of homes[s.idx]) {
        const id = st.ident[sy];
        // Some units leave identified (non-priority) students unfunded: coverage differs by unit.
        const left =
          !!id && !id.priority_types && !ctx.reserved.has(`${s.idx}|${term}`) && missed(s, far, st.id, term);
        if (id && !left) {
          ctx.pay(st, s, needProgram(s), term, standardAmount(st, s, needProgram(s), st.level));
          if (s.stage === '普通高中' && id.priority_types) ctx.pay(st, s, '普通高中免学杂费', term, s.fee);
        }
        if (s.stage === '中职' && s.ownership === '公办') ctx.pay(st, s, '中职免学费', term, 1000);
      }
      if (term === AUTUMN && s.stage === '中职') {
        // 中职国家奖学金: 0.5% of the school's students, from its second and third years.
        const k = Math.round(ctx.autumnHome[s.idx].length / 200);
        const top = homes[s.idx]
          .filter((st) => st.pos > 0)
          .sort((a, b) => ((a.key * 7919) % 1) - ((b.key * 7919) % 1));
        for (const st of top.slice(0, k)) ctx.pay(st, s, '中职国家奖学金', term, 6000);
      }
    }
  }
}
