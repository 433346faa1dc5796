/**
 * A stored document that is there but cannot be read is never taken for "nothing stored": the
 * OPFS store retries a refused read and then throws, and the stores that save their whole document
 * (review marks, settings, plans) keep what they have and refuse to save over it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Engine } from '../../src/lib/engine/engine';

type Storage = typeof import('../../src/lib/storage');

/** How many more times each file's read is refused (Infinity: always). */
const refuse = new Map<string, number>();
let probeRefusals = 0;

/** Just enough of an OPFS folder for the store: files of text, reads that can be refused. */
function fakeOpfs() {
  const files = new Map<string, string>();
  const fileHandle = (name: string) => ({
    async getFile() {
      const n = refuse.get(name) ?? 0;
      if (n > 0) {
        refuse.set(name, n - 1);
        throw new DOMException('The requested file could not be read', 'NotReadableError');
      }
      const text = files.get(name) ?? '';
      return { text: async () => text, arrayBuffer: async () => new TextEncoder().encode(text).buffer };
    },
    async createWritable() {
      if (name === '.probe' && probeRefusals > 0) {
        probeRefusals--;
        throw new DOMException('busy', 'NoModificationAllowedError');
      }
      let text = '';
      return {
        write: async (t: string) => void (text += t),
        close: async () => void files.set(name, text)
      };
    }
  });
  const dir = {
    async getFileHandle(name: string, o?: { create?: boolean }) {
      if (!files.has(name) && !o?.create) throw new DOMException(`${name} not found`, 'NotFoundError');
      if (!files.has(name)) files.set(name, '');
      return fileHandle(name);
    },
    async removeEntry(name: string) {
      files.delete(name);
    },
    async *keys() {
      yield* [...files.keys()];
    }
  };
  return { files, getDirectory: async () => ({ getDirectoryHandle: async () => dir }) };
}

let opfs: ReturnType<typeof fakeOpfs>;

/** A fresh copy of the storage modules and stores (each holds its store and its loaded state). */
async function fresh() {
  vi.resetModules();
  const storage: Storage = await import('../../src/lib/storage');
  return storage;
}

beforeEach(() => {
  refuse.clear();
  probeRefusals = 0;
  opfs = fakeOpfs();
  vi.stubGlobal('navigator', { storage: { getDirectory: opfs.getDirectory } });
});
afterEach(() => vi.unstubAllGlobals());

describe('the OPFS store reads', () => {
  it('a missing file as null, a read refused twice after retrying, and one always refused as an error', async () => {
    const storage = await fresh();
    const s = await storage.getStore();
    expect(s.kind).toBe('opfs');
    expect(await s.get('doc.none.json')).toBeNull();
    expect(await s.getBytes('doc.none.json')).toBeNull();

    await s.put('doc.x.json', '{"a":1}');
    refuse.set('doc.x.json', 2);
    expect(await s.get('doc.x.json')).toBe('{"a":1}');
    refuse.set('doc.x.json', 2);
    expect(new TextDecoder().decode((await s.getBytes('doc.x.json'))!)).toBe('{"a":1}');

    refuse.set('doc.x.json', Infinity);
    const err = await s.get('doc.x.json').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(storage.StorageReadError);
    expect((err as InstanceType<Storage['StorageReadError']>).key).toBe('doc.x.json');
    // What a user reads is Chinese: no key, no English error name.
    expect((err as Error).message).not.toMatch(/[A-Za-z]{3,}/);
    await expect(storage.loadDoc('x')).rejects.toBeInstanceOf(storage.StorageReadError);
  });

  it('stays OPFS when its first probes are refused (never a passing switch to an empty IndexedDB)', async () => {
    probeRefusals = 2;
    const storage = await fresh();
    expect((await storage.getStore()).kind).toBe('opfs');
  });
});

const engine = { query: async () => [] } as unknown as Engine;

describe('a store whose document cannot be read', () => {
  it('review marks: kept, not emptied; mark() refuses and the stored marks stay; works again once readable', async () => {
    const storage = await fresh();
    const { reviewStore } = await import('../../src/lib/findings/review-store.svelte');
    const { MARKS_DOC } = await import('../../src/lib/findings/review-marks');
    await reviewStore.mark(engine, 'R01|a', '已核实', '电话核实');
    const stored = await storage.loadDoc(MARKS_DOC);
    const key = `doc.${MARKS_DOC}.json`;

    refuse.set(key, Infinity);
    await reviewStore.installTable(engine); // what every data load and settings change runs
    expect(reviewStore.error).toMatch(/核查标记读取失败/);
    expect(reviewStore.error).not.toMatch(/[A-Za-z]{3,}/);
    expect(Object.keys(reviewStore.marks)).toEqual(['R01|a']);
    await expect(reviewStore.mark(engine, 'R02|b', '误报', '')).rejects.toBeInstanceOf(storage.SaveHeldError);
    expect(Object.keys(reviewStore.marks)).toEqual(['R01|a']);
    expect(opfs.files.get(key)).toBe(JSON.stringify(stored));

    refuse.delete(key);
    await reviewStore.mark(engine, 'R02|b', '误报', '');
    expect(reviewStore.error).toBeNull();
    expect(Object.keys(((await storage.loadDoc(MARKS_DOC)) as { marks: object }).marks).sort()).toEqual([
      'R01|a',
      'R02|b'
    ]);
  });

  it('settings: a change of one year refuses (it would save every year); 恢复默认 still works', async () => {
    const storage = await fresh();
    const { policyStore } = await import('../../src/lib/policy/store.svelte');
    const { defaultPolicy } = await import('../../src/lib/policy/defaults');
    const p2024 = defaultPolicy(2024);
    p2024.thresholds.sharedCardMinIds = 5;
    expect(await policyStore.save(p2024)).toEqual([]);
    const key = 'doc.policy.json';
    const stored = opfs.files.get(key);
    expect(stored).toContain('"sharedCardMinIds":5');

    refuse.set(key, Infinity);
    await policyStore.load(true);
    expect(policyStore.readError).toMatch(/核查设置读取失败/);
    expect(policyStore.policies.map((p) => p.year)).toEqual([2024]);
    await expect(policyStore.save(defaultPolicy(2025))).rejects.toBeInstanceOf(storage.SaveHeldError);
    await expect(policyStore.setRuleEnabled('R01', false)).rejects.toBeInstanceOf(storage.SaveHeldError);
    expect(opfs.files.get(key)).toBe(stored);

    await policyStore.resetAll();
    expect(policyStore.readError).toBeNull();
    refuse.delete(key);
    expect(await storage.loadDoc(key.slice(4, -5))).toEqual({ version: 1, policies: [] });
  });

  it('plans and schemes: a save answers with the message, other changes refuse, nothing is written', async () => {
    const storage = await fresh();
    const { planStore } = await import('../../src/lib/plan/store.svelte');
    await planStore.recordPrinted('年度工作总结', 2025, '2025-12-20');
    const key = 'doc.work-plan.json';
    const stored = opfs.files.get(key);
    expect(stored).toContain('年度工作总结');

    refuse.set(key, Infinity);
    await planStore.reload();
    expect(planStore.readError).toMatch(/工作计划和考核方案读取失败/);
    expect(await planStore.tick(2025, 't1', '2025-03-01')).toEqual([planStore.readError]);
    await expect(planStore.resetPlan(2025)).rejects.toBeInstanceOf(storage.SaveHeldError);
    await expect(planStore.recordPrinted('年度工作总结', 2026, '2026-12-20')).rejects.toBeInstanceOf(
      storage.SaveHeldError
    );
    expect(opfs.files.get(key)).toBe(stored);
    expect(planStore.printed).toHaveLength(1);
  });
});
