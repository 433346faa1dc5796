/**
 * 18-digit resident ID numbers for the generator: building valid IDs and planting broken ones.
 * The check itself (ISO 7064 MOD 11-2) is the importer's, so the city and the checks agree on it.
 */
import { checkChar, isValidId } from '../../src/lib/ingest/idcard';

export { checkChar, isValidId };

const CHECK = '10X98765432';

/** A valid ID from area code (6), birth date (YYYY-MM-DD) and 3-digit sequence (odd = male). */
export function makeId(area: string, birth: string, seq: number): string {
  const first17 = area + birth.replace(/-/g, '') + String(seq).padStart(3, '0');
  return first17 + checkChar(first17);
}

/** The same ID with a wrong check character (a typo): R07's plant. */
export function breakCheckChar(id: string): string {
  const right = id[17];
  const i = CHECK.indexOf(right);
  return id.slice(0, 17) + CHECK[(i + 3) % 11];
}

/** Birth date and sex (1 male, 2 female) from a valid ID. */
export function idBirth(id: string): string {
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}
export function idSex(id: string): 1 | 2 {
  return +id[16] % 2 === 1 ? 1 : 2;
}
