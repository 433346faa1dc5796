/**
 * Scores and ranks units for a year: values (./values.ts) × the scheme (./scheme.ts), with the change
 * from the previous year (scored on that year's scheme), and the 先进单位 suggestion.
 */
import type { Engine } from '../engine/engine';
import { INDICATORS, indicatorPoints, round, totalScore, type IndicatorKey, type Scheme } from './scheme';
import { unitValues, type AssessLevel, type RawValue, type UnitValues } from './values';

export interface IndicatorScore extends RawValue {
  key: IndicatorKey;
  name: string;
  weight: number;
  points: number | null;
  prevValue: number | null;
  /** points − previous year's points (null when either is missing). */
  change: number | null;
}

export interface UnitScore {
  key: string;
  label: string;
  county: string;
  total: number | null;
  prevTotal: number | null;
  /** Competition ranking (1, 2, 2, 4); null for a unit without any data. */
  rank: number | null;
  openHigh: number;
  indicators: IndicatorScore[];
}

/** Scores of units from their values (pure: the tests call it on hand-made values too). */
export function scoreUnits(
  current: UnitValues[],
  scheme: Scheme,
  prev: UnitValues[] = [],
  prevScheme?: Scheme
): UnitScore[] {
  const prevBy = new Map(prev.map((u) => [u.key, u]));
  const ps = prevScheme ?? scheme;
  const scored = current.map((u) => {
    const pu = prevBy.get(u.key);
    const indicators = scheme.indicators.map((i): IndicatorScore => {
      const v = u.values[i.key];
      const points = indicatorPoints(v.value, i.weight, i.rule);
      const pi = ps.indicators.find((x) => x.key === i.key);
      const pv = pu?.values[i.key]?.value ?? null;
      const pp = pi ? indicatorPoints(pv, i.weight, pi.rule) : null;
      return {
        key: i.key,
        name: INDICATORS[i.key].name,
        weight: i.weight,
        ...v,
        points,
        prevValue: pv,
        change: points !== null && pp !== null ? round(points - pp, 2) : null
      };
    });
    const prevTotal = pu
      ? totalScore(
          ps.indicators.map((i) => ({
            points: indicatorPoints(pu.values[i.key]?.value ?? null, i.weight, i.rule),
            weight: i.weight
          }))
        )
      : null;
    return {
      key: u.key,
      label: u.label,
      county: u.county,
      total: totalScore(indicators),
      prevTotal,
      rank: null as number | null,
      openHigh: u.openHigh,
      indicators
    };
  });
  scored.sort((a, b) => (b.total ?? -1) - (a.total ?? -1) || a.key.localeCompare(b.key, 'zh-CN'));
  scored.forEach((u, i) => {
    if (u.total === null) return;
    const prevU = scored[i - 1];
    u.rank = i > 0 && prevU.total === u.total ? prevU.rank : i + 1;
  });
  return scored;
}

/** Scores every unit of the level in `year` from the loaded data. */
export async function assessUnits(
  engine: Engine,
  year: number,
  scheme: Scheme,
  prevScheme: Scheme,
  level: AssessLevel,
  county?: string
): Promise<UnitScore[]> {
  const cur = await unitValues(engine, year, level, county);
  const prev = await unitValues(engine, year - 1, level, county);
  return scoreUnits(cur, scheme, prev, prevScheme);
}

/**
 * 先进单位 suggestion: among units with a score and no 高 finding left unrectified, the top N by
 * score, plus any unit tied with the Nth (a tie is not broken by the unit's name).
 */
export function suggestAdvanced(units: UnitScore[], topN: number): UnitScore[] {
  const eligible = units.filter((u) => u.total !== null && u.openHigh === 0);
  if (topN <= 0 || !eligible.length) return [];
  const cut = eligible[Math.min(topN, eligible.length) - 1].total;
  return eligible.filter((u, i) => i < topN || u.total === cut);
}

export { formatValue, ruleText } from './scheme';
