/**
 * Header cell normalisation and alias lookup (data-contract.md "Recognising a file"): surrounding
 * and internal spaces, full-/half-width differences and a trailing unit in brackets such as
 * 资助金额(元) or 资助金额（元） are ignored. Required-field markers (*身份证件号) are ignored too.
 */
import { TABLES, type ColumnDef, type TableDef, type TableKey } from '../contract/tables';
import { cellText, removeSpaces, toHalfWidth, type Cell } from './text';

const TRAILING_BRACKET_RE = /(\([^()]*\)|\[[^[\]]*\]|【[^【】]*】|〔[^〔〕]*〕)$/;

export function normaliseHeader(v: Cell): string {
  let h = removeSpaces(toHalfWidth(cellText(v)));
  h = h.replace(/^\*+|\*+$/g, '').replace(/[:：]$/, '');
  // Strip trailing bracket groups one by one: 资助金额(元)(必填) → 资助金额; never the whole header.
  for (let m = TRAILING_BRACKET_RE.exec(h); m && m.index > 0; m = TRAILING_BRACKET_RE.exec(h)) {
    h = h.slice(0, m.index).replace(/\*+$/, '');
  }
  return h;
}

/**
 * Aliases belong to a canonical header, not to one table: data-contract.md lists 学校代码 /
 * 学校编码 under 学校信息 only, but a payments export headed 学校代码 means the same 学校标识码.
 */
const ALIASES_BY_HEADER = new Map<string, Set<string>>();
for (const t of TABLES) {
  for (const col of t.columns) {
    const set = ALIASES_BY_HEADER.get(col.header) ?? new Set<string>();
    col.aliases.forEach((a) => set.add(a));
    ALIASES_BY_HEADER.set(col.header, set);
  }
}

/** Per table: normalised header or alias → column. Built once from tables.ts. */
export const HEADER_INDEX: Map<TableKey, Map<string, ColumnDef>> = new Map(
  TABLES.map((t: TableDef) => {
    const m = new Map<string, ColumnDef>();
    for (const col of t.columns) {
      for (const name of [col.header, ...ALIASES_BY_HEADER.get(col.header)!])
        m.set(normaliseHeader(name), col);
    }
    return [t.key, m];
  })
);
