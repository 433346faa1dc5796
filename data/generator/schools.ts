/**
 * The schools of the city: counts and sizes per stage at real Yueyang size (scale 1), spread over
 * the 12 county-level units + 市直, with a few 九年一贯制 schools (one code under 小学 and 初中).
 */
import { COUNTIES, type County, type Stage } from '../../src/lib/contract/domain';
import type { Rng } from './rng';
import type { SchoolRow } from './model';

export interface StageConfig {
  schools: number;
  students: number;
  minSchools: number;
  grades: string[];
  k0: number;
}

export const STAGE_CONFIG: Record<Stage, StageConfig> = {
  学前: { schools: 1300, students: 150000, minSchools: 12, grades: ['小班', '中班', '大班'], k0: -2 },
  小学: {
    schools: 760,
    students: 350000,
    minSchools: 8,
    grades: ['一年级', '二年级', '三年级', '四年级', '五年级', '六年级'],
    k0: 1
  },
  初中: { schools: 260, students: 170000, minSchools: 5, grades: ['七年级', '八年级', '九年级'], k0: 7 },
  普通高中: { schools: 55, students: 80000, minSchools: 5, grades: ['高一', '高二', '高三'], k0: 10 },
  中职: {
    schools: 34,
    students: 50000,
    minSchools: 5,
    grades: ['中职一年级', '中职二年级', '中职三年级'],
    k0: 10
  }
};

/** Students per county (share of the city), by stage; 市直 runs mostly high and vocational schools. */
const COUNTY_WEIGHT: Record<County, number> = {
  岳阳楼区: 13,
  云溪区: 4,
  君山区: 4,
  岳阳县: 11,
  华容县: 10,
  湘阴县: 10,
  平江县: 16,
  汨罗市: 10,
  临湘市: 7,
  岳阳经济技术开发区: 4,
  南湖新区: 3,
  屈原管理区: 2,
  市直: 0
};
const CITY_DIRECT_SHARE: Record<Stage, number> = { 学前: 1, 小学: 1, 初中: 2, 普通高中: 16, 中职: 25 };
export const URBAN = new Set<County>(['岳阳楼区', '云溪区', '岳阳经济技术开发区', '南湖新区', '市直']);

const PLACES = (
  '城关 新墙 荣家湾 筻口 月田 公田 黄沙街 鹿角 麻塘 步仙 杨林 长湖 梅溪 新开 毛田 饶村 东山 南江 三阳 ' +
  '安定 长寿 龙门 浯口 瓮江 加义 南津港 洪山头 东洲 三封寺 治河渡 万庾 鹤龙湖 岳山 文星 静河 六塘 ' +
  '金龙 铁山 詹桥 聂市 羊楼司 坦渡 忠防 江南 白石 河市 新市 营田 凤凰 北港 许市 钱粮湖 良心堡 广兴洲 ' +
  '陆城 路口 长炼 枫桥湖 郭镇 洛王 金凤 五里 站前 东茅岭 望岳 花板桥 求索 青年 岳化 湖滨 滨湖 梅溪桥'
).split(' ');
const BRANDS = '贝贝 童之梦 金太阳 小天鹅 七彩 阳光 蓝天 启明星 快乐宝贝 育才'.split(' ');
const CN_NUM = [
  '',
  '一',
  '二',
  '三',
  '四',
  '五',
  '六',
  '七',
  '八',
  '九',
  '十',
  '十一',
  '十二',
  '十三',
  '十四',
  '十五'
];
const STAGE_DIGIT: Record<Stage, string> = { 学前: '1', 小学: '2', 初中: '3', 普通高中: '4', 中职: '5' };

/** Largest-remainder apportionment of n items by weights. */
function apportion(n: number, weights: number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (n * w) / total);
  const out = exact.map(Math.floor);
  let rest = n - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let j = 0; rest > 0; j++, rest--) out[order[j % order.length][1]]++;
  return out;
}

function rawSize(rng: Rng, stage: Stage, urban: boolean): number {
  const u = rng.next();
  switch (stage) {
    case '学前':
      return u < 0.25 ? rng.int(18, 60) : u < 0.8 ? rng.int(60, 180) : rng.int(180, 360);
    case '小学':
      if (!urban && u < 0.3) return rng.int(25, 150);
      return u < 0.75 ? rng.int(200, 700) : rng.int(700, 2200);
    case '初中':
      return !urban && u < 0.2 ? rng.int(80, 260) : u < 0.8 ? rng.int(300, 900) : rng.int(900, 2200);
    case '普通高中':
      return rng.int(700, 3000);
    case '中职':
      return rng.int(600, 3000);
  }
}

/** 1–99 in Chinese numerals (十五, 二十三), larger numbers in digits. */
function cnNumber(n: number): string {
  if (n >= 100) return String(n);
  const tens = Math.floor(n / 10);
  const unit = n % 10 ? CN_NUM[n % 10] : '';
  return tens === 0 ? unit : `${tens === 1 ? '' : CN_NUM[tens]}十${unit}`;
}

export function buildSchools(rng: Rng, scale: number): SchoolRow[] {
  const schools: SchoolRow[] = [];
  const names = new Set<string>();
  const serial = new Map<string, number>();
  const short = (c: County): string => (c === '市直' ? '岳阳市' : c);

  const nameFor = (county: County, stage: Stage, ownership: string, n: number): string => {
    const c = short(county);
    for (let attempt = 0; ; attempt++) {
      let name: string;
      const place = rng.pick(PLACES);
      if (stage === '学前')
        name =
          ownership === '民办'
            ? `${c}${rng.pick(BRANDS)}幼儿园`
            : `${c}${place}${rng.chance(0.3) ? '中心' : ''}幼儿园`;
      else if (stage === '小学') name = `${c}${place}${rng.chance(0.3) ? '中心' : ''}小学`;
      else if (stage === '初中') name = `${c}${place}中学`;
      else if (stage === '普通高中')
        name = ownership === '民办' ? `${c}${place}高级中学` : `${c}第${CN_NUM[Math.min(n, 15)] || n}中学`;
      else name = `${c}${n > 1 ? `第${CN_NUM[Math.min(n, 15)]}` : ''}职业中专学校`;
      const base = name;
      const branch = (k: string) => base.replace(/(幼儿园|小学|中学|高级中学|职业中专学校)$/, `${k}分校$1`);
      if (attempt > 5) name = branch(CN_NUM[(attempt % 14) + 1]);
      // Past scale 1 a unit can have more public high schools or 中职 than the numbered names and
      // the 14 branch names above give (第十五中学 is as far as CN_NUM goes): number the branch
      // from 十五 on then, or the loop never ends (scale 5 hung here). No scale-1 name gets this
      // far, so the demo city is unchanged.
      if (names.has(name) && attempt >= 200) name = branch(cnNumber(attempt - 185));
      if (!names.has(name)) {
        names.add(name);
        return name;
      }
    }
  };

  for (const stage of Object.keys(STAGE_CONFIG) as Stage[]) {
    const cfg = STAGE_CONFIG[stage];
    const n = Math.max(cfg.minSchools, Math.round(cfg.schools * scale));
    const weights = COUNTIES.map((c) => (c === '市直' ? CITY_DIRECT_SHARE[stage] : COUNTY_WEIGHT[c]));
    const perCounty = apportion(n, weights);
    const rows: SchoolRow[] = [];
    COUNTIES.forEach((county, ci) => {
      for (let i = 0; i < perCounty[ci]; i++) {
        const urban = URBAN.has(county);
        const privateShare =
          stage === '学前' ? 0.35 : stage === '普通高中' ? 0.12 : stage === '中职' ? 0 : 0.04;
        const ownership = rng.chance(privateShare) ? '民办' : '公办';
        const sk = `${ci}|${stage}`;
        const s = (serial.get(sk) ?? 0) + 1;
        serial.set(sk, s);
        const code = `4306${String(ci + 1).padStart(2, '0')}${STAGE_DIGIT[stage]}${String(s).padStart(3, '0')}`;
        const grades = [...cfg.grades];
        if (stage === '初中' && rng.chance(0.2)) grades.splice(0, 3, '初一', '初二', '初三');
        if (stage === '中职' && s % 4 === 3) grades.splice(0, 3, '一年级', '二年级', '三年级');
        rows.push({
          idx: 0,
          code,
          name: nameFor(county, stage, ownership, s),
          county,
          stage,
          ownership,
          rural: !urban,
          nineYear: false,
          grades,
          k0: cfg.k0,
          fee: 800 + 50 * rng.int(0, 8),
          share: 0,
          size: rawSize(rng, stage, urban),
          tiny: false
        });
      }
    });
    // Scale sizes so the stage totals match the city's planning numbers.
    const target = cfg.students * scale;
    const raw = rows.reduce((a, r) => a + r.size, 0);
    for (const r of rows) {
      const x = (r.size * target) / raw;
      // 中职 sizes are multiples of 200 so every school awards scholarships to exactly 0.5%.
      r.size =
        stage === '中职'
          ? 200 * Math.max(1, Math.round(x / 200))
          : Math.max(stage === '学前' ? 15 : 20, Math.round(x));
    }
    schools.push(...rows);
  }

  // 九年一贯制: a 小学 and an 初中 of one rural county become one school with one code.
  const pairs = Math.max(1, Math.round(14 * scale));
  let made = 0;
  for (const county of [
    ...rng.shuffle(COUNTIES.filter((c) => !URBAN.has(c))),
    ...COUNTIES.filter((c) => URBAN.has(c))
  ]) {
    if (made >= pairs) break;
    const prim = schools.filter((s) => s.county === county && s.stage === '小学' && !s.nineYear);
    const jun = schools.filter((s) => s.county === county && s.stage === '初中' && !s.nineYear);
    const take = Math.min(prim.length - 1, jun.length - 1, Math.max(1, Math.ceil(pairs / 6)), pairs - made);
    for (let i = 0; i < take; i++) {
      const p = prim[i];
      const j = jun[i];
      const place = rng.pick(PLACES);
      let name = `${short(county)}${place}九年一贯制学校`;
      for (let n = 2; names.has(name); n++) name = `${short(county)}${place}第${CN_NUM[n]}九年一贯制学校`;
      names.add(name);
      p.name = j.name = name;
      j.code = p.code;
      j.grades = STAGE_CONFIG['初中'].grades;
      p.nineYear = j.nineYear = true;
      p.size = Math.max(p.size, 120);
      j.size = Math.max(j.size, 90);
      made++;
    }
  }

  // The S05 negative: a tiny kindergarten (under 50 students) that funds nearly everyone.
  const ci = COUNTIES.indexOf('屈原管理区');
  schools.push({
    idx: 0,
    code: `4306${String(ci + 1).padStart(2, '0')}1999`,
    name: nameFor('屈原管理区', '学前', '公办', 1).replace(/幼儿园$/, '村级幼儿园'),
    county: '屈原管理区',
    stage: '学前',
    ownership: '公办',
    rural: true,
    nineYear: false,
    grades: STAGE_CONFIG['学前'].grades,
    k0: -2,
    fee: 800,
    share: 0.95,
    size: 30,
    tiny: true
  });
  schools.forEach((s, i) => (s.idx = i));
  return schools;
}
