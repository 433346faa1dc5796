/**
 * A tiny text key-value store in the browser: OPFS (origin private file system) where the browser has
 * it, IndexedDB otherwise. Keys are short ASCII names; values are text (CSV, JSON). Data never
 * leaves the user's machine (PIPL).
 */

export interface TextStore {
  readonly kind: 'opfs' | 'indexeddb';
  put(key: string, text: string): Promise<void>;
  get(key: string): Promise<string | null>;
  keys(prefix?: string): Promise<string[]>;
  remove(key: string): Promise<void>;
}

const DIR = 'aid-store';
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
  return {
    kind: 'opfs',
    async put(key, text) {
      const h = await dir.getFileHandle(key, { create: true });
      const ws = await h.createWritable();
      await ws.write(text);
      await ws.close();
    },
    async get(key) {
      try {
        const h = await dir.getFileHandle(key);
        return await (await h.getFile()).text();
      } catch {
        return null;
      }
    },
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
      const v = await req(tx('readonly').get(key));
      return typeof v === 'string' ? v : null;
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

let store: Promise<TextStore> | null = null;

/** The store of this browser, chosen once: OPFS if it works, else IndexedDB. */
export function getStore(): Promise<TextStore> {
  store ??= (async () => {
    try {
      if (typeof navigator !== 'undefined' && 'getDirectory' in (navigator.storage ?? {}))
        return await opfsStore();
    } catch {
      /* fall through to IndexedDB */
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
  const m = new Map<string, string>();
  return {
    kind: 'indexeddb',
    async put(k, t) {
      m.set(k, t);
    },
    async get(k) {
      return m.get(k) ?? null;
    },
    async keys(p = '') {
      return [...m.keys()].filter((k) => k.startsWith(p)).sort();
    },
    async remove(k) {
      m.delete(k);
    }
  };
}
