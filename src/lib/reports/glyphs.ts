/**
 * Which characters the report font can draw. A student's name must never print as an empty box: the
 * Noto Sans SC font covers GB 18030's common range and CJK Extension A but only part of Extension B
 * (e.g. 𠮷 is missing), so before rendering, every text in the document is checked against the font's
 * cmap, and a character the font lacks is printed as its code point ([U+20BB7]) and reported to the
 * user, who writes it in by hand. Pure TS (reads the OpenType cmap), the same in browser and Node.
 */
import type { Content, DocDefinition } from './doc';

/** Sorted, non-overlapping [start, end] code point ranges that map to a real glyph. */
export type Coverage = Uint32Array;

/** Reads the font's Unicode cmap (format 12 preferred, else format 4) into covered ranges. */
export function fontCoverage(font: ArrayBuffer | Uint8Array): Coverage {
  const bytes = font instanceof Uint8Array ? font : new Uint8Array(font);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const numTables = v.getUint16(4);
  let cmap = -1;
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + 16 * i;
    const tag = String.fromCharCode(
      v.getUint8(rec),
      v.getUint8(rec + 1),
      v.getUint8(rec + 2),
      v.getUint8(rec + 3)
    );
    if (tag === 'cmap') cmap = v.getUint32(rec + 8);
  }
  if (cmap < 0) throw new Error('字体文件缺少 cmap 表');
  const subtables = v.getUint16(cmap + 2);
  let f12 = -1;
  let f4 = -1;
  for (let i = 0; i < subtables; i++) {
    const rec = cmap + 4 + 8 * i;
    const platform = v.getUint16(rec);
    const encoding = v.getUint16(rec + 2);
    const off = cmap + v.getUint32(rec + 4);
    const format = v.getUint16(off);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode) continue;
    if (format === 12 && f12 < 0) f12 = off;
    if (format === 4 && f4 < 0) f4 = off;
  }
  const ranges: number[] = [];
  const push = (s: number, e: number) => {
    const n = ranges.length;
    if (n && ranges[n - 1] + 1 >= s) ranges[n - 1] = Math.max(ranges[n - 1], e);
    else ranges.push(s, e);
  };
  if (f12 >= 0) {
    const groups = v.getUint32(f12 + 12);
    const list: [number, number, number][] = [];
    for (let g = 0; g < groups; g++) {
      const o = f12 + 16 + 12 * g;
      list.push([v.getUint32(o), v.getUint32(o + 4), v.getUint32(o + 8)]);
    }
    list.sort((a, b) => a[0] - b[0]);
    for (const [s, e, glyph] of list) {
      // A group starting at glyph 0 maps its first code point to .notdef (the empty box).
      if (glyph === 0) {
        if (e > s) push(s + 1, e);
      } else push(s, e);
    }
  } else if (f4 >= 0) {
    const segX2 = v.getUint16(f4 + 6);
    const ends = f4 + 14;
    const starts = ends + segX2 + 2;
    const deltas = starts + segX2;
    const rangeOffsets = deltas + segX2;
    for (let i = 0; i < segX2 / 2; i++) {
      const end = v.getUint16(ends + 2 * i);
      const start = v.getUint16(starts + 2 * i);
      const delta = v.getUint16(deltas + 2 * i);
      const ro = v.getUint16(rangeOffsets + 2 * i);
      for (let c = start; c <= end && c !== 0xffff; c++) {
        let glyph: number;
        if (ro === 0) glyph = (c + delta) & 0xffff;
        else {
          const at = rangeOffsets + 2 * i + ro + 2 * (c - start);
          glyph = v.getUint16(at);
          if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
        }
        if (glyph !== 0) push(c, c);
      }
    }
  } else throw new Error('字体文件没有 Unicode 字符映射');
  return Uint32Array.from(ranges);
}

export function covers(cov: Coverage, cp: number): boolean {
  let lo = 0;
  let hi = cov.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < cov[2 * mid]) hi = mid - 1;
    else if (cp > cov[2 * mid + 1]) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Control and layout characters need no glyph. */
const NO_GLYPH = /[\s\u200b-\u200f\ufeff]/u;

export interface MissingGlyph {
  /** The text as written (e.g. the name). */
  text: string;
  /** The characters the font cannot draw. */
  chars: string[];
}

/** Replaces characters the font lacks with [U+XXXX] and lists the texts they were in. */
export function guardText(cov: Coverage, text: string, missing: Map<string, MissingGlyph>): string {
  let out = '';
  let bad: string[] | null = null;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80 || NO_GLYPH.test(ch) || covers(cov, cp)) out += ch;
    else {
      out += `[U+${cp.toString(16).toUpperCase().padStart(4, '0')}]`;
      (bad ??= []).push(ch);
    }
  }
  if (bad && !missing.has(text)) missing.set(text, { text, chars: [...new Set(bad)] });
  return out;
}

/**
 * Returns a copy of the document with every string checked (content, table cells, `text` values;
 * functions such as the footer are kept as they are, their text is ASCII digits and covered Chinese).
 */
export function guardDocument(
  doc: DocDefinition,
  cov: Coverage
): { doc: DocDefinition; missing: MissingGlyph[] } {
  const missing = new Map<string, MissingGlyph>();
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return guardText(cov, node, missing);
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === 'object' && Object.getPrototypeOf(node) === Object.prototype) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(node)) out[k] = walk(v);
      return out;
    }
    return node;
  };
  const content = walk(doc.content) as Content[];
  const info = walk(doc.info) as DocDefinition['info'];
  return { doc: { ...doc, content, info }, missing: [...missing.values()] };
}

/** A one-line Chinese warning for the user (empty when nothing is missing). */
export function missingGlyphWarning(missing: MissingGlyph[]): string {
  if (!missing.length) return '';
  const list = missing
    .slice(0, 20)
    .map((m) => `${m.text}（${m.chars.join('')}）`)
    .join('、');
  return (
    `以下 ${missing.length} 处文字含字库未收录的生僻字，PDF 中以 [U+编码] 标出，打印后请手工填写：${list}` +
    (missing.length > 20 ? ' 等' : '')
  );
}
