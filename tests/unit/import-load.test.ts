/**
 * Loading an import's rows while the worker reads them (src/lib/session/import-load.ts): the
 * batches handed over one by one give the table that loading the whole stored file gives, row for
 * row and in order; the reload takes that table over (src/lib/engine/load.ts, `{ engineTable }`);
 * a batch that cannot load leaves the file to be read back from storage, and nothing behind.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/lib/engine/node';
import type { Engine } from '../../src/lib/engine/engine';
import { loadCanonicalCsv } from '../../src/lib/engine/load';
import { loadData } from '../../src/lib/pipeline';
import { blobInput, importFiles, importFileStreamsEncoded } from '../../src/lib/ingest/index';
import { ImportLoad } from '../../src/lib/session/import-load';
import { payments } from '../fixtures/hostile/corpus';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (parts: Uint8Array[]) => parts.map((b) => new TextDecoder().decode(b)).join('');

/** 30,000 payments (3 MB of canonical CSV), in batches of 4,096 lines. */
const FILE = { name: '发放.csv', bytes: enc(payments(30_000)) };

const rowsOf = (e: Engine, table: string) => e.query(`SELECT * FROM ${table} ORDER BY rowid`);

let e: Engine;
beforeEach(async () => {
  e = await createNodeEngine();
});
afterEach(async () => {
  await e.close();
});

/** The file through the worker's path, each batch into `load` as the page does. */
async function streamInto(load: ImportLoad, bytes = FILE.bytes) {
  let batches = 0;
  const result = await importFileStreamsEncoded(
    [blobInput(FILE.name, new Blob([bytes as Uint8Array<ArrayBuffer>]))],
    {
      batchChars: 2 ** 16,
      onPart: (file, table, b) => {
        batches++;
        load.add(file, table, b);
      }
    }
  );
  return { result, batches };
}

describe('ImportLoad', () => {
  it('loads the batches into a table equal to the stored file loaded whole, which the reload takes over', async () => {
    const whole = await importFiles([FILE]);
    const csv = whole.perFile[0].csv;
    await loadCanonicalCsv(e, 'payments', [csv]);
    const expected = await rowsOf(e, 'payments');
    expect(expected).toHaveLength(30_000);

    // Joined up to 400 KB: each batch its own INSERT.
    const load = new ImportLoad(e, true, 400_000);
    const { result, batches } = await streamInto(load);
    expect(batches).toBe(8);
    // The worker keeps nothing when it hands the batches over.
    expect(result.perFile.map((p) => p.parts.length)).toEqual([0]);
    const loaded = (await load.finish()).get(FILE.name)!;
    expect(loaded.engineTable).toMatch(/^import_rows_\d+$/);
    expect(await rowsOf(e, loaded.engineTable!)).toEqual(expected);
    // The copy kept for a store without worker staging is the canonical CSV without its header.
    expect(dec(loaded.kept!)).toBe(csv.slice(csv.indexOf('\n') + 1));

    // The reload: the table becomes `payments` and its own name is gone.
    await loadData(e, { payments: [{ engineTable: loaded.engineTable! }] });
    expect(await rowsOf(e, 'payments')).toEqual(expected);
    const left = await e.query(
      `SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'import_rows_%'`
    );
    expect(left).toEqual([]);
  });

  it('after stored files, in their order: the same rows and rowids as loading every file from bytes', async () => {
    const first = await importFiles([{ name: '早.csv', bytes: enc(payments(50, undefined, 90_000)) }]);
    const stored = enc(first.perFile[0].csv);
    const whole = await importFiles([FILE]);
    await loadCanonicalCsv(e, 'payments', [enc(first.perFile[0].csv), enc(whole.perFile[0].csv)]);
    const expected = await e.query(`SELECT rowid AS r, id, src_file, src_row FROM payments ORDER BY rowid`);

    const load = new ImportLoad(e, false);
    await streamInto(load);
    const loaded = (await load.finish()).get(FILE.name)!;
    expect(loaded.kept).toBeNull();
    await loadData(e, { payments: [stored, { engineTable: loaded.engineTable! }] });
    expect(await e.query(`SELECT rowid AS r, id, src_file, src_row FROM payments ORDER BY rowid`)).toEqual(
      expected
    );
  });

  it('a batch that cannot load leaves the file to storage; drop() leaves no table behind', async () => {
    const ok = (await importFiles([{ name: '好.csv', bytes: enc(payments(3)) }])).perFile[0].csv;
    const load = new ImportLoad(e, false);
    load.add('好.csv', 'payments', enc(ok.slice(ok.indexOf('\n') + 1)));
    // Not the canonical CSV of payments (a column short): DuckDB refuses the batch.
    load.add('坏.csv', 'payments', enc('a,b\n'));
    load.add('坏.csv', 'payments', enc('c,d\n'));
    const loaded = await load.finish();
    expect(loaded.get('坏.csv')!.engineTable).toBeNull();
    const good = loaded.get('好.csv')!.engineTable!;
    expect(good).not.toBeNull();
    await load.drop(new Set([good]));
    const names = async () =>
      (
        await e.query<{ t: string }>(
          `SELECT table_name AS t FROM duckdb_tables() WHERE table_name LIKE 'import_rows_%'`
        )
      ).map((r) => r.t);
    expect(await names()).toEqual([good]);
    await load.drop();
    expect(await names()).toEqual([]);
  });
});
