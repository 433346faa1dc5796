import { describe, expect, it } from 'vitest';
import { CsvReader, detectDelimiter, parseCsv } from '../../src/lib/ingest/csv';
import { decodeText } from '../../src/lib/ingest/decode';
import { canonicalHeader } from '../../src/lib/ingest/csvwrite';
import { GBK, gbk } from '../fixtures/ingest/gbk';

describe('CSV reader', () => {
  it('splits simple records with LF and CRLF', () => {
    expect(parseCsv('a,b,c\n1,2,3\n')).toEqual([
      { row: 1, fields: ['a', 'b', 'c'] },
      { row: 2, fields: ['1', '2', '3'] }
    ]);
    expect(parseCsv('a,b\r\n1,2\r\n3,')).toEqual([
      { row: 1, fields: ['a', 'b'] },
      { row: 2, fields: ['1', '2'] },
      { row: 3, fields: ['3', ''] }
    ]);
  });
  it('handles quoted fields with commas, doubled quotes and newlines; rows count records', () => {
    const text = 'h1,h2,h3\r\n"a,b","say ""hi""","line1\r\nline2\nline3"\r\nx,,"y"\r\n\r\nlast,"",z';
    expect(parseCsv(text)).toEqual([
      { row: 1, fields: ['h1', 'h2', 'h3'] },
      { row: 2, fields: ['a,b', 'say "hi"', 'line1\r\nline2\nline3'] },
      { row: 3, fields: ['x', '', 'y'] },
      { row: 4, fields: [''] },
      { row: 5, fields: ['last', '', 'z'] }
    ]);
  });
  it('keeps stray text after a closing quote', () => {
    expect(parseCsv('"a"b,c\n').map((r) => r.fields)).toEqual([['ab', 'c']]);
  });
  it('flags an unterminated quote on its own line and reads the lines after it (issue 9)', () => {
    const r = new CsvReader('a,b\nx,"open\nrest,1\n');
    expect(r.next()).toEqual(['a', 'b']);
    expect([r.next(), r.row, r.problem]).toEqual([['x', '"open'], 2, '未闭合的引号']);
    expect([r.next(), r.row, r.problem]).toEqual([['rest', '1'], 3, null]);
    expect(r.next()).toBeNull();
  });
  it('flags a quote that swallows whole records, keeps a real multi-line cell', () => {
    const swallow = new CsvReader('a,b,c\n1,"x,3\n4,5,6\n7,8",9\n10,11,12\n');
    const rows: [string[] | null, string | null][] = [];
    for (let f = swallow.next(); f; f = swallow.next()) rows.push([f, swallow.problem]);
    expect(rows).toEqual([
      [['a', 'b', 'c'], null],
      [['1', '"x', '3'], '未闭合的引号'],
      [['4', '5', '6'], null],
      [['7', '8"', '9'], null],
      [['10', '11', '12'], null]
    ]);
    expect(parseCsv('a,b,c\n1,"two\nlines",3\n').map((r) => r.fields)).toEqual([
      ['a', 'b', 'c'],
      ['1', 'two\nlines', '3']
    ]);
  });
  it('detects tabs and reads single-column files without delimiters', () => {
    expect(detectDelimiter('标题\n姓名\t学期\t金额\n张三\t2025春\t1,150\n')).toBe('\t');
    expect(detectDelimiter('a,b\tc,d\n')).toBe(',');
    expect(parseCsv('姓名\t金额\n张三\t"1,150"\n').map((r) => r.fields)).toEqual([
      ['姓名', '金额'],
      ['张三', '1,150']
    ]);
    expect(parseCsv('a\nb\nc').map((r) => r.fields)).toEqual([['a'], ['b'], ['c']]);
  });
  it('reports progress fraction and a line-count estimate', () => {
    const r = new CsvReader('a,b\n1,2\n3,4\n');
    expect(r.countLines()).toBe(3);
    r.next();
    expect(r.fraction).toBeCloseTo(4 / 12);
  });
});

describe('decoding', () => {
  it('reads the hand-made GBK table back with gb18030', () => {
    const chars = Object.keys(GBK).join('');
    expect(new TextDecoder('gb18030').decode(gbk(chars))).toBe(chars);
  });
  it('falls back to GB18030 when the bytes are not UTF-8', () => {
    const d = decodeText(gbk('姓名,学校标识码\r\n'));
    expect(d).toEqual({ text: '姓名,学校标识码\r\n', encoding: 'GB18030' });
  });
  it('honours BOMs and plain UTF-8', () => {
    const utf8 = new TextEncoder().encode('姓名');
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toEqual({
      text: '姓名',
      encoding: 'UTF-8 (BOM)'
    });
    expect(decodeText(utf8)).toEqual({ text: '姓名', encoding: 'UTF-8' });
    // 姓 = U+59D3, 名 = U+540D in UTF-16LE with BOM
    expect(decodeText(new Uint8Array([0xff, 0xfe, 0xd3, 0x59, 0x0d, 0x54]))).toEqual({
      text: '姓名',
      encoding: 'UTF-16LE'
    });
  });
});

describe('CSV writers', () => {
  it('canonical header comes from storedColumns', () => {
    expect(canonicalHeader('census')).toBe('school_id,term,registered,counted,src_file,src_row');
  });
});
