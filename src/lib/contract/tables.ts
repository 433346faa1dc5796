/**
 * The seven import tables of data-contract.md: canonical headers, aliases, required flags and
 * types, plus the column each becomes in the normalised DuckDB table. This is the single source
 * of column names: the importer, the generator, the DuckDB schema, the docs and the tests read
 * it; nothing else spells a header.
 */

/** How a raw cell is parsed and normalised (see src/lib/ingest/normalise.ts). */
export type ColumnType =
  | 'id' // 居民身份证号, normalised (spaces, apostrophe, full-width, x→X removed/unified)
  | 'text'
  | 'name' // a person's name: spaces removed, full-width unified
  | 'school_id'
  | 'county'
  | 'stage'
  | 'ownership'
  | 'grade'
  | 'status'
  | 'date' // → DATE
  | 'yearmonth' // date or year-month → DATE (first day of month when only a month is given)
  | 'bool' // 是/否 → BOOLEAN
  | 'int'
  | 'amount' // yuan, 2 decimals → DECIMAL(14,2)
  | 'school_year' // 2024-2025
  | 'term' // 2025年春季学期
  | 'year'
  | 'level' // 特别困难/困难/一般困难 (比较困难 = 困难)
  | 'priority' // list of priority groups, joined with '、'
  | 'program' // canonical program name (unknown names kept as written)
  | 'budget_level'
  | 'gender';

/** DuckDB type of each column type in the normalised tables. */
export const DUCK_TYPE: Record<ColumnType, string> = {
  id: 'VARCHAR',
  text: 'VARCHAR',
  name: 'VARCHAR',
  school_id: 'VARCHAR',
  county: 'VARCHAR',
  stage: 'VARCHAR',
  ownership: 'VARCHAR',
  grade: 'VARCHAR',
  status: 'VARCHAR',
  date: 'DATE',
  yearmonth: 'DATE',
  bool: 'BOOLEAN',
  int: 'INTEGER',
  amount: 'DECIMAL(14,2)',
  school_year: 'VARCHAR',
  term: 'VARCHAR',
  year: 'INTEGER',
  level: 'VARCHAR',
  priority: 'VARCHAR',
  program: 'VARCHAR',
  budget_level: 'VARCHAR',
  gender: 'VARCHAR'
};

export interface ColumnDef {
  /** Column name in the normalised DuckDB table (ASCII, snake_case). */
  key: string;
  /** Canonical header as in data-contract.md. */
  header: string;
  aliases: string[];
  required: boolean;
  type: ColumnType;
  /** Default when the column is absent or the cell is empty (after normalisation). */
  default?: string | boolean;
}

export interface DerivedColumnDef {
  key: string;
  type: ColumnType;
  /** Human description; the importer computes it. */
  from: string;
}

export type TableKey =
  'schools' | 'roster' | 'identifications' | 'payments' | 'allocations' | 'setasides' | 'census';

export interface TableDef {
  key: TableKey;
  /** Chinese table name as in data-contract.md. */
  title: string;
  columns: ColumnDef[];
  /** Columns the importer derives from others (e.g. 学年 from 学期). */
  derived: DerivedColumnDef[];
}

const c = (
  key: string,
  header: string,
  type: ColumnType,
  required: boolean,
  aliases: string[] = [],
  dflt?: string | boolean
): ColumnDef => ({ key, header, aliases, required, type, ...(dflt === undefined ? {} : { default: dflt }) });

const ID_ALIASES = ['身份证号', '证件号码', '身份证号码'];

export const TABLES: TableDef[] = [
  {
    key: 'schools',
    title: '学校信息',
    columns: [
      c('school_id', '学校标识码', 'school_id', true, ['学校代码', '学校编码']),
      c('school_name', '学校名称', 'text', true),
      c('county', '所属区县', 'county', true, ['区县', '县市区']),
      c('stage', '学段', 'stage', true),
      c('ownership', '办学性质', 'ownership', false, [], '公办'),
      c('enrolled_count', '在校生数', 'int', false, ['学生数'])
    ],
    derived: []
  },
  {
    key: 'roster',
    title: '学生名单',
    columns: [
      c('id', '身份证件号', 'id', true, ID_ALIASES),
      c('name', '姓名', 'name', true, ['学生姓名']),
      c('school_id', '学校标识码', 'school_id', true),
      c('grade', '年级', 'grade', true),
      c('status', '学籍状态', 'status', true),
      c('status_date', '状态变动日期', 'date', false),
      c('entry_date', '入学年月', 'yearmonth', false, ['入学日期']),
      c('boarding', '是否寄宿', 'bool', false, ['寄宿生'], false),
      c('student_no', '全国学籍号', 'text', false, ['学籍号']),
      c('gender', '性别', 'gender', false),
      c('birth_date', '出生日期', 'date', false),
      c('ethnicity', '民族', 'text', false)
    ],
    derived: [{ key: 'grade_stage', type: 'stage', from: '年级 → 学段 (一年级… at a 中职 school is 中职)' }]
  },
  {
    key: 'identifications',
    title: '困难认定',
    columns: [
      c('id', '身份证件号', 'id', true, ID_ALIASES),
      c('name', '姓名', 'name', true, ['学生姓名']),
      c('school_id', '学校标识码', 'school_id', false),
      c('school_year', '学年', 'school_year', true),
      c('level', '认定等级', 'level', true, ['困难等级', '认定结果']),
      c('priority_types', '特殊困难类型', 'priority', false, ['特殊群体', '重点保障类型'])
    ],
    derived: []
  },
  {
    key: 'payments',
    title: '资助发放明细',
    columns: [
      c('id', '身份证件号', 'id', true, ID_ALIASES),
      c('name', '姓名', 'name', true, ['学生姓名']),
      c('school_id', '学校标识码', 'school_id', true),
      c('program', '资助项目', 'program', true),
      c('term', '学期', 'term', true),
      c('amount', '资助金额', 'amount', true, ['发放金额', '金额']),
      c('pay_date', '发放日期', 'date', true),
      c('bank_card', '银行卡号', 'text', false, ['账号', '社保卡号']),
      c('holder_name', '持卡人姓名', 'name', false),
      c('batch', '发放批次', 'text', false)
    ],
    derived: [{ key: 'school_year', type: 'school_year', from: '学期 (春 → 前一年-本年, 秋 → 本年-次年)' }]
  },
  {
    key: 'allocations',
    title: '资金下达',
    columns: [
      c('doc_no', '文号', 'text', true),
      c('alloc_date', '下达日期', 'date', true),
      c('budget_level', '资金级次', 'budget_level', false),
      c('program', '资助项目', 'program', true),
      c('target_unit', '下达对象', 'county', true),
      c('amount', '下达金额', 'amount', true)
    ],
    derived: [{ key: 'year', type: 'year', from: '下达日期的年份' }]
  },
  {
    key: 'setasides',
    title: '事业收入计提',
    columns: [
      c('school_id', '学校标识码', 'school_id', true),
      c('year', '年度', 'year', true),
      c('income', '事业收入', 'amount', true, ['学费收入']),
      c('set_aside', '计提金额', 'amount', true, ['实际计提金额']),
      c('spent', '计提资金支出', 'amount', true, ['支出金额'])
    ],
    derived: []
  },
  {
    key: 'census',
    title: '中职学生人数普查',
    columns: [
      c('school_id', '学校标识码', 'school_id', true),
      c('term', '学期', 'term', true),
      c('registered', '学籍人数', 'int', false),
      c('counted', '核查在校人数', 'int', true, ['实有人数'])
    ],
    derived: []
  }
];

/** Every normalised table also carries where each row came from, for evidence and reports. */
export const SOURCE_COLUMNS: DerivedColumnDef[] = [
  { key: 'src_file', type: 'text', from: '来源文件名' },
  { key: 'src_row', type: 'int', from: '来源行号（电子表格显示的行号）' }
];

export const TABLE_BY_KEY: Record<TableKey, TableDef> = Object.fromEntries(
  TABLES.map((t) => [t.key, t])
) as Record<TableKey, TableDef>;

/** The columns of a normalised table, in storage order: contract columns, derived, source. */
export function storedColumns(t: TableDef): { key: string; type: ColumnType }[] {
  return [
    ...t.columns.map((col) => ({ key: col.key, type: col.type })),
    ...t.derived.map((d) => ({ key: d.key, type: d.type })),
    ...SOURCE_COLUMNS.map((d) => ({ key: d.key, type: d.type }))
  ];
}

/** CREATE TABLE for a normalised table; the same DDL in duckdb-wasm and native DuckDB. */
/** The table's DDL; `name` makes a table of the same columns under another name (an import's rows). */
export function createTableSql(t: TableDef, name: string = t.key): string {
  const cols = storedColumns(t)
    .map((col) => `${col.key} ${DUCK_TYPE[col.type]}`)
    .join(', ');
  return `CREATE OR REPLACE TABLE ${name} (${cols})`;
}
