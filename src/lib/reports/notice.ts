/**
 * 公示名单: the public notice of the students a school proposes to fund. Public notices show no ID
 * number at all (not even masked) and no difficulty level, only 姓名, 年级, 资助项目, 金额: the
 * least personal information that lets a classmate or parent object (PIPL; the ministry's rule
 * that notices must not expose students' privacy).
 */
import type { Engine } from '../engine/engine';
import {
  document,
  gridTable,
  heading,
  int,
  moneyTwoDecimals,
  spanCell,
  todayIso,
  zhDate,
  type Content,
  type DocDefinition
} from './doc';
import {
  distinctIds,
  queryPaymentList,
  totalAmount,
  type PaymentList,
  type PaymentListParams
} from './payment-list';

export const TITLE = '公示名单';

export interface NoticeParams extends PaymentListParams {
  /** 公示期 start, YYYY-MM-DD; the print date when absent. */
  noticeStart?: string;
  /** 公示期 end; 5 working days from the start when absent. */
  noticeEnd?: string;
  /** Who takes objections, and how to reach them; blank lines to fill by hand when absent. */
  contact?: string;
  phone?: string;
}

export interface NoticeData extends PaymentList {
  date: string;
  noticeStart: string;
  noticeEnd: string;
  contact: string;
  phone: string;
}

/** The 5th working day (Mon–Fri) counted from `start` inclusive: the usual minimum 公示期. */
export function addWorkingDays(start: string, days = 5): string {
  const d = new Date(start + 'T00:00:00Z');
  let left = days;
  for (;;) {
    const wd = d.getUTCDay();
    if (wd !== 0 && wd !== 6) left--;
    if (left <= 0) break;
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return d.toISOString().slice(0, 10);
}

export async function query(engine: Engine, params: NoticeParams): Promise<NoticeData> {
  const date = params.date ?? todayIso();
  const noticeStart = params.noticeStart ?? date;
  return {
    ...(await queryPaymentList(engine, params)),
    date,
    noticeStart,
    noticeEnd: params.noticeEnd ?? addWorkingDays(noticeStart),
    contact: params.contact ?? '',
    phone: params.phone ?? ''
  };
}

export function build(data: NoticeData): DocDefinition {
  const title = `${data.term}${data.program}受助学生${TITLE}`;
  const total = totalAmount(data.rows);
  const people = distinctIds(data.rows);
  const blank = '______________';
  const content: Content[] = [
    ...heading(title, [`学校：${data.school.name}　所属区县：${data.school.county}`], data.date),
    {
      text:
        `根据国家学生资助政策，经学生本人（监护人）申请、学校评议审核，拟对以下 ${int(people)} 名学生发放` +
        `${data.term}${data.program}，共计 ${moneyTwoDecimals(total)} 元，现予公示。`,
      style: 'para'
    },
    {
      text: `公示期：${zhDate(data.noticeStart)}至${zhDate(data.noticeEnd)}。`,
      style: 'para',
      bold: true
    },
    {
      text:
        '公示期内如有异议，请以书面或电话形式向学校学生资助管理部门反映。\n' +
        `联系人：${data.contact || blank}　　联系电话：${data.phone || blank}`,
      style: 'para'
    },
    gridTable({
      headers: ['序号', '姓名', '年级', '资助项目', '金额（元）'],
      widths: [30, 80, 80, '*', 80],
      align: ['center', 'center', 'center', 'left', 'right'],
      rows: data.rows.map((r, i) => [i + 1, r.name, r.grade, r.program, moneyTwoDecimals(r.amount)]),
      footerRows: [
        [
          ...spanCell(`合计：${int(people)} 人`, 4, 'right'),
          { text: moneyTwoDecimals(total), bold: true, alignment: 'right' }
        ]
      ],
      fontSize: 10
    }),
    {
      columns: [
        { text: '' },
        { text: `${data.school.name}\n${zhDate(data.date)}`, alignment: 'right', margin: [0, 16, 0, 0] }
      ]
    }
  ];
  return document(title, content);
}

export function fileName(data: NoticeData): string {
  return `${data.school.name}-${data.term}-${data.program}-${TITLE}.pdf`;
}
