/**
 * Every mask of a personal number (README.md "Privacy", PIPL): ID numbers, 全国学籍号 (G + ID) and
 * bank cards stay masked on screen, in exports and in print until the inspector reveals them on
 * purpose. One module, so the screen, the CSV/XLSX export and the PDF report keep one promise.
 */
import { TABLE_BY_KEY, type TableKey } from '../contract/tables';
import type { Value } from '../engine/engine';

/** On-screen / print mask: first 3 + 11 stars + last 4 (18 characters for an 18-character ID). */
export function maskId(id: string | null | undefined): string {
  if (!id) return '';
  if (id.length < 8) return '*'.repeat(id.length);
  return id.slice(0, 3) + '***********' + id.slice(-4);
}

/** Bank card mask: first 4 + '****' + last 4; short numbers keep only their last 4. */
export function maskCard(card: string | null | undefined): string {
  if (!card) return '';
  if (card.length <= 8) return '*'.repeat(Math.max(card.length - 4, 0)) + card.slice(-4);
  return card.slice(0, 4) + '****' + card.slice(-4);
}

/**
 * A personal number quoted inside free text (a finding's 说明, a rejected row's raw text): an ID
 * with its check character X, or any run of 12 or more digits (bank cards are 12–19 digits, IDs
 * 15 or 18). Longer runs are masked whole, so no digit of a number leaks beside its mask.
 */
const PERSONAL_NUMBER = /\d{17}[Xx]|\d{12,}/g;

/** Masks the personal numbers in free text: 18-character IDs like maskId, every other run like maskCard. */
export function maskText(s: string): string;
export function maskText(s: string | null): string | null;
export function maskText(s: string | null): string | null {
  return s === null ? null : s.replace(PERSONAL_NUMBER, (m) => (m.length === 18 ? maskId(m) : maskCard(m)));
}

/** Masks one evidence cell by its column; other columns pass through. */
export function maskCell(table: string, key: string, v: Value): Value {
  if (v === null || typeof v !== 'string') return v;
  const def = TABLE_BY_KEY[table as TableKey];
  const col = def?.columns.find((c) => c.key === key);
  if (col?.type === 'id' || key === 'id') return maskId(v);
  if (key === 'student_no') return v.length > 8 ? maskId(v) : v;
  if (key === 'bank_card') return maskCard(v);
  return v;
}
