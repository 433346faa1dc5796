/**
 * The page import of one given file against the CLI's import of the same file, in one run (issue 8):
 *
 *   node --import tsx bench/page-import.ts FILE [--port 4175] [--runs 1]
 *        [--root LABEL=DIR …] [--no-cli] [--profile OUT_DIR]
 *
 * - Page: each built site (`--root before=/tmp/base/build --root after=build`; default: this
 *   worktree's build/) is served on --port in turn; a fresh browser context opens 导入, waits for the
 *   demo, imports FILE (start → report shown and data ready, measurePageImport) and reads the
 *   session's per-step timings (session.timings: importRead … policy).
 * - CLI: `bench/import-only.ts FILE` in a child process (read, decode, parse, normalise, canonical
 *   CSV, batches dropped), and the CLI's own import + load into native DuckDB then the policy step
 *   (scripts/lib/audit-engine.ts auditEngine, 1 thread as `npm run audit`'s default).
 * - `--profile DIR`: a CPU profile of the import worker (CDP on the worker target) per site, as
 *   DIR/<label>-worker.cpuprofile (open in Chrome DevTools' Performance panel), plus its top
 *   functions by self time printed.
 *
 * Runs are interleaved (before, after, before, after …) so the machine's load touches both alike.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { loadavg } from 'node:os';
import { chromium, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { ROOT, serve } from '../scripts/start.mjs';
import { CHROMIUM_ARGS, findChromium } from '../scripts/ensure-browser.mjs';
import { parseArgs } from '../scripts/lib/cli';
import { auditEngine } from '../scripts/lib/audit-engine';
import { defaultPolicy } from '../src/lib/policy/defaults';
import { VIEWS, viewSql } from '../src/lib/model/views';
import {
  METRIC_EXEC_STUDENTS_SQL,
  METRIC_FUNDED_CUBE_SQL,
  METRIC_MISSED_PRIORITY_SQL,
  METRIC_NEEDY_CUBE_SQL,
  METRIC_NEEDY_PAID_CUBE_SQL,
  METRIC_NEEDY_SQL,
  METRIC_PAY_CUBE_SQL,
  METRIC_PERSON_SQL
} from '../src/lib/metrics/base';
import { measurePageImport, siteRoots, type PageImport } from './page-extra';

/** The policy step's statements after the policy tables, in its order (createViews, createMetricTables). */
const POLICY_STATEMENTS: [string, string][] = [
  ...VIEWS.map((v): [string, string] => [v.name, viewSql(v)]),
  ['metric_needy', METRIC_NEEDY_SQL],
  ['metric_person', METRIC_PERSON_SQL],
  ['metric_funded_cube', METRIC_FUNDED_CUBE_SQL],
  ['metric_needy_cube', METRIC_NEEDY_CUBE_SQL],
  ['metric_needy_paid_cube', METRIC_NEEDY_PAID_CUBE_SQL],
  ['metric_missed_priority', METRIC_MISSED_PRIORITY_SQL],
  ['metric_pay_cube', METRIC_PAY_CUBE_SQL],
  ['metric_exec_students', METRIC_EXEC_STUDENTS_SQL]
];

const argv = process.argv.slice(2);
const args = parseArgs(argv);
const file = argv.find((a, i) => !a.startsWith('--') && (i === 0 || !argv[i - 1].startsWith('--')));
if (!file)
  throw new Error('用法：node --import tsx bench/page-import.ts FILE [--port P] [--root LABEL=DIR …]');
const PORT = Number(args.port ?? 4175);
const RUNS = Math.max(1, Number(args.runs ?? 1));
const roots = siteRoots(argv, join(ROOT, 'build'));
const profileDir = args.profile ? resolve(args.profile) : null;
/** `--policy-steps`: after the import, each statement of the policy step once more, timed in the page. */
const policySteps = 'policy-steps' in args;

const name = basename(file);
const bytes = new Uint8Array(readFileSync(file));
const rows =
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim()).length - 1;
const fmt = (ms: number | undefined) => (ms === undefined ? '—' : (ms / 1000).toFixed(1));
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ');

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** Top functions by self time of a CDP CPU profile. */
function topSelf(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }, n = 25) {
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byFn = new Map<string, number>();
  for (const node of profile.nodes) {
    const f = node.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${basename(f.url)}:${f.lineNumber + 1}`;
    byFn.set(key, (byFn.get(key) ?? 0) + (self.get(node.id) ?? 0));
  }
  const total = [...byFn.values()].reduce((a, b) => a + b, 0);
  return [...byFn.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(
      ([k, us]) =>
        `  ${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / total).toFixed(1).padStart(5)} %  ${k}`
    );
}

/**
 * Profiles the page's import worker: a page-level CDP session auto-attaches to its dedicated workers
 * (non-flattened, messages wrapped in Target.sendMessageToTarget); duckdb-wasm's worker is skipped.
 */
async function profileWorkers(context: BrowserContext, page: Page): Promise<() => Promise<unknown[]>> {
  const s: CDPSession = await context.newCDPSession(page);
  const raw = s as unknown as {
    send(m: string, p?: object): Promise<unknown>;
    on(ev: string, fn: (e: never) => void): void;
  };
  const sessions: string[] = [];
  let msgId = 0;
  const replies = new Map<number, (v: unknown) => void>();
  const send = (sessionId: string, method: string, params: object = {}) => {
    const id = ++msgId;
    const got = new Promise((r) => replies.set(id, r));
    void raw.send('Target.sendMessageToTarget', {
      sessionId,
      message: JSON.stringify({ id, method, params })
    });
    return got;
  };
  raw.on('Target.receivedMessageFromTarget', (ev: { sessionId: string; message: string }) => {
    const m = JSON.parse(ev.message) as { id?: number; result?: unknown };
    if (m.id && replies.has(m.id)) replies.get(m.id)!(m.result);
  });
  raw.on(
    'Target.attachedToTarget',
    (ev: { sessionId: string; targetInfo: { type: string; url: string } }) => {
      void (async () => {
        if (!/duckdb/i.test(ev.targetInfo.url)) {
          sessions.push(ev.sessionId);
          await send(ev.sessionId, 'Profiler.enable');
          await send(ev.sessionId, 'Profiler.setSamplingInterval', { interval: 1000 });
          await send(ev.sessionId, 'Profiler.start');
        }
        await send(ev.sessionId, 'Runtime.runIfWaitingForDebugger');
      })();
    }
  );
  await raw.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: false });
  return async () => {
    const out: unknown[] = [];
    for (const id of sessions) out.push(((await send(id, 'Profiler.stop')) as { profile: unknown }).profile);
    await s.detach().catch(() => undefined);
    return out;
  };
}

/** Each policy statement run again on the page's engine (after the import, after the rules), in ms. */
async function timeStatements(page: Page): Promise<string[]> {
  // Wait for the rules (queued after ready) so they do not share the engine with the timing.
  await page.waitForFunction(
    () =>
      (globalThis as unknown as { __aidSession: { findings: string } }).__aidSession.findings !== 'running',
    null,
    { timeout: 15 * 60_000 }
  );
  const ms = await page.evaluate(async (stmts) => {
    const s = (
      globalThis as unknown as { __aidSession: { engine(): Promise<{ exec(sql: string): Promise<void> }> } }
    ).__aidSession;
    const engine = await s.engine();
    const out: number[] = [];
    for (const [, sql] of stmts) {
      const t0 = performance.now();
      await engine.exec(sql);
      out.push(Math.round(performance.now() - t0));
    }
    return out;
  }, POLICY_STATEMENTS);
  return POLICY_STATEMENTS.map(([n], i) => `  ${String(ms[i]).padStart(7)} ms  ${n}`);
}

const results: Record<string, (PageImport & { timings: Record<string, number> })[]> = {};
console.log(`${name}：${rows} 行，${(bytes.length / 1e6).toFixed(0)} MB；load average ${load()}`);
const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
try {
  for (let run = 0; run < RUNS; run++)
    for (const r of roots) {
      const server = (await serve(PORT, '127.0.0.1', r.dir)) as { close(): void };
      try {
        let stop: (() => Promise<unknown[]>) | null = null;
        let profiles: unknown[] = [];
        let steps: string[] = [];
        const m = await measurePageImport(
          browser,
          `http://127.0.0.1:${PORT}`,
          { label: r.label, name, bytes, rows, mime: 'text/csv' },
          profileDir
            ? async (context, page) => {
                stop = await profileWorkers(context, page);
              }
            : undefined,
          async (page) => {
            if (stop) profiles = await stop();
            if (policySteps) steps = await timeStatements(page);
          }
        );
        if (steps.length)
          console.log(
            `${r.label} policy step, statement by statement (rerun after the import):\n${steps.join('\n')}`
          );
        if (profiles.length) {
          mkdirSync(profileDir!, { recursive: true });
          profiles.forEach((p, i) => {
            const out = join(profileDir!, `${r.label}-worker${i ? `-${i}` : ''}.cpuprofile`);
            writeFileSync(out, JSON.stringify(p));
            console.log(`${r.label} worker profile → ${out}`);
            console.log(topSelf(p as never).join('\n'));
          });
        }
        (results[r.label] ??= []).push(m as PageImport & { timings: Record<string, number> });
        const t = m.timings ?? {};
        console.log(
          `page ${r.label.padEnd(8)} run ${run + 1}: ${fmt(m.ms)} s to data ready ` +
            `(read+normalise ${fmt(t.importRead)}${t.importLoad === undefined ? '' : ` (loading along), loading left ${fmt(t.importLoad)}`}, save ${fmt(t.importSave)}, read back ${fmt(t.read)}, ` +
            `tables ${fmt(t.tables)}, policy ${fmt(t.policy)}; rules after ready ${fmt(t.rules)}) ` +
            `renderer peak ${m.memory.rendererPeakMb} MB; load ${load()}`
        );
      } finally {
        server.close();
      }
    }
} finally {
  await browser.close();
}

if (!('no-cli' in args)) {
  const t0 = performance.now();
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'bench', 'import-only.ts'), file],
    {
      cwd: ROOT,
      encoding: 'utf8'
    }
  );
  const importOnly = performance.now() - t0;
  if (child.status !== 0) console.log(child.stderr);
  console.log(
    `CLI import-only.ts (read + normalise, batches dropped; child process incl. start): ${fmt(importOnly)} s`
  );
  const t1 = performance.now();
  const a = await auditEngine([{ name, path: file, size: statSync(file).size }], defaultPolicy, {
    threads: 1
  });
  const t2 = performance.now();
  await a.engine.close();
  console.log(
    `CLI import + load into DuckDB (auditEngine, 1 thread): ${fmt(a.importedAt - t1)} s; then policy step ${fmt(t2 - a.importedAt)} s`
  );
}
console.log(`load average at the end ${load()}`);
