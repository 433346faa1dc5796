/**
 * Domain vocabulary from ../shared/domain/README.md: units, stages, levels, priority groups,
 * programs and their short forms. The one place these value sets are spelled.
 */

export const COUNTIES = [
  '岳阳楼区',
  '云溪区',
  '君山区',
  '岳阳县',
  '华容县',
  '湘阴县',
  '平江县',
  '汨罗市',
  '临湘市',
  '岳阳经济技术开发区',
  '南湖新区',
  '屈原管理区',
  '市直'
] as const;
export type County = (typeof COUNTIES)[number];

export const STAGES = ['学前', '小学', '初中', '普通高中', '中职'] as const;
export type Stage = (typeof STAGES)[number];

/** 小学 + 初中 = 义务教育: one stage group for R02. */
export const STAGE_GROUP: Record<Stage, string> = {
  学前: '学前',
  小学: '义务教育',
  初中: '义务教育',
  普通高中: '普通高中',
  中职: '中职'
};

export const OWNERSHIPS = ['公办', '民办'] as const;

export const ENROLMENT_STATUSES = ['在读', '休学', '转出', '毕业', '退学', '死亡', '开除'] as const;

export const LEVELS = ['特别困难', '困难', '一般困难'] as const;
export type Level = (typeof LEVELS)[number];
export const LEVEL_ALIASES: Record<string, Level> = { 比较困难: '困难' };

export const PRIORITY_TYPES = [
  '脱贫家庭学生',
  '防止返贫监测对象',
  '最低生活保障家庭学生',
  '特困供养学生',
  '孤儿',
  '事实无人抚养儿童',
  '残疾学生',
  '烈士子女'
] as const;
/** Older or shorter spellings found in exports. */
export const PRIORITY_ALIASES: Record<string, string> = {
  建档立卡: '脱贫家庭学生',
  建档立卡学生: '脱贫家庭学生',
  脱贫家庭: '脱贫家庭学生',
  脱贫户: '脱贫家庭学生',
  防返贫监测对象: '防止返贫监测对象',
  监测对象: '防止返贫监测对象',
  低保: '最低生活保障家庭学生',
  低保家庭: '最低生活保障家庭学生',
  低保家庭学生: '最低生活保障家庭学生',
  特困供养: '特困供养学生',
  特困: '特困供养学生',
  事实孤儿: '事实无人抚养儿童',
  残疾: '残疾学生',
  残疾人子女: '残疾学生',
  烈士子女: '烈士子女'
};

export const PROGRAMS = [
  '学前教育资助',
  '义务教育家庭经济困难学生生活补助',
  '普通高中国家助学金',
  '普通高中免学杂费',
  '中职国家助学金',
  '中职免学费',
  '中职国家奖学金'
] as const;
export type Program = (typeof PROGRAMS)[number];

export const PROGRAM_STAGES: Record<Program, Stage[]> = {
  学前教育资助: ['学前'],
  义务教育家庭经济困难学生生活补助: ['小学', '初中'],
  普通高中国家助学金: ['普通高中'],
  普通高中免学杂费: ['普通高中'],
  中职国家助学金: ['中职'],
  中职免学费: ['中职'],
  中职国家奖学金: ['中职']
};

/** Need-based: "yes" or "priority groups only" in README.md's program table (R05). */
export const NEED_BASED_PROGRAMS: Program[] = [
  '学前教育资助',
  '义务教育家庭经济困难学生生活补助',
  '普通高中国家助学金',
  '普通高中免学杂费',
  '中职国家助学金'
];

/** The need-based program a priority student of each stage must receive (R12). */
export const STAGE_NEED_PROGRAM: Record<Stage, Program> = {
  学前: '学前教育资助',
  小学: '义务教育家庭经济困难学生生活补助',
  初中: '义务教育家庭经济困难学生生活补助',
  普通高中: '普通高中国家助学金',
  中职: '中职国家助学金'
};

/** Common short forms in exports → canonical program name. Matching is after removing spaces. */
export const PROGRAM_ALIASES: Record<string, Program> = {
  学前资助: '学前教育资助',
  学前教育资助金: '学前教育资助',
  学前幼儿资助: '学前教育资助',
  幼儿资助: '学前教育资助',
  义务教育生活补助: '义务教育家庭经济困难学生生活补助',
  义教生活补助: '义务教育家庭经济困难学生生活补助',
  生活补助: '义务教育家庭经济困难学生生活补助',
  家庭经济困难学生生活补助: '义务教育家庭经济困难学生生活补助',
  义务教育寄宿生生活补助: '义务教育家庭经济困难学生生活补助',
  普高国家助学金: '普通高中国家助学金',
  普高助学金: '普通高中国家助学金',
  高中国家助学金: '普通高中国家助学金',
  高中助学金: '普通高中国家助学金',
  普高免学杂费: '普通高中免学杂费',
  免学杂费: '普通高中免学杂费',
  高中免学杂费: '普通高中免学杂费',
  中职助学金: '中职国家助学金',
  中职国助: '中职国家助学金',
  中职免学费: '中职免学费',
  免学费: '中职免学费',
  中职免学费补助: '中职免学费',
  中职奖学金: '中职国家奖学金',
  国家奖学金: '中职国家奖学金'
};

export const BUDGET_LEVELS = ['中央', '省级', '市级', '县级'] as const;

/** Grades as written in rosters → stage and canonical grade. */
export const GRADE_STAGE: Record<string, Stage> = {
  小班: '学前',
  中班: '学前',
  大班: '学前',
  一年级: '小学',
  二年级: '小学',
  三年级: '小学',
  四年级: '小学',
  五年级: '小学',
  六年级: '小学',
  七年级: '初中',
  八年级: '初中',
  九年级: '初中',
  初一: '初中',
  初二: '初中',
  初三: '初中',
  高一: '普通高中',
  高二: '普通高中',
  高三: '普通高中',
  中职一年级: '中职',
  中职二年级: '中职',
  中职三年级: '中职'
};
