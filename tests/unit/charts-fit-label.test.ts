import { describe, expect, it } from 'vitest';
import { fitLabel } from '../../src/lib/charts/fit-label';

describe('fitLabel: a horizontal chart’s category label cut to its gutter', () => {
  it('keeps a label that fits', () => {
    expect(fitLabel('岳阳楼区', 110)).toBe('岳阳楼区');
    // 9 CJK characters at 12 px are 108 px: still inside 110.
    expect(fitLabel('岳阳市第十五中学校', 110)).toBe('岳阳市第十五中学校');
  });
  it('cuts a long name to the characters that fit with the ellipsis (one em)', () => {
    expect(fitLabel('岳阳市第十五中学附属实验学校', 110)).toBe('岳阳市第十五中学…');
    expect(fitLabel('岳阳市第十五中学附属实验学校', 72)).toBe('岳阳市第十…');
  });
  it('counts Latin letters and digits narrower than CJK, capitals wider than lower case', () => {
    // 0.65 em each: 14 digits are 109.2 px at 12 px.
    expect(fitLabel('12345678901234', 110)).toBe('12345678901234');
    expect(fitLabel('123456789012345', 110)).toBe('123456789012…');
    expect(fitLabel('WWWWWWWWWWWW', 110)).toBe('WWWWWWWWW…');
  });
  it('never cuts inside a character outside the BMP', () => {
    expect(fitLabel('𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀', 60)).toBe('𠀀𠀀𠀀𠀀…');
  });
});
