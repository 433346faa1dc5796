/** The CLI's optional files for the plan and the assessment: `--policy`, `--plan`, `--scheme` (JSON). */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseSchemeFile, type Scheme } from '../../src/lib/assess/scheme';
import { parsePlanFile } from '../../src/lib/plan/file';
import type { Plan } from '../../src/lib/plan/types';

export async function readCliSchemes(file: string): Promise<Scheme[]> {
  return parseSchemeFile(await readFile(file, 'utf8'), basename(file));
}

export async function readCliPlans(file: string): Promise<Plan[]> {
  return parsePlanFile(await readFile(file, 'utf8'), basename(file));
}
