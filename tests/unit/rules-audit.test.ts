/** The batch audit CLI end to end: raw export files in, findings.csv / rejected.csv / summary.json out. */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeId } from '../fixtures/rules/builder';

const run = promisify(execFile);
const id = makeId('20090101', '011');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'audit-cli-'));
  const data = join(dir, 'data');
  await run('mkdir', ['-p', data]);
  await writeFile(
    join(data, '学校.csv'),
    '学校标识码,学校名称,所属区县,学段,办学性质,在校生数\n4306000001,岳阳县一中,岳阳县,普通高中,公办,1200\n'
  );
  await writeFile(
    join(data, '学籍.csv'),
    `身份证件号,姓名,学校标识码,年级,学籍状态\n${id},张三,4306000001,高一,在读\n`
  );
  await writeFile(
    join(data, '发放.csv'),
    '身份证件号,姓名,学校标识码,资助项目,学期,资助金额,发放日期\n' +
      `${id},张三,4306000001,普高助学金,2025年春季学期,"1,150.00",2025-04-01\n` +
      `${id.toLowerCase()},张三,4306000001,普高助学金,2025春,1150元,2025/4/2\n` +
      '4.30602E+17,李四,4306000001,普高助学金,2025春,1150,2025-04-02\n'
  );
  await writeFile(join(data, 'ground-truth.csv'), 'not,data\n');
  await run('node', ['--import', 'tsx', 'scripts/audit.ts', '--data', data, '--out', join(dir, 'out')], {
    cwd: process.cwd()
  });
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('npm run audit', () => {
  it('writes findings.csv with BOM, the contract headers and sorted findings', async () => {
    const text = await readFile(join(dir, 'out', 'findings.csv'), 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      '规则编号,规则名称,严重程度,身份证件号,姓名,学校标识码,所属区县,资助项目,学年,学期,年度,涉及金额,说明'
    );
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 12).join(','))).toEqual([
      `R01,重复资助,高,${id},张三,4306000001,岳阳县,普通高中国家助学金,2024-2025,2025年春季学期,,1150.00`,
      `R05,未经困难认定,高,${id},张三,4306000001,岳阳县,普通高中国家助学金,2024-2025,2025年春季学期,,2300.00`,
      'S04,资金执行异常,中,,,,岳阳县,普通高中国家助学金,,,2025,2300.00'
    ]);
  });

  it('writes rejected.csv and summary.json (ground-truth.csv skipped)', async () => {
    const rej = (await readFile(join(dir, 'out', 'rejected.csv'), 'utf8')).slice(1).trimEnd().split('\r\n');
    expect(rej[0]).toBe('文件,行号,原因,原始内容');
    expect(rej.length).toBe(2);
    expect(rej[1].startsWith('发放.csv,4,')).toBe(true);
    const summary = JSON.parse(await readFile(join(dir, 'out', 'summary.json'), 'utf8'));
    expect(summary.files.map((f: { file: string }) => f.file)).toEqual(['发放.csv', '学校.csv', '学籍.csv']);
    expect(summary.files[0]).toMatchObject({
      table: 'payments',
      read: 3,
      accepted: 2,
      rejected: 1,
      skipped: 0
    });
    expect(summary.rules.length).toBe(18);
    expect(summary.rules.find((r: { code: string }) => r.code === 'R01')).toMatchObject({
      count: 1,
      amount: 1150
    });
    expect(Object.keys(summary.timings)).toEqual(['importMs', 'loadMs', 'rulesMs', 'totalMs']);
  });
});
