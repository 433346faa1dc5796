/** Small text helpers shared by the importer's modules (pure, no DOM / Node APIs). */

/** A cell as it comes out of a CSV (always text) or an XLSX sheet (raw typed value). */
export type Cell = string | number | boolean | null | undefined;

const FULL_WIDTH_RE = /[\uFF01-\uFF5E\u3000]/;
const FULL_WIDTH_ALL_RE = /[\uFF01-\uFF5E\u3000]/g;
const FULL_WIDTH_ALNUM_RE = /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g;

/** Full-width ASCII (！…～) and the ideographic space → half-width. Cheap when there is none. */
export function toHalfWidth(s: string): string {
  if (!FULL_WIDTH_RE.test(s)) return s;
  return s.replace(FULL_WIDTH_ALL_RE, (ch) =>
    ch === '\u3000' ? ' ' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0)
  );
}

/**
 * Only full-width digits and letters → half-width. Used for free text (school names, 文号) where
 * full-width brackets and punctuation are part of the name as written and must stay.
 */
export function alnumToHalfWidth(s: string): string {
  if (!FULL_WIDTH_RE.test(s)) return s;
  return s.replace(FULL_WIDTH_ALNUM_RE, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}

/** Every kind of white space, including no-break and ideographic spaces. */
export const SPACES_RE = /[\s\u00a0\u3000\u200b\ufeff]+/g;

const SPACE_TEST_RE = /[\s\u00a0\u3000\u200b\ufeff]/;

export function removeSpaces(s: string): string {
  return SPACE_TEST_RE.test(s) ? s.replace(SPACES_RE, '') : s;
}

/** A number cell as text without exponent for the magnitudes a sheet holds (< 1e21). */
export function numberText(n: number): string {
  return String(n);
}

/** The text of a cell, trimmed; numbers in plain notation, booleans as 是/否. */
export function cellText(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return numberText(v);
  return v ? 'TRUE' : 'FALSE';
}

/** The text of a cell exactly as read (for the 原始内容 of a rejected row). */
export function rawText(v: Cell): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v : String(v);
}

export function isBlank(v: Cell): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v !== 'string') return false;
  return v.length === 0 || v.trim().length === 0;
}
