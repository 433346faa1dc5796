/**
 * Batch audit: `npm run audit -- --data DIR --out OUT [--policy FILE.json] [--threads N]
 * [--db memory|disk] [--memory-limit 2GB]`.
 * Imports every data file of DIR with the same importer as the browser, loads native DuckDB, applies
 * the policy, runs every enabled rule and writes OUT/findings.csv, OUT/rejected.csv and
 * OUT/summary.json (data-contract.md). findings.csv holds IDs in full: it is the inspectors'
 * working file (the browser export masks them unless the user reveals them).
 * From 100 MB of input on (or with `--db disk`) DuckDB works in a temporary database file, deleted at
 * the end, within `--memory-limit` (default a quarter of the machine's memory, at least 512MB:
 * audit-engine.ts), so its memory does not grow with the input.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { defaultPolicy } from '../src/lib/policy/defaults';
import { findingsCsv } from '../src/lib/findings/csv';
import { toCsv } from '../src/lib/export/csv';
import { runFindings } from '../src/lib/pipeline';
import { findRepeatedFiles, repeatMessage } from '../src/lib/ingest/dedupe';
import { listDataDir, parseArgs, readPolicyFile } from './lib/cli';
import {
  AuditLoadError,
  auditEngine,
  DISK_MEMORY_LIMIT,
  chooseDatabase,
  progressPrinter
} from './lib/audit-engine';
import { userMessage } from '../src/lib/privacy/user-message';
import { isOutOfMemory } from '../src/lib/engine/load';

/**
 * DuckDB ran out of memory within the limit: say so in Chinese, with the way out (a larger
 * `--memory-limit`), instead of an internal error. Null for any other error.
 */
function outOfMemory(e: unknown, memoryLimit: string): string | null {
  if (!isOutOfMemory(e) && !(e instanceof Error && isOutOfMemory(e.cause))) return null;
  return `内存不足：这批数据在 DuckDB 的内存上限（${memoryLimit}）内算不完。请加大上限后重试，例如 npm run audit -- --data 数据目录 --out 输出目录 --memory-limit 8GB（不超过本机内存）`;
}

/**
 * The data could not be loaded (should not happen: the importer bounds what it accepts). Still
 * write what the import found, and say in Chinese what happened, without DuckDB's raw lines.
 */
async function writeFailedLoad(outDir: string, dataDir: string, e: AuditLoadError, memoryLimit: string) {
  const message = outOfMemory(e, memoryLimit) ?? userMessage(e, '数据加载失败（内部错误）');
  await mkdir(outDir, { recursive: true });
  const rej = e.imported.rejected.map((r) => [r.file, r.row > 0 ? r.row : null, r.reason, r.raw]);
  await writeFile(join(outDir, 'rejected.csv'), toCsv(['文件', '行号', '原因', '原始内容'], rej), 'utf8');
  const files = e.imported.files.map((f) => ({
    file: f.file,
    table: f.table,
    read: f.read,
    accepted: f.accepted,
    rejected: f.rejected
  }));
  const summary = { dataDir, error: message, files };
  await writeFile(join(outDir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n', 'utf8');
  console.error(`核查未完成：${message}`);
  console.error(`已写出：${join(outDir, 'rejected.csv')}、summary.json（未生成 findings.csv）`);
}

async function main() {
  const a = parseArgs(process.argv.slice(2));
  const usage = (): never => {
    console.error(
      '用法：npm run audit -- --data 数据目录 --out 输出目录 [--policy 政策.json] [--threads N] [--db memory|disk] [--memory-limit 512MB]'
    );
    process.exit(2);
  };
  if (!a.data || !a.out) usage();
  if (a['memory-limit'] !== undefined && !/^\d+(\.\d+)?\s*[KMGT]i?B$/i.test(a['memory-limit'])) usage();
  const dataDir = resolve(a.data);
  const outDir = resolve(a.out);
  const threads = Math.max(1, Number(a.threads ?? 1) || 1);
  const policies = a.policy ? await readPolicyFile(resolve(a.policy)) : defaultPolicy;

  const t0 = performance.now();
  const files = await listDataDir(dataDir).catch(() => {
    throw new Error(`无法读取数据目录：${dataDir}`);
  });
  const database = chooseDatabase(files, a.db);
  if (!database) return usage();
  const memoryLimit = a['memory-limit'] ?? DISK_MEMORY_LIMIT;
  // Said on stderr, like the progress: stdout stays the audit's own summary.
  if (database === 'disk')
    console.error(`数据较大，核查使用临时数据库文件（内存上限 ${memoryLimit}，结束后删除）`);
  let ready: Awaited<ReturnType<typeof auditEngine>>;
  try {
    ready = await auditEngine(files, policies, {
      threads,
      database,
      memoryLimit,
      onProgress: progressPrinter(files)
    });
  } catch (e) {
    if (!(e instanceof AuditLoadError)) throw e;
    await writeFailedLoad(outDir, dataDir, e, memoryLimit);
    process.exit(1);
  }
  const { engine, imported, years, importedAt: t1 } = ready;
  try {
    const t2 = performance.now();
    // Files read in name order: a file is compared with the ones before it.
    const repeatedFiles = await findRepeatedFiles(
      engine,
      files.map((f) => f.name)
    );
    const { findings, perRule } = await runFindings(engine, { collect: true });
    const t3 = performance.now();

    await mkdir(outDir, { recursive: true });
    await writeFile(join(outDir, 'findings.csv'), findingsCsv(findings), 'utf8');
    // Row 0 stands for a whole file that could not be read at all: no row number to show.
    const rej = imported.rejected.map((r) => [r.file, r.row > 0 ? r.row : null, r.reason, r.raw]);
    await writeFile(join(outDir, 'rejected.csv'), toCsv(['文件', '行号', '原因', '原始内容'], rej), 'utf8');

    const timings = {
      importMs: Math.round(t1 - t0),
      loadMs: Math.round(t2 - t1),
      rulesMs: Math.round(t3 - t2),
      totalMs: Math.round(performance.now() - t0)
    };
    // Per file, the lines it has in rejected.csv: a whole file that could not be read counts as one.
    const rejectedLines = new Map<string, number>();
    for (const r of imported.rejected) rejectedLines.set(r.file, (rejectedLines.get(r.file) ?? 0) + 1);
    const summary = {
      dataDir,
      threads,
      database,
      years,
      policy: a.policy ? basename(a.policy) : '默认政策',
      files: imported.files.map((f) => ({
        file: f.file,
        table: f.table,
        tableTitle: f.tableTitle ?? null,
        read: f.read,
        accepted: f.accepted,
        rejected: rejectedLines.get(f.file) ?? 0,
        skipped: f.skipped,
        ...(f.error ? { error: f.error } : {}),
        ...(f.duplicateOf ? { duplicateOf: f.duplicateOf } : {})
      })),
      repeatedFiles,
      rules: perRule.map((r) => ({
        code: r.code,
        name: r.name,
        severity: r.severity,
        count: r.count,
        amount: r.amount,
        ms: r.ms
      })),
      totals: {
        findings: findings.length,
        amount: Math.round(perRule.reduce((s, r) => s + r.amount, 0) * 100) / 100,
        rejectedRows: imported.rejected.length
      },
      timings
    };
    await writeFile(join(outDir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n', 'utf8');

    const read = imported.files.reduce((s, f) => s + f.read, 0);
    const accepted = imported.files.reduce((s, f) => s + f.accepted, 0);
    console.log(
      `读取文件 ${files.length} 个，数据行 ${read} 行，接收 ${accepted} 行，拒收 ${imported.rejected.length} 行`
    );
    for (const f of imported.files)
      console.log(
        `  ${f.file}：${f.duplicateOf ? f.warnings[0].message : f.error ? '未导入（' + f.error + '）' : `${f.tableTitle ?? f.table} 读取 ${f.read}，接收 ${f.accepted}，拒收 ${f.rejected}，跳过 ${f.skipped}`}`
      );
    for (const r of repeatedFiles) console.log(`注意：${repeatMessage(r)}`);
    console.log(`核查发现 ${findings.length} 条，涉及金额 ${summary.totals.amount.toFixed(2)} 元`);
    for (const r of perRule)
      if (r.count) console.log(`  ${r.code} ${r.name}：${r.count} 条，${r.amount.toFixed(2)} 元`);
    console.log(
      `用时：导入 ${timings.importMs} ms，加载 ${timings.loadMs} ms，规则 ${timings.rulesMs} ms，合计 ${timings.totalMs} ms`
    );
    console.log(`输出：${join(outDir, 'findings.csv')}、rejected.csv、summary.json`);
  } catch (e) {
    // The rules past the limit: the same message as a load that ran out of memory.
    const oom = outOfMemory(e, memoryLimit);
    throw oom ? new Error(oom, { cause: e }) : e;
  } finally {
    await engine.close();
  }
}

// Ctrl+C or a kill: exit through process.exit, so the temporary database folder is removed (node.ts).
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    console.error('核查已中断，未写出结果');
    process.exit(130);
  });

main().catch((e) => {
  // Only our own Chinese messages are shown: engine errors may quote raw data rows.
  console.error(userMessage(e, '运行失败（内部错误）'));
  process.exit(1);
});
