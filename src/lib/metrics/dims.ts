/**
 * The dimensions a metric can be broken down by, and how each becomes `key` / `label` columns.
 * Every breakdown query returns rows with `key` and `label` (and `county` for schools, so a school
 * row can link back to its unit).
 */
export type Dim = 'total' | 'county' | 'stage' | 'program' | 'school' | 'term' | 'year';

export interface DimRow {
  key: string;
  label: string;
  county?: string | null;
  [k: string]: string | number | boolean | null | undefined;
}

/**
 * SELECT-list and GROUP BY for `dim` over a relation `a` with columns county, stage, program,
 * school_id, school_name, term, year (those the dim uses). `programCol` names the program column.
 */
export function dimSelect(dim: Dim, a: string, programCol = 'program'): { select: string; group: string } {
  switch (dim) {
    case 'total':
      return { select: `'全部' AS key, '全部' AS label`, group: '' };
    case 'county':
      return {
        select: `coalesce(${a}.county, '（未登记学校）') AS key, coalesce(${a}.county, '（未登记学校）') AS label`,
        group: 'GROUP BY 1, 2'
      };
    case 'stage':
      return {
        select: `coalesce(${a}.stage, '（未知学段）') AS key, coalesce(${a}.stage, '（未知学段）') AS label`,
        group: 'GROUP BY 1, 2'
      };
    case 'program':
      return { select: `${a}.${programCol} AS key, ${a}.${programCol} AS label`, group: 'GROUP BY 1, 2' };
    case 'school':
      return {
        select: `${a}.school_id AS key, coalesce(min(${a}.school_name), ${a}.school_id) AS label,
          min(${a}.county) AS county`,
        group: 'GROUP BY 1'
      };
    case 'term':
      return { select: `${a}.term AS key, ${a}.term AS label`, group: 'GROUP BY 1, 2' };
    case 'year':
      return { select: `${a}.year::VARCHAR AS key, ${a}.year::VARCHAR AS label`, group: 'GROUP BY 1, 2' };
  }
}

/** Ordering that puts units, stages and programs in their canonical order (domain.ts), else by key. */
export function dimOrder(dim: Dim): string {
  return dim === 'term' || dim === 'year' ? 'ORDER BY key' : 'ORDER BY key';
}
