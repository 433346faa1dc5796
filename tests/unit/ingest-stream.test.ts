/**
 * Issue 9, High 3: files read in chunks. The streamed path must give exactly what the whole-file
 * path gives (records, row numbers, runaway-quote verdicts, counts, rejected rows, canonical lines),
 * whatever the chunk and window edges cut through: a multi-line cell, a CRLF, a UTF-8 character.
 */
import { describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import { parseCsv } from '../../src/lib/ingest/csv';
import { CsvStream } from '../../src/lib/ingest/csv-stream';
import {
  canonicalHeader,
  contentHash,
  blobInput,
  importFiles,
  importFileStreams,
  importFileStreamsCollected,
  importFileStreamsEncoded,
  type ImportProgress,
  type StreamInputFile
} from '../../src/lib/ingest/index';
import { corpus, payments } from '../fixtures/hostile/corpus';

const enc = (s: string) => new TextEncoder().encode(s);

/** Records of `text` pushed in pieces of `piece` characters through windows of `window` characters. */
function streamRecords(text: string, piece: number, window: number, lookahead: number) {
  const s = new CsvStream(window, lookahead);
  const out: { row: number; fields: string[]; problem: string | null }[] = [];
  let at = 0;
  for (;;) {
    const f = s.next();
    if (f === null) break;
    if (f === undefined) {
      if (at < text.length) s.push(text.slice(at, (at += piece)));
      else s.end();
      continue;
    }
    out.push({ row: s.row, fields: f, problem: s.problem });
  }
  return out;
}

function wholeRecords(text: string) {
  return parseCsv(text).map((r) => r.fields);
}

const TEXTS: Record<string, string> = {
  'quoted, CRLF, blank rows':
    'h1,h2,h3\r\n"a,b","say ""hi""","line1\r\nline2\nline3"\r\nx,,"y"\r\n\r\nlast,"",z',
  'BOM and tabs': '\ufeffa\tb\n1\t2\n"x\ny"\t3\n',
  'classic Mac line ends': 'a,b\r1,2\r"p\rq",3\r',
  'trailing delimiter at the end': 'a,b\n1,',
  // Multi-line cells and runaway quotes spread through a few thousand rows, so windows cut through them.
  'runaway quotes among multi-line cells': payments(3000, (i, l) =>
    i % 97 === 5
      ? l.replace('第一批', '"第一批')
      : i % 89 === 3
        ? l.replace('第一批', '"第一\n批"')
        : i % 211 === 7
          ? l.replace('第一批', '第一批"')
          : l
  )
};

describe('CsvStream: the records of CsvReader, read in windows', () => {
  for (const [name, text] of Object.entries(TEXTS))
    it(name, () => {
      const whole = parseCsv(text);
      const withProblems = (() => {
        // parseCsv does not return `problem`: take it from a whole-text stream (one window).
        return streamRecords(text, text.length + 1, 1e9, 0).map((r) => r.problem);
      })();
      expect(streamRecords(text, text.length + 1, 1e9, 0).map((r) => r.fields)).toEqual(wholeRecords(text));
      for (const [piece, window, lookahead] of [
        [1, 8, 4],
        [7, 64, 16],
        [1000, 4096, 100],
        [333, 20_000, 5000]
      ]) {
        const got = streamRecords(text, piece, window, lookahead);
        expect(got.map((r) => ({ row: r.row, fields: r.fields }))).toEqual(whole);
        expect(got.map((r) => r.problem)).toEqual(withProblems);
      }
    });
  it('flags the same runaway quotes as the whole-text reader', () => {
    const text = TEXTS['runaway quotes among multi-line cells'];
    const flagged = streamRecords(text, 50, 2048, 64).filter((r) => r.problem);
    // One stray opening quote every 97 rows (31 of them), each its own rejected line.
    expect(flagged.length).toBeGreaterThanOrEqual(31);
    expect(flagged.every((r) => r.problem === '未闭合的引号')).toBe(true);
  });
});

/** A file served in chunks of `size` bytes, as a Node read stream would. */
function chunked(name: string, bytes: Uint8Array, size: number): StreamInputFile {
  return {
    name,
    size: bytes.length,
    async *open() {
      for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
    },
    hash: () => contentHash(bytes)
  };
}

async function both(files: { name: string; bytes: Uint8Array }[], chunk: number) {
  const whole = await importFiles(files);
  const rows = new Map<string, string[]>();
  const progress: ImportProgress[] = [];
  const streamed = await importFileStreams(
    files.map((f) => chunked(f.name, f.bytes, chunk)),
    {
      onRows: async (_table, file, lines) => {
        if (!rows.has(file)) rows.set(file, []);
        rows.get(file)!.push(lines);
      },
      onProgress: (p) => progress.push(p)
    }
  );
  return { whole, streamed, rows, progress };
}

describe('importFileStreams: the same import as importFiles', () => {
  it('the hostile corpus, in 1000-byte chunks (UTF-8 characters cut in two)', async () => {
    const files = corpus().map((f) => ({ name: f.name, bytes: enc(f.text) }));
    const { whole, streamed, rows } = await both(files, 1000);
    expect(streamed.files).toEqual(whole.files);
    expect(streamed.rejected).toEqual(whole.rejected);
    for (const p of whole.perFile) {
      const header = canonicalHeader(p.table) + '\n';
      expect(header + (rows.get(p.file) ?? []).join('')).toBe(p.csv);
    }
    const big = streamed.files.find((f) => f.file === '大文件一个引号.csv')!;
    expect([big.read, big.accepted, big.rejected, big.skipped]).toEqual([30_000, 29_999, 1, 0]);
  });

  it('a file that is valid UTF-8 until its last rows is read as GB18030, as decodeText does', async () => {
    const text = payments(2000, undefined, 7000);
    const utf8 = enc(text);
    // A GBK "标" (B1 EA) near the end: not UTF-8, so the whole file is GB18030.
    const cut = utf8.length - 200;
    const bytes = new Uint8Array(utf8.length + 2);
    bytes.set(utf8.subarray(0, cut));
    bytes.set([0xb1, 0xea], cut);
    bytes.set(utf8.subarray(cut), cut + 2);
    const boms = [
      { name: 'gbk.csv', bytes },
      { name: 'bom.csv', bytes: new Uint8Array([0xef, 0xbb, 0xbf, ...enc(payments(50, undefined, 9000))]) }
    ];
    const { whole, streamed } = await both(boms, 4096);
    expect(streamed.files.map((f) => f.encoding)).toEqual(['GB18030', 'UTF-8 (BOM)']);
    expect(streamed.files).toEqual(whole.files);
    expect(streamed.rejected).toEqual(whole.rejected);
  });

  it('a workbook is read in one piece, with the same result', async () => {
    const lines = payments(40, undefined, 8000).trim().split('\n');
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(lines.map((l) => l.split(','))), '发放');
    const bytes = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
    const { whole, streamed, rows } = await both([{ name: 'book.xlsx', bytes }], 999);
    expect(streamed.files).toEqual(whole.files);
    expect(streamed.files[0].accepted).toBe(40);
    expect(rows.get('book.xlsx')!.join('').split('\n').length - 1).toBe(40);
  });

  it('files that are not data (an image, a truncated workbook, an empty file) get the same messages', async () => {
    const png = new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52
    ]);
    const book = XLSX.write(
      { SheetNames: ['S'], Sheets: { S: XLSX.utils.aoa_to_sheet([['a'], ['b']]) } },
      { type: 'array', bookType: 'xlsx' }
    ) as ArrayBuffer;
    const files = [
      { name: '图片.xlsx', bytes: png },
      { name: '图片.csv', bytes: new Uint8Array([...png, 1]) },
      { name: '截断.xlsx', bytes: new Uint8Array(book).subarray(0, 200) },
      { name: '空.csv', bytes: new Uint8Array(0) }
    ];
    const { whole, streamed } = await both(files, 5);
    expect(streamed.files).toEqual(whole.files);
    expect(streamed.rejected).toEqual(whole.rejected);
    expect(streamed.files.every((f) => f.error)).toBe(true);
  });

  it('reports progress while reading, ending at 100 %', async () => {
    const text = payments(45_000, undefined, 10_000);
    const { streamed, progress } = await both([{ name: 'p.csv', bytes: enc(text) }], 65536);
    expect(streamed.files[0].read).toBe(45_000);
    expect(progress.map((p) => p.rowsDone)).toEqual([20_000, 40_000, 45_000]);
    expect(progress[0].pct).toBeGreaterThan(30);
    expect(progress[0].pct).toBeLessThan(60);
    expect(progress.at(-1)!.pct).toBe(100);
  });
});

describe('the browser worker path: Files read with File.stream()', () => {
  it("gives importFiles' result, canonical CSV per file and per table included", async () => {
    const files = corpus(false).map((f) => ({ name: f.name, bytes: enc(f.text) }));
    const whole = await importFiles(files);
    const streamed = await importFileStreamsCollected(
      files.map((f) => blobInput(f.name, new Blob([f.bytes as Uint8Array<ArrayBuffer>])))
    );
    expect(streamed).toEqual(whole);
    // The repeated download is reported, not kept, on both paths.
    expect(streamed.perFile.map((p) => p.file)).not.toContain('重复导出再次下载.csv');
  });
});

describe("the page's worker path: canonical CSV as UTF-8 bytes (importFileStreamsEncoded)", () => {
  it("gives importFiles' reports, rejected rows and per-file CSV, byte for byte", async () => {
    const files = corpus(false).map((f) => ({ name: f.name, bytes: enc(f.text) }));
    const whole = await importFiles(files);
    const encoded = await importFileStreamsEncoded(
      files.map((f) => blobInput(f.name, new Blob([f.bytes as Uint8Array<ArrayBuffer>])))
    );
    expect(encoded.files).toEqual(whole.files);
    expect(encoded.rejected).toEqual(whole.rejected);
    const dec = new TextDecoder();
    expect(
      encoded.perFile.map((p) => ({
        file: p.file,
        table: p.table,
        rows: p.rows,
        csv: p.parts.map((b) => dec.decode(b)).join('')
      }))
    ).toEqual(whole.perFile);
    // Each part its own buffer of its exact size: the worker transfers them without copying.
    for (const p of encoded.perFile) for (const b of p.parts) expect(b.byteLength).toBe(b.buffer.byteLength);
    expect(new Set(encoded.perFile.flatMap((p) => p.parts.map((b) => b.buffer))).size).toBe(
      encoded.perFile.reduce((n, p) => n + p.parts.length, 0)
    );
  });
});
