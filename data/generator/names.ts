/**
 * Chinese names: surnames weighted as in Hunan, given names from a character list with a few rare
 * characters (堃 玥 喆 赟 燚 㛃 淼) at low frequency. A registry keeps (name, birth date, sex)
 * unique across the city, so F01 (one person under several IDs) finds only the planted cases.
 */
import type { Rng } from './rng';

const SURNAMES: [string, number][] = [
  ['李', 80],
  ['刘', 75],
  ['陈', 70],
  ['王', 65],
  ['张', 60],
  ['周', 45],
  ['黄', 40],
  ['杨', 38],
  ['谭', 30],
  ['彭', 30],
  ['唐', 30],
  ['罗', 30],
  ['胡', 28],
  ['吴', 26],
  ['易', 22],
  ['曾', 22],
  ['邓', 20],
  ['赵', 18],
  ['朱', 18],
  ['徐', 16],
  ['何', 16],
  ['肖', 16],
  ['廖', 15],
  ['蒋', 15],
  ['许', 14],
  ['钟', 13],
  ['毛', 13],
  ['方', 12],
  ['姚', 12],
  ['贺', 12],
  ['龙', 11],
  ['汤', 11],
  ['郭', 11],
  ['高', 10],
  ['林', 10],
  ['孙', 10],
  ['马', 9],
  ['宋', 9],
  ['谢', 9],
  ['梁', 9],
  ['田', 8],
  ['袁', 8],
  ['潘', 8],
  ['任', 8],
  ['石', 7],
  ['熊', 7],
  ['邹', 7],
  ['付', 7],
  ['沈', 6],
  ['范', 6],
  ['严', 6],
  ['戴', 6],
  ['向', 6],
  ['文', 6],
  ['卢', 5],
  ['姜', 5],
  ['余', 5],
  ['夏', 5],
  ['万', 5],
  ['苏', 5],
  ['丁', 4],
  ['程', 4],
  ['魏', 4],
  ['雷', 4],
  ['段', 4],
  ['侯', 4],
  ['孔', 3],
  ['左', 3],
  ['鲁', 3],
  ['甘', 3],
  ['童', 3],
  ['凌', 3],
  ['欧阳', 3],
  ['司马', 1],
  ['诸葛', 1],
  ['上官', 1]
];
const SURNAME_W = SURNAMES.map((s) => s[1]);

const COMMON = (
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建国文浩宇轩子涵梓萱欣怡晨阳' +
  '博雨思嘉佳琪俊峰诗雅一诺可馨若曦梦瑶心妍泽宏亮志豪睿天翔铭鑫婷倩雪慧颖丹凯锦程航毅' +
  '晓彤钰乐安奕然语彬昊宸瑞霖晗皓煜哲琳瀚森语桐依诺沐辰景泓烨睿骏驰逸凡子墨若楠梓涵书' +
  '怡悦萌茜蕾菲露洁芸珊蓉婕蔚昕昱炜玮珂璐钧'
).split('');
const RARE = ['堃', '玥', '喆', '赟', '燚', '㛃', '淼'];

export function randomSurname(rng: Rng): string {
  return SURNAMES[rng.weighted(SURNAME_W)][0];
}

function givenChar(rng: Rng): string {
  return rng.chance(0.012) ? rng.pick(RARE) : rng.pick(COMMON);
}

export function randomGiven(rng: Rng): string {
  return rng.chance(0.72) ? givenChar(rng) + givenChar(rng) : givenChar(rng);
}

export class NameRegistry {
  private seen = new Set<string>();

  has(name: string, birth: string, sex: number): boolean {
    return this.seen.has(`${name}|${birth}|${sex}`);
  }

  add(name: string, birth: string, sex: number): void {
    this.seen.add(`${name}|${birth}|${sex}`);
  }

  /** A name not yet used by anyone with this birth date and sex (optionally with a fixed surname). */
  fresh(rng: Rng, birth: string, sex: number, surname?: string): string {
    for (;;) {
      const name = (surname ?? randomSurname(rng)) + randomGiven(rng);
      if (!this.has(name, birth, sex)) {
        this.add(name, birth, sex);
        return name;
      }
    }
  }

  /** The name with one given-name character changed, unused in its (birth, sex) bucket: R10. */
  variant(rng: Rng, name: string, birth: string, sex: number): string {
    for (;;) {
      const v = name.slice(0, -1) + rng.pick(COMMON);
      if (v !== name && !this.has(v, birth, sex)) {
        this.add(v, birth, sex);
        return v;
      }
    }
  }
}

/** A parent's name for card holders (same surname, an adult's given name). */
const ADULT = '建国志强桂兰秀英国华红梅海军卫东丽华德明春花小平爱民建军玉梅'.match(/../g) as string[];
export function parentName(rng: Rng, childName: string): string {
  const surname =
    childName.length >= 3 && /^(欧阳|司马|诸葛|上官)/.test(childName) ? childName.slice(0, 2) : childName[0];
  return surname + rng.pick(ADULT);
}
export function teacherName(rng: Rng): string {
  return randomSurname(rng) + rng.pick(ADULT);
}
