/** Issue 9 (High 3, page side): the import page refuses, in Chinese, what would crash the tab. */
import { describe, expect, it } from 'vitest';
import { importLimitBytes, tooLargeForPage } from '../../src/lib/ingest/size-limit';

const MB = 2 ** 20;

describe('page import size limit', () => {
  it('is a tenth of the JS heap, else half the device memory, never past the string limit', () => {
    expect(importLimitBytes(4 * 1024 * MB, undefined)).toBe(429496729); // 4 GiB / 10
    expect(importLimitBytes(undefined, 8)).toBe(429496729); // 8 GB device → 4 GiB heap
    expect(importLimitBytes(undefined, undefined)).toBe(214748364); // unknown: 4 GB device
    expect(importLimitBytes(64 * 1024 * MB, undefined)).toBe(0x1fffffe8);
  });
  it('takes 250 MB and refuses 500 MB and 1 GB at a 4 GB heap, naming npm run audit', () => {
    const limit = importLimitBytes(4 * 1024 * MB, undefined);
    expect(tooLargeForPage(250 * MB, limit)).toBeNull();
    const msg = tooLargeForPage(500 * MB, limit)!;
    expect(msg).toBe(
      '所选文件共 500 MB，超过本浏览器页面能一次导入的上限（约 410 MB，按本机可用内存估算），继续导入可能使页面崩溃。' +
        '请分成较小的文件导入，或在电脑上用命令行批量核查：npm run audit -- --data 数据目录 --out 输出目录'
    );
    expect(tooLargeForPage(1024 * MB, limit)).toContain('npm run audit');
  });
});
