/**
 * Mainland resident ID numbers (居民身份证号, GB 11643): structure, ISO 7064 MOD 11-2 check
 * character, birth date and gender (the masks are in src/lib/privacy/mask.ts).
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** The check character for the first 17 digits (ISO 7064 MOD 11-2). */
export function checkChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error(`checkChar needs 17 digits, got "${first17}"`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/** A real calendar date, 'YYYY-MM-DD', or null. Years limited to 1900–2100 (no one alive outside). */
export function realDate(y: number, m: number, d: number): string | null {
  if (!(y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1)) return null;
  const dim =
    m === 2
      ? y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)
        ? 29
        : 28
      : [4, 6, 9, 11].includes(m)
        ? 30
        : 31;
  if (d > dim) return null;
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/**
 * Birth date from an 18-character ID (positions 7–14) or a first-generation 15-digit ID (19YYMMDD
 * at positions 7–12); null when absent or impossible (e.g. Feb 30).
 */
export function idBirthDate(id: string): string | null {
  if (/^\d{17}[\dX]$/.test(id)) return realDate(+id.slice(6, 10), +id.slice(10, 12), +id.slice(12, 14));
  if (/^\d{15}$/.test(id)) return realDate(1900 + +id.slice(6, 8), +id.slice(8, 10), +id.slice(10, 12));
  return null;
}

/** 男 / 女 from the sequence digit (odd = male), or null when the ID has no usable form. */
export function idGender(id: string): '男' | '女' | null {
  let digit: number;
  if (/^\d{17}[\dX]$/.test(id)) digit = id.charCodeAt(16) - 48;
  else if (/^\d{15}$/.test(id)) digit = id.charCodeAt(14) - 48;
  else return null;
  return digit % 2 === 1 ? '男' : '女';
}

/**
 * A valid 18-character ID: 17 digits + digit or X, a real birth date, the right check character.
 * (The area code is not checked: codes change and no offline list is complete.) Expects the
 * normalised ID (normalise.ts: spaces and apostrophe removed, half-width, upper-case X).
 */
export function isValidId(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  if (idBirthDate(id) === null) return false;
  return checkChar(id.slice(0, 17)) === id[17];
}
