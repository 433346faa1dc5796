/** The CLI's policy file (`--policy FILE.json`), shared by `npm run audit` and `npm run report`. */
import { readFile } from 'node:fs/promises';
import { defaultPolicy } from '../../src/lib/policy/defaults';
import type { Policy } from '../../src/lib/policy/types';
import { validatePolicy } from '../../src/lib/policy/validate';

/** A policy file: one policy or a list (one per year); missing parts fall back to the defaults. */
export async function readPolicies(file: string): Promise<Policy[]> {
  const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<Policy> | Partial<Policy>[];
  const list = Array.isArray(parsed) ? parsed : [parsed];
  return list.map((p) => {
    const d = defaultPolicy(p.year ?? 2025);
    const full: Policy = {
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
    const errs = validatePolicy(full);
    if (errs.length) throw new Error(`政策文件 ${file}（${full.year} 年）有误：\n  ${errs.join('\n  ')}`);
    return full;
  });
}
