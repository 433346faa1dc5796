/**
 * A tiny text key-value store in the browser: OPFS (origin private file system) where the browser has
 * it, IndexedDB otherwise. Keys are short ASCII names; values are text (CSV, JSON). Data never
 * leaves the user's machine (PIPL).
 */
import { concatBytes } from '../bytes';

export interface TextStore {
  readonly kind: 'opfs' | 'indexeddb';
  put(key: string, text: string): Promise<void>;
  get(key: string): Promise<string | null>;
  /**
   * UTF-8 text given and read back as bytes (the imported canonical CSV): a city's export is
   * written and loaded into the engine without turning 130 MB of UTF-8 into a JS string and back.
   * `get` reads the same value as text, and `getBytes` a value `put` as text.
   */
  putBytes(key: string, parts: Uint8Array[]): Promise<void>;
  getBytes(key: string): Promise<Uint8Array | null>;
  /**
   * Puts a file staged by the import worker (stageTarget) under `key`, or removes it with key null.
   * OPFS only: the worker stages only when the page's store is OPFS.
   */
  adopt(staged: string, key: string | null): Promise<void>;
  keys(prefix?: string): Promise<string[]>;
  remove(key: string): Promise<void>;
}

/**
 * A stored value that is there but could not be read, even after retries. Never read as "nothing
 * stored": a store that took it for empty would save over the user's marks or settings with less.
 */
export class StorageReadError extends Error {
  override name = 'StorageReadError';
  constructor(
    /** The storage key (for a developer; the message shown to the user is Chinese only). */
    readonly key: string,
    cause: unknown
  ) {
    super('浏览器未能读取本机保存的数据', { cause });
  }
}

const READ_TRIES = 3;

/**
 * Reads one key. A missing file is null; any other failure is retried (a File from getFile() is
 * NotReadableError once the file is written after it was taken, and Chromium can refuse a read
 * under pressure) and then thrown as StorageReadError.
 */
async function readKey<T>(key: string, read: () => Promise<T>): Promise<T | null> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (e) {
      if (e instanceof DOMException && e.name === 'NotFoundError') return null;
      if (attempt >= READ_TRIES) throw new StorageReadError(key, e);
      await new Promise((r) => setTimeout(r, 50 * 4 ** (attempt - 1)));
    }
  }
}

const DIR = 'aid-store';
/** Names of files the import worker wrote and the page has not adopted yet (stageTarget). */
export const STAGE = 'stage.';
const DB = 'aid-store';
const STORE = 'kv';

async function opfsStore(): Promise<TextStore> {
  const root = await navigator.storage.getDirectory();
  const dir = await root.getDirectoryHandle(DIR, { create: true });
  // Probe once: some browsers expose getDirectory but refuse to write (private windows).
  const probe = await dir.getFileHandle('.probe', { create: true });
  const w = await probe.createWritable();
  await w.write('ok');
  await w.close();
  const putBytes = async (key: string, parts: Uint8Array[]) => {
    const h = await dir.getFileHandle(key, { create: true });
    const ws = await h.createWritable();
    for (const p of parts) await ws.write(p as Uint8Array<ArrayBuffer>);
    await ws.close();
  };
  return {
    kind: 'opfs',
    async put(key, text) {
      const h = await dir.getFileHandle(key, { create: true });
      const ws = await h.createWritable();
      await ws.write(text);
      await ws.close();
    },
    get: (key) => readKey(key, async () => (await (await dir.getFileHandle(key)).getFile()).text()),
    putBytes,
    async adopt(staged, key) {
      const h = await dir.getFileHandle(staged);
      if (key === null) return dir.removeEntry(staged);
      const movable = h as unknown as { move?: (name: string) => Promise<void> };
      // A rename within the folder (Chromium, Safari); a copy where the browser has no move().
      if (movable.move) return movable.move(key);
      await putBytes(key, [new Uint8Array(await (await h.getFile()).arrayBuffer())]);
      await dir.removeEntry(staged);
    },
    getBytes: (key) =>
      readKey(
        key,
        async () => new Uint8Array(await (await (await dir.getFileHandle(key)).getFile()).arrayBuffer())
      ),
    async keys(prefix = '') {
      const out: string[] = [];
      // FileSystemDirectoryHandle is async-iterable in Chromium/Firefox/Safari.
      for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys())
        if (name !== '.probe' && name.startsWith(prefix)) out.push(name);
      return out.sort();
    },
    async remove(key) {
      try {
        await dir.removeEntry(key);
      } catch {
        /* already gone */
      }
    }
  };
}

function req<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

async function idbStore(): Promise<TextStore> {
  const open = indexedDB.open(DB, 1);
  open.onupgradeneeded = () => open.result.createObjectStore(STORE);
  const db = await req(open);
  const tx = (mode: IDBTransactionMode) => db.transaction(STORE, mode).objectStore(STORE);
  return {
    kind: 'indexeddb',
    async put(key, text) {
      await req(tx('readwrite').put(text, key));
    },
    async get(key) {
      const v: unknown = await req(tx('readonly').get(key));
      if (v instanceof Blob) return v.text();
      return typeof v === 'string' ? v : null;
    },
    async putBytes(key, parts) {
      // A Blob: IndexedDB keeps its bytes apart from the value, without one contiguous copy.
      await req(tx('readwrite').put(new Blob(parts as Uint8Array<ArrayBuffer>[]), key));
    },
    async adopt() {
      throw new Error('staged files are OPFS only');
    },
    async getBytes(key) {
      const v: unknown = await req(tx('readonly').get(key));
      if (v instanceof Blob) return new Uint8Array(await v.arrayBuffer());
      return typeof v === 'string' ? new TextEncoder().encode(v) : null;
    },
    async keys(prefix = '') {
      const all = (await req(tx('readonly').getAllKeys())) as string[];
      return all.filter((k) => k.startsWith(prefix)).sort();
    },
    async remove(key) {
      await req(tx('readwrite').delete(key));
    }
  };
}

/**
 * Where the import worker may write the canonical CSV itself (src/lib/ingest/worker/stage.ts): the
 * OPFS folder and the name prefix of staged files, or null when this browser's store is not OPFS.
 */
export async function stageTarget(): Promise<{ dir: string; prefix: string } | null> {
  return (await getStore()).kind === 'opfs' ? { dir: DIR, prefix: STAGE } : null;
}

let store: Promise<TextStore> | null = null;

/** The store of this browser, chosen once: OPFS if it works, else IndexedDB. */
export function getStore(): Promise<TextStore> {
  store ??= (async () => {
    if (typeof navigator !== 'undefined' && 'getDirectory' in (navigator.storage ?? {}))
      // Tried three times: falling back to IndexedDB on a passing failure would show a user who
      // keeps their data in OPFS an empty store for this page load, and save their next change
      // apart from the rest.
      for (let attempt = 1; attempt <= READ_TRIES; attempt++)
        try {
          return await opfsStore();
        } catch {
          await new Promise((r) => setTimeout(r, 50 * 4 ** (attempt - 1)));
        }
    return idbStore();
  })();
  return store;
}

/** For tests: use a given store (e.g. in memory). */
export function setStore(s: TextStore): void {
  store = Promise.resolve(s);
}

export function memoryStore(): TextStore {
  const m = new Map<string, string | Uint8Array>();
  return {
    kind: 'indexeddb',
    async put(k, t) {
      m.set(k, t);
    },
    async get(k) {
      const v = m.get(k);
      return v === undefined ? null : typeof v === 'string' ? v : new TextDecoder().decode(v);
    },
    async putBytes(k, parts) {
      // A copy even of a single part: the caller may reuse its buffers.
      m.set(k, parts.length === 1 ? parts[0].slice() : concatBytes(parts));
    },
    async adopt() {
      throw new Error('staged files are OPFS only');
    },
    async getBytes(k) {
      const v = m.get(k);
      return v === undefined ? null : typeof v === 'string' ? new TextEncoder().encode(v) : v.slice();
    },
    async keys(p = '') {
      return [...m.keys()].filter((k) => k.startsWith(p)).sort();
    },
    async remove(k) {
      m.delete(k);
    }
  };
}
