/**
 * Prints a report as PDF from a data directory, with the same importer, engine SQL and document
 * definitions as the site's /reports page:
 *
 *   node --import tsx scripts/report.ts --data DIR --report 公示名单 --school 学校标识码或名称 \
 *     --term 2025年春季学期 --program 普通高中国家助学金 [--out 公示名单.pdf] [--policy 政策.json]
 *
 * Reports: 审定发放表 / 公示名单 (--term --school --program; 公示名单 also --notice-start --notice-end
 * --contact --phone), 核查报告 (--year, --county optional), 年度工作总结 (--year). --date YYYY-MM-DD
 * sets the print date. --policy FILE.json is read exactly as `npm run audit` reads it (defaults without
 * it), so a CLI report matches the site's under the same policy. Without --out the PDF goes to the
 * top-level reports/ folder (kept out of git), named after the report and its choices.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultPolicy } from '../src/lib/policy/defaults';
import { runFindings } from '../src/lib/pipeline';
import { rejectedTableSql } from '../src/lib/plan/status';
import { runSql } from '../src/lib/engine/engine';
import { REPORT_KEYS, makeReport, type ReportKey } from '../src/lib/reports';
import { missingGlyphWarning } from '../src/lib/reports/glyphs';
import { renderPdf } from '../src/lib/reports/render-node';
import { listDataDir, parseArgs, readPolicyFile } from './lib/cli';
import { readCliPlans, readCliSchemes } from './lib/plan-files';
import { auditEngine } from './lib/audit-engine';

const USAGE =
  '用法：npm run report -- --data 数据目录 --report 报表名 [--out 文件.pdf] [--policy 政策.json]\n' +
  `  报表名：${REPORT_KEYS.join(' / ')}\n` +
  '  审定发放表、公示名单：--term 学期 --school 学校标识码或名称 --program 资助项目\n' +
  '  公示名单可选：--notice-start --notice-end --contact --phone\n' +
  '  核查报告：--year 年度（可选）--county 所属区县（可选）；年度工作总结：--year 年度\n' +
  '  考核结果通报：--year 年度 [--scheme 考核方案.json]；工作安排：--year 年度 --date 状态日期 [--plan 工作计划.json]\n' +
  '  可选：--date 制表日期 YYYY-MM-DD；不给 --out 时写入 reports/ 目录';

/** The default output folder: reports/ at the top of the project (in .gitignore). */
const REPORTS_DIR = fileURLToPath(new URL('../reports/', import.meta.url));

/** A file name from the report and its choices (no personal numbers: none of them is one). */
function defaultOut(key: string, a: Record<string, string>): string {
  const parts = [key, a.school, a.term, a.program, a.county, a.year].filter(Boolean);
  return resolve(REPORTS_DIR, parts.join('-').replace(/[\\/:*?"<>|\s]+/g, '_') + '.pdf');
}

async function main() {
  const a = parseArgs(process.argv.slice(2));
  if (!a.data || !a.report || !(REPORT_KEYS as readonly string[]).includes(a.report)) {
    console.error(USAGE);
    process.exit(2);
  }
  const key = a.report as ReportKey;
  const t0 = performance.now();
  const files = await listDataDir(resolve(a.data));
  const policies = a.policy ? await readPolicyFile(resolve(a.policy)) : defaultPolicy;
  const out = a.out ? resolve(a.out) : defaultOut(key, a);
  const { engine, imported } = await auditEngine(files, policies);
  try {
    // Only the reports that show findings pay for the rule run.
    if (['核查报告', '年度工作总结', '考核结果通报', '工作安排'].includes(key))
      await runFindings(engine, { collect: false });
    // Rows the importer rejected: the 数据质量 indicator and the 信息录入审核 task count them.
    for (const s of rejectedTableSql(imported.rejected)) await runSql(engine, s);

    const t1 = performance.now();
    let school = a.school;
    if (school) {
      // A school may be given by 学校标识码 or by its name.
      const rows = await engine.query<{ school_id: string }>(
        `SELECT DISTINCT school_id FROM schools WHERE school_id = ? OR school_name = ?`,
        [school, school]
      );
      if (rows.length > 1) throw new Error(`学校名称“${school}”对应多个学校标识码，请改用标识码`);
      if (rows.length === 1) school = rows[0].school_id;
    }
    const made = await makeReport(engine, key, {
      term: a.term,
      school,
      program: a.program,
      county: a.county,
      year: a.year ? Number(a.year) : undefined,
      noticeStart: a['notice-start'],
      noticeEnd: a['notice-end'],
      contact: a.contact,
      phone: a.phone,
      date: a.date,
      schemes: a.scheme ? await readCliSchemes(resolve(a.scheme)) : undefined,
      plans: a.plan ? await readCliPlans(resolve(a.plan)) : undefined
    });
    if (made.rows === 0) console.warn('注意：所选条件下没有数据，报表为空表。');
    const t2 = performance.now();
    const { pdf, missing } = await renderPdf(made.doc);
    const t3 = performance.now();
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, pdf);
    const warn = missingGlyphWarning(missing);
    if (warn) console.warn(warn);
    console.log(
      `已生成 ${out}（${key}，${made.rows} 行，${(pdf.length / 1024).toFixed(0)} KB）\n` +
        `用时：导入与核查 ${Math.round(t1 - t0)} ms，查询 ${Math.round(t2 - t1)} ms，排版 ${Math.round(t3 - t2)} ms`
    );
  } finally {
    await engine.close();
  }
}

main().catch((e) => {
  console.error(`生成失败：${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
