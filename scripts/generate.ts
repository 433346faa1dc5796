/**
 * Demo-city generator CLI:
 *   node --import tsx scripts/generate.ts --out DIR [--scale 1] [--seed 2025] [--messy DIR2]
 * Writes the seven import files (UTF-8 CSV with BOM, canonical headers), ground-truth.csv,
 * negatives.csv and manifest.json into DIR; with --messy, real-world variants into DIR2.
 */
import { generateCity, writeCity } from '../data/generator/index';
import { writeMessy } from '../data/generator/messy';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const out = arg('out');
if (!out) {
  console.error(
    '用法: node --import tsx scripts/generate.ts --out DIR [--scale 1] [--seed 2025] [--messy DIR2]'
  );
  process.exit(2);
}
const scale = Number(arg('scale') ?? 1);
const seed = Number(arg('seed') ?? 2025);
if (!(scale > 0) || !Number.isInteger(seed)) {
  console.error('--scale 须为正数，--seed 须为整数');
  process.exit(2);
}
const t0 = performance.now();
const city = generateCity({ scale, seed });
const t1 = performance.now();
const counts = writeCity(out, city, { generationMs: Math.round(performance.now() - t0) });
const t2 = performance.now();
console.log(
  `scale ${scale} seed ${seed}: ${city.tables.roster.length} 学籍行, ${city.tables.payments.length} 发放行, ` +
    `${city.groundTruth.length} 个埋点 → ${out} (生成 ${((t1 - t0) / 1000).toFixed(1)} s, 写入 ${((t2 - t1) / 1000).toFixed(1)} s)`
);
for (const [f, n] of Object.entries(counts)) console.log(`  ${f}: ${n}`);
const messy = arg('messy');
if (messy) {
  const files = writeMessy(messy, city);
  console.log(`messy → ${messy}: ${files.length} 个文件`);
}
