/**
 * Builds the materialised metric tables (metric_needy, src/lib/metrics/base.ts) after every data
 * load, as a session hook that runs after the policy/rules hook. Pages wait for `metricTables.built`.
 */
import { session } from '$lib/data/session.svelte';
import { createMetricTables } from '$lib/metrics';

export const metricTables = $state({ built: 0, ms: 0, error: null as string | null });

// Read by the browser spec (how long the build took); holds no data.
if (typeof window !== 'undefined')
  (window as unknown as { __metricTables: typeof metricTables }).__metricTables = metricTables;

let installed = false;

/** Call once after installPolicyAndRules (hooks run in registration order). */
export function installMetricTables(): void {
  if (installed) return;
  installed = true;
  session.afterLoad(async (engine) => {
    const t0 = performance.now();
    try {
      await createMetricTables(engine);
      metricTables.error = null;
    } catch (e) {
      // The rest of the app stays usable; the dashboard shows the error.
      metricTables.error = e instanceof Error ? e.message : String(e);
    }
    metricTables.ms = Math.round(performance.now() - t0);
    metricTables.built++;
  });
}
