/**
 * The cube tables of the data shown, loaded into the page once per data version (and the findings
 * once per run of the rules), so a filter change is answered by the slices in
 * src/lib/metrics/slices.ts without a query. They are kept with the paint results
 * (session/paint.ts, same key: same data, policy and build), so on a later visit they answer
 * before the engine is up. Until they are there and for figures without a slice, the dashboards
 * query the engine.
 */
import { untrack } from 'svelte';
import { session } from '$lib/session/session.svelte';
import type { Cubes } from '$lib/metrics/kpi';
import { loadCubes, loadFindingTables, type CubeTables, type FindingTables } from '$lib/metrics/slices';

class CubeStore {
  #tables = $state.raw<{ version: number; t: CubeTables } | null>(null);
  #findings = $state.raw<{ version: number; t: FindingTables } | null>(null);
  #loading = { tables: -1, findings: -1 };

  /**
   * The cube tables of the data shown, or null (still loading: the caller queries instead). Those
   * kept from an earlier visit are the same rows under the same key, so they serve until then.
   */
  get tables(): CubeTables | null {
    const c = this.#tables;
    return c && c.version === session.version ? c.t : (session.keptCubes()?.tables ?? null);
  }

  /** The findings of the rules' last run on the data shown (or kept under its key), or null. */
  get findings(): FindingTables | null {
    const c = this.#findings;
    if (c && c.version === session.findingsVersion && session.findings === 'ready' && this.tables) return c.t;
    const kept = session.keptCubes();
    return kept?.tables && kept.findings ? kept.findings : null;
  }

  /** Starts loading what is missing for the data shown (once per version). */
  request(withFindings: boolean): void {
    if (session.status !== 'ready') return;
    const v = session.version;
    const key = session.paintKey;
    if (!this.tables && this.#loading.tables !== v) {
      this.#loading.tables = v;
      loadCubes((q) => session.query(q))
        .then((t) => {
          if (session.version !== v) return;
          this.#tables = { version: v, t };
          session.keepCubes(key, 'tables', t);
        })
        .catch(() => (this.#loading.tables = -1));
    }
    const fv = session.findingsVersion;
    if (withFindings && session.findings === 'ready' && !this.findings && this.#loading.findings !== fv) {
      this.#loading.findings = fv;
      loadFindingTables((q) => session.query(q))
        .then((t) => {
          if (session.findingsVersion !== fv) return;
          this.#findings = { version: fv, t };
          session.keepCubes(key, 'findings', t);
        })
        .catch(() => (this.#loading.findings = -1));
    }
  }
}

export const cubes = new CubeStore();

/**
 * The loaded cubes for code outside useDashQuery (总览's cards), read untracked: their arrival
 * from the engine redraws nothing (the same numbers are drawn already); kept ones arriving from
 * storage rerun the caller once. Starts loading what is missing. `findings`: the figures read them too.
 */
export function loadedCubes(findings: boolean): Cubes | null {
  // The one dependency: the kept cube tables arriving from storage (see useQuery).
  void session.keptCubesAt;
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
