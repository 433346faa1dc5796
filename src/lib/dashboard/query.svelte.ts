/**
 * A query that re-runs when its SQL or the data (session.version) changes and drops results that
 * arrive after a newer run started. Create it during component setup.
 */
import { untrack } from 'svelte';
import { readsFindings, session } from '$lib/session/session.svelte';
import type { Row, Sql } from '$lib/engine/engine';
import type { CubeTables, FindingTables } from '$lib/metrics/slices';
import { dash } from './context.svelte';
import { cubes } from './cubes.svelte';

/**
 * A figure computed from the loaded cube tables (src/lib/metrics/slices.ts): the same rows as the
 * query it stands beside. `findings` is null when the figure does not read the rules' findings.
 */
export type Slice<T> = (tables: CubeTables, findings: FindingTables | null) => T[] | null;

export interface QueryState<T> {
  rows: T[];
  loading: boolean;
  error: string | null;
}

/** In-flight dashboard queries (the tests and the bench wait for 0). */
const inflight = { n: 0 };
if (typeof window !== 'undefined')
  (window as unknown as { __dashQueries: typeof inflight }).__dashQueries = inflight;

/** `sql` gives the statement (or null to wait); a Sql object carries a user's values as parameters. */
export function useQuery<T extends object = Row>(
  sql: () => string | Sql | null,
  reuse = false,
  slice?: () => Slice<T> | null
): QueryState<T> {
  // Rows are kept raw (not deeply reactive): they are replaced whole, never edited, and reading a
  // field through a deep proxy made sorting a unit's schools cost tens of ms per redraw at scale 1.
  let rows = $state.raw<T[]>([]);
  let loading = $state(true);
  let error = $state<string | null>(null);
  const state: QueryState<T> = {
    get rows() {
      return rows;
    },
    set rows(v) {
      rows = v;
    },
    get loading() {
      return loading;
    },
    set loading(v) {
      loading = v;
    },
    get error() {
      return error;
    },
    set error(v) {
      error = v;
    }
  };
  let seq = 0;
  /**
   * Whether this figure's latest query counts in `inflight`. A query overtaken by a newer run (a
   * slice answering once the kept cube tables arrived) stops counting then, not when the engine
   * answers it half a minute later: the figure is drawn already.
   */
  let pending = false;
  const settle = () => {
    if (!pending) return;
    pending = false;
    inflight.n--;
  };
  /** SQL of the rows shown: rerunning it (new data version) keeps them up, without a loading state. */
  let shown: string | null = null;
  $effect(() => {
    const text = sql();
    void session.version;
    if (!text) return;
    const q = typeof text === 'string' ? { sql: text, params: [] } : text;
    // Identity of the statement with its values: the same one rerun keeps its rows up.
    const ident = q.params.length ? `${q.sql}\u0000${JSON.stringify(q.params)}` : q.sql;
    // A query on the rules' results also reruns when they are (re)computed (they come after 'ready').
    if (readsFindings(q.sql)) void session.findingsVersion;
    const my = ++seq;
    settle();
    // The cube tables answer at once when loaded (read untracked: their arrival redraws nothing,
    // the next change uses them). A figure on findings waits for the findings of this run.
    const sl = slice?.();
    if (sl) {
      const onFindings = readsFindings(q.sql);
      untrack(() => cubes.request(onFindings));
      const rows = untrack(() => {
        const t = cubes.tables;
        const fd = cubes.findings;
        return t && (!onFindings || fd) ? sl(t, fd) : null;
      });
      if (rows) {
        state.rows = rows;
        state.error = null;
        state.loading = false;
        shown = ident;
        return;
      }
      // Not yet: when the kept cube tables arrive from storage, try the slice again (the query
      // below may wait for the engine, half a minute on a later visit to an imported city).
      void session.keptCubesAt;
    }
    if (ident !== shown) state.loading = true;
    inflight.n++;
    pending = true;
    session
      .query(q.sql, q.params, reuse)
      .then((rows) => {
        if (my !== seq) return;
        state.rows = rows as unknown as T[];
        state.error = null;
        shown = ident;
      })
      .catch((e: unknown) => {
        if (my !== seq) return;
        state.error = e instanceof Error ? e.message : String(e);
        state.rows = [];
        shown = null;
      })
      .finally(() => {
        if (my !== seq) return;
        settle();
        state.loading = false;
      });
  });
  return state;
}

/**
 * A dashboard page's query: held back until the dashboard is ready (its terms are loaded). Its
 * result is fixed by its SQL under the paint key, so one seen before answers without the engine.
 */
export function useDashQuery<T extends object = Row>(
  sql: () => string | Sql | null,
  slice?: () => Slice<T> | null
): QueryState<T> {
  return useQuery<T>(() => (dash.ready ? sql() : null), true, slice);
}

/** A Chart's loading / error / empty props for a query; `emptyText` shows once it finished with no rows. */
export function chartState(q: QueryState<unknown>, emptyText: string) {
  return { loading: q.loading, error: q.error, empty: !q.loading && !q.rows.length ? emptyText : null };
}
