/**
 * The browser's current policy: the user's edited policy files (one per year they changed) kept in
 * storage, and the results of the last rule run shown by the settings and 核查 pages.
 *
 * Applying it to the data is the session's work (src/lib/session/session.svelte.ts runs the pipeline
 * after every load). Saving here persists, then asks the session to rerun the policy-dependent part
 * (`rerunPolicy`, in the session's queue). `installPolicyAndRules(session)` connects the two, once,
 * from src/routes/+layout.svelte.
 */
import type { RulePerf } from '$lib/rules/run';
import { SaveHeldError, loadDoc, saveDoc, unreadableDoc } from '$lib/storage';
import { defaultPolicy } from './defaults';
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
  rerunPolicy(): Promise<void>;
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

  /**
   * Set while the saved policies could not be read: the policies in memory stay as they were and
   * nothing is saved over the stored ones (a save writes every year's policy).
   */
  readError = $state<string | null>(null);

  /** Reads the saved policies; `fresh` re-reads storage (清除全部数据 deletes the document). */
  load(fresh = false): Promise<void> {
    if (fresh) this.#loading = null;
    this.#loading ??= loadDoc<PolicyDoc>(POLICY_DOC).then(
      (doc) => {
        this.policies = Array.isArray(doc?.policies)
          ? doc.policies.filter((p) => validatePolicy(p).length === 0)
          : [];
        this.readError = null;
      },
      (e) => {
        // What is computed meanwhile uses the policies in memory: on a page just opened, the defaults.
        this.readError =
          unreadableDoc('核查设置', e) + (this.policies.length ? '' : '刷新之前，各项结果按默认设置计算。');
        this.#loading = null;
      }
    );
    return this.#loading;
  }

  /** Reads the stored policies before a change to some of them; throws while they cannot be read. */
  async #loadForChange(): Promise<void> {
    await this.load();
    if (this.readError) throw new SaveHeldError(this.readError);
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

  /** What the pipeline applies: the saved policies, or the defaults when there are none. */
  inForce(): Policy[] | ((year: number) => Policy) {
    return this.policies.length ? this.policies : (y: number) => defaultPolicy(y);
  }

  /**
   * Saves one year's policy (validated) and reruns. Rule switches apply to every year (the rule
   * tables follow the latest year's switches), so they are copied into every saved policy.
   */
  async save(p: Policy): Promise<string[]> {
    const errs = validatePolicy(p);
    if (errs.length) return errs;
    await this.#loadForChange();
    const rules = structuredClone(p.rules);
    const others = this.policies
      .filter((x) => x.year !== p.year)
      .map((x) => ({ ...x, rules: structuredClone(rules) }));
    await this.#persist([...others, structuredClone(p)].sort((a, b) => a.year - b.year));
    return [];
  }

  /** Switches one rule on or off in every saved policy (and in the defaults of the shown years). */
  async setRuleEnabled(code: RuleCode, enabled: boolean): Promise<void> {
    await this.#loadForChange();
    const base = this.policies.length ? this.policies : this.years.slice(-1).map((y) => defaultPolicy(y));
    const next = base.map((p) => ({ ...p, rules: { ...p.rules, [code]: { enabled } } }));
    await this.#persist(next);
  }

  /** 恢复默认: forgets every saved policy (all years) and reruns on the defaults. */
  async resetAll(): Promise<void> {
    // Needs no read: it replaces whatever is stored, readable or not, by nothing.
    await this.#persist([]);
    this.readError = null;
  }

  /** Resets one year only (it then inherits the nearest earlier saved year, or the defaults). */
  async resetYear(year: number): Promise<void> {
    await this.#loadForChange();
    await this.#persist(this.policies.filter((p) => p.year !== year));
  }

  async #persist(policies: Policy[]): Promise<void> {
    this.policies = policies;
    await saveDoc(POLICY_DOC, { version: 1, policies } satisfies PolicyDoc);
    await this.rerun();
  }

  /** Reapplies the policy to the loaded data (the session reruns its policy-dependent part). */
  rerun(): Promise<void> {
    return this.#session?.rerunPolicy() ?? Promise.resolve();
  }

  attach(s: SessionLike): void {
    this.#session = s;
  }
}

export const policyStore = new PolicyStore();

let installed = false;

/** Connects the store to the session (saving reruns the session's policy part). Call once. */
export function installPolicyAndRules(s: SessionLike): void {
  if (installed) return;
  installed = true;
  policyStore.attach(s);
}
