/**
 * Small SQL expression builders shared by the views and rules: one definition of ID validity,
 * money/percent formatting and name normalisation, so every rule words things the same way and
 * the browser and the CLI print identical text.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** 18 characters: 17 digits then a digit or X. */
export function idFormSql(col: string): string {
  return `(length(${col}) = 18 AND regexp_full_match(${col}, '[0-9]{17}[0-9X]'))`;
}

/** Birth date from positions 7–14 (NULL when the form is wrong or the date impossible). */
export function idBirthSql(col: string): string {
  return `(CASE WHEN ${idFormSql(col)} THEN try_strptime(substr(${col}, 7, 8), '%Y%m%d')::DATE END)`;
}

/** ISO 7064 MOD 11-2 check character (README.md), from string functions only. */
export function idCheckCharSql(col: string): string {
  // ascii − 48 is the digit; callers only trust the result when the form is right (17 digits).
  const sum = WEIGHTS.map((w, i) => `(ascii(substr(${col}, ${i + 1}, 1)) - 48) * ${w}`).join(' + ');
  return `substr('10X98765432', ((${sum}) % 11) + 1, 1)`;
}

/**
 * A valid ID: right form, a real birth date not before 1900 and not after `notAfter` (the person
 * must be born when paid), and the right check character.
 */
export function idValidSql(col: string, notAfter: string): string {
  const birth = idBirthSql(col);
  return `(coalesce(${idFormSql(col)} AND ${birth} >= DATE '1900-01-01' AND ${birth} <= ${notAfter} AND ${idCheckCharSql(col)} = substr(${col}, 18, 1), FALSE))`;
}

/** Whole years between birth and at. */
export function ageSql(birth: string, at: string): string {
  return `(year(${at}) - year(${birth}) - CASE WHEN month(${at}) < month(${birth}) OR (month(${at}) = month(${birth}) AND day(${at}) < day(${birth})) THEN 1 ELSE 0 END)`;
}

/** Text without half- and full-width spaces: names and bank cards are compared this way. */
export function stripSpacesSql(col: string): string {
  return `replace(replace(${col}, ' ', ''), chr(12288), '')`;
}

/** Yuan as text: whole amounts without decimals, others with two ("1150", "312.50"). */
export function moneySql(expr: string): string {
  return `(CASE WHEN round(${expr}, 2) = round(${expr}, 0) THEN printf('%d', CAST(round(${expr}, 0) AS BIGINT)) ELSE printf('%.2f', round(${expr}, 2)) END)`;
}

/** A share as a percentage with one decimal ("3.5%"). */
export function pctSql(expr: string): string {
  return `printf('%.1f%%', (${expr}) * 100)`;
}

/** A date as YYYY-MM-DD text. */
export function dateSql(expr: string): string {
  return `strftime(${expr}, '%Y-%m-%d')`;
}

/**
 * The calendar year of a canonical term ('2025年春季学期' → 2025) as SQL on a term column. The one
 * definition: policy_terms.year is this value, and dataYears needs it before policy_terms exist.
 */
export function termYearSql(col: string): string {
  return `TRY_CAST(substr(${col}, 1, 4) AS INTEGER)`;
}
