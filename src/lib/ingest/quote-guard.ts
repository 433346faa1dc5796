/**
 * Detects a quote that was never meant to open a quoted field: a stray `"` at the start of a cell
 * makes an RFC 4180 reader take every following line (up to the next stray quote, or the end of
 * the file) as one value, silently swallowing those rows. A real multi-line cell (an address, a
 * note) spans a few lines and does not contain whole records, so a quoted value is "runaway" when:
 * - it has no closing quote at all;
 * - it spans more than MAX_QUOTED_LINES lines;
 * - one of its inner lines carries about as many delimiters as a record has: a swallowed row.
 */

export const UNCLOSED_QUOTE = '未闭合的引号';
/** More line breaks than any real cell holds (Excel shows about 20 lines of a wrapped cell). */
export const MAX_QUOTED_LINES = 50;

/**
 * True when the quoted value text[start, end) (end = index of the closing quote, -1 when there is
 * none) looks like a runaway quote. `fields` is the widest record seen so far (0 when unknown).
 */
export function isRunawayQuote(
  text: string,
  start: number,
  end: number,
  delimiter: string,
  nlChar: string,
  fields: number
): boolean {
  if (end === -1) return true;
  let nl = text.indexOf(nlChar, start);
  if (nl === -1 || nl >= end) return false;
  // A line of a swallowed record has (fields - 1) delimiters; allow one missing, never fewer than 2.
  const recordLike = Math.max(2, fields - 2);
  let lines = 0;
  while (nl !== -1 && nl < end) {
    if (++lines > MAX_QUOTED_LINES) return true;
    const next = text.indexOf(nlChar, nl + 1);
    const lineEnd = next === -1 || next > end ? end : next;
    if (fields > 0) {
      let d = 0;
      for (
        let i = text.indexOf(delimiter, nl + 1);
        i !== -1 && i < lineEnd;
        i = text.indexOf(delimiter, i + 1)
      )
        if (++d >= recordLike) return true;
    }
    nl = next;
  }
  return false;
}
