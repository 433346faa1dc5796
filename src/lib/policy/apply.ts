/**
 * Applies policy files to loaded data: policy_* tables for every year in the data, then the
 * helper views the rules read (they join the policy tables, so they are (re)created after them),
 * then the metric tables (src/lib/metrics/base.ts).
 * Call after loadTables and again whenever the policy changes.
 */
import type { Engine } from '../engine/engine';
import { createMetricTables } from '../metrics/base';
import { createViews } from '../model/views';
import { dataYears, policyTablesSql } from './sql';
import type { Policy } from './types';

export async function applyPolicy(
  engine: Engine,
  policies: Policy[] | ((year: number) => Policy)
): Promise<{ years: number[] }> {
  const years = await dataYears(engine);
  await engine.exec(policyTablesSql(policies, years));
  await createViews(engine);
  // Materialised metric tables read the views; built here so every caller (site, CLI, reports,
  // tests) has them after the one call.
  await createMetricTables(engine);
  return { years };
}
