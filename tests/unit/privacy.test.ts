import { describe, expect, it } from 'vitest';
import { maskCard, maskCell, maskId, maskText } from '../../src/lib/privacy/mask';

describe('privacy: one mask rule for free text', () => {
  it('masks an 18-digit ID and an ID ending in X like maskId', () => {
    expect(maskText('身份证号430602200801010017重复')).toBe('身份证号430***********0017重复');
    expect(maskText('证件43060220080101001X有误')).toBe('证件430***********001X有误');
    expect(maskText('证件43060220080101001x有误')).toBe('证件430***********001x有误');
  });

  it('masks bank cards of 12 to 19 digits and a 15-digit old ID like maskCard', () => {
    expect(maskText('卡号622200001111（12位）')).toBe('卡号6222****1111（12位）');
    expect(maskText('卡号6222000011112222')).toBe('卡号6222****2222');
    expect(maskText('卡号6222000011112222333')).toBe('卡号6222****2333');
    expect(maskText('旧证430602080101001')).toBe('旧证4306****1001');
  });

  it('masks a run longer than 19 digits whole, so no digit leaks beside the mask', () => {
    const out = maskText('串号12345678901234567890123');
    expect(out).toBe('串号1234****0123');
    expect(out).not.toMatch(/\d{5,}/);
  });

  it('leaves shorter numbers (school codes, amounts, dates, 11-digit phones) as they are', () => {
    const s = '学校4306020001于2025-03-01发放1150.00元，电话13800001111';
    expect(maskText(s)).toBe(s);
    expect(maskText(null)).toBeNull();
  });

  it('masks several numbers in one text and keeps what lies between', () => {
    expect(maskText('430602200801010017与6222000011112222共用')).toBe('430***********0017与6222****2222共用');
  });

  it('masks cells by column: IDs, long 学籍号, bank cards', () => {
    expect(maskCell('roster', 'id', '430602200801010017')).toBe(maskId('430602200801010017'));
    expect(maskCell('roster', 'student_no', 'G430602200801010017')).toBe('G43***********0017');
    expect(maskCell('roster', 'student_no', '2025001')).toBe('2025001');
    expect(maskCell('payments', 'bank_card', '6222000011112222')).toBe(maskCard('6222000011112222'));
    expect(maskCell('payments', 'amount', 1150)).toBe(1150);
    expect(maskCell('schools', 'school_name', '一中')).toBe('一中');
  });
});
