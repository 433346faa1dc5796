/**
 * 审定发放表: the semester disbursement approval sheet of one school, program and term, signed by
 * 经办人, 审核人 and 校长. IDs are masked (maskId); the full number never enters the document.
 */
import type { Engine } from '../engine/engine';
import { maskId } from '../privacy/mask';
import {
  document,
  gridTable,
  heading,
  moneyTwoDecimals,
  moneyUpper,
  signatures,
  spanCell,
  todayIso,
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
import { LEVELS } from '../contract/domain';

export const TITLE = '审定发放表';

export type ApprovalParams = PaymentListParams;
export interface ApprovalData extends PaymentList {
  date: string;
}

export async function query(engine: Engine, params: ApprovalParams): Promise<ApprovalData> {
  return { ...(await queryPaymentList(engine, params)), date: params.date ?? todayIso() };
}

export function build(data: ApprovalData): DocDefinition {
  const title = `${data.term}${data.program}${TITLE}`;
  const total = totalAmount(data.rows);
  const people = distinctIds(data.rows);
  const levelCounts = LEVELS.map(
    (l) => [l, distinctIds(data.rows.filter((r) => r.level === l))] as const
  ).filter(([, n]) => n > 0);
  const unidentified = distinctIds(data.rows.filter((r) => !r.level));

  const content: Content[] = [
    ...heading(
      title,
      [`学校：${data.school.name}（学校标识码 ${data.school.id}）　所属区县：${data.school.county}`],
      data.date
    ),
    gridTable({
      headers: ['序号', '姓名', '身份证件号', '年级', '认定等级', '资助项目', '金额（元）'],
      widths: [26, 58, 104, 56, 50, '*', 62],
      align: ['center', 'center', 'center', 'center', 'center', 'left', 'right'],
      rows: data.rows.map((r, i) => [
        i + 1,
        r.name,
        maskId(r.id),
        r.grade,
        r.level,
        r.program,
        moneyTwoDecimals(r.amount)
      ]),
      footerRows: [
        [
          ...spanCell(`合计：${people} 人，${data.rows.length} 人次`, 6, 'right'),
          { text: moneyTwoDecimals(total), bold: true, alignment: 'right' }
        ],
        [...spanCell(`合计金额（大写）：人民币${moneyUpper(total)}`, 7)]
      ]
    }),
    {
      // The notes and signatures stay together on one page.
      unbreakable: true,
      stack: [
        {
          text:
            (levelCounts.length
              ? '其中：' + levelCounts.map(([l, n]) => `${l} ${n} 人`).join('，')
              : '本表学生均无困难认定记录') +
            (levelCounts.length && unidentified ? `，无认定记录 ${unidentified} 人` : '') +
            '。',
          style: 'note'
        },
        { text: '说明：身份证件号已脱敏；本表经学校审核、公示无异议后报送审定。', style: 'note' },
        ...signatures(['经办人', '审核人', '校长'], data.school.name)
      ]
    }
  ];
  return document(title, content);
}

/** Suggested file name for the PDF. */
export function fileName(data: ApprovalData): string {
  return `${data.school.name}-${data.term}-${data.program}-${TITLE}.pdf`;
}
