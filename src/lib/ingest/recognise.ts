/**
 * Which table a file is, and where its header row is. The header row is the first of the first
 * 30 rows whose cells (after header normalisation and aliases) cover every required column of
 * some table; if several tables are covered, the one matching most columns wins (ties: the one
 * with more required columns, i.e. the more specific). Rows above it (title lines) are not data.
 */
import { TABLES, TABLE_BY_KEY, type ColumnDef, type TableKey } from '../contract/tables';
import { HEADER_INDEX, normaliseHeader } from './header';
import { cellText, isBlank, type Cell } from './text';

export const HEADER_SEARCH_ROWS = 30;

export interface ColumnBinding {
  /** Index of the source cell in each row. */
  index: number;
  header: string;
  column: ColumnDef;
}

export interface Recognition {
  table: TableKey;
  /** Index into the rows given (not the spreadsheet row number). */
  headerIndex: number;
  bindings: ColumnBinding[];
  extraColumns: string[];
}

interface Match {
  table: TableKey;
  bindings: ColumnBinding[];
  extra: string[];
  missing: ColumnDef[];
}

function matchRow(cells: Cell[], table: TableKey): Match {
  const index = HEADER_INDEX.get(table)!;
  const bindings: ColumnBinding[] = [];
  const extra: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < cells.length; i++) {
    if (isBlank(cells[i])) continue;
    const header = cellText(cells[i]);
    const col = index.get(normaliseHeader(header));
    // A second column mapping to the same canonical header (身份证号 and 身份证件号) is kept aside:
    // the first one wins, so the result never depends on a guess between two values.
    if (col && !seen.has(col.key)) {
      seen.add(col.key);
      bindings.push({ index: i, header, column: col });
    } else extra.push(header);
  }
  const missing = TABLE_BY_KEY[table].columns.filter((c) => c.required && !seen.has(c.key));
  return { table, bindings, extra, missing };
}

function requiredCount(t: TableKey): number {
  return TABLE_BY_KEY[t].columns.filter((c) => c.required).length;
}

/** Finds the header row and the table, or returns the Chinese whole-file error. */
export function recognise(rows: Cell[][]): Recognition | { error: string } {
  const limit = Math.min(rows.length, HEADER_SEARCH_ROWS);
  let closest: Match | null = null;
  let anyContent = false;
  for (let r = 0; r < limit; r++) {
    const cells = rows[r];
    if (!cells || cells.every(isBlank)) continue;
    anyContent = true;
    const matches = TABLES.map((t) => matchRow(cells, t.key));
    const covered = matches.filter((m) => m.missing.length === 0);
    if (covered.length > 0) {
      covered.sort(
        (a, b) => b.bindings.length - a.bindings.length || requiredCount(b.table) - requiredCount(a.table)
      );
      const best = covered[0];
      return { table: best.table, headerIndex: r, bindings: best.bindings, extraColumns: best.extra };
    }
    for (const m of matches) {
      const have = requiredCount(m.table) - m.missing.length;
      if (have === 0) continue;
      if (
        !closest ||
        have > requiredCount(closest.table) - closest.missing.length ||
        (have === requiredCount(closest.table) - closest.missing.length &&
          m.missing.length < closest.missing.length)
      ) {
        closest = m;
      }
    }
  }
  if (!anyContent) return { error: '文件为空：没有可读取的内容' };
  if (!closest) {
    return {
      error: `未能识别表格：前 ${HEADER_SEARCH_ROWS} 行中没有找到表头（没有任何列名与七类导入表格的必填列相符）`
    };
  }
  const t = TABLE_BY_KEY[closest.table];
  return {
    error: `未能识别表格：最接近「${t.title}」，缺少列：${closest.missing.map((c) => c.header).join('、')}`
  };
}
