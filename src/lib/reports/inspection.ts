/**
 * 核查报告: the inspection report over the `findings` table (the rule runner's output): per rule the
 * number of findings, people and money involved; per unit (所属区县) its totals and its largest findings;
 * the review status when review marks exist. IDs are masked; bank cards (R09's ref) too.
 */
import { param, sql, sqlAnd, sqlJoin, type Engine, type Sql } from '../engine/engine';
import { COUNTIES } from '../contract/domain';
import { maskId, maskText } from '../privacy/mask';
import { REVIEW_STATUSES, UNREVIEWED, MARKS_TABLE } from '../findings/review-marks';
import {
  document,
  gridTable,
  heading,
  int,
  KEEP,
  moneyTwoDecimals,
  section,
  signatures,
  spanCell,
  todayIso,
  type Content,
  type DocDefinition
} from './doc';
import { ruleName, ruleSeverity } from './rule-names';
import { num, rowsOf, str, tableExists } from './sql';
import { termYearSql } from '../model/sql-helpers';

export const TITLE = '核查报告';

export interface InspectionParams {
  /** 年度: findings of that year's terms, or with that 年度 (unit rules). All years when absent. */
  year?: number;
  /** One county-level unit, or all. */
  county?: string;
  /** Largest findings listed per unit (default 10). */
  topN?: number;
  date?: string;
}

export interface RuleSummary {
  code: string;
  count: number;
  people: number;
  amount: number;
  /** Review status → count (未处理 included). */
  status: Record<string, number>;
}
export interface UnitSummary {
  county: string;
  count: number;
  amount: number;
  high: number;
}
export interface FindingRow {
  county: string;
  code: string;
  id: string;
  name: string;
  school: string;
  term: string;
  amount: number;
  detail: string;
  ref: string;
}

export interface InspectionData {
  params: InspectionParams;
  date: string;
  hasFindings: boolean;
  hasMarks: boolean;
  scope: { payments: number; students: number; amount: number };
  rules: RuleSummary[];
  units: UnitSummary[];
  top: FindingRow[];
}

/** WHERE clause on findings `f` for the report's year and unit (chosen by the user: parameters). */
function findingsWhere(p: InspectionParams): Sql {
  return sqlAnd(
    p.year ? sql`coalesce(f.year, ${termYearSql('f.term')}) = ${param(Number(p.year))}` : 'TRUE',
    p.county ? sql`f.county = ${param(p.county)}` : 'TRUE'
  );
}

export async function query(engine: Engine, params: InspectionParams): Promise<InspectionData> {
  const date = params.date ?? todayIso();
  const topN = params.topN ?? 10;
  const payWhere = sqlAnd(
    params.year ? sql`${termYearSql('p.term')} = ${param(Number(params.year))}` : 'TRUE',
    params.county ? sql`s.county = ${param(params.county)}` : 'TRUE'
  );
  const scopeRows = await rowsOf(
    engine,
    sql`
    SELECT count(*)::INTEGER AS payments, count(DISTINCT p.id)::INTEGER AS students,
      coalesce(sum(p.amount), 0)::DOUBLE AS amount
    FROM payments p LEFT JOIN (SELECT school_id, any_value(county) AS county FROM schools GROUP BY school_id) s
      ON s.school_id = p.school_id
    WHERE ${payWhere}`
  );
  const scope = {
    payments: num(scopeRows[0]?.payments),
    students: num(scopeRows[0]?.students),
    amount: num(scopeRows[0]?.amount)
  };
  const empty: InspectionData = {
    params,
    date,
    hasFindings: false,
    hasMarks: false,
    scope,
    rules: [],
    units: [],
    top: []
  };
  if (!(await tableExists(engine, 'findings'))) return empty;
  const hasMarks = await tableExists(engine, MARKS_TABLE);
  const where = findingsWhere(params);
  // A constant, bound like a value so this file writes no quoted literal.
  const unreviewed = param(UNREVIEWED, 'VARCHAR');
  const statusExpr = hasMarks ? sql`coalesce(m.status, ${unreviewed})` : unreviewed;
  const marksJoin = hasMarks ? `LEFT JOIN ${MARKS_TABLE} m ON m.finding_key = f.finding_key` : '';

  const ruleRows = await rowsOf(
    engine,
    sql`
    SELECT f.rule_code AS code, ${statusExpr} AS status, count(*)::INTEGER AS n,
      coalesce(sum(f.amount), 0)::DOUBLE AS amount
    FROM findings f ${marksJoin} WHERE ${where} GROUP BY ALL`
  );
  const peopleRows = await rowsOf(
    engine,
    sql`
    SELECT rule_code AS code, count(DISTINCT id)::INTEGER AS people FROM findings f WHERE ${where} GROUP BY ALL`
  );
  const people = new Map(peopleRows.map((r) => [str(r.code), num(r.people)]));
  const byRule = new Map<string, RuleSummary>();
  for (const r of ruleRows) {
    const code = str(r.code);
    const s = byRule.get(code) ?? { code, count: 0, people: people.get(code) ?? 0, amount: 0, status: {} };
    s.count += num(r.n);
    s.amount = Math.round((s.amount + num(r.amount)) * 100) / 100;
    s.status[str(r.status)] = (s.status[str(r.status)] ?? 0) + num(r.n);
    byRule.set(code, s);
  }
  const rules = [...byRule.values()].sort((a, b) => a.code.localeCompare(b.code));

  const highCodes = rules.map((r) => r.code).filter((c) => ruleSeverity(c) === '高');
  const unitRows = await rowsOf(
    engine,
    sql`
    SELECT coalesce(f.county, '（未知单位）') AS county, count(*)::INTEGER AS n,
      coalesce(sum(f.amount), 0)::DOUBLE AS amount,
      count(*) FILTER (WHERE f.rule_code IN (${
        highCodes.length
          ? sqlJoin(
              highCodes.map((c) => param(c)),
              ', '
            )
          : 'NULL'
      }))::INTEGER AS high
    FROM findings f WHERE ${where} GROUP BY ALL`
  );
  const order = (c: string) => {
    const i = (COUNTIES as readonly string[]).indexOf(c);
    return i < 0 ? 999 : i;
  };
  const units = unitRows
    .map((r) => ({ county: str(r.county), count: num(r.n), amount: num(r.amount), high: num(r.high) }))
    .sort((a, b) => order(a.county) - order(b.county) || a.county.localeCompare(b.county));

  const topRows = await rowsOf(
    engine,
    sql`
    SELECT * FROM (
      SELECT coalesce(f.county, '（未知单位）') AS county, f.rule_code AS code, f.id, f.name,
        coalesce(s.school_name, f.school_id) AS school, f.term, f.year, f.amount::DOUBLE AS amount, f.detail, f.ref,
        row_number() OVER (PARTITION BY coalesce(f.county, '（未知单位）')
          ORDER BY f.amount DESC NULLS LAST, f.rule_code, f.id, f.school_id, f.program, f.term) AS rn
      FROM findings f
      LEFT JOIN v_school s
        ON s.school_id = f.school_id
      WHERE ${where})
    WHERE rn <= ${Math.floor(Number(topN)) || 0} ORDER BY county, rn`
  );
  const top = topRows.map((r) => ({
    county: str(r.county),
    code: str(r.code),
    id: str(r.id),
    name: str(r.name),
    school: str(r.school),
    term: str(r.term) || (r.year ? `${r.year}年度` : ''),
    amount: num(r.amount),
    detail: str(r.detail),
    ref: str(r.ref)
  }));
  return { params, date, hasFindings: true, hasMarks, scope, rules, units, top };
}

export function build(data: InspectionData): DocDefinition {
  const p = data.params;
  const scopeText = `${p.year ? `${p.year}年度` : '全部年度'}　${p.county ?? '全市'}`;
  const title = `${p.year ? `${p.year}年度` : ''}${p.county ?? ''}学生资助${TITLE}`;
  const totalFindings = data.rules.reduce((s, r) => s + r.count, 0);
  const totalMoney = data.rules.reduce((s, r) => s + r.amount, 0);
  const content: Content[] = [
    ...heading(title, [`核查范围：${scopeText}`], data.date),
    section('一、核查概况')
  ];
  content.push({
    text:
      `本次核查覆盖资助发放记录 ${int(data.scope.payments)} 条，涉及学生 ${int(data.scope.students)} 人，发放金额 ` +
      `${moneyTwoDecimals(data.scope.amount)} 元。` +
      (data.hasFindings
        ? `${data.rules.length} 项规则共发现疑点 ${int(totalFindings)} 条，涉及金额 ${moneyTwoDecimals(totalMoney)} 元。`
        : '尚未运行核查规则，本报告无核查结果。'),
    style: 'para'
  });
  if (!data.hasFindings) return document(title, content);

  const statuses = [UNREVIEWED, ...REVIEW_STATUSES];
  content.push(
    section('二、各规则核查结果'),
    gridTable({
      headers: ['规则编号', '规则名称', '严重程度', '疑点条数', '涉及人数', '涉及金额（元）', ...statuses],
      widths: [34, '*', 34, 36, 36, 64, 32, 32, 26, 32],
      align: ['center', 'left', 'center', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
      rows: data.rules.map((r) => [
        r.code,
        ruleName(r.code),
        ruleSeverity(r.code),
        r.count,
        r.people,
        moneyTwoDecimals(r.amount),
        ...statuses.map((s) => r.status[s] ?? 0)
      ]),
      footerRows: [
        [
          ...spanCell('合计', 3, 'center'),
          { text: String(totalFindings), bold: true, alignment: 'right' },
          { text: '' },
          { text: moneyTwoDecimals(totalMoney), bold: true, alignment: 'right' },
          ...statuses.map((s) => ({
            text: String(data.rules.reduce((n, r) => n + (r.status[s] ?? 0), 0)),
            bold: true,
            alignment: 'right'
          }))
        ]
      ],
      fontSize: 8
    }),
    { text: '注：涉及人数按身份证件号去重，单位类规则不计人数；处理状态取自核查页面的标记。', style: 'note' },
    section('三、各单位疑点分布'),
    gridTable({
      headers: ['所属区县', '疑点条数', '其中高风险', '涉及金额（元）'],
      widths: ['*', 70, 70, 100],
      align: ['left', 'right', 'right', 'right'],
      rows: data.units.map((u) => [u.county, u.count, u.high, moneyTwoDecimals(u.amount)])
    }),
    section(`四、各单位主要疑点（按涉及金额，每单位前 ${p.topN ?? 10} 条）`)
  );
  for (const u of data.units) {
    const rows = data.top.filter((f) => f.county === u.county);
    content.push(
      {
        text: `${u.county}（共 ${int(u.count)} 条）`,
        bold: true,
        margin: [0, 6, 0, 0],
        headlineLevel: KEEP.heading
      },
      gridTable({
        headers: ['规则', '姓名', '身份证件号', '学校', '学期/年度', '金额（元）', '说明'],
        widths: [52, 40, 82, 80, 62, 48, '*'],
        align: ['left', 'center', 'center', 'left', 'center', 'right', 'left'],
        rows: rows.map((f) => [
          `${f.code} ${ruleName(f.code)}`,
          f.name,
          maskId(f.id),
          f.school,
          f.term,
          moneyTwoDecimals(f.amount),
          maskText(f.detail) + (f.ref ? `（${maskText(f.ref)}）` : '')
        ]),
        fontSize: 7.5
      })
    );
  }
  content.push(
    section('五、整改要求'),
    {
      text:
        '请各单位对上述疑点逐条核实：属实的限期整改，追回违规资金，并将整改情况报市教育事务中心；' +
        '经核实为误报的，注明原因。对虚报冒领、截留挪用等违规违纪行为，依规依纪严肃处理。',
      style: 'para'
    },
    ...signatures(['核查人', '审核人', '负责人'])
  );
  return document(title, content);
}

export function fileName(data: InspectionData): string {
  return `${data.params.year ?? '全部'}年度-${data.params.county ?? '全市'}-${TITLE}.pdf`;
}
