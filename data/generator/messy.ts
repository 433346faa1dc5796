/**
 * Real-world forms of the import files, for the importer's tests: each built from a small slice of
 * the city, with expected.json giving per file {table, read, accepted, rejected, skipped, warnings}
 * counted by construction. Counting convention: read = every row below the header row (blank
 * lines and totals rows included), read = accepted + rejected + skipped; skipped = blank rows +
 * totals rows; rejected = a required value missing or unparseable, or an ID whose digits are lost.
 * A file that matches no table has table null and all its rows rejected.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { PROGRAM_ALIASES } from '../../src/lib/contract/domain';
import { TABLE_BY_KEY, type TableKey } from '../../src/lib/contract/tables';
import { toDays } from './calendar';
import { encodeGbk, gbkEncodable } from './gbk';
import type { City, Row } from './model';
import { csvField } from './write';

export interface Expected {
  table: TableKey | null;
  read: number;
  accepted: number;
  rejected: number;
  skipped: number;
  warnings: number;
}

const header = (t: TableKey, key: string): string =>
  TABLE_BY_KEY[t].columns.find((c) => c.key === key)!.header;
const FW = '０１２３４５６７８９';
const fullWidth = (s: string): string => s.replace(/\d/g, (d) => FW[+d]);
/** Excel's serial day number of a date (1900 system). */
const serial = (d: string): number => toDays(d) - toDays('1899-12-30');
const dateForms = (d: string): string[] => {
  const [y, m, day] = d.split('-');
  return [d, `${y}/${+m}/${+day}`, `${y}.${m}.${day}`, `${y}${m}${day}`, `${y}年${+m}月${+day}日`];
};
const SHORT_PROGRAM: Record<string, string> = {};
for (const [alias, canon] of Object.entries(PROGRAM_ALIASES)) SHORT_PROGRAM[canon] ??= alias;

function csvText(rows: string[][], sep: string, eol: string): string {
  return (
    rows.map((r) => (r.length ? r.map((v) => (sep === ',' ? csvField(v) : v)).join(sep) : '')).join(eol) + eol
  );
}

function xlsx(aoa: XLSX.CellObject[][], merges: XLSX.Range[] = []): Buffer {
  const ws: XLSX.WorkSheet = {};
  let maxC = 0;
  aoa.forEach((row, r) =>
    row.forEach((cell, c) => {
      if (cell.t === 'z') return;
      ws[XLSX.utils.encode_cell({ r, c })] = cell;
      maxC = Math.max(maxC, c);
    })
  );
  ws['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: aoa.length - 1, c: maxC } });
  if (merges.length) ws['!merges'] = merges;
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, 'Sheet1');
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
}
const s = (v: string): XLSX.CellObject => ({ t: 's', v });
const n = (v: number, z?: string): XLSX.CellObject => (z ? { t: 'n', v, z } : { t: 'n', v });
const blank: XLSX.CellObject = { t: 'z' };

export function writeMessy(dir: string, city: City): string[] {
  mkdirSync(dir, { recursive: true });
  const expected: Record<string, Expected> = {};
  const planted = new Set(city.groundTruth.map((k) => k.id));
  const t = city.tables;
  const cleanPays = t.payments.filter((p) => !planted.has(p.id) && gbkEncodable(p.name + p.holder_name));
  const roster = t.roster.filter(
    (r) => r.status === '在读' && !planted.has(r.id) && gbkEncodable(r.name + r.grade)
  );

  // 1. Roster exported by Excel on Chinese Windows: GBK, CRLF, alias headers; one 性别 contradicts
  //    the ID (a warning, still accepted) and one row lacks its name (rejected).
  {
    const cols = [
      'id',
      'name',
      'school_id',
      'grade',
      'status',
      'status_date',
      'entry_date',
      'boarding',
      'student_no',
      'gender',
      'birth_date',
      'ethnicity'
    ];
    const head = cols.map((k) => (k === 'id' ? '身份证号' : k === 'name' ? '学生姓名' : header('roster', k)));
    const rows = roster.slice(0, 20).map((r) => cols.map((k) => r[k]));
    rows[4][9] = rows[4][9] === '男' ? '女' : '男';
    rows[11][1] = '';
    writeFileSync(join(dir, '学生名单-GBK.csv'), encodeGbk(csvText([head, ...rows], ',', '\r\n')));
    expected['学生名单-GBK.csv'] = {
      table: 'roster',
      read: 20,
      accepted: 19,
      rejected: 1,
      skipped: 0,
      warnings: 1
    };
  }

  // 2. Payments as tab-separated UTF-8 without BOM, CRLF: alias headers, short program names,
  //    every date form, amounts with separators / 元 / full-width digits, a blank line, rows with a
  //    missing ID, a missing date and an unparseable amount, and a 合计 row.
  {
    const head = [
      '身份证号',
      '学生姓名',
      '学校标识码',
      '资助项目',
      '学期',
      '发放金额(元)',
      '发放日期',
      '银行卡号',
      '持卡人姓名',
      '发放批次'
    ];
    const terms = (term: string): string[] => {
      const y = term.slice(0, 4);
      const sea = term.includes('春') ? '春' : '秋';
      return [term, `${y}${sea}`, `${y}年${sea}季`, `${y}-${sea}`];
    };
    const rows: string[][] = [];
    let sum = 0;
    const big = cleanPays.filter((p) => +p.amount >= 1000);
    big.slice(0, 15).forEach((p, i) => {
      const a = +p.amount;
      sum += a;
      const amount = [
        p.amount,
        a.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
        `${p.amount}元`,
        fullWidth(p.amount)
      ][i % 4];
      rows.push([
        p.id,
        p.name,
        p.school_id,
        i % 3 === 0 ? (SHORT_PROGRAM[p.program] ?? p.program) : p.program,
        terms(p.term)[i % 4],
        amount,
        dateForms(p.pay_date)[i % 5],
        p.bank_card,
        p.holder_name,
        p.batch
      ]);
      if (i === 6) rows.push([]);
    });
    const bad = big
      .slice(15, 18)
      .map((p) => [
        p.id,
        p.name,
        p.school_id,
        p.program,
        p.term,
        p.amount,
        p.pay_date,
        p.bank_card,
        p.holder_name,
        p.batch
      ]);
    bad[0][0] = '';
    bad[1][6] = '';
    bad[2][5] = '待定';
    rows.splice(10, 0, ...bad);
    rows.push(['合计', '', '', '', '', String(Math.round(sum * 100) / 100), '', '', '', '']);
    writeFileSync(join(dir, '资助发放明细-制表符分隔.csv'), csvText([head, ...rows], '\t', '\r\n'));
    expected['资助发放明细-制表符分隔.csv'] = {
      table: 'payments',
      read: 20,
      accepted: 15,
      rejected: 3,
      skipped: 2,
      warnings: 0
    };
  }

  // 3. XLSX with a merged title row above the header, dates as Excel serial numbers, a blank row
  //    and a totals row.
  {
    const title = '2025年春季学期普通高中国家助学金发放名单';
    const cols = [
      'id',
      'name',
      'school_id',
      'program',
      'term',
      'amount',
      'pay_date',
      'bank_card',
      'holder_name',
      'batch'
    ];
    const pays = cleanPays
      .filter((p) => p.program === '普通高中国家助学金' && p.term === '2025年春季学期')
      .slice(0, 12);
    const aoa: XLSX.CellObject[][] = [[s(title)], cols.map((k) => s(header('payments', k)))];
    pays.forEach((p, i) => {
      aoa.push(
        cols.map((k) =>
          k === 'amount' ? n(+p.amount) : k === 'pay_date' ? n(serial(p.pay_date), 'yyyy-mm-dd') : s(p[k])
        )
      );
      if (i === 5) aoa.push([]);
    });
    aoa.push([s('合计'), blank, blank, blank, blank, n(pays.reduce((a, p) => a + +p.amount, 0))]);
    writeFileSync(
      join(dir, `${title}.xlsx`),
      xlsx(aoa, [{ s: { r: 0, c: 0 }, e: { r: 0, c: cols.length - 1 } }])
    );
    expected[`${title}.xlsx`] = {
      table: 'payments',
      read: pays.length + 2,
      accepted: pays.length,
      rejected: 0,
      skipped: 2,
      warnings: 0
    };
  }

  // 4. XLSX roster whose IDs were typed as numbers: 18 digits do not fit Excel's 15, so those rows
  //    are rejected; IDs ending in X stayed text and are accepted.
  {
    const cols = ['id', 'name', 'school_id', 'grade', 'status', 'entry_date', 'boarding'];
    const digits = roster.filter((r) => /\d$/.test(r.id)).slice(20, 27);
    const xs = roster.filter((r) => r.id.endsWith('X')).slice(0, 3);
    const aoa: XLSX.CellObject[][] = [cols.map((k) => s(header('roster', k)))];
    for (const r of [...digits, ...xs])
      aoa.push(cols.map((k) => (k === 'id' && /\d$/.test(r.id) ? n(Number(r.id)) : s(r[k]))));
    writeFileSync(join(dir, '学生名单-数字格式身份证.xlsx'), xlsx(aoa));
    expected['学生名单-数字格式身份证.xlsx'] = {
      table: 'roster',
      read: 10,
      accepted: xs.length,
      rejected: digits.length,
      skipped: 0,
      warnings: 0
    };
  }

  // 5. XLSX identifications with some IDs as scientific-notation text (4.30602E+17): rejected.
  {
    const cols = ['id', 'name', 'school_id', 'school_year', 'level', 'priority_types'];
    const ids = t.identifications.filter((r) => !planted.has(r.id)).slice(0, 10);
    const aoa: XLSX.CellObject[][] = [cols.map((k) => s(header('identifications', k)))];
    ids.forEach((r, i) =>
      aoa.push(
        cols.map((k) =>
          k === 'id' && i % 3 === 1
            ? s(
                Number(r.id.slice(0, 17) + '0')
                  .toExponential(5)
                  .toUpperCase()
              )
            : s(r[k])
        )
      )
    );
    writeFileSync(join(dir, '困难认定-科学计数法.xlsx'), xlsx(aoa));
    const sci = ids.filter((_, i) => i % 3 === 1).length;
    expected['困难认定-科学计数法.xlsx'] = {
      table: 'identifications',
      read: 10,
      accepted: 10 - sci,
      rejected: sci,
      skipped: 0,
      warnings: 0
    };
  }

  // 6. Identifications in UTF-8 with BOM, LF: IDs with spaces, a lowercase x, full-width digits and a
  //    leading apostrophe; school-year variants; several priority separators; an extra column with a
  //    quoted comma and newline. All accepted.
  {
    const idx = t.identifications.filter((r) => !planted.has(r.id));
    const withX = idx.find((r) => r.id.endsWith('X'));
    const rows10 = [
      ...(withX ? [withX] : []),
      ...idx.filter((r) => r !== withX && r.priority_types).slice(0, withX ? 9 : 10)
    ];
    const head = ['身份证件号', '姓名', '学校标识码', '学年', '困难等级', '特殊群体', '备注'];
    const body = rows10.map((r, i) => {
      let id = r.id;
      if (r === withX) id = id.slice(0, 17) + 'x';
      else if (i % 4 === 1) id = `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`;
      else if (i % 4 === 2) id = fullWidth(id);
      else if (i % 4 === 3) id = `'${id}`;
      const y = r.school_year.slice(0, 4);
      const sy = [r.school_year, `${y}—${+y + 1}`, `${y}至${+y + 1}学年`][i % 3];
      const prio = r.priority_types.replace(/[、；]/g, ['、', '；', '/'][i % 3]);
      return [id, r.name, r.school_id, sy, r.level, prio, i === 2 ? '家访核实，\n材料齐全' : ''];
    });
    writeFileSync(join(dir, '困难认定-格式混杂.csv'), '\uFEFF' + csvText([head, ...body], ',', '\n'));
    expected['困难认定-格式混杂.csv'] = {
      table: 'identifications',
      read: body.length,
      accepted: body.length,
      rejected: 0,
      skipped: 0,
      warnings: 0
    };
  }

  // 7. A file that is none of the seven tables.
  {
    const head = ['工号', '姓名', '性别', '任教学科', '联系电话'];
    const rows = ['语文', '数学', '英语', '物理', '体育'].map((subj, i) => [
      `T${String(1001 + i)}`,
      `教师${i + 1}`,
      i % 2 ? '女' : '男',
      subj,
      `1387300${String(1000 + i * 37)}`
    ]);
    writeFileSync(join(dir, '教师名单.csv'), '\uFEFF' + csvText([head, ...rows], ',', '\r\n'));
    expected['教师名单.csv'] = { table: null, read: 5, accepted: 0, rejected: 5, skipped: 0, warnings: 0 };
  }

  writeFileSync(join(dir, 'expected.json'), JSON.stringify(expected, null, 2) + '\n');
  return Object.keys(expected);
}

export type { Row };
