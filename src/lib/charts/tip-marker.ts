/**
 * The coloured dot before each series in a tooltip. ECharts' own `marker` is a
 * `<span style="…background-color:…">`, which the site's content security policy refuses (style-src
 * has no 'unsafe-inline'). This one is a class: the dot's shape is in app.css (`.tip-dot`), and each
 * colour gets one rule in a stylesheet built through the CSS object model, which the policy allows.
 */

/** Colours ECharts hands the formatter for plain series; anything else (gradients) gets the grey dot. */
const COLOR = /^(#[0-9a-f]{3,8}|rgba?\([\d.,\s%]+\))$/i;

let sheet: CSSStyleSheet | null = null;
const classes = new Map<string, string>();

/** `<span class="tip-dot tip-dot-N">` for `color` (the colour rule is added on first use, in a browser). */
export function tipMarker(color: unknown): string {
  if (typeof color !== 'string' || !COLOR.test(color)) return '<span class="tip-dot"></span>';
  let cls = classes.get(color);
  if (!cls) {
    cls = `tip-dot-${classes.size}`;
    classes.set(color, cls);
    if (typeof document !== 'undefined' && typeof CSSStyleSheet !== 'undefined') {
      if (!sheet) {
        sheet = new CSSStyleSheet();
        document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
      }
      sheet.insertRule(`.${cls} { background-color: ${color}; }`, sheet.cssRules.length);
    }
  }
  return `<span class="tip-dot ${cls}"></span>`;
}
