import { describe, expect, it } from 'vitest';
import { maskCard, maskCell, maskId, maskText } from '../../src/lib/privacy/mask';

/** [free text, what every screen, export and report shows of it]. */
const TEXTS: [string, string][] = [
  // 18-character IDs (with a check character X or x) like maskId.
  ['身份证号430602200801010017重复', '身份证号430***********0017重复'],
  ['证件43060220080101001X有误', '证件430***********001X有误'],
  ['证件43060220080101001x有误', '证件430***********001x有误'],
  // Bank cards of 12 to 19 digits and 15-digit old IDs like maskCard.
  ['卡号622200001111（12位）', '卡号6222****1111（12位）'],
  ['卡号6222000011112222', '卡号6222****2222'],
  ['卡号6222000011112222333', '卡号6222****2333'],
  ['旧证430602080101001', '旧证4306****1001'],
  // A run longer than 19 digits is masked whole: no digit leaks beside the mask.
  ['串号12345678901234567890123', '串号1234****0123'],
  // Several numbers in one text; what lies between stays.
  ['430602200801010017与6222000011112222共用', '430***********0017与6222****2222共用'],
  // Shorter numbers (school codes, dates, amounts, 11-digit phones) stay as they are.
  [
    '学校4306020001于2025-03-01发放1150.00元，电话13800001111',
    '学校4306020001于2025-03-01发放1150.00元，电话13800001111'
  ]
];

describe('privacy: one mask rule for free text', () => {
  it('masks IDs and card numbers in free text, and nothing else', () => {
    expect(TEXTS.map(([s]) => maskText(s))).toEqual(TEXTS.map(([, m]) => m));
    expect(maskText(null)).toBeNull();
    for (const [, shown] of TEXTS.slice(0, -1)) expect(shown).not.toMatch(/\d{9,}/);
  });

  it('masks cells by column: IDs, long 学籍号, bank cards', () => {
    const cells: [string, string, string | number, string | number][] = [
      ['roster', 'id', '430602200801010017', maskId('430602200801010017')],
      ['roster', 'student_no', 'G430602200801010017', 'G43***********0017'],
      ['roster', 'student_no', '2025001', '2025001'],
      ['payments', 'bank_card', '6222000011112222', maskCard('6222000011112222')],
      ['payments', 'amount', 1150, 1150],
      ['schools', 'school_name', '一中', '一中']
    ];
    expect(cells.map(([t, k, v]) => maskCell(t, k, v))).toEqual(cells.map((c) => c[3]));
  });
});
