/** User-visible zh-CN strings shared by several pages (one spelling each). */

export const APP_TITLE = '学生资助监管分析平台';
export const ORG_NAME = '岳阳市教育事务中心';

export const NAV: { href: string; label: string }[] = [
  { href: '/', label: '总览' },
  { href: '/coverage', label: '覆盖' },
  { href: '/funds', label: '资金' },
  { href: '/setaside', label: '计提' },
  { href: '/inspect', label: '核查' },
  { href: '/plan', label: '工作台' },
  { href: '/assess', label: '考核' },
  { href: '/reports', label: '报表' },
  { href: '/import', label: '导入' },
  { href: '/settings', label: '设置' }
];

export const DEMO_BANNER = '演示数据';
export const DEMO_BANNER_DETAIL =
  '当前显示的是系统自带的模拟演示数据（非真实学生信息）。导入本单位数据后将替换显示。';
export const CLEAR_ALL = '清除全部数据';
export const CLEAR_ALL_CONFIRM =
  '确定要清除本机浏览器中保存的全部导入数据、核查标记和设置吗？此操作不可撤销，清除后将显示演示数据。';
export const LOADING = '正在加载';
export const PAGE_COMING = '本页面正在建设中。';
export const PRIVACY_NOTE = '所有数据仅保存在本机浏览器中，不会上传到任何服务器。';

export const STATUS_LABEL = {
  idle: '未启动',
  starting: '正在启动',
  loading: '正在加载',
  ready: '已就绪',
  error: '出错'
} as const;
