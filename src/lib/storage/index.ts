/**
 * Persistence of the user's imported data in the browser: per imported file its canonical CSV per
 * table and its import report; plus small JSON documents (policy overrides, review marks). The demo
 * is never stored here (it is served by the site), so 清除全部数据 leaves it intact.
 */
import type { TableKey } from '$lib/contract/tables';
import type { FileReport, RejectedRow } from '$lib/ingest/types';
import { STAGE, StorageReadError, getStore, type TextStore } from './backend';

export { getStore, setStore, memoryStore, stageTarget, StorageReadError, type TextStore } from './backend';

export interface StoredFileMeta {
  id: string;
  /** The file's name as the user gave it. */
  name: string;
  importedAt: string;
  report: FileReport;
  rejected: RejectedRow[];
  tables: { table: TableKey; rows: number }[];
}

export interface StoredFileInput {
  name: string;
  report: FileReport;
  rejected: RejectedRow[];
  /**
   * Each table's canonical CSV: text, UTF-8 bytes in parts, or the name of the file the import
   * worker already wrote (stageBytes, OPFS), which is renamed into place.
   */
  perFile: { table: TableKey; csv: string | Uint8Array[] | { staged: string }; rows: number }[];
}

const FILE = 'file.';
const DOC = 'doc.';

/** A short stable id from the file name (FNV-1a): re-importing a file of the same name replaces it. */
export function fileId(name: string): string {
  let h = 0x811c9dc5;
  for (const ch of name) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

const metaKey = (id: string) => `${FILE}${id}.meta.json`;
const csvKey = (id: string, t: TableKey) => `${FILE}${id}.${t}.csv`;

export async function saveImportedFile(input: StoredFileInput): Promise<StoredFileMeta> {
  const s = await getStore();
  const id = fileId(input.name);
  await deleteFile(id);
  for (const p of input.perFile)
    if (typeof p.csv === 'string') await s.put(csvKey(id, p.table), p.csv);
    else if (Array.isArray(p.csv)) await s.putBytes(csvKey(id, p.table), p.csv);
    else await s.adopt(p.csv.staged, csvKey(id, p.table));
  const meta: StoredFileMeta = {
    id,
    name: input.name,
    importedAt: new Date().toISOString(),
    report: input.report,
    rejected: input.rejected,
    tables: input.perFile.map((p) => ({ table: p.table, rows: p.rows }))
  };
  // The meta file is written last: a file without it is an interrupted save and is ignored.
  await s.put(metaKey(id), JSON.stringify(meta));
  return meta;
}

export async function listFiles(): Promise<StoredFileMeta[]> {
  const s = await getStore();
  const metas: StoredFileMeta[] = [];
  for (const k of await s.keys(FILE)) {
    if (!k.endsWith('.meta.json')) continue;
    const text = await s.get(k);
    if (text) metas.push(JSON.parse(text) as StoredFileMeta);
  }
  return metas.sort((a, b) => a.importedAt.localeCompare(b.importedAt) || a.name.localeCompare(b.name));
}

/** Every stored file with its CSV texts per table, in import order. */
export async function loadAll(): Promise<{
  files: StoredFileMeta[];
  tables: Partial<Record<TableKey, string[]>>;
}> {
  return loadEvery((s, key) => s.get(key));
}

/**
 * loadAll with each CSV as UTF-8 bytes: what the session loads into duckdb-wasm (registered as
 * they are, never decoded into a string; a city's payments export read back in a fraction of the
 * time its text took). What the caller already has of a stored file's table (a file just imported:
 * its bytes, or the engine table its rows were loaded into) is used instead of reading it back.
 */
export async function loadAllBytes<H = Uint8Array>(
  /** By `${file id}.${table}`. */
  have: Map<string, H> = new Map()
): Promise<{
  files: StoredFileMeta[];
  tables: Partial<Record<TableKey, (Uint8Array | H)[]>>;
}> {
  return loadEvery<Uint8Array | H>((s, key) => {
    const given = have.get(key.slice(FILE.length, -'.csv'.length));
    return given !== undefined ? Promise.resolve(given) : s.getBytes(key);
  });
}

/** Removes what the import worker staged and nobody adopted (an import cut short). */
export async function dropStaged(): Promise<void> {
  const s = await getStore();
  for (const k of await s.keys(STAGE)) await s.remove(k);
}

async function loadEvery<T>(read: (s: TextStore, key: string) => Promise<T | null>) {
  const s = await getStore();
  const files = await listFiles();
  const tables: Partial<Record<TableKey, T[]>> = {};
  for (const f of files)
    for (const t of f.tables) {
      const csv = await read(s, csvKey(f.id, t.table));
      if (csv !== null) (tables[t.table] ??= []).push(csv);
    }
  return { files, tables };
}

export async function deleteFile(id: string): Promise<void> {
  const s = await getStore();
  // Meta first, so a half-deleted file is already invisible.
  await s.remove(metaKey(id));
  for (const k of await s.keys(`${FILE}${id}.`)) await s.remove(k);
}

/** Removes every imported file (not the documents: policy overrides and review marks stay). */
export async function clearImported(): Promise<void> {
  await dropStaged();
  const s = await getStore();
  for (const k of await s.keys(FILE)) if (k.endsWith('.meta.json')) await s.remove(k);
  for (const k of await s.keys(FILE)) await s.remove(k);
}

/** Removes everything this site stored: imported files and documents. */
export async function clearEverything(): Promise<void> {
  await clearImported();
  const s = await getStore();
  for (const k of await s.keys(DOC)) await s.remove(k);
}

const docKey = (name: string) => `${DOC}${encodeURIComponent(name)}.json`;

export async function saveDoc(name: string, obj: unknown): Promise<void> {
  await (await getStore()).put(docKey(name), JSON.stringify(obj));
}

/**
 * The message for a saved document (review marks, settings, plans) that is there but could not be
 * read. Its store keeps what it has and saves nothing until a read succeeds: each store saves its
 * whole document, so saving over one it could not read would lose the user's earlier work.
 */
export function unreadableDoc(what: string, e: unknown): string {
  const why = e instanceof StorageReadError ? '浏览器未能读取本机存储' : '内容已损坏';
  return `已保存的${what}读取失败（${why}），为免覆盖已保存的内容，暂不能修改；请刷新页面重试。`;
}

/** Thrown by a store's save while its document could not be read (unreadableDoc). */
export class SaveHeldError extends Error {
  override name = 'SaveHeldError';
}

export async function loadDoc<T = unknown>(name: string): Promise<T | null> {
  const text = await (await getStore()).get(docKey(name));
  return text === null ? null : (JSON.parse(text) as T);
}

export async function deleteDoc(name: string): Promise<void> {
  await (await getStore()).remove(docKey(name));
}
