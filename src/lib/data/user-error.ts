/**
 * What a user may see of an error. Engine and browser errors are English and may quote raw data
 * (DuckDB prints the offending CSV lines, full ID and card numbers included): only a Chinese
 * message of our own is shown, and even then any long digit run is masked.
 */
const CJK_RE = /[\u4e00-\u9fff]/;
const LONG_DIGITS_RE = /\d{6,}[\dXx]*/g;

export function userMessage(e: unknown, fallback = '数据加载失败（内部错误），请刷新页面重试。'): string {
  const text = e instanceof Error ? e.message : typeof e === 'string' ? e : '';
  if (!text || !CJK_RE.test(text)) return fallback;
  // Ours, but it may still quote a value: keep only the first 3 and last 2 digits of long numbers.
  return text.replace(LONG_DIGITS_RE, (d) => `${d.slice(0, 3)}${'*'.repeat(d.length - 5)}${d.slice(-2)}`);
}
