/** Foundation units: Arrow → plain values (wasm engine) and the browser store's file bookkeeping. */
import {
  tableFromArrays,
  tableFromIPC,
  tableToIPC,
  vectorFromArray,
  Table,
  DateDay,
  TimestampMicrosecond
} from 'apache-arrow';
import { beforeEach, describe, expect, it } from 'vitest';
import { arrowToRows, bigintValue, formatDate, formatTimestamp } from '../../src/lib/engine/values';
import * as storage from '../../src/lib/storage';
import type { FileReport } from '../../src/lib/ingest/types';

describe('values', () => {
  it('formats DATE (ms epoch) and TIMESTAMP like DuckDB prints them', () => {
    expect(formatDate(Date.UTC(2025, 2, 1))).toBe('2025-03-01');
    expect(formatDate(Date.UTC(1969, 11, 31))).toBe('1969-12-31');
    expect(formatTimestamp(Date.UTC(2025, 0, 1, 10, 0, 0))).toBe('2025-01-01 10:00:00');
    expect(formatTimestamp(Date.UTC(2025, 0, 1, 10, 0, 0) + 250)).toBe('2025-01-01 10:00:00.25');
    expect(formatTimestamp(Date.UTC(2025, 0, 1, 10, 0, 0) + 0.001)).toBe('2025-01-01 10:00:00.000001');
  });

  it('keeps BIGINT exact: a number when safe, else its digits', () => {
    expect(bigintValue(42n)).toBe(42);
    expect(bigintValue(-9007199254740991n)).toBe(-9007199254740991);
    expect(bigintValue(9007199254740993n)).toBe('9007199254740993');
  });

  it('converts an Arrow table column-wise into plain rows', () => {
    const day = Date.UTC(2025, 2, 15);
    const t = new Table({
      s: vectorFromArray(['张三', null]),
      n: vectorFromArray([1n, 9007199254740993n]),
      f: vectorFromArray([1150.5, 312.5]),
      d: vectorFromArray([day, null], new DateDay()),
      ts: vectorFromArray([day + 3_600_000, day], new TimestampMicrosecond()),
      b: vectorFromArray([true, false])
    });
    // Round-trip through IPC, as duckdb-wasm hands results over.
    expect(arrowToRows(tableFromIPC(tableToIPC(t)))).toEqual([
      { s: '张三', n: 1, f: 1150.5, d: '2025-03-15', ts: '2025-03-15 01:00:00', b: true },
      { s: null, n: '9007199254740993', f: 312.5, d: null, ts: '2025-03-15 00:00:00', b: false }
    ]);
    expect(arrowToRows(tableFromArrays({ x: Int32Array.from([7]) }))).toEqual([{ x: 7 }]);
  });
});

describe('storage', () => {
  const report = (file: string): FileReport => ({
    file,
    table: 'payments',
    mapping: [],
    extraColumns: [],
    read: 2,
    accepted: 2,
    rejected: 0,
    skipped: 0,
    skippedBlank: 0,
    skippedTotals: 0,
    unknownPrograms: [],
    warnings: []
  });
  const save = (name: string, csv: string) =>
    storage.saveImportedFile({
      name,
      report: report(name),
      rejected: [],
      perFile: [{ table: 'payments', csv, rows: 1 }]
    });

  beforeEach(() => storage.setStore(storage.memoryStore()));

  it('saves files, loads their CSV per table in import order, replaces a re-import of the same name', async () => {
    await save('a.csv', 'A1');
    await new Promise((r) => setTimeout(r, 5));
    await save('b.csv', 'B1');
    await new Promise((r) => setTimeout(r, 5));
    await save('a.csv', 'A2'); // same name: replaces a.csv
    const all = await storage.loadAll();
    expect(all.files.map((f) => f.name)).toEqual(['b.csv', 'a.csv']);
    expect(all.tables).toEqual({ payments: ['B1', 'A2'] });
  });

  it('keeps UTF-8 bytes in parts as the text they encode; loadAllBytes prefers the bytes it is given', async () => {
    const enc = new TextEncoder();
    const text = 'id,name\n110101200001010011,张三\n';
    const a = await storage.saveImportedFile({
      name: 'a.csv',
      report: report('a.csv'),
      rejected: [],
      perFile: [
        { table: 'payments', csv: [enc.encode(text.slice(0, 10)), enc.encode(text.slice(10))], rows: 1 }
      ]
    });
    expect((await storage.loadAll()).tables).toEqual({ payments: [text] });
    expect((await storage.loadAllBytes()).tables.payments!.map((b) => new TextDecoder().decode(b))).toEqual([
      text
    ]);
    const given = enc.encode('given');
    const withGiven = await storage.loadAllBytes(new Map([[`${a.id}.payments`, given]]));
    expect(withGiven.tables.payments![0]).toBe(given);
    // A file saved as text reads back as its bytes too.
    await save('b.csv', text);
    expect((await storage.loadAllBytes()).tables.payments!.map((b) => new TextDecoder().decode(b))).toEqual([
      text,
      text
    ]);
  });

  it('deletes one file, clears imported data but not documents unless asked', async () => {
    const a = await save('a.csv', 'A');
    await save('学生名单（2025）.csv', 'B');
    await storage.saveDoc('review-marks', { k: 1 });
    await storage.deleteFile(a.id);
    expect((await storage.listFiles()).map((f) => f.name)).toEqual(['学生名单（2025）.csv']);
    await storage.clearImported();
    expect(await storage.listFiles()).toEqual([]);
    expect(await storage.loadDoc('review-marks')).toEqual({ k: 1 });
    await storage.clearEverything();
    expect(await storage.loadDoc('review-marks')).toBeNull();
    expect(await (await storage.getStore()).keys()).toEqual([]);
  });
});
