/**
 * A policy file written by hand may give only what differs from the defaults of its year (one
 * standard, one window, one threshold). fillPolicy completes it from defaultPolicy(year), part by
 * part, so `npm run audit` and `npm run report` read the same file the same way.
 */
import { defaultPolicy } from './defaults';
import type { Policy } from './types';
import { validatePolicy } from './validate';

/** A partial policy completed from the defaults of its year (2025 when it names none). */
export function fillPolicy(p: Partial<Policy>): Policy {
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
 * The policies of a policy file's JSON text: one policy or a list (one per year), each completed
 * by fillPolicy and validated. `file` names the file in the Chinese error message.
 */
export function parsePolicyFile(text: string, file: string): Policy[] {
  let parsed: Partial<Policy> | Partial<Policy>[];
  try {
    parsed = JSON.parse(text) as Partial<Policy> | Partial<Policy>[];
  } catch {
    throw new Error(`政策文件 ${file} 不是有效的 JSON`);
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  return list.map((p) => {
    const full = fillPolicy(p);
    const errs = validatePolicy(full);
    if (errs.length) throw new Error(`政策文件 ${file}（${full.year} 年）有误：\n  ${errs.join('\n  ')}`);
    return full;
  });
}
