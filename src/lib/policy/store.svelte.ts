/**
 * The browser's current policy: the user's edited policy files (one per year they changed) kept in
 * storage, applied to DuckDB (policy_* tables + rule views via applyPolicy), then the rules rerun
 * (runRules materialises the `findings` table) and the review marks mirrored into `review_marks`.
 *
 * Wiring: `installPolicyAndRules(session)` registers that work as an afterLoad hook, so it runs
 * after every data load (demo, import, delete). It must be called once, before session.init(),
 * from src/routes/+layout.svelte. Saving settings reruns it and bumps session.version.
 */
import type { Engine } from '$lib/engine/engine';
import { reviewStore } from '$lib/findings/review-store.svelte';
import { runRules, type RulePerf } from '$lib/rules/run';
import { loadDoc, saveDoc } from '$lib/storage';
import { defaultPolicy } from './defaults';
import { applyPolicy } from './apply';
import { policyForYear } from './sql';
import type { RuleCode } from '../contract/rule-codes';
import type { Policy } from './types';
import { validatePolicy } from './validate';

/** Storage document name and shape. */
export const POLICY_DOC = 'policy';
interface PolicyDoc {
  version: 1;
  policies: Policy[];
}

/** The part of the data session this store needs (kept structural to avoid an import cycle). */
export interface SessionLike {
  afterLoad(hook: (engine: Engine) => Promise<void>): void;
  engine(): Promise<Engine>;
  version: number;
}

class PolicyStore {
  /** Policies the user saved, one per edited year (others fall back: policyForYear). */
  policies = $state.raw<Policy[]>([]);
  /** Calendar years present in the loaded data. */
  years = $state.raw<number[]>([]);
  /** Years with payment terms: the settings page opens on the latest one. */
  paymentYears = $state.raw<number[]>([]);
  perRule = $state.raw<RulePerf[]>([]);
  runMs = $state<number | null>(null);
  running = $state(false);
  error = $state<string | null>(null);
  #loading: Promise<void> | null = null;
  #session: SessionLike | null = null;
  #queue: Promise<unknown> = Promise.resolve();

  load(): Promise<void> {
    this.#loading ??= loadDoc<PolicyDoc>(POLICY_DOC).then(
      (doc) =>
        void (this.policies = Array.isArray(doc?.policies)
          ? doc.policies.filter((p) => validatePolicy(p).length === 0)
          : []),
      () => void (this.policies = [])
    );
    return this.#loading;
  }

  /** The policy in force for a year: the user's own, else the nearest earlier one, else the default. */
  effective(year: number): Policy {
    return structuredClone(
      policyForYear(this.policies.length ? this.policies : (y) => defaultPolicy(y), year)
    );
  }

  /** True when the year has its own saved policy (not inherited or default). */
  isCustom(year: number): boolean {
    return this.policies.some((p) => p.year === year);
  }

  /** Builds policy tables for the loaded data, runs every enabled rule, installs review marks. */
  async apply(engine: Engine): Promise<void> {
    this.running = true;
    try {
      // Re-read storage on each data load: 清除全部数据 deletes the document.
      this.#loading = null;
      await this.load();
      const policies = this.policies.length ? this.policies : (y: number) => defaultPolicy(y);
      const { years } = await applyPolicy(engine, policies);
      this.years = years;
      const py = await engine.query<{ y: number }>(
        `SELECT y FROM (SELECT DISTINCT TRY_CAST(substr(term, 1, 4) AS INTEGER) AS y FROM payments) WHERE y IS NOT NULL ORDER BY y`
      );
      this.paymentYears = py.map((r) => Number(r.y));
      const t0 = performance.now();
      const res = await runRules(engine, { collect: false });
      this.runMs = Math.round(performance.now() - t0);
      this.perRule = res.perRule;
      await reviewStore.installTable(engine);
      this.error = null;
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
      throw e;
    } finally {
      this.running = false;
    }
  }

  /**
   * Saves one year's policy (validated) and reruns. Rule switches apply to every year (the rule
   * tables follow the latest year's switches), so they are copied into every saved policy.
   */
  async save(p: Policy): Promise<string[]> {
    const errs = validatePolicy(p);
    if (errs.length) return errs;
    await this.load();
    const rules = structuredClone(p.rules);
    const others = this.policies
      .filter((x) => x.year !== p.year)
      .map((x) => ({ ...x, rules: structuredClone(rules) }));
    await this.#persist([...others, structuredClone(p)].sort((a, b) => a.year - b.year));
    return [];
  }

  /** Switches one rule on or off in every saved policy (and in the defaults of the shown years). */
  async setRuleEnabled(code: RuleCode, enabled: boolean): Promise<void> {
    await this.load();
    const base = this.policies.length ? this.policies : this.years.slice(-1).map((y) => defaultPolicy(y));
    const next = base.map((p) => ({ ...p, rules: { ...p.rules, [code]: { enabled } } }));
    await this.#persist(next);
  }

  /** 恢复默认: forgets every saved policy (all years) and reruns on the defaults. */
  async resetAll(): Promise<void> {
    await this.#persist([]);
  }

  /** Resets one year only (it then inherits the nearest earlier saved year, or the defaults). */
  async resetYear(year: number): Promise<void> {
    await this.load();
    await this.#persist(this.policies.filter((p) => p.year !== year));
  }

  async #persist(policies: Policy[]): Promise<void> {
    this.policies = policies;
    await saveDoc(POLICY_DOC, { version: 1, policies } satisfies PolicyDoc);
    await this.rerun();
  }

  /** Reapplies the policy to the loaded data and tells every page (session.version) to re-query. */
  rerun(): Promise<void> {
    const s = this.#session;
    if (!s) return Promise.resolve();
    const run = this.#queue.then(async () => {
      await this.apply(await s.engine());
      s.version++;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  attach(s: SessionLike): void {
    this.#session = s;
  }
}

export const policyStore = new PolicyStore();

let installed = false;

/** Registers policy tables + rules + review marks as work after every data load. Call once. */
export function installPolicyAndRules(s: SessionLike): void {
  if (installed) return;
  installed = true;
  policyStore.attach(s);
  s.afterLoad((engine) => policyStore.apply(engine));
}
