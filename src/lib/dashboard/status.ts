/** A rate against its target → card colour: met, within 5 points, or further off. */
export function rateStatus(v: number | null, target: number): 'ok' | 'warn' | 'bad' | undefined {
  if (v === null) return undefined;
  if (v >= target - 1e-9) return 'ok';
  return v >= target - 0.05 ? 'warn' : 'bad';
}
