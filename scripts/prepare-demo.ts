/**
 * Prepares the demo city the site shows before a user imports anything:
 *   1. runs the generator into data/demo (unless data/demo/manifest.json has this scale and seed),
 *   2. imports data/demo with the same importer the browser runs (src/lib/ingest),
 *   3. writes static/demo/<table>.csv (canonical CSV) and static/demo/manifest.json (import report,
 *      counts, scale, seed). Skipped entirely when static/demo/manifest.json is already at this scale
 *      and seed and newer than the generator's output.
 *
 *   node --import tsx scripts/prepare-demo.ts [--scale 1] [--seed 2025] [--force]
 * Scale: --scale, else env DEMO_SCALE, else 1.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { importFiles } from '../src/lib/ingest/index';
import type { TableKey } from '../src/lib/contract/tables';
import { parseArgs, readDataDir } from './lib/cli';

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
}
const readStamp = (p: string): Stamp | null => {
  try {
    return JSON.parse(readFileSync(p, 'utf8')) as Stamp;
  } catch {
    return null;
  }
};
const same = (s: Stamp | null) => s !== null && s.scale === scale && s.seed === seed;
const mtime = (p: string) => (existsSync(p) ? statSync(p).mtimeMs : 0);

const dataManifest = join(DATA, 'manifest.json');
const outManifest = join(OUT, 'manifest.json');

if (!force && same(readStamp(outManifest)) && mtime(outManifest) >= mtime(dataManifest)) {
  console.log(`演示数据已就绪 / demo ready (scale ${scale}, seed ${seed})`);
  process.exit(0);
}

if (force || !same(readStamp(dataManifest))) {
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
writeFileSync(
  outManifest,
  JSON.stringify(
    {
      scale,
      seed,
      generatedAt: new Date().toISOString(),
      counts,
      tables,
      files: result.files,
      rejected: result.rejected.length
    },
    null,
    1
  ) + '\n',
  'utf8'
);
console.log(
  `演示数据已写入 static/demo (${Date.now() - t0} ms): ` +
    tables.map((t) => `${t} ${counts[t] ?? 0}`).join(', ') +
    (result.rejected.length ? `; 拒绝 ${result.rejected.length} 行` : '')
);
