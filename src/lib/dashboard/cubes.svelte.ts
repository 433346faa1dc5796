/**
 * The cube tables of the data shown, loaded into the page once per data version (and the findings
 * once per run of the rules), so a filter change is answered by the slices in
 * src/lib/metrics/slices.ts without a query. Until they are loaded (a second or so after the data
 * is ready, at city scale) and for figures without a slice, the dashboards query the engine.
 */
import { untrack } from 'svelte';
import { session } from '$lib/session/session.svelte';
import type { Cubes } from '$lib/metrics/kpi';
import { loadCubes, loadFindingTables, type CubeTables, type FindingTables } from '$lib/metrics/slices';

class CubeStore {
  #tables = $state.raw<{ version: number; t: CubeTables } | null>(null);
  #findings = $state.raw<{ version: number; t: FindingTables } | null>(null);
  #loading = { tables: -1, findings: -1 };

  /** The cube tables of the data shown, or null (still loading: the caller queries instead). */
  get tables(): CubeTables | null {
    const c = this.#tables;
    return c && c.version === session.version ? c.t : null;
  }

  /** The findings of the rules' last run on the data shown, or null. */
  get findings(): FindingTables | null {
    const c = this.#findings;
    return c && c.version === session.findingsVersion && session.findings === 'ready' && this.tables
      ? c.t
      : null;
  }

  /** Starts loading what is missing for the data shown (once per version). */
  request(withFindings: boolean): void {
    if (session.status !== 'ready') return;
    const v = session.version;
    if (!this.tables && this.#loading.tables !== v) {
      this.#loading.tables = v;
      loadCubes((q) => session.query(q))
        .then((t) => {
          if (session.version === v) this.#tables = { version: v, t };
        })
        .catch(() => (this.#loading.tables = -1));
    }
    const fv = session.findingsVersion;
    if (
      withFindings &&
      session.findings === 'ready' &&
      this.#findings?.version !== fv &&
      this.#loading.findings !== fv
    ) {
      this.#loading.findings = fv;
      loadFindingTables((q) => session.query(q))
        .then((t) => {
          if (session.findingsVersion === fv) this.#findings = { version: fv, t };
        })
        .catch(() => (this.#loading.findings = -1));
    }
  }
}

export const cubes = new CubeStore();

/**
 * The loaded cubes for code outside useDashQuery (总览's cards), read untracked: their arrival
 * redraws nothing. Starts loading what is missing. `findings`: the figures read them too.
 */
export function loadedCubes(findings: boolean): Cubes | null {
  return untrack(() => {
    cubes.request(findings);
    const tables = cubes.tables;
    return tables ? { tables, findings: cubes.findings } : null;
  });
}

// For the bench and the browser tests: whether a filter change is answered without the engine.
if (typeof window !== 'undefined')
  (window as unknown as { __cubes: () => { tables: boolean; findings: boolean } }).__cubes = () => ({
    tables: cubes.tables !== null,
    findings: cubes.findings !== null
  });
