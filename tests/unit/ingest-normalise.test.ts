import { describe, expect, it } from 'vitest';
import { checkChar, idBirthDate, idGender, isValidId } from '../../src/lib/ingest/idcard';
import { maskCard, maskId } from '../../src/lib/privacy/mask';
import {
  NormError,
  excelSerialDate,
  gradeStage,
  normAmount,
  normBool,
  normCounty,
  normDate,
  normId,
  normInt,
  normLevel,
  normName,
  normPriority,
  normProgram,
  normSchoolYear,
  normStage,
  normStatus,
  normTerm,
  normYear,
  normYearMonth,
  termSchoolYear,
  type Norm
} from '../../src/lib/ingest/normalise';
import { normaliseHeader } from '../../src/lib/ingest/header';

const reason = (r: Norm) => (r instanceof NormError ? r.reason : `ok:${r}`);

describe('ID numbers', () => {
  it('computes the ISO 7064 MOD 11-2 check character', () => {
    // 4·7+3·9+0+6·5+0+2·4+2·2+0+0+8·3+0+1·9+0+1·5+0+0+1·2 = 137; 137 mod 11 = 5 → '7'
    expect(checkChar('43060220080101001')).toBe('7');
    expect(checkChar('11010519491231002')).toBe('X');
    expect(isValidId('430602200801010017')).toBe(true);
    expect(isValidId('11010519491231002X')).toBe(true);
  });
  it('rejects a wrong check character, an impossible date and a wrong form', () => {
    expect(isValidId('430602200801010018')).toBe(false);
    const feb30 = '43060220080230001';
    expect(isValidId(feb30 + checkChar(feb30))).toBe(false); // right check char, Feb 30
    expect(idBirthDate(feb30 + checkChar(feb30))).toBeNull();
    expect(isValidId('11010519491231002x')).toBe(false); // must be normalised first
    expect(isValidId('4306022008010100')).toBe(false);
  });
  it('reads birth date and gender', () => {
    expect(idBirthDate('430602200801010017')).toBe('2008-01-01');
    expect(idGender('430602200801010017')).toBe('男');
    expect(idGender('43060220090215002X')).toBe('女');
    expect(idBirthDate('430602080101001')).toBe('1908-01-01'); // 15-digit first generation
    expect(idGender('abc')).toBeNull();
  });
  it('normalises spaces, apostrophe, full width and lowercase x', () => {
    expect(normId(" '43060220090215002x ")).toBe('43060220090215002X');
    expect(normId('４３０６０２２００８０１０１００１７')).toBe('430602200801010017');
    expect(normId('430602 20080101 0017')).toBe('430602200801010017');
    expect(normId('‘430602200801010017')).toBe('430602200801010017');
    expect(normId('12345')).toBe('12345'); // invalid but accepted: R07 flags it
  });
  it('rejects IDs whose digits are lost', () => {
    expect(reason(normId('4.30602E+17'))).toBe('为科学计数法（4.30602E+17），后几位数字已丢失，无法恢复');
    expect(reason(normId('4.30602e17'))).toMatch(/^为科学计数法/);
    // An 18-digit number cell: a double holds ~15-17 digits, Excel keeps 15.
    // eslint-disable-next-line no-loss-of-precision -- the point: Excel keeps only 15 digits
    expect(reason(normId(430602200801010017))).toMatch(
      /^在表格中存为数字（430602200801010000）.*后几位数字已丢失，无法恢复$/
    );
    expect(normId(430602080101001)).toBe('430602080101001'); // 15 digits are exact
  });
  it('masks IDs and cards', () => {
    expect(maskId('430602200801010017')).toBe('430***********0017');
    expect(maskId('430602200801010017').length).toBe(18);
    expect(maskCard('6222000011112222')).toBe('6222****2222');
    expect(maskId('')).toBe('');
  });
});

describe('dates', () => {
  it.each([
    ['2025-03-15', '2025-03-15'],
    ['2025/3/15', '2025-03-15'],
    ['2025.03.15', '2025-03-15'],
    ['20250315', '2025-03-15'],
    ['2025年3月15日', '2025-03-15'],
    ['2025 年 3 月 15 日', '2025-03-15'],
    ['２０２５－０３－１５', '2025-03-15'],
    ['45731', '2025-03-15'],
    ['2025-03-15 00:00:00', '2025-03-15'],
    ['2025/3/15 8:30', '2025-03-15'],
    ['2025-03-15T00:00:00', '2025-03-15'],
    ['2024-02-29', '2024-02-29']
  ])('%s → %s', (input, out) => expect(normDate(input)).toBe(out));
  it('reads Excel serial numbers and yyyymmdd numbers in number cells', () => {
    expect(normDate(45731)).toBe('2025-03-15');
    expect(normDate(45731.75)).toBe('2025-03-15');
    expect(normDate(20250315)).toBe('2025-03-15');
    expect(excelSerialDate(1)).toBe('1900-01-01');
    expect(excelSerialDate(61)).toBe('1900-03-01');
    expect(excelSerialDate(45658)).toBe('2025-01-01');
  });
  it('rejects impossible dates with the value quoted', () => {
    expect(reason(normDate('2025/13/45'))).toBe('无法识别：“2025/13/45”');
    expect(reason(normDate('2025-02-29'))).toBe('无法识别：“2025-02-29”');
    expect(reason(normDate('三月'))).toBe('无法识别：“三月”');
  });
  it('year-months become the first of the month', () => {
    expect(normYearMonth('2024-09')).toBe('2024-09-01');
    expect(normYearMonth('2024年9月')).toBe('2024-09-01');
    expect(normYearMonth('202409')).toBe('2024-09-01');
    expect(normYearMonth(202409)).toBe('2024-09-01');
    expect(normYearMonth('2024.9')).toBe('2024-09-01');
    expect(normYearMonth('2024/9')).toBe('2024-09-01');
    expect(normYearMonth('2024')).toBe('2024-09-01');
    expect(normYearMonth('2024-09-05')).toBe('2024-09-05');
    expect(normYearMonth(45731)).toBe('2025-03-15');
    expect(reason(normYearMonth('2024-13'))).toBe('无法识别：“2024-13”');
  });
});

describe('amounts and integers', () => {
  it.each([
    ['1150', '1150'],
    ['1,150.00', '1150'],
    ['1150元', '1150'],
    ['￥1150', '1150'],
    ['¥ 1,150.50', '1150.5'],
    ['１１５０', '1150'],
    ['１，１５０．００元', '1150'],
    ['312.5', '312.5'],
    ['0.05', '0.05'],
    ['-2000.00', '-2000'],
    ['(2000)', '-2000'],
    ['1.5万', '15000'],
    ['100.005', '100.01']
  ])('%s → %s', (input, out) => expect(normAmount(input)).toBe(out));
  it('takes number cells and the 万元 scale', () => {
    expect(normAmount(1150)).toBe('1150');
    expect(normAmount(312.5)).toBe('312.5');
    expect(normAmount(-2000)).toBe('-2000');
    expect(normAmount(12.5, 10000)).toBe('125000');
    expect(normAmount('-0.2', 10000)).toBe('-2000');
  });
  it('rejects text that is not an amount', () => {
    expect(reason(normAmount('一千'))).toBe('无法识别：“一千”');
    expect(reason(normAmount('1.2.3'))).toBe('无法识别：“1.2.3”');
  });
  it('integers', () => {
    expect(normInt('1,234')).toBe('1234');
    expect(normInt('１２０人')).toBe('120');
    expect(normInt(118)).toBe('118');
    expect(normInt('12.0')).toBe('12');
    expect(reason(normInt('12.5'))).toBe('应为非负整数：“12.5”');
    expect(reason(normInt(-3))).toBe('应为非负整数：“-3”');
    expect(normYear('2025年度')).toBe('2025');
    expect(normYear(2025)).toBe('2025');
  });
});

describe('terms and school years', () => {
  it.each([
    ['2025年春季学期', '2025年春季学期'],
    ['2025春', '2025年春季学期'],
    ['2025年春季', '2025年春季学期'],
    ['2025-春', '2025年春季学期'],
    ['2025 年 春季 学期', '2025年春季学期'],
    ['2025年秋季学期', '2025年秋季学期'],
    ['2025秋季', '2025年秋季学期'],
    ['2025秋', '2025年秋季学期'],
    ['2024-2025学年第一学期', '2024年秋季学期'],
    ['2024-2025学年第二学期', '2025年春季学期'],
    ['2024-2025学年下学期', '2025年春季学期']
  ])('%s → %s', (input, out) => expect(normTerm(input)).toBe(out));
  it('derives the school year of a term', () => {
    expect(termSchoolYear('2025年春季学期')).toBe('2024-2025');
    expect(termSchoolYear('2025年秋季学期')).toBe('2025-2026');
  });
  it('rejects other terms', () => {
    expect(reason(normTerm('2025夏'))).toBe('无法识别：“2025夏”（应为“2025年春季学期”这样的学期）');
  });
  it.each([
    ['2024-2025', '2024-2025'],
    ['2024—2025', '2024-2025'],
    ['2024–2025', '2024-2025'],
    ['2024至2025学年', '2024-2025'],
    ['2024-2025学年', '2024-2025'],
    ['2024～2025', '2024-2025'],
    ['2024-25', '2024-2025'],
    ['2024学年', '2024-2025']
  ])('school year %s → %s', (input, out) => expect(normSchoolYear(input)).toBe(out));
  it('rejects a school year whose years are not consecutive', () => {
    expect(reason(normSchoolYear('2024-2026'))).toBe('前后年份不连续：“2024-2026”');
  });
});

describe('enumerations and lists', () => {
  it('levels', () => {
    expect(normLevel('比较困难')).toBe('困难');
    expect(normLevel(' 特别困难 ')).toBe('特别困难');
    expect(reason(normLevel('很困难'))).toBe('无法识别：“很困难”（应为特别困难、困难或一般困难）');
  });
  it('priority groups: split, aliases, unknown kept, joined with 、', () => {
    expect(normPriority('建档立卡；低保')).toBe('脱贫家庭学生、最低生活保障家庭学生');
    expect(normPriority('孤儿, 残疾人子女/低保、孤儿')).toBe('孤儿、残疾学生、最低生活保障家庭学生');
    expect(normPriority('留守儿童;烈士子女')).toBe('留守儿童、烈士子女');
    expect(normPriority('无')).toBe('');
  });
  it('programs: canonical, aliases after removing spaces, unknown kept', () => {
    expect(normProgram('普高 国家助学金')).toBe('普通高中国家助学金');
    expect(normProgram('免学费')).toBe('中职免学费');
    expect(normProgram('中职国家奖学金')).toBe('中职国家奖学金');
    expect(normProgram('神秘补助')).toBe('神秘补助');
  });
  it('counties', () => {
    expect(normCounty('岳阳经开区')).toBe('岳阳经济技术开发区');
    expect(normCounty('经开区')).toBe('岳阳经济技术开发区');
    expect(normCounty('市本级')).toBe('市直');
    expect(normCounty('岳阳市岳阳楼区')).toBe('岳阳楼区');
    expect(normCounty('汨罗')).toBe('汨罗市');
    expect(normCounty('岳阳县')).toBe('岳阳县');
    expect(reason(normCounty('岳阳'))).toBe('无法识别：“岳阳”（应为岳阳市所属区县或市直）');
  });
  it('stages, statuses, booleans, grades', () => {
    expect(normStage('高中')).toBe('普通高中');
    expect(normStatus('在校')).toBe('在读');
    expect(reason(normStatus('失踪'))).toMatch(/^无法识别：“失踪”/);
    expect([
      normBool('是'),
      normBool('否'),
      normBool('Y'),
      normBool('n'),
      normBool('1'),
      normBool(0)
    ]).toEqual(['true', 'false', 'true', 'false', 'true', 'false']);
    expect([normBool('寄宿'), normBool('走读'), normBool(true)]).toEqual(['true', 'false', 'true']);
    expect(gradeStage('高一')).toBe('普通高中');
    expect(gradeStage('初1')).toBe('初中');
    expect(gradeStage('中职三年级')).toBe('中职');
    expect(gradeStage('一年级')).toBe('小学'); // the 中职 reading is left to SQL
    expect(gradeStage('研一')).toBe('');
  });
  it('names lose spaces and full width', () => {
    expect(normName(' 李 四 ')).toBe('李四');
    expect(normName('买买提•艾力')).toBe('买买提·艾力');
    expect(normName('ＡＢＣ')).toBe('ABC');
  });
});

describe('header normalisation', () => {
  it('ignores spaces, width, unit brackets and required markers', () => {
    expect(normaliseHeader(' 资助金额(元) ')).toBe('资助金额');
    expect(normaliseHeader('资助金额（元）')).toBe('资助金额');
    expect(normaliseHeader('资助 金额【元】')).toBe('资助金额');
    expect(normaliseHeader('*身份证件号')).toBe('身份证件号');
    expect(normaliseHeader('下达金额（万元）（必填）')).toBe('下达金额');
    expect(normaliseHeader('ＩＤ')).toBe('ID');
  });
});
