import { describe, expect, it } from 'vitest';
import { BOM, neutralise, toCsv, toCsvField } from '../../src/lib/export/csv';

describe('toCsvField', () => {
  it('neutralises text that a spreadsheet would run as a formula', () => {
    expect(toCsvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(toCsvField('+86')).toBe("'+86");
    expect(toCsvField('-1+2')).toBe("'-1+2");
    expect(toCsvField('-A1')).toBe("'-A1");
    expect(toCsvField('-')).toBe("'-");
    expect(toCsvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(toCsvField('\t=1')).toBe("'\t=1");
    expect(neutralise('张三')).toBe('张三');
    // Only the first character matters: inner = - are harmless.
    expect(toCsvField('a=b-c')).toBe('a=b-c');
  });

  it('keeps numbers numeric, negative ones included, as numbers or as plain number text', () => {
    expect(toCsvField(-2000)).toBe('-2000');
    expect(toCsvField('-2000.00')).toBe('-2000.00');
    expect(toCsvField('-0.5')).toBe('-0.5');
    expect(toCsvField('-1e5')).toBe("'-1e5");
    expect(toCsvField(312.5)).toBe('312.5');
    expect(toCsvField(0)).toBe('0');
    expect(toCsvField(Number.NaN)).toBe('');
  });

  it('quotes commas, quotes and line breaks and leaves the rest bare', () => {
    expect(toCsvField('a,b')).toBe('"a,b"');
    expect(toCsvField('他说"好"')).toBe('"他说""好"""');
    expect(toCsvField('两行\n文字')).toBe('"两行\n文字"');
    expect(toCsvField('430602200801011234')).toBe('430602200801011234');
    expect(toCsvField(null)).toBe('');
    expect(toCsvField(undefined)).toBe('');
    expect(toCsvField(true)).toBe('true');
  });
});

describe('toCsv', () => {
  it('writes a BOM, the header and CRLF rows', () => {
    const csv = toCsv(
      ['规则编号', '姓名', '涉及金额', '说明'],
      [
        ['R01', '张三', 1150, '同一学期发放 2 次，共 2300 元'],
        ['S04', null, -2000, '=1+1']
      ]
    );
    expect(csv.startsWith(BOM)).toBe(true);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1)).toBe(
      "规则编号,姓名,涉及金额,说明\r\nR01,张三,1150,同一学期发放 2 次，共 2300 元\r\nS04,,-2000,'=1+1\r\n"
    );
  });
});
