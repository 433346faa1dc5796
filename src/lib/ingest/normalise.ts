/**
 * One normaliser per ColumnType of tables.ts: raw cell → canonical text for the canonical CSV
 * (docs/architecture.md), or a NormError whose reason completes a Chinese sentence that starts with
 * the column's canonical header, e.g. 发放日期 + 无法识别：“2025/13/45”. '' means empty (NULL).
 *
 * Every normaliser unifies full-width digits and letters. Values that parse but look wrong (an ID
 * with a bad check character, an odd amount) are accepted: the checks exist to flag them.
 */
import {
  COUNTIES,
  ENROLMENT_STATUSES,
  GRADE_STAGE,
  LEVELS,
  LEVEL_ALIASES,
  PRIORITY_ALIASES,
  PROGRAMS,
  PROGRAM_ALIASES,
  STAGES,
  type Stage
} from '../contract/domain';
import type { ColumnType } from '../contract/tables';
import { realDate } from './idcard';
import { alnumToHalfWidth, cellText, removeSpaces, toHalfWidth, type Cell } from './text';

export class NormError {
  constructor(readonly reason: string) {}
}
export type Norm = string | NormError;
export type Normaliser = (v: Cell) => Norm;

const q = (s: string) => `“${s}”`;
const unreadable = (s: string, hint = '') => new NormError(`无法识别：${q(s)}${hint}`);

/** Compact text: trimmed, half-width, no spaces at all (codes, enumerations, dates, numbers). */
function compact(v: Cell): string {
  return removeSpaces(toHalfWidth(cellText(v)));
}

// ---------------------------------------------------------------- identity numbers and codes

const SCI_RE = /^[+-]?\d+(\.\d*)?E[+-]?\d+$/i;
const LEADING_QUOTES_RE = /^['‘’`´]+/;

/**
 * A code that Excel may have turned into a number: ID, bank card, student number. A number cell
 * of more than 15 digits, or scientific-notation text, has lost its last digits for good.
 */
function lostDigits(v: Cell, s: string): NormError | null {
  if (typeof v === 'number') {
    if (Number.isInteger(v) && Math.abs(v) >= 1e15) {
      // Shown as Excel shows it: 15 significant digits, the rest zeros.
      return new NormError(
        `在表格中存为数字（${String(Number(v.toPrecision(15)))}），超过 15 位的部分已被 Excel 改为 0，后几位数字已丢失，无法恢复`
      );
    }
    return null;
  }
  if (SCI_RE.test(s)) return new NormError(`为科学计数法（${s}），后几位数字已丢失，无法恢复`);
  return null;
}

const ID_FAST_RE = /^\d{17}[\dX]$/;

/** Normalised ID (checks.md): spaces and leading apostrophe removed, half-width, x → X. */
export function normId(v: Cell): Norm {
  if (typeof v === 'string' && ID_FAST_RE.test(v)) return v;
  const s = compact(v).replace(LEADING_QUOTES_RE, '');
  const lost = lostDigits(v, s);
  if (lost) return lost;
  return s.replace(/x/g, 'X');
}

/** School codes, bank cards, student numbers: like an ID, but letters kept in upper case. */
const DIGITS_RE = /^\d+$/;

export function normCode(v: Cell): Norm {
  if (typeof v === 'string' && DIGITS_RE.test(v)) return v;
  const s = compact(v).replace(LEADING_QUOTES_RE, '');
  const lost = lostDigits(v, s);
  if (lost) return lost;
  return s.toUpperCase();
}

// ---------------------------------------------------------------- text and names

export function normText(v: Cell): Norm {
  return alnumToHalfWidth(cellText(v));
}

const NAME_DOTS_RE = /[•∙・･.]/g;
const NAME_CLEAN_TEST_RE = /[\s\u00a0\u3000\u200b\ufeff\uFF01-\uFF5E•∙・･.]/;

/** A person's name: no spaces, half-width, the middle dot of minority names unified to ·. */
export function normName(v: Cell): Norm {
  if (typeof v === 'string' && !NAME_CLEAN_TEST_RE.test(v)) return v;
  return compact(v).replace(NAME_DOTS_RE, '·');
}

// ---------------------------------------------------------------- dates

const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_SUFFIX_RE = /(T|\s)+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$/;
const YMD_RE = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})[日号]?$/;
const DIGITS8_RE = /^(\d{4})(\d{2})(\d{2})$/;
const SERIAL_RE = /^\d{5}(\.\d+)?$/;

/**
 * Excel serial day number (1900 date system) → 'YYYY-MM-DD'. Excel counts a fictitious
 * 1900-02-29 as serial 60, so serials from 61 on are one day ahead of a plain count.
 */
export function excelSerialDate(n: number): string | null {
  if (!(n >= 1 && n < 2958466)) return null;
  const days = Math.floor(n);
  const t = Date.UTC(1899, 11, days < 60 ? 31 : 30) + days * 86400000;
  const d = new Date(t);
  return realDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

function dateFromNumber(n: number): string | null {
  if (Number.isInteger(n) && n >= 19000101 && n <= 21001231) {
    return realDate(Math.floor(n / 10000), Math.floor(n / 100) % 100, n % 100);
  }
  return excelSerialDate(n);
}

function parseDateText(s: string): string | null {
  let m = ISO_DATE_RE.exec(s) ?? YMD_RE.exec(s);
  if (m) return realDate(+m[1], +m[2], +m[3]);
  s = toHalfWidth(s).trim().replace(TIME_SUFFIX_RE, '');
  s = removeSpaces(s);
  if ((m = YMD_RE.exec(s))) return realDate(+m[1], +m[2], +m[3]);
  if ((m = DIGITS8_RE.exec(s))) return realDate(+m[1], +m[2], +m[3]);
  if (SERIAL_RE.test(s)) return excelSerialDate(Number(s));
  return null;
}

/** 2025-03-15, 2025/3/15, 2025.03.15, 20250315, 2025年3月15日, Excel serials, date-time text. */
export function normDate(v: Cell): Norm {
  if (v === null || v === undefined || v === '') return '';
  if (typeof v === 'number') return dateFromNumber(v) ?? unreadable(String(v));
  const s = cellText(v);
  if (s === '') return '';
  return parseDateText(s) ?? unreadable(s);
}

const YM_RE = /^(\d{4})[-/.年](\d{1,2})月?$/;
const DIGITS6_RE = /^(\d{4})(\d{2})$/;
const YEAR_ONLY_RE = /^(\d{4})年?$/;

/**
 * A date, or only a year and month (→ the first of that month). A bare year means the usual
 * September intake of that year (入学年月 "2024" → 2024-09-01).
 */
export function normYearMonth(v: Cell): Norm {
  if (v === null || v === undefined || v === '') return '';
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= 190001 && v <= 210012)
      return realDate(Math.floor(v / 100), v % 100, 1) ?? unreadable(String(v));
    if (Number.isInteger(v) && v >= 1900 && v <= 2100) return `${v}-09-01`;
    if (!Number.isInteger(v) && v > 1900 && v < 2101) return normYearMonth(String(v));
    return dateFromNumber(v) ?? unreadable(String(v));
  }
  const raw = cellText(v);
  if (raw === '') return '';
  const s = removeSpaces(toHalfWidth(raw));
  let m: RegExpExecArray | null;
  if ((m = YM_RE.exec(s))) return realDate(+m[1], +m[2], 1) ?? unreadable(raw);
  if ((m = DIGITS6_RE.exec(s))) return realDate(+m[1], +m[2], 1) ?? unreadable(raw);
  if ((m = YEAR_ONLY_RE.exec(s))) return realDate(+m[1], 9, 1) ?? unreadable(raw);
  return parseDateText(raw) ?? unreadable(raw);
}

// ---------------------------------------------------------------- numbers

/** Integer cents → plain decimal text with at most 2 decimals: 1150, 312.5, 0.05, -2000. */
export function centsText(c: number): string {
  const a = Math.abs(c);
  const i = Math.floor(a / 100);
  const f = a % 100;
  let s = String(i);
  if (f !== 0) s += '.' + (f % 10 === 0 ? String(f / 10) : (f < 10 ? '0' : '') + String(f));
  return c < 0 ? '-' + s : s;
}

const PLAIN_INT_RE = /^\d{1,12}$/;
const DECIMAL_RE = /^[+-]?(\d+\.?\d*|\.\d+)$/;
const MONEY_NOISE_RE = /[,￥¥元]|RMB|CNY|人民币/gi;
const MAX_AMOUNT = 1e12; // DECIMAL(14,2)

/**
 * Yuan with up to 2 decimals (rounded to the cent): '1,150.00', '1150元', '￥1150', full-width
 * digits, '(2000)' accounting negatives, '1.5万'. scale = 10000 when the header says (万元).
 */
export function normAmount(v: Cell, scale = 1): Norm {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return unreadable(String(v));
    const c = Math.sign(v) * Math.round(Math.abs(v) * scale * 100);
    return Math.abs(c) >= MAX_AMOUNT * 100 ? new NormError(`超出范围：${q(String(v))}`) : centsText(c);
  }
  const raw = cellText(v);
  if (raw === '') return '';
  if (scale === 1 && PLAIN_INT_RE.test(raw)) return String(Number(raw));
  let s = compact(raw).replace(MONEY_NOISE_RE, '');
  let neg = false;
  const paren = /^\((.*)\)$/.exec(s);
  if (paren) {
    neg = true;
    s = paren[1];
  }
  let k = scale;
  if (s.endsWith('万')) {
    k *= 10000;
    s = s.slice(0, -1);
  }
  if (!DECIMAL_RE.test(s)) return unreadable(raw);
  const n = Number(s) * (neg ? -1 : 1);
  const c = Math.sign(n) * Math.round(Math.abs(n) * k * 100);
  if (Math.abs(c) >= MAX_AMOUNT * 100) return new NormError(`超出范围：${q(raw)}`);
  return centsText(c);
}

const INT_RE = /^\+?(\d+)(\.0*)?$/;

/** Non-negative integer (head counts): '1,234', '1234人', full-width digits. */
export function normInt(v: Cell): Norm {
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= 0 && v <= 2147483647) return String(v);
    return new NormError(`应为非负整数：${q(String(v))}`);
  }
  const raw = cellText(v);
  if (raw === '') return '';
  const s = compact(raw).replace(/[,人名个]/g, '');
  const m = INT_RE.exec(s);
  if (!m || Number(m[1]) > 2147483647) return new NormError(`应为非负整数：${q(raw)}`);
  return String(Number(m[1]));
}

/** A calendar year, 1900–2100: 2025, '2025年', '2025年度'. */
export function normYear(v: Cell): Norm {
  const raw = cellText(v);
  if (raw === '') return '';
  const m = /^(\d{4})(\.0+)?(年度?)?$/.exec(compact(raw));
  if (!m || +m[1] < 1900 || +m[1] > 2100) return unreadable(raw);
  return m[1];
}

// ---------------------------------------------------------------- terms and school years

const TERM_RE = /^(\d{4})年?[-—–/.]?(春|秋)季?(学期)?$/;
const DASHES = '-—–―~至到/';
const TERM_BY_YEAR_RE = new RegExp(`^(\\d{4})年?[${DASHES}](\\d{4})年?(学年度?)?第?([一二12上下])学期$`);
const SCHOOL_YEAR_RE = new RegExp(`^(\\d{4})年?[${DASHES}](\\d{2}|\\d{4})年?(学年度?|年度)?$`);

export const termText = (year: number, season: '春' | '秋') => `${year}年${season}季学期`;

/**
 * 2025年春季学期, 2025春, 2025年春季, 2025-春, 2025秋季 … and 2024-2025学年第二学期 (第一学期 /
 * 上学期 = autumn of the first year, 第二学期 / 下学期 = spring of the second) → 'YYYY年春季学期'.
 */
const CANONICAL_TERM_RE = /^\d{4}年[春秋]季学期$/;

export function normTerm(v: Cell): Norm {
  if (typeof v === 'string' && CANONICAL_TERM_RE.test(v)) return v;
  const raw = cellText(v);
  if (raw === '') return '';
  const s = compact(raw);
  let m = TERM_RE.exec(s);
  if (m) return termText(+m[1], m[2] as '春' | '秋');
  if ((m = TERM_BY_YEAR_RE.exec(s))) {
    const y1 = +m[1];
    if (+m[2] !== y1 + 1) return new NormError(`中的学年前后年份不连续：${q(raw)}`);
    return /[一1上]/.test(m[4]) ? termText(y1, '秋') : termText(y1 + 1, '春');
  }
  return unreadable(raw, '（应为“2025年春季学期”这样的学期）');
}

/** School year of a canonical term: spring Y → (Y-1)-Y, autumn Y → Y-(Y+1). */
export function termSchoolYear(term: string): string {
  const y = +term.slice(0, 4);
  return term.charAt(5) === '春' ? `${y - 1}-${y}` : `${y}-${y + 1}`;
}

/** 2024-2025, 2024—2025, 2024–2025, 2024至2025学年, 2024-25, 2024学年 → '2024-2025'. */
export function normSchoolYear(v: Cell): Norm {
  const raw = cellText(v);
  if (raw === '') return '';
  const s = compact(raw);
  const m = SCHOOL_YEAR_RE.exec(s);
  if (m) {
    const y1 = +m[1];
    const y2 = m[2].length === 2 ? Math.floor(y1 / 100) * 100 + +m[2] : +m[2];
    if (y2 !== y1 + 1) return new NormError(`前后年份不连续：${q(raw)}`);
    return `${y1}-${y2}`;
  }
  const one = /^(\d{4})学年度?$/.exec(s);
  if (one) return `${+one[1]}-${+one[1] + 1}`;
  return unreadable(raw, '（应为“2024-2025”这样的学年）');
}

// ---------------------------------------------------------------- enumerations

function enumeration(values: readonly string[], aliases: Record<string, string>, hint: string): Normaliser {
  const map = new Map<string, string>();
  for (const x of values) map.set(x, x);
  for (const [k, x] of Object.entries(aliases)) map.set(k, x);
  return (v) => {
    const raw = cellText(v);
    if (raw === '') return '';
    return map.get(compact(raw)) ?? unreadable(raw, hint);
  };
}

export const normLevel = enumeration(
  LEVELS,
  {
    ...LEVEL_ALIASES,
    特别困难学生: '特别困难',
    困难学生: '困难',
    比较困难学生: '困难',
    一般困难学生: '一般困难',
    家庭经济特别困难: '特别困难',
    家庭经济困难: '困难',
    家庭经济一般困难: '一般困难'
  },
  '（应为特别困难、困难或一般困难）'
);

export const normStage = enumeration(
  STAGES,
  {
    学前教育: '学前',
    幼儿园: '学前',
    小学阶段: '小学',
    初级中学: '初中',
    初中阶段: '初中',
    高中: '普通高中',
    普高: '普通高中',
    普通高中教育: '普通高中',
    中等职业教育: '中职',
    中职学校: '中职',
    中专: '中职',
    职高: '中职',
    职业高中: '中职'
  },
  '（应为学前、小学、初中、普通高中或中职）'
);

export const normStatus = enumeration(
  ENROLMENT_STATUSES,
  {
    在校: '在读',
    在籍: '在读',
    正常: '在读',
    转学: '转出',
    已转出: '转出',
    已毕业: '毕业',
    结业: '毕业',
    辍学: '退学',
    已退学: '退学',
    休学中: '休学',
    开除学籍: '开除'
  },
  `（应为${ENROLMENT_STATUSES.join('、')}之一）`
);

export const normOwnership = enumeration(
  ['公办', '民办'],
  { 公立: '公办', 公办学校: '公办', 私立: '民办', 民办学校: '民办' },
  '（应为公办或民办）'
);

export const normGender = enumeration(
  ['男', '女'],
  { 男性: '男', 女性: '女', M: '男', F: '女', m: '男', f: '女', '1': '男', '2': '女' },
  '（应为男或女）'
);

const BOOL_MAP = new Map<string, string>([
  ...['是', 'Y', 'YES', 'TRUE', '1', '寄宿', '寄宿生', '住校', '√'].map(
    (k) => [k, 'true'] as [string, string]
  ),
  ...['否', 'N', 'NO', 'FALSE', '0', '走读', '走读生', '非寄宿', '×'].map(
    (k) => [k, 'false'] as [string, string]
  )
]);

/** 是/否, Y/N, 1/0, 寄宿/走读, TRUE/FALSE → 'true' / 'false'. */
export function normBool(v: Cell): Norm {
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  const raw = cellText(v);
  if (raw === '') return '';
  return BOOL_MAP.get(compact(raw).toUpperCase()) ?? unreadable(raw, '（应为是或否）');
}

const BUDGET_LEVEL_MAP: Record<string, string> = {
  中央: '中央',
  中央级: '中央',
  中央财政: '中央',
  中央资金: '中央',
  省级: '省级',
  省: '省级',
  省本级: '省级',
  省财政: '省级',
  省级资金: '省级',
  市级: '市级',
  市: '市级',
  市本级: '市级',
  市财政: '市级',
  市级资金: '市级',
  县级: '县级',
  县: '县级',
  县区级: '县级',
  县市区: '县级',
  县级财政: '县级',
  县级资金: '县级'
};

/** 中央/省级/市级/县级; an unknown level is kept as written (it only labels the allocation). */
export function normBudgetLevel(v: Cell): Norm {
  const s = compact(v);
  return BUDGET_LEVEL_MAP[s] ?? s;
}

const COUNTY_SET = new Set<string>(COUNTIES);
const COUNTY_ALIASES: Record<string, string> = {
  岳阳经开区: '岳阳经济技术开发区',
  经开区: '岳阳经济技术开发区',
  经济技术开发区: '岳阳经济技术开发区',
  岳阳经济开发区: '岳阳经济技术开发区',
  经济开发区: '岳阳经济技术开发区',
  开发区: '岳阳经济技术开发区',
  南湖区: '南湖新区',
  屈原区: '屈原管理区',
  屈原管理局: '屈原管理区',
  市本级: '市直',
  本级: '市直',
  市直学校: '市直',
  市直属: '市直',
  市直属学校: '市直',
  岳阳市直: '市直',
  岳阳市本级: '市直',
  市教育局直属: '市直'
};

/**
 * One of the county-level units of README.md, or 市直. Accepts the common variants: 岳阳经开区 /
 * 经开区 → 岳阳经济技术开发区, 市本级 → 市直, a leading 岳阳市, and an unambiguous short form
 * (汨罗 → 汨罗市, 屈原 → 屈原管理区).
 */
export function normCounty(v: Cell): Norm {
  const raw = cellText(v);
  if (raw === '') return '';
  let s = compact(raw);
  if (COUNTY_SET.has(s)) return s;
  if (COUNTY_ALIASES[s]) return COUNTY_ALIASES[s];
  if (s.startsWith('岳阳市') && s.length > 3) {
    s = s.slice(3);
    if (COUNTY_SET.has(s)) return s;
    if (COUNTY_ALIASES[s]) return COUNTY_ALIASES[s];
  }
  if (s.length >= 2) {
    const hits = COUNTIES.filter((c) => c.startsWith(s));
    if (hits.length === 1) return hits[0];
  }
  return unreadable(raw, '（应为岳阳市所属区县或市直）');
}

// ---------------------------------------------------------------- programs, priority groups, grades

const PROGRAM_SET = new Set<string>(PROGRAMS);

export function isKnownProgram(p: string): boolean {
  return PROGRAM_SET.has(p);
}

/** Canonical program name, or the name as written (spaces removed) when unknown. */
export function normProgram(v: Cell): Norm {
  const s = compact(v);
  if (PROGRAM_SET.has(s)) return s;
  return PROGRAM_ALIASES[s] ?? s;
}

const PRIORITY_SPLIT_RE = /[；;,，、/\\|\s]+/;
const NONE_VALUES = new Set(['无', '否', '非', '-', '—', '/', '0', '不是', '没有']);

/** Priority groups: split on ；;,，、/ and spaces, aliases mapped, unknown kept, joined with '、'. */
export function normPriority(v: Cell): Norm {
  const raw = toHalfWidth(cellText(v));
  if (raw === '') return '';
  const out: string[] = [];
  for (const part of raw.split(PRIORITY_SPLIT_RE)) {
    if (part === '' || NONE_VALUES.has(part)) continue;
    const canonical = PRIORITY_ALIASES[part] ?? part;
    if (!out.includes(canonical)) out.push(canonical);
  }
  return out.join('、');
}

/** Grade as written (trimmed, no spaces, half-width). */
export function normGrade(v: Cell): Norm {
  return compact(v);
}

const CN_DIGITS = '〇一二三四五六七八九';

/**
 * Stage of a grade by GRADE_STAGE, also for 1年级 / 初1 / 高中一年级 forms; '' when unknown.
 * Plain 一年级…三年级 map to 小学 here: at import time the school's stage is unknown, so the
 * 中职 reading (一年级 at a 中职 school) is left to the SQL, which joins the school.
 */
export function gradeStage(grade: string): Stage | '' {
  const direct = GRADE_STAGE[grade];
  if (direct) return direct;
  const g = grade.replace(/[1-9]/g, (d) => CN_DIGITS[+d]);
  if (GRADE_STAGE[g]) return GRADE_STAGE[g];
  if (/^(幼儿园|学前|托班|小小班)/.test(g)) return '学前';
  if (/^小学/.test(g)) return '小学';
  if (/^初中/.test(g)) return '初中';
  if (/^(普通高中|高中|普高)/.test(g)) return '普通高中';
  if (/^(中职|职高|中专)/.test(g)) return '中职';
  return '';
}

// ---------------------------------------------------------------- by type

export const NORMALISERS: Record<ColumnType, Normaliser> = {
  id: normId,
  text: normText,
  name: normName,
  school_id: normCode,
  county: normCounty,
  stage: normStage,
  ownership: normOwnership,
  grade: normGrade,
  status: normStatus,
  date: normDate,
  yearmonth: normYearMonth,
  bool: normBool,
  int: normInt,
  amount: (v) => normAmount(v),
  school_year: normSchoolYear,
  term: normTerm,
  year: normYear,
  level: normLevel,
  priority: normPriority,
  program: normProgram,
  budget_level: normBudgetLevel,
  gender: normGender
};
