/**
 * How large an import the browser tab can take. The worker now reads the file in chunks (no copy of
 * the bytes, no decoded text held whole), but the tab still holds the canonical CSV it saves, its copy
 * in storage and duckdb-wasm's tables and rule results (wasm memory, at most 4 GB); past that the tab
 * crashes with no message. So the page refuses early, in Chinese, and points to the CLI, which has
 * no such tab limits.
 */

/** V8's longest string, in characters: a file decoded into one string cannot exceed it. */
export const MAX_STRING_CHARS = 0x1fffffe8;
/**
 * Heap an import needs per byte of file. Issue 9's runs in Chromium (4 GB JS heap): 250 MB imported,
 * 500 MB crashed the tab; 10 puts the limit between the two (about 410 MB). Measured again with the
 * streamed worker (`npm run bench -- --big --page`, docs/performance.md "Big files"): 250 MB still
 * peaks at 5.4 GB for the tab's process (1.3 GB of it the page's JS heap), so the limit is not raised.
 */
export const BYTES_PER_FILE_BYTE = 10;

/**
 * The largest total of file bytes the page accepts. `heapLimit`: the JS heap this tab can get
 * (Chromium's performance.memory.jsHeapSizeLimit), else estimated from navigator.deviceMemory (GB).
 */
export function importLimitBytes(heapLimit: number | undefined, deviceMemoryGb: number | undefined): number {
  const heap = heapLimit ?? ((deviceMemoryGb ?? 4) * 2 ** 30) / 2;
  // A UTF-8 file decodes to at most one character per byte: the string limit bounds the bytes too.
  return Math.floor(Math.min(heap / BYTES_PER_FILE_BYTE, MAX_STRING_CHARS));
}

const mb = (n: number) => `${Math.round(n / 2 ** 20)} MB`;

/** Chinese refusal, or null when the files fit. */
export function tooLargeForPage(totalBytes: number, limit: number): string | null {
  if (totalBytes <= limit) return null;
  return (
    `所选文件共 ${mb(totalBytes)}，超过本浏览器页面能一次导入的上限（约 ${mb(limit)}，按本机可用内存估算），` +
    `继续导入可能使页面崩溃。请分成较小的文件导入，或在电脑上用命令行批量核查：npm run audit -- --data 数据目录 --out 输出目录`
  );
}

/** Chinese message for a file whose text is longer than V8 can hold in one string (the CLI and the page). */
export const FILE_TOO_LONG = `文件过大（解码后超过约 5 亿个字符），无法一次读取。请把文件按学期或单位拆分成较小的文件后再导入`;
