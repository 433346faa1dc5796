/**
 * ECharts puts a tooltip formatter's return value into the page with innerHTML, so every data string
 * in it (school, unit, program names from imported files) is escaped: a name like
 * `<div style="…">系统通知</div>` must show as text, never as markup.
 */
const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;'
};

export function escapeHtml(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}
