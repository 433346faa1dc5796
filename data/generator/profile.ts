/**
 * How well each unit and school does its job, so the demo city is not flat: most fund nearly every
 * identified student, pay on time and keep to 计提; two units are clearly behind and one school far
 * behind. Only what no rule flags varies here (a non-priority identified student left unfunded, an
 * execution rate still ≥ 90%, a 计提 share still at its minimum); what a rule flags (late payments)
 * is planted with its ground truth in plants.ts.
 */
import type { County } from '../../src/lib/contract/domain';
import type { Ctx } from './population';
import type { SchoolRow } from './model';

/** The units behind on coverage, timeliness, execution and 计提. */
export const BEHIND: readonly County[] = ['平江县', '华容县'];

export const isBehind = (county: string): boolean => (BEHIND as readonly string[]).includes(county);

/** A stable number in [0, 1) from a text (decisions that must not shift the generator's random stream). */
export function unitHash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0) / 4294967296;
}

/**
 * The school far behind: the largest 初中 of 汨罗市 that no S05 plant uses (a unit not otherwise
 * behind, so a leader finds it only by looking at schools).
 */
export function farBehindSchool(ctx: Ctx): SchoolRow | null {
  const cand = ctx.schools.filter(
    (s) =>
      s.county === '汨罗市' &&
      s.stage === '初中' &&
      !s.tiny &&
      ![...ctx.reserved].some((r) => r.startsWith(`${s.idx}|`))
  );
  cand.sort((a, b) => ctx.autumnHome[b.idx].length - ctx.autumnHome[a.idx].length || a.idx - b.idx);
  return cand[0] ?? null;
}

/**
 * Share of a school's identified non-priority students left without the need program in a term:
 * 25% at the far-behind school, 4–7% in the units behind, 0–1.2% elsewhere. Priority students are
 * never left out here (that is rule R12, planted with its ground truth).
 */
export function missRate(s: SchoolRow, far: SchoolRow | null): number {
  if (far && s.code === far.code && s.stage === far.stage) return 0.25;
  const h = unitHash(`miss|${s.code}|${s.stage}`);
  return isBehind(s.county) ? 0.04 + 0.03 * h : 0.012 * h;
}

/** Whether one identified student goes unfunded in a term (stable for the student and term). */
export function missed(s: SchoolRow, far: SchoolRow | null, id: string, term: string): boolean {
  return unitHash(`${id}|${term}`) < missRate(s, far);
}
