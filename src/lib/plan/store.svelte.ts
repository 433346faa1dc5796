/**
 * The browser's work plans and assessment schemes: saved per year in storage like the policy
 * (saveDoc/loadDoc), exported and imported as files. Also the reports printed from the site (the
 * 年度工作总结 task is judged by them) and the 先进单位 a user confirmed.
 */
import { runSql, type Engine } from '$lib/engine/engine';
import { downloadFile } from '$lib/export/download';
import { queryReport, type ReportKey, type ReportParams } from '$lib/reports';
import { missingGlyphWarning } from '$lib/reports/glyphs';
import { renderReportPdf } from '$lib/reports/render-browser';
import { SaveHeldError, listFiles, loadDoc, saveDoc, unreadableDoc } from '$lib/storage';
import {
  parseSchemeFile,
  schemeFileText,
  schemeForYear,
  SCHEME_DOC,
  validateScheme,
  type Scheme
} from '$lib/assess/scheme';
import { parsePlanFile, planDocFrom, planFileText, PLAN_DOC, type PlanDoc } from './file';
import { planForYear, validatePlan } from './plans';
import { rejectedTableSql } from './status';
import type { Plan, PrintedReport } from './types';

export interface ConfirmedAdvanced {
  year: number;
  units: string[];
  at: string;
}

interface SchemeDoc {
  version: 1;
  schemes: Scheme[];
  confirmed: ConfirmedAdvanced[];
}

class PlanStore {
  plans = $state.raw<Plan[]>([]);
  printed = $state.raw<PrintedReport[]>([]);
  schemes = $state.raw<Scheme[]>([]);
  confirmed = $state.raw<ConfirmedAdvanced[]>([]);
  /** Bumps after every change: pages re-query. */
  version = $state(0);
  /**
   * Set while the saved plans or schemes could not be read: what is in memory stays, and no change
   * is saved over the stored documents (each save writes every year).
   */
  readError = $state<string | null>(null);
  #loading: Promise<void> | null = null;

  load(): Promise<void> {
    this.#loading ??= (async () => {
      try {
        const [planDoc, sd] = await Promise.all([
          loadDoc(PLAN_DOC),
          loadDoc<SchemeDoc>(SCHEME_DOC).then((d) => (d ?? {}) as Partial<SchemeDoc>)
        ]);
        const pd = planDocFrom(planDoc);
        this.plans = pd.plans;
        this.printed = pd.printed;
        this.schemes = Array.isArray(sd.schemes)
          ? sd.schemes.filter((s) => validateScheme(s).length === 0)
          : [];
        this.confirmed = Array.isArray(sd.confirmed) ? sd.confirmed : [];
        this.readError = null;
      } catch (e) {
        this.readError = unreadableDoc('工作计划和考核方案', e);
        this.#loading = null;
      }
    })();
    return this.#loading;
  }

  /** Reads the documents before a change; throws while they cannot be read. */
  async #loadForChange(): Promise<void> {
    await this.load();
    if (this.readError) throw new SaveHeldError(this.readError);
  }

  /** Re-reads storage (after 清除全部数据 the documents are gone). */
  reload(): Promise<void> {
    this.#loading = null;
    return this.load();
  }

  planFor(year: number): Plan {
    return planForYear(this.plans, year);
  }

  isCustomPlan(year: number): boolean {
    return this.plans.some((p) => p.year === year);
  }

  async savePlan(p: Plan): Promise<string[]> {
    const errs = validatePlan(p);
    if (errs.length) return errs;
    await this.load();
    if (this.readError) return [this.readError];
    this.plans = [...this.plans.filter((x) => x.year !== p.year), structuredClone(p)].sort(
      (a, b) => a.year - b.year
    );
    await this.#savePlans();
    return [];
  }

  async resetPlan(year: number): Promise<void> {
    await this.#loadForChange();
    this.plans = this.plans.filter((p) => p.year !== year);
    await this.#savePlans();
  }

  /** Ticks a task by hand (date + note), or clears the tick (date null). */
  async tick(year: number, id: string, date: string | null, note = ''): Promise<string[]> {
    const p = this.planFor(year);
    if (date === null) delete p.ticks[id];
    else p.ticks[id] = { date, note: note.trim() };
    return this.savePlan(p);
  }

  async recordPrinted(report: string, year: number, date: string): Promise<void> {
    await this.#loadForChange();
    this.printed = [...this.printed, { report, year, date }];
    await this.#savePlans();
  }

  exportPlans(years?: number[]): string {
    const list = years ? years.map((y) => this.planFor(y)) : this.plans;
    return planFileText(list);
  }

  /** Imports a plan file: its years replace the saved ones; a bad file changes nothing. */
  async importPlans(text: string, fileName: string): Promise<number[]> {
    const plans = parsePlanFile(text, fileName);
    await this.#loadForChange();
    const years = plans.map((p) => p.year);
    this.plans = [...this.plans.filter((p) => !years.includes(p.year)), ...plans].sort(
      (a, b) => a.year - b.year
    );
    await this.#savePlans();
    return years;
  }

  async #savePlans(): Promise<void> {
    await saveDoc(PLAN_DOC, { version: 1, plans: this.plans, printed: this.printed } satisfies PlanDoc);
    this.version++;
  }

  schemeFor(year: number): Scheme {
    return schemeForYear(this.schemes, year);
  }

  isCustomScheme(year: number): boolean {
    return this.schemes.some((s) => s.year === year);
  }

  async saveScheme(s: Scheme): Promise<string[]> {
    const errs = validateScheme(s);
    if (errs.length) return errs;
    await this.load();
    if (this.readError) return [this.readError];
    this.schemes = [...this.schemes.filter((x) => x.year !== s.year), structuredClone(s)].sort(
      (a, b) => a.year - b.year
    );
    await this.#saveSchemes();
    return [];
  }

  async resetScheme(year: number): Promise<void> {
    await this.#loadForChange();
    this.schemes = this.schemes.filter((s) => s.year !== year);
    await this.#saveSchemes();
  }

  exportSchemes(years?: number[]): string {
    return schemeFileText(years ? years.map((y) => this.schemeFor(y)) : this.schemes);
  }

  async importSchemes(text: string, fileName: string): Promise<number[]> {
    const list = parseSchemeFile(text, fileName);
    await this.#loadForChange();
    const years = list.map((s) => s.year);
    this.schemes = [...this.schemes.filter((s) => !years.includes(s.year)), ...list].sort(
      (a, b) => a.year - b.year
    );
    await this.#saveSchemes();
    return years;
  }

  confirmedFor(year: number): ConfirmedAdvanced | undefined {
    return this.confirmed.find((c) => c.year === year);
  }

  async confirmAdvanced(year: number, units: string[]): Promise<void> {
    await this.#loadForChange();
    this.confirmed = [
      ...this.confirmed.filter((c) => c.year !== year),
      { year, units: [...units], at: new Date().toISOString() }
    ];
    await this.#saveSchemes();
  }

  async #saveSchemes(): Promise<void> {
    await saveDoc(SCHEME_DOC, {
      version: 1,
      schemes: this.schemes,
      confirmed: this.confirmed
    } satisfies SchemeDoc);
    this.version++;
  }

  #rejectedFor = -1;
  /** (Re)creates import_rejected from the stored imports' rejected rows once per data load. */
  async installRejected(engine: Engine, sessionVersion: number, imported: boolean): Promise<void> {
    if (this.#rejectedFor === sessionVersion) return;
    const rows = imported ? (await listFiles()).flatMap((f) => f.rejected ?? []) : [];
    for (const s of rejectedTableSql(rows)) await runSql(engine, s);
    this.#rejectedFor = sessionVersion;
  }
}

export const planStore = new PlanStore();

/**
 * The 工作台 and 考核 pages' computation: `work` runs on the engine once this data's rejected rows
 * are installed; its result or a Chinese error reaches the page only while the run is current.
 * Returns the cleanup for the calling $effect (a newer run makes this one stale).
 */
export function runPlanWork<T>(
  engine: () => Promise<Engine>,
  data: { version: number; imported: boolean },
  work: (engine: Engine) => Promise<T>,
  on: { result: (v: T) => void; error: (message: string) => void; loading: (on: boolean) => void },
  what: string
): () => void {
  let stale = false;
  on.loading(true);
  (async () => {
    const e = await engine();
    await planStore.installRejected(e, data.version, data.imported);
    return work(e);
  })()
    .then((v) => {
      if (stale) return;
      on.result(v);
      on.error('');
    })
    .catch((e: unknown) => {
      if (!stale) on.error(`${what}失败：${e instanceof Error ? e.message : String(e)}`);
    })
    .finally(() => {
      if (!stale) on.loading(false);
    });
  return () => void (stale = true);
}

/** What the reports need from the stored plans and schemes (工作安排, 考核结果通报, 年度工作总结). */
export function planReportParams(year?: number) {
  return {
    schemes: planStore.schemes,
    plans: planStore.plans,
    printed: planStore.printed,
    advanced: year === undefined ? undefined : planStore.confirmedFor(year)?.units
  };
}

/**
 * Makes one report and downloads it as PDF, as the 报表 page does: returns the missing-glyph warning
 * (empty when every character printed), so a name never prints as a code without the user knowing.
 */
export async function downloadReportPdf(
  engine: Engine,
  key: ReportKey,
  params: ReportParams
): Promise<string> {
  const made = await queryReport(engine, key, params);
  const { blob, missing } = await renderReportPdf(made);
  downloadFile(made.fileName, blob, 'application/pdf');
  return missingGlyphWarning(missing);
}
