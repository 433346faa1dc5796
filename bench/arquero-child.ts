/**
 * `node --import tsx bench/arquero-child.ts`: the Arquero baseline (./arquero-baseline.ts) on the
 * embedded demo, in a process of its own, run by bench/run.ts. At scale 1 Arquero holds a million
 * roster rows and their enrolments in the JS heap; if that runs out of memory only this child
 * dies, and the bench prints the rest. Prints the timings as JSON on its last line.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TABLES, type TableKey } from '../src/lib/contract/tables';
import { createNodeEngine } from '../src/lib/engine/node';
import { applyPolicyStep, loadData } from '../src/lib/pipeline';
import { defaultPolicy } from '../src/lib/policy/defaults';
import { benchArquero } from './arquero-baseline';

const demoDir = join(import.meta.dirname, '..', 'static', 'demo');
const tables: Partial<Record<TableKey, string[]>> = {};
for (const t of TABLES) {
  const p = join(demoDir, `${t.key}.csv`);
  if (existsSync(p)) tables[t.key] = [readFileSync(p, 'utf8')];
}
const engine = await createNodeEngine({ threads: 1 });
await loadData(engine, tables);
await applyPolicyStep(engine, defaultPolicy);
const result = await benchArquero(engine);
await engine.close();
console.log(JSON.stringify(result));
