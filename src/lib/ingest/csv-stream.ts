/**
 * CSV records from text that arrives in pieces (a file read in chunks, issue 9): the same records,
 * row numbers and runaway-quote verdicts as CsvReader on the whole text, without the whole text.
 *
 * The decoded text is cut into windows that end at a line end; each window is read by a CsvReader.
 * A record is only started while at least LOOKAHEAD_LINES line ends and LOOKAHEAD_CHARS characters
 * of the window lie after it, so everything the reader (and the quote guard) looks at for that
 * record is inside the window: a quoted value either closes within MAX_QUOTED_LINES lines, or it is
 * a runaway quote in the window as it would be in the whole file. The unread tail of a window
 * (the partial record) is carried into the next one.
 */
import { CsvReader, type Delimiter } from './csv';
import { MAX_CELL_CHARS } from './limits';
import { MAX_QUOTED_LINES } from './quote-guard';

/** Characters gathered before a window is read (the first one also sniffs the delimiter). */
export const WINDOW_CHARS = 4 * 2 ** 20;
const LOOKAHEAD_LINES = MAX_QUOTED_LINES + 10;
/** Longer than any cell the importer accepts, so an over-long value is seen whole. */
const LOOKAHEAD_CHARS = 8 * MAX_CELL_CHARS;

export class CsvStream {
  /** Spreadsheet row number of the record last returned (as CsvReader.row over the whole text). */
  row = 0;
  problem: string | null = null;
  private pending: string[] = [];
  private pendingChars = 0;
  private reader: CsvReader | null = null;
  private rowBase = 0;
  private limit = 0;
  private ended = false;
  private minWindow = WINDOW_CHARS;

  /** Smaller windows and look-ahead only in tests, to cross many window edges. */
  constructor(
    private readonly windowChars = WINDOW_CHARS,
    private readonly lookaheadChars = LOOKAHEAD_CHARS
  ) {
    this.minWindow = windowChars;
  }

  private retiredChars = 0;

  /** Characters read into records so far (progress: the pushed text runs a window ahead). */
  get consumedChars(): number {
    return this.retiredChars + (this.reader?.consumed ?? 0);
  }

  push(text: string): void {
    if (text.length === 0) return;
    this.pending.push(text);
    this.pendingChars += text.length;
  }

  /** No more text will come. */
  end(): void {
    this.ended = true;
  }

  /** True when next() can make progress without more text. */
  get ready(): boolean {
    return (
      this.ended ||
      this.pendingChars >= this.minWindow ||
      (this.reader !== null && this.reader.consumed < this.limit)
    );
  }

  /** The next record; null at the end of the text; undefined when more text must be pushed first. */
  next(): string[] | null | undefined {
    for (;;) {
      const r = this.reader;
      if (r && r.consumed < this.limit) {
        const fields = r.next();
        if (fields === null) return null;
        this.row = this.rowBase + r.row;
        this.problem = r.problem;
        return fields;
      }
      if (r && this.limit === Infinity) return null;
      if (!this.openWindow()) return this.ended ? null : undefined;
    }
  }

  /** Starts a reader on the carried tail plus the pending text; false when that is not enough yet. */
  private openWindow(): boolean {
    const prev = this.reader;
    const rest = prev ? prev.rest() : '';
    if (!this.ended && rest.length + this.pendingChars < this.minWindow) {
      if (prev) {
        this.pending.unshift(rest);
        this.pendingChars += rest.length;
        this.retire(prev);
      }
      return false;
    }
    const all = rest + this.pending.join('');
    this.pending = [];
    this.pendingChars = 0;
    if (prev) this.retire(prev);
    const carry = prev ? { nlChar: prev.nlChar, widest: prev.widest } : undefined;
    const delimiter = prev?.delimiter ?? this.delimiter;
    if (this.ended) {
      this.reader = new CsvReader(all, delimiter, carry ?? this.carry);
      this.limit = Infinity;
      return true;
    }
    // The first window decides the delimiter and line end, as CsvReader does on the whole text.
    const probe = carry ??
      this.carry ?? { nlChar: new CsvReader(all.slice(0, this.windowChars)).nlChar, widest: 0 };
    const cut = all.lastIndexOf(probe.nlChar) + 1;
    let limit = cut - this.lookaheadChars;
    let nl = cut - 1;
    for (let n = 0; n < LOOKAHEAD_LINES && nl > 0; n++) nl = all.lastIndexOf(probe.nlChar, nl - 1);
    limit = Math.min(limit, nl);
    if (limit <= 0) {
      // Too few lines for the look-ahead (very long lines): wait for a larger window.
      this.pending = [all];
      this.pendingChars = all.length;
      this.minWindow = all.length * 2;
      this.carry = carry ?? this.carry;
      this.delimiter = delimiter;
      return false;
    }
    this.minWindow = this.windowChars;
    this.pending = cut < all.length ? [all.slice(cut)] : [];
    this.pendingChars = all.length - cut;
    this.reader = new CsvReader(all.slice(0, cut), delimiter, carry ?? this.carry);
    this.limit = limit;
    return true;
  }

  /** Line end and widest record of a reader retired without a successor yet. */
  private carry: { nlChar: '\n' | '\r'; widest: number } | undefined;
  private delimiter: Delimiter | undefined;

  private retire(r: CsvReader): void {
    this.rowBase += r.row;
    this.retiredChars += r.consumed;
    this.carry = { nlChar: r.nlChar, widest: r.widest };
    this.delimiter = r.delimiter;
    this.reader = null;
  }
}
