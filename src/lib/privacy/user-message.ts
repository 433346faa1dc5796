/**
 * What a user may see of an error. Engine and browser errors are English and may quote raw data
 * (DuckDB prints the offending CSV lines, full ID and card numbers included): only a Chinese
 * message of our own is shown, and even then any personal number in it is masked (maskText, the
 * one rule for free text).
 */
import { maskText } from './mask';

const CJK_RE = /[\u4e00-\u9fff]/;

export function userMessage(e: unknown, fallback = '数据加载失败（内部错误），请刷新页面重试。'): string {
  const text = e instanceof Error ? e.message : typeof e === 'string' ? e : '';
  if (!text || !CJK_RE.test(text)) return fallback;
  return maskText(text);
}
