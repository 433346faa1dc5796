/**
 * The 2025 plan shipped as the default: 岳阳市教育事务中心 2025 年学生资助工作计划, 五、工作安排
 * (docs/work-plan-2025.md). Texts are the plan's own (its item numbers skip and repeat, so they are
 * dropped). Tasks the data can judge carry a check; the rest are ticked by hand.
 * Deadlines of 审定发放 tasks are the policy's payment deadlines (春季 06-30, 秋季 12-31), not the end
 * of the month the plan names: the plan's month is when approval starts, the money may follow.
 */
import type { Plan, PlanTask } from './types';

const SPRING = '2025年春季学期';
const AUTUMN = '2025年秋季学期';

type T = Omit<PlanTask, 'id'>;
const m = (from: number, to: number, text: string, extra: Partial<T> = {}): T => ({
  from,
  to,
  text,
  owner: '市本级',
  ...extra
});

const TASKS: T[] = [
  m(1, 2, '参与迎接国家、省、市乡村振兴考核检查'),
  m(1, 2, '维护和审核全国学生资助信息管理系统中2024年秋季信息数据'),
  m(1, 2, '2024年学生资助目标管理考核先进单位和个人的推选工作'),
  m(1, 2, '研究制定岳阳市高中阶段国家助学金管理办法'),
  m(1, 2, '收集整理2024年秋季普通高中、中职学校受助学生信息表格资料', { owner: '学校' }),
  m(3, 3, '召开2024年市直学校普通高中、中职学校学生资助工作会'),
  m(3, 3, '组织推选2023-2024学年中等职业教育国家奖学金获奖学生代表典型事迹'),
  m(3, 3, '做好2025年市本级及所辖区提前下达的学生资助资金分配工作'),
  m(3, 3, '组织市本级学校做好2025年春季家庭经济困难学生摸底和申请工作', { owner: '学校' }),
  m(4, 4, '召开2025年县市区学生资助工作座谈会'),
  m(4, 4, '组织开展市本级义务教育困难学生生活补助资金的申报和发放工作', {
    deadline: '2025-06-30',
    check: { kind: 'payments', term: SPRING, programs: ['义务教育家庭经济困难学生生活补助'], county: '市直' }
  }),
  m(4, 4, '签订市直中职学校国家助学金和免学费补助资金发放工作承诺书'),
  m(5, 5, '组织 2025 年春季中职学生资助专项核查工作', {
    check: { kind: 'review', term: SPRING, stage: '中职' }
  }),
  m(5, 5, '审定发放 2025 年春季学期市本级普通高中、中职学生资助资金', {
    deadline: '2025-06-30',
    check: {
      kind: 'payments',
      term: SPRING,
      programs: ['普通高中国家助学金', '普通高中免学杂费', '中职国家助学金', '中职免学费'],
      county: '市直'
    }
  }),
  m(5, 5, '审核上报湖南教育精准帮扶“一单式”信息服务系统市本级学校名单信息'),
  m(5, 5, '全国学前、义教、普高、中职学生资助管理信息录入、审核、督促', {
    owner: '县市区',
    check: { kind: 'rejected' }
  }),
  m(6, 6, '做好生源地信用助学贷款宣传和预申请工作'),
  m(6, 6, '收集整理 2025 年春季义务教育、普通高中、中职学校受助学生信息表格资料', { owner: '学校' }),
  m(6, 6, '积极参加省资助中心相关活动'),
  m(7, 8, '协调和指导县（市）区做好生源地信用助学贷款工作'),
  m(7, 8, '组织县市两级学生资助骨干参加国培和省培工作'),
  m(7, 8, '发动社会各界爱心人士献爱心，做好普通高校家庭经济困难新生资助工作'),
  m(7, 8, '开展 2025 年中央专项彩票公益金教育助学项目滋蕙计划和励耕计划'),
  m(7, 8, '做好 2025 年春季学生资助情况统计工作'),
  m(7, 8, '做好学生、家长信访工作'),
  m(9, 9, '组织县市区、学校做好学生资助政策宣传“两堂课”', { owner: '县市区' }),
  m(9, 9, '做好市直义务教育学校家庭经济困难学生摸底工作', { owner: '学校' }),
  m(9, 9, '召开市直中职学校学生资助工作布置暨培训会'),
  m(9, 9, '组织普通高中、中职学生资助信息管理系统培训会'),
  m(10, 10, '组织市直义务教育学校家庭经济困难学生补助金评审工作'),
  m(10, 10, '审核汇总 2025 年秋季普通高中学生重点保障名单', {
    check: { kind: 'priority', term: AUTUMN }
  }),
  m(10, 10, '组织 2025 年中职国家奖学金评审工作'),
  m(10, 10, '县市区学生资助工作调研'),
  m(11, 11, '审定发放市直义务教育学校 2025 年秋季学期家庭经济困难学生补助金', {
    deadline: '2025-12-31',
    check: { kind: 'payments', term: AUTUMN, programs: ['义务教育家庭经济困难学生生活补助'], county: '市直' }
  }),
  m(11, 11, '组织 2025 年秋季学期全市中职学校学生资助专项督查暨学生人数普查', {
    check: { kind: 'census', term: AUTUMN }
  }),
  m(11, 11, '审定发放 2025 年秋季学期市属中职学校国家助学金、免学费补助人数', {
    deadline: '2025-12-31',
    check: { kind: 'payments', term: AUTUMN, programs: ['中职国家助学金', '中职免学费'], county: '市直' }
  }),
  m(11, 11, '审定发放 2025 年秋季学期普通高中国家助学金', {
    deadline: '2025-12-31',
    check: { kind: 'payments', term: AUTUMN, programs: ['普通高中国家助学金'] }
  }),
  m(12, 12, '全国学前、义教、普高、中职学生资助管理信息录入、审核、督促', {
    owner: '县市区',
    check: { kind: 'rejected' }
  }),
  m(12, 12, '2025 年度资助工作总结和 2026 年学生资助工作计划制定', {
    check: { kind: 'report', report: '年度工作总结' }
  })
];

export const DEFAULT_PLAN_YEAR = 2025;

export function defaultPlan2025(): Plan {
  return {
    year: DEFAULT_PLAN_YEAR,
    tasks: TASKS.map((t, i) => ({ id: `t${String(i + 1).padStart(2, '0')}`, ...structuredClone(t) })),
    ticks: {}
  };
}
