/// <reference lib="webworker" />
/**
 * The import worker writes each file's canonical CSV to the browser's storage itself when that is
 * OPFS (the page says where: storage's stageTarget). A sync access handle, which only a worker
 * has, writes directly to the file: several times faster than the page's writable streams for a
 * city's export. Each batch is written as soon as it is encoded, before it is moved to the page to
 * be loaded; the page then renames the file into place (TextStore.adopt).
 */

interface SyncAccess {
  write(b: Uint8Array, o: { at: number }): number;
  flush(): void;
  close(): void;
}

/** One staged file being written: its header line first, then each batch as it comes. */
export class StagedFile {
  #at = 0;
  private constructor(
    private readonly dir: FileSystemDirectoryHandle,
    readonly name: string,
    private readonly access: SyncAccess
  ) {}

  /** Creates a new file of `target.dir` holding `header`. */
  static async open(target: { dir: string; prefix: string }, header: Uint8Array): Promise<StagedFile> {
    const root = await navigator.storage.getDirectory();
    const dir = await root.getDirectoryHandle(target.dir, { create: true });
    const name = `${target.prefix}${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}.csv`;
    const h = await dir.getFileHandle(name, { create: true });
    const access = await (
      h as unknown as { createSyncAccessHandle(): Promise<SyncAccess> }
    ).createSyncAccessHandle();
    const f = new StagedFile(dir, name, access);
    try {
      f.write(header);
    } catch (e) {
      await f.abort();
      throw e;
    }
    return f;
  }

  write(bytes: Uint8Array): void {
    this.#at += this.access.write(bytes, { at: this.#at });
  }

  /** Flushes and closes the file; its name is what the page adopts. */
  close(): string {
    try {
      this.access.flush();
    } finally {
      this.access.close();
    }
    return this.name;
  }

  /** Closes and removes the file (a failed write, e.g. the disk quota: nothing half-written stays). */
  async abort(): Promise<void> {
    try {
      this.access.close();
    } catch {
      // already closed
    }
    await this.dir.removeEntry(this.name).catch(() => undefined);
  }
}
