/**
 * The pdfmake document-definition shapes the reports use, and the building blocks every report shares:
 * A4 page frame (unit, title, date, "第 N 页 共 M 页"), grid tables whose header row repeats on each page,
 * totals and signature lines. Pure data → data: no pdfmake import, so the same definitions render in the
 * browser (render-browser.ts) and in Node (render-node.ts).
 */

/** A pdfmake content node. Kept loose on purpose: pdfmake 0.3 ships no types and the project adds none. */
export type Content = string | ContentObject | Content[];
export interface ContentObject {
  [key: string]: unknown;
}

export interface DocDefinition {
  pageSize: 'A4';
  pageOrientation: 'portrait' | 'landscape';
  pageMargins: [number, number, number, number];
  info: { title: string; author: string; subject?: string };
  content: Content[];
  footer: (currentPage: number, pageCount: number) => Content;
  pageBreakBefore?: (node: NodeInfo, nodes: NodeQueries) => boolean;
  defaultStyle: ContentObject;
  styles: Record<string, ContentObject>;
}

/** What pdfmake tells pageBreakBefore about a laid-out node (only the fields used here). */
export interface NodeInfo {
  headlineLevel?: number;
  startPosition?: { top: number; pageInnerHeight: number };
  pageNumbers: number[];
}
export interface NodeQueries {
  getFollowingNodesOnPage(): NodeInfo[];
  getNodesOnNextPage(): NodeInfo[];
}

/**
 * Marks a layout rule reads (headlineLevel is pdfmake's free slot for them): a section heading, the
 * first cell of a table's tail rows that stay with its total, and the total's first cell.
 */
export const KEEP = { heading: 1, tail: 2, total: 3 } as const;
/** How many last rows of a table with a total move with it to the next page. */
export const TAIL_ROWS = 3;
/** Page margins of every report (points): left, top, right, bottom. */
const MARGINS: [number, number, number, number] = [40, 40, 40, 50];
/**
 * Space a heading needs below its top for itself and the start of what it introduces (a table's
 * header and first rows, or the first lines of text). pdfmake's positions of a table moved by
 * keepWithHeaderRows are those before the move, so the check is by space left, not by which
 * nodes follow on the page.
 */
const HEADING_KEEP = 80;

/**
 * Keeps what belongs together on one page: a section heading never sits at a page bottom with its
 * table (or its table's bare header row) on the next page, and the last TAIL_ROWS rows of a table
 * with a total never part from the total, so a last page never holds one row and the 合计.
 */
export function pageBreakBefore(node: NodeInfo, nodes: NodeQueries): boolean {
  if (node.headlineLevel === KEEP.heading && node.startPosition) {
    const left = MARGINS[1] + node.startPosition.pageInnerHeight - node.startPosition.top;
    return left < HEADING_KEEP && nodes.getNodesOnNextPage().length > 0;
  }
  if (node.headlineLevel === KEEP.tail)
    return !nodes.getFollowingNodesOnPage().some((n) => n.headlineLevel === KEEP.total);
  return false;
}

/** The font family name the renderers register (Noto Sans SC, regular + bold). */
export const FONT_FAMILY = 'NotoSansSC';

/** The issuing unit printed on every report (README.md "Who uses it"). */
export const ISSUING_UNIT = '岳阳市教育事务中心';

/** "第 N 页 共 M 页": the page number line of every report. */
export function pageLabel(page: number, count: number): string {
  return `第 ${page} 页 共 ${count} 页`;
}

/** 2025-11-29 → 2025年11月29日 (the form official documents use). */
export function zhDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

/** Today as YYYY-MM-DD in local time (the print date when the caller gives none). */
export function todayIso(now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/** Money as printed in tables: 2 decimals with thousands separators (12,345.50). */
export function moneyTwoDecimals(n: number | null | undefined): string {
  const v = Number(n ?? 0);
  const s = Math.abs(v)
    .toFixed(2)
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (v < 0 ? '-' : '') + s;
}

/**
 * A ratio as a percentage with one decimal, or '—' when undefined (nothing allocated, nobody
 * enrolled). Rounded down, as on screen (src/lib/format.ts pct): 10,845 of 10,848 is 99.9%, never
 * a 100.0% that hides a shortfall.
 */
export function percent(num: number | null | undefined, den: number | null | undefined): string {
  if (num === null || num === undefined || !den) return '—';
  return (Math.floor((1000 * num) / den + 1e-6) / 10).toFixed(1) + '%';
}

/** A count in running text with thousands separators (432262 → 432,262). */
export function int(n: number | null | undefined): string {
  return Math.round(Number(n ?? 0)).toLocaleString('en-US');
}

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const SMALL_UNITS = ['', '拾', '佰', '仟'];
const BIG_UNITS = ['', '万', '亿', '万亿'];

/**
 * An amount in Chinese capital numerals (人民币大写), as approval sheets write their total:
 * 12345.5 → 壹万贰仟叁佰肆拾伍元伍角. Amounts are whole fen (2 decimals).
 */
export function moneyUpper(amount: number): string {
  const fen = Math.round(Math.abs(amount) * 100);
  if (fen === 0) return '零元整';
  const yuan = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const cent = fen % 10;
  let out = '';
  if (yuan > 0) {
    const groups: number[] = [];
    for (let y = yuan; y > 0; y = Math.floor(y / 10000)) groups.push(y % 10000);
    let pendingZero = false;
    for (let g = groups.length - 1; g >= 0; g--) {
      const v = groups[g];
      if (v === 0) {
        pendingZero = out !== '';
        continue;
      }
      if (out !== '' && (pendingZero || v < 1000)) out += '零';
      pendingZero = false;
      let part = '';
      let zero = false;
      for (let d = 3; d >= 0; d--) {
        const digit = Math.floor(v / 10 ** d) % 10;
        if (digit === 0) {
          zero = part !== '';
        } else {
          if (zero) part += '零';
          zero = false;
          part += DIGITS[digit] + SMALL_UNITS[d];
        }
      }
      out += part + BIG_UNITS[g];
    }
    out += '元';
  }
  if (jiao === 0 && cent === 0) return (amount < 0 ? '负' : '') + out + '整';
  if (jiao > 0) out += DIGITS[jiao] + '角';
  else if (yuan > 0) out += '零';
  if (cent > 0) out += DIGITS[cent] + '分';
  return (amount < 0 ? '负' : '') + out;
}

/** A header cell: bold, centred, shaded (repeated on every page through headerRows: 1). */
export function th(text: string): ContentObject {
  return { text, style: 'th' };
}

/** Column alignment of a body cell. */
export type Align = 'left' | 'center' | 'right';

/** Thin full grid, the look of printed government forms. */
export const GRID_LAYOUT: ContentObject = {
  hLineWidth: () => 0.5,
  vLineWidth: () => 0.5,
  hLineColor: () => '#333333',
  vLineColor: () => '#333333',
  paddingLeft: () => 3,
  paddingRight: () => 3,
  paddingTop: () => 2,
  paddingBottom: () => 2
};

export interface TableSpec {
  headers: string[];
  /** pdfmake widths: numbers, 'auto' or '*'. */
  widths: (number | string)[];
  align: Align[];
  rows: (string | number)[][];
  /** Rows appended after the body (totals), already formatted; bold. */
  footerRows?: Content[][];
  fontSize?: number;
}

/**
 * A grid table whose first row is the header, repeated on every page (headerRows: 1); rows are never
 * split across pages (dontBreakRows), so a name is never cut in half at a page break.
 */
export function gridTable(spec: TableSpec): ContentObject {
  const body: Content[][] = [spec.headers.map(th)];
  const footers = spec.footerRows ?? [];
  // With a total: the tail rows' first cells and the total's first cell are marked (pageBreakBefore).
  const tailFrom = footers.length && spec.rows.length > TAIL_ROWS ? spec.rows.length - TAIL_ROWS : -1;
  spec.rows.forEach((r, j) =>
    body.push(
      r.map((v, i) => ({
        text: String(v ?? ''),
        alignment: spec.align[i],
        ...(i === 0 && j === tailFrom ? { headlineLevel: KEEP.tail } : {})
      }))
    )
  );
  footers.forEach((r, j) =>
    body.push(
      j === 0 && r.length ? [{ ...(r[0] as ContentObject), headlineLevel: KEEP.total }, ...r.slice(1)] : r
    )
  );
  return {
    // keepWithHeaderRows: the header row never ends a page without a row under it.
    table: { headerRows: 1, keepWithHeaderRows: 1, dontBreakRows: true, widths: spec.widths, body },
    layout: GRID_LAYOUT,
    fontSize: spec.fontSize ?? 9,
    margin: [0, 4, 0, 8]
  };
}

/** A bold cell spanning `span` columns (pdfmake needs the spanned cells present, as empty objects). */
export function spanCell(text: string, span: number, alignment: Align = 'left'): Content[] {
  const cells: Content[] = [{ text, colSpan: span, bold: true, alignment }];
  for (let i = 1; i < span; i++) cells.push({});
  return cells;
}

/** The first-page heading: unit, title, optional subtitle lines, and the print date. */
export function heading(title: string, lines: string[], date: string): Content[] {
  return [
    { text: ISSUING_UNIT, style: 'unit' },
    // Long titles (the 义务教育 program's name alone is 16 characters) shrink to stay on one line.
    { text: title, style: 'title', fontSize: title.length > 32 ? 13.5 : title.length > 28 ? 15 : 17 },
    ...lines.map((l) => ({ text: l, style: 'meta' })),
    { text: `制表日期：${zhDate(date)}`, style: 'meta', alignment: 'right', margin: [0, 0, 0, 4] }
  ];
}

/** A section heading inside a report (一、…). */
export function section(text: string): ContentObject {
  return { text, style: 'section', headlineLevel: KEEP.heading };
}

/** Signature lines, e.g. 经办人 / 审核人 / 校长, each followed by a blank to sign, then the date. */
export function signatures(roles: string[], withSeal?: string): Content[] {
  // One unbreakable block: the signature lines and the seal/date line never part across pages.
  return [
    {
      unbreakable: true,
      stack: [
        {
          // Label, then an underlined blank filling the rest of the column: never wraps, whatever the width.
          columns: roles.map((r) => ({
            columns: [
              { text: `${r}（签字）：`, width: 'auto', fontSize: 10 },
              { canvas: [{ type: 'line', x1: 0, y1: 12, x2: 80, y2: 12, lineWidth: 0.5 }], width: '*' }
            ],
            columnGap: 2
          })),
          columnGap: 12,
          margin: [0, 24, 0, 0]
        },
        {
          columns: [
            { text: withSeal ? `${withSeal}（盖章）` : '', fontSize: 10 },
            { text: '日期：        年    月    日', fontSize: 10, alignment: 'right' }
          ],
          margin: [0, 18, 0, 0]
        }
      ]
    }
  ];
}

/** The page frame shared by every report. */
export function document(
  title: string,
  content: Content[],
  orientation: 'portrait' | 'landscape' = 'portrait'
): DocDefinition {
  return {
    pageSize: 'A4',
    pageOrientation: orientation,
    pageMargins: MARGINS,
    info: { title, author: ISSUING_UNIT },
    content,
    pageBreakBefore,
    footer: (page, count) => ({
      text: pageLabel(page, count),
      alignment: 'center',
      fontSize: 9,
      margin: [0, 18, 0, 0]
    }),
    defaultStyle: { font: FONT_FAMILY, fontSize: 10, lineHeight: 1.2 },
    styles: {
      unit: { fontSize: 11, alignment: 'center', margin: [0, 0, 0, 4] },
      title: { fontSize: 17, bold: true, alignment: 'center', margin: [0, 0, 0, 8] },
      meta: { fontSize: 10, margin: [0, 0, 0, 2] },
      section: { fontSize: 12, bold: true, margin: [0, 10, 0, 4] },
      th: { bold: true, alignment: 'center', fillColor: '#e8e8e8' },
      para: { fontSize: 10.5, lineHeight: 1.5, margin: [0, 2, 0, 4] },
      note: { fontSize: 9, color: '#444444', margin: [0, 2, 0, 2] }
    }
  };
}
