/**
 * The dashboard's shared state: the filter from the URL (the one source of truth, so a view can be
 * bookmarked and restored), the terms known to the policy, and the effective filter pages query
 * with (the latest term with payments when the URL names neither term nor year).
 */
import { replaceState } from '$app/navigation';
import { page } from '$app/state';
import { session } from '$lib/session/session.svelte';
import { filtersFromParams, filtersToParams, withFilter, type Filters } from '$lib/filters/state';
import { termsSql } from '$lib/metrics';

export interface TermRow {
  term: string;
  year: number;
  school_year: string;
  term_start: string;
  has_payments: boolean;
}

/** URL value of the term filter meaning "every term" (without it the latest term is the default). */
export const ALL_TERMS = '全部';

class Dashboard {
  terms = $state<TermRow[]>([]);
  termsVersion = $state(-1);

  /**
   * A filter change made in place (setFilters): the query it wrote to the address bar, and the
   * page.url it was made on. SvelteKit's shallow replaceState leaves page.url as it was; a real
   * navigation gives page.url a new object, and then this is forgotten.
   */
  #shallow = $state.raw<{ on: URL; params: URLSearchParams } | null>(null);

  /** The address's query as it stands (with a filter change made in place). */
  get params(): URLSearchParams {
    const s = this.#shallow;
    return s && s.on === page.url ? s.params : page.url.searchParams;
  }

  /** Filters as written in the URL. */
  get url(): Filters {
    return filtersFromParams(this.params);
  }

  get defaultTerm(): string | undefined {
    return (this.terms.find((t) => t.has_payments) ?? this.terms[0])?.term;
  }

  /**
   * True once the terms of the current data are known (queries wait for it: no double draw), or
   * while the session paints from earlier results (their terms are painted too).
   */
  get ready(): boolean {
    return (session.status === 'ready' || session.painting) && this.termsVersion === session.version;
  }

  /** What metrics are computed for: the URL's filter, with the default term filled in. */
  get effective(): Filters {
    const f = this.url;
    if (f.term === ALL_TERMS) return withFilter(f, { term: undefined });
    if (!f.term && !f.year) return withFilter(f, { term: this.defaultTerm });
    return f;
  }

  async loadTerms(): Promise<void> {
    const v = session.version;
    if (this.termsVersion === v) return;
    const terms = termsSql();
    const rows = await session.query<TermRow & Record<string, string | number | boolean>>(
      terms.sql,
      terms.params,
      true
    );
    this.terms = rows;
    this.termsVersion = v;
  }

  /** Changes filters in place (replaceState: the back button leaves the page, not each click). */
  async setFilters(patch: Partial<Filters>): Promise<void> {
    const next = withFilter({ ...this.url, term: this.url.term ?? this.effective.term }, patch);
    const p = filtersToParams(next, this.params);
    // Shallow: the same page with other filters needs no navigation (no router work, no focus or
    // scroll handling: a goto cost 0.3–0.9 s per change at city scale), and no history entry.
    replaceState(`${page.url.pathname}?${p}`, page.state);
    this.#shallow = { on: page.url, params: new URLSearchParams(p) };
  }
}

export const dash = new Dashboard();
