/**
 * Prepares the demo city the site shows before a user imports anything:
 *   1. runs the generator into data/demo (unless data/demo/manifest.json has this scale and seed),
 *   2. imports data/demo with the same importer the browser runs (src/lib/ingest),
 *   3. writes static/demo/<table>.csv (canonical CSV) and static/demo/manifest.json (import report,
 *      counts, scale, seed),
 *   4. runs the pipeline natively and writes its stored form, static/demo/prepared.duckdb, which the
 *      site attaches instead of rebuilding everything from the CSV (src/lib/pipeline/prepared.ts).
 *   Skipped entirely when static/demo/manifest.json is already at this scale and seed, newer than
 *   the generator's output and records the prepared file; only step 4 runs when just that is missing.
 *
 *   node --import tsx scripts/prepare-demo.ts [--scale 1] [--seed 2025] [--force]
 * Scale: --scale, else env DEMO_SCALE, else 1.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { importFiles } from '../src/lib/ingest/index';
import type { TableKey } from '../src/lib/contract/tables';
import { defaultPolicy } from '../src/lib/policy/defaults';
import type { PreparedStamp } from '../src/lib/pipeline/prepared';
import { parseArgs, readDataDir } from './lib/cli';
import { writePreparedDb } from './lib/prepared-db';

const ROOT = resolve(import.meta.dirname, '..');
const DATA = join(ROOT, 'data', 'demo');
const OUT = join(ROOT, 'static', 'demo');

const args = parseArgs(process.argv.slice(2));
const scale = Number(args.scale ?? process.env.DEMO_SCALE ?? 1);
const seed = Number(args.seed ?? 2025);
const force = 'force' in args;
if (!(scale > 0)) throw new Error(`invalid --scale ${args.scale}`);

interface Stamp {
  scale?: number;
  seed?: number;
  tables?: TableKey[];
  /** Fingerprint of the code that made the demo's files (generator, importer, contract). */
  dataCode?: string;
  prepared?: PreparedStamp & { code?: string };
}

/**
 * Fingerprint of the source files under some folders: the stored demo is only as new as the code
 * that made it, so a changed generator or pipeline rebuilds it (a kept prepared.duckdb without a
 * table the new dashboards read would break every page).
 */
function codeKey(dirs: string[]): string {
  const h = createHash('sha256');
  const walk = (p: string) => {
    if (statSync(p).isDirectory()) {
      for (const name of readdirSync(p).sort()) walk(join(p, name));
    } else if (/\.(ts|mts|js)$/.test(p) && !p.endsWith('.svelte.ts')) {
      h.update(p.slice(ROOT.length));
      h.update(readFileSync(p));
    }
  };
  for (const d of dirs) if (existsSync(join(ROOT, d))) walk(join(ROOT, d));
  return h.digest('hex').slice(0, 16);
}
const DATA_CODE = codeKey(['data/generator', 'src/lib/ingest', 'src/lib/contract']);
const PREPARED_CODE = codeKey([
  'src/lib/pipeline',
  'src/lib/engine',
  'src/lib/model',
  'src/lib/policy',
  'src/lib/rules',
  'src/lib/metrics',
  'scripts/lib/prepared-db.ts'
]);
const PREPARED = 'prepared.duckdb';
const readStamp = (p: string): Stamp | null => {
  try {
    return JSON.parse(readFileSync(p, 'utf8')) as Stamp;
  } catch {
    return null;
  }
};
const same = (s: Stamp | null) => s !== null && s.scale === scale && s.seed === seed;
const sameData = (s: Stamp | null) => same(s) && s!.dataCode === DATA_CODE;
const mtime = (p: string) => (existsSync(p) ? statSync(p).mtimeMs : 0);

const dataManifest = join(DATA, 'manifest.json');
const outManifest = join(OUT, 'manifest.json');

/** Step 4: the pipeline's stored form of the canonical tables, recorded in the manifest. */
async function prepare(tables: Partial<Record<TableKey, string[]>>, stamp: Record<string, unknown>) {
  console.log('正在预先计算数据库文件 / building prepared.duckdb …');
  const built = await writePreparedDb(tables, defaultPolicy, join(OUT, PREPARED));
  const prepared: Stamp['prepared'] = {
    code: PREPARED_CODE,
    file: PREPARED,
    bytes: statSync(join(OUT, PREPARED)).size,
    dataKey: built.dataKey,
    policyKey: built.policyKey
  };
  writeFileSync(outManifest, JSON.stringify({ ...stamp, prepared }, null, 1) + '\n', 'utf8');
  console.log(`prepared.duckdb ${(prepared.bytes / 1e6).toFixed(1)} MB (${built.ms} ms)`);
}

const current = readStamp(outManifest);
if (!force && sameData(current) && mtime(outManifest) >= mtime(dataManifest)) {
  if (!current!.prepared || current!.prepared.code !== PREPARED_CODE || !existsSync(join(OUT, PREPARED))) {
    const tables: Partial<Record<TableKey, string[]>> = {};
    for (const t of current!.tables ?? []) tables[t] = [readFileSync(join(OUT, `${t}.csv`), 'utf8')];
    await prepare(tables, current as Record<string, unknown>);
  }
  console.log(`演示数据已就绪 / demo ready (scale ${scale}, seed ${seed})`);
  process.exit(0);
}

if (force || !same(readStamp(dataManifest)) || (current !== null && !sameData(current))) {
  console.log(`正在生成演示数据 / generating demo city (scale ${scale}, seed ${seed}) …`);
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/generate.ts',
      '--out',
      'data/demo',
      '--scale',
      String(scale),
      '--seed',
      String(seed),
      '--messy',
      'data/messy'
    ],
    { cwd: ROOT, stdio: 'inherit' }
  );
  if (r.status !== 0) throw new Error('生成演示数据失败 / generator failed');
}

// The import files the generator wrote, not its answer keys (ground truth of the planted anomalies):
// the same choice `npm run audit` makes, so the site's demo and the CLI see the same files.
const files = await readDataDir(DATA);
console.log(`正在导入 ${files.length} 个演示文件 / importing ${files.length} demo files …`);
const t0 = Date.now();
const result = await importFiles(files);

const counts: Partial<Record<TableKey, number>> = {};
for (const p of result.perFile) counts[p.table] = (counts[p.table] ?? 0) + p.rows;
const tables = Object.keys(result.tables) as TableKey[];

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
for (const t of tables) writeFileSync(join(OUT, `${t}.csv`), result.tables[t]!, 'utf8');
const stamp = {
  scale,
  seed,
  dataCode: DATA_CODE,
  generatedAt: new Date().toISOString(),
  counts,
  tables,
  files: result.files,
  rejected: result.rejected.length
};
writeFileSync(outManifest, JSON.stringify(stamp, null, 1) + '\n', 'utf8');
console.log(
  `演示数据已写入 static/demo (${Date.now() - t0} ms): ` +
    tables.map((t) => `${t} ${counts[t] ?? 0}`).join(', ') +
    (result.rejected.length ? `; 拒绝 ${result.rejected.length} 行` : '')
);

const canonical: Partial<Record<TableKey, string[]>> = {};
for (const t of tables) canonical[t] = [result.tables[t]!];
await prepare(canonical, stamp);
