/// <reference lib="webworker" />
/**
 * The import worker writes each file's canonical CSV to the browser's storage itself when that is
 * OPFS (the page says where: storage's stageTarget). A sync access handle, which only a worker
 * has, writes directly to the file: several times faster than the page's writable streams for a
 * city's export, and done while the worker still holds the bytes. The page then renames the file
 * into place (TextStore.adopt) and loads the bytes it was sent instead of reading them back.
 */

interface SyncAccess {
  write(b: Uint8Array, o: { at: number }): number;
  flush(): void;
  close(): void;
}

/** Writes the parts to a new file of `target.dir` and returns its name; removes it if writing fails. */
export async function stageBytes(
  target: { dir: string; prefix: string },
  parts: Uint8Array[]
): Promise<string> {
  const root = await navigator.storage.getDirectory();
  const dir = await root.getDirectoryHandle(target.dir, { create: true });
  const name = `${target.prefix}${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}.csv`;
  const h = await dir.getFileHandle(name, { create: true });
  const access = await (
    h as unknown as { createSyncAccessHandle(): Promise<SyncAccess> }
  ).createSyncAccessHandle();
  let written = false;
  try {
    let at = 0;
    for (const p of parts) at += access.write(p, { at });
    access.flush();
    written = true;
  } finally {
    access.close();
    // E.g. the disk quota: nothing half-written stays behind; the page reports the failure.
    if (!written) await dir.removeEntry(name).catch(() => undefined);
  }
  return name;
}
