/**
 * Long dashboard tables show their first rows on screen and every row on paper.
 *
 * A unit on 覆盖 has up to 330 schools, a table of about 4,600 elements; building and laying it out
 * again on every filter change was the largest part of a redraw after the charts (docs/performance.md,
 * "A filter change is answered in the page"). The tables are sorted worst first, so the first rows
 * are the ones a leader reads; the rest are one click away ("显示全部"), and a print always lists
 * them all (the browser's print and print emulation both switch `printing` on before the page is
 * laid out for paper).
 */
import { flushSync } from 'svelte';

/** Rows shown before "显示全部": about a screen and a half. */
export const FIRST_ROWS = 30;

/** Tests shorten the limit to reach it on the small test city (`globalThis.__aidRowLimit`). */
const firstRows = (): number => {
  const t = (globalThis as { __aidRowLimit?: number }).__aidRowLimit;
  return typeof t === 'number' && t > 0 ? t : FIRST_ROWS;
};

class Printing {
  /** True while the page is printed (beforeprint … afterprint) or shown as print media. */
  active = $state(false);
  #started = false;

  /** Listens once, on the first table that asks (no window during prerendering). */
  start(): void {
    if (this.#started || typeof window === 'undefined') return;
    this.#started = true;
    const mq = window.matchMedia('print');
    this.active = mq.matches;
    // beforeprint fires before the print layout: flushSync puts every row in the DOM in time.
    window.addEventListener('beforeprint', () => flushSync(() => (this.active = true)));
    window.addEventListener('afterprint', () => (this.active = mq.matches));
    // Print emulation (and some browsers' print preview) fires no beforeprint, only the media change.
    mq.addEventListener('change', () => flushSync(() => (this.active = mq.matches)));
  }
}

export const printing = new Printing();

/**
 * The rows of one table to draw. `resetOn` is read in an effect: when what it reads changes (the
 * filters), the table goes back to its first rows.
 */
export class RowLimit {
  #all = $state(false);
  readonly first = firstRows();

  constructor(resetOn: () => unknown) {
    printing.start();
    $effect.pre(() => {
      resetOn();
      this.#all = false;
    });
  }

  get all(): boolean {
    return this.#all || printing.active;
  }

  toggle = (): void => {
    this.#all = !this.#all;
  };

  rows<T>(list: T[]): T[] {
    return this.all || list.length <= this.first ? list : list.slice(0, this.first);
  }
}
