/**
 * A policy file as people write it for the CLI: one policy or a list (one per year), any part left
 * out falls back to that year's defaults. Shared by `npm run audit` and `npm run report`, so both
 * read a policy file the same way as each other.
 */
import { defaultPolicy } from './defaults';
import type { Policy } from './types';
import { validatePolicy } from './validate';

/** Fills every missing part of one partial policy with its year's defaults (2025 when no year). */
export function completePolicy(p: Partial<Policy>): Policy {
  const d = defaultPolicy(p.year ?? 2025);
  return {
    ...d,
    ...p,
    windows: { ...d.windows, ...p.windows },
    ageBands: { ...d.ageBands, ...p.ageBands },
    thresholds: {
      ...d.thresholds,
      ...p.thresholds,
      setasideMinShare: { ...d.thresholds.setasideMinShare, ...p.thresholds?.setasideMinShare }
    },
    rules: { ...d.rules, ...p.rules }
  } as Policy;
}

/**
 * Parses a policy file's JSON text into complete, validated policies. `name` only labels the
 * message (a file name the user gave, never data).
 */
export function policiesFromJson(text: string, name: string): Policy[] {
  const parsed = JSON.parse(text) as Partial<Policy> | Partial<Policy>[];
  const list = Array.isArray(parsed) ? parsed : [parsed];
  return list.map((p) => {
    const full = completePolicy(p);
    const errs = validatePolicy(full);
    if (errs.length) throw new Error(`政策文件 ${name}（${full.year} 年）有误：\n  ${errs.join('\n  ')}`);
    return full;
  });
}
