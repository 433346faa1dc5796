/**
 * RFC 4180 CSV reader, built for size (1M rows / ~84 MB in a few seconds): it jumps between
 * delimiters, quotes and line ends with indexOf and takes fields with slice, never building a
 * string character by character.
 *
 * Row numbers: each record is one spreadsheet row, as Excel shows the file, so a quoted field that
 * spans several lines still occupies a single row and the rows after it are numbered accordingly.
 * A blank line is a record too (one empty field), as it is an empty row in Excel.
 *
 * A runaway quote (quote-guard.ts) does not swallow the rest of the file: the physical line that
 * opened it becomes one record flagged in `problem`, and reading resumes on the next line.
 */
import { UNCLOSED_QUOTE, isRunawayQuote } from './quote-guard';

export type Delimiter = ',' | '\t';

/** Comma or tab, whichever is more frequent in the header area (first 30 lines, at most 64 KB). */
export function detectDelimiter(text: string): Delimiter {
  const end = Math.min(text.length, 65536);
  let commas = 0;
  let tabs = 0;
  let lines = 0;
  for (let i = 0; i < end && lines < 30; i++) {
    const c = text.charCodeAt(i);
    if (c === 44) commas++;
    else if (c === 9) tabs++;
    else if (c === 10) lines++;
  }
  return tabs > commas ? '\t' : ',';
}

export class CsvReader {
  readonly delimiter: Delimiter;
  /** Spreadsheet row number of the record last returned by next() (1 = first line). */
  row = 0;
  /** Why the record last returned by next() is broken (its cells are the raw line split), or null. */
  problem: string | null = null;
  /** Widest record seen so far: what a swallowed record looks like (quote-guard.ts). */
  widest = 0;
  private readonly text: string;
  private readonly len: number;
  readonly nlChar: '\n' | '\r';
  private pos = 0;
  /** Cached index of the next delimiter / line end at or after pos; -1 = none left; -2 = unknown. */
  private nd = -2;
  private nl = -2;

  /**
   * `carry`: this text continues an earlier window of the same file (csv-stream.ts): no BOM to
   * strip, the line end and widest record are the earlier window's.
   */
  constructor(text: string, delimiter?: Delimiter, carry?: { nlChar: '\n' | '\r'; widest: number }) {
    // A BOM that survived decoding would otherwise stick to the first header.
    this.text = !carry && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    this.len = this.text.length;
    this.delimiter = delimiter ?? detectDelimiter(this.text);
    // Classic Mac files end lines with CR alone; everything else uses LF (CRLF handled below).
    this.nlChar =
      carry?.nlChar ?? (this.text.indexOf('\n') === -1 && this.text.indexOf('\r') !== -1 ? '\r' : '\n');
    if (carry) this.widest = carry.widest;
  }

  /** Index in the text where the next record starts (csv-stream.ts cuts windows there). */
  get consumed(): number {
    return this.pos;
  }

  /** The text not yet read. */
  rest(): string {
    return this.text.slice(this.pos);
  }

  /** Share of the text consumed, 0–1, for progress. */
  get fraction(): number {
    return this.len === 0 ? 1 : this.pos / this.len;
  }

  /** Number of line ends: an upper bound for the record count, cheap to compute (progress). */
  countLines(): number {
    let n = 0;
    let i = this.text.indexOf(this.nlChar);
    while (i !== -1) {
      n++;
      i = this.text.indexOf(this.nlChar, i + 1);
    }
    const endsWithNl = this.len > 0 && this.text[this.len - 1] === this.nlChar;
    return endsWithNl ? n : n + 1;
  }

  /** The next record's fields, or null at the end of the text. */
  next(): string[] | null {
    const text = this.text;
    const len = this.len;
    this.problem = null;
    if (this.pos >= len) return null;
    const fields: string[] = [];
    let pos = this.pos;
    let ended = false;
    while (!ended) {
      if (pos >= len) {
        // A delimiter right before the end of the text: one last empty field.
        fields.push('');
        break;
      }
      let value: string;
      if (text.charCodeAt(pos) === 34) {
        // Quoted field: find the closing quote, unfolding doubled quotes.
        let start = pos + 1;
        value = '';
        if (isRunawayQuote(text, start, this.closingQuote(start), this.delimiter, this.nlChar, this.widest))
          return this.brokenLine(pos);
        for (;;) {
          const q = text.indexOf('"', start);
          if (q === -1) {
            // Unterminated quote: the rest of the text is this field (lenient, as Excel is).
            value += text.slice(start);
            pos = len;
            break;
          }
          if (q + 1 < len && text.charCodeAt(q + 1) === 34) {
            value += text.slice(start, q + 1);
            start = q + 2;
            continue;
          }
          value += text.slice(start, q);
          pos = q + 1;
          break;
        }
        if (pos >= len) {
          fields.push(value);
          break;
        }
        const c = text[pos];
        if (c === this.delimiter) {
          fields.push(value);
          pos++;
          continue;
        }
        if (c === this.nlChar) {
          fields.push(value);
          pos++;
          break;
        }
        if (c === '\r' && text[pos + 1] === '\n') {
          fields.push(value);
          pos += 2;
          break;
        }
        // Stray text after the closing quote ("a"b): keep it, as spreadsheet programs do.
        const r = this.unquotedEnd(pos);
        value += text.slice(pos, r.end);
        fields.push(value);
        pos = r.next;
        ended = r.endsRecord;
        continue;
      }
      const r = this.unquotedEnd(pos);
      fields.push(text.slice(pos, r.end));
      pos = r.next;
      ended = r.endsRecord;
    }
    this.pos = pos;
    this.row++;
    if (fields.length > this.widest) this.widest = fields.length;
    return fields;
  }

  /** Index of the quote closing a quoted value that starts at `start` (doubled quotes skipped), or -1. */
  private closingQuote(start: number): number {
    const text = this.text;
    for (let q = text.indexOf('"', start); q !== -1; q = text.indexOf('"', q + 2)) {
      if (text.charCodeAt(q + 1) !== 34) return q;
    }
    return -1;
  }

  /**
   * The record holding a runaway quote at `quoteAt`: its physical line, split on the delimiter
   * without quote handling (for rejected.csv), flagged in `problem`; reading resumes after it.
   */
  private brokenLine(quoteAt: number): string[] {
    const text = this.text;
    const start = this.pos;
    let nl = text.indexOf(this.nlChar, quoteAt);
    if (nl === -1) nl = this.len;
    const end = nl > start && this.nlChar === '\n' && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    this.pos = Math.min(nl + 1, this.len);
    this.nd = -2;
    this.nl = -2;
    this.row++;
    this.problem = UNCLOSED_QUOTE;
    return text.slice(start, end).split(this.delimiter);
  }

  private readonly res = { end: 0, next: 0, endsRecord: false };

  /** Where an unquoted field starting at pos ends, using the cached next delimiter / line end. */
  private unquotedEnd(pos: number): { end: number; next: number; endsRecord: boolean } {
    const text = this.text;
    if (this.nd !== -1 && this.nd < pos) this.nd = text.indexOf(this.delimiter, pos);
    if (this.nl !== -1 && this.nl < pos) this.nl = text.indexOf(this.nlChar, pos);
    const nd = this.nd;
    const nl = this.nl;
    const r = this.res;
    if (nd !== -1 && (nl === -1 || nd < nl)) {
      r.end = nd;
      r.next = nd + 1;
      r.endsRecord = false;
    } else if (nl !== -1) {
      r.end = nl > pos && this.nlChar === '\n' && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      r.next = nl + 1;
      r.endsRecord = true;
    } else {
      let end = this.len;
      if (end > pos && text.charCodeAt(end - 1) === 13) end--;
      r.end = end;
      r.next = this.len;
      r.endsRecord = true;
    }
    return r;
  }
}

/** All records of a CSV text (small files and tests; the importer streams with CsvReader). */
export function parseCsv(text: string, delimiter?: Delimiter): { row: number; fields: string[] }[] {
  const reader = new CsvReader(text, delimiter);
  const out: { row: number; fields: string[] }[] = [];
  for (let f = reader.next(); f !== null; f = reader.next()) out.push({ row: reader.row, fields: f });
  return out;
}
