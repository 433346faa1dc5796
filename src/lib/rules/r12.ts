import { IDENT_OF_YEAR, PAYMENTS_OF_TERM, ROSTER_OF_ID } from './common';
import { moneySql } from '../model/sql-helpers';
import type { Rule } from './types';

/**
 * R12: a priority student (identification of the term's school year with 特殊困难类型) enrolled in
 * the term at a school whose stage for the student has a need-based program
 * (policy_stage_need_program) got no payment of that program in the term, from any school.
 * Judged only for terms in which the program was paid to somebody (the data holds that export).
 * One finding per ID × program × term, placed at the enrolment school (在读 rows first, then by
 * 学校标识码). 涉及金额 = the student's standard (level: the school's identification, else the
 * year's; boarding and 小学/初中 from the roster); several applicable standards → the lowest.
 */
export const R12: Rule = {
  code: 'R12',
  name: '重点保障对象漏助',
  severity: '高',
  scope: 'recipient',
  explanation:
    '脱贫家庭、低保、孤儿、残疾等重点保障群体学生该学期在读，却没有领取所在学段应享受的助学金或生活补助。重点保障对象必须应助尽助，漏助需及时补发。',
  keyFields: ['id', 'program', 'term'],
  sql: `
WITH need AS (
  SELECT e.id, e.name, e.school_id, e.stage, e.boarding, e.status, e.term, e.year, e.season, e.school_year,
         np.program, iy.priority_types, coalesce(isch.level, iy.level) AS level,
         row_number() OVER (PARTITION BY e.id, np.program, e.term
                            ORDER BY CASE WHEN e.status = '在读' THEN 0 ELSE 1 END, e.school_id, e.name) AS seq
  FROM v_enrolment e
  JOIN v_ident_year iy ON iy.id = e.id AND iy.school_year = e.school_year AND iy.is_priority
  LEFT JOIN v_ident_school isch ON isch.id = e.id AND isch.school_year = e.school_year AND isch.school_id = e.school_id
  JOIN policy_stage_need_program np ON np.stage = e.stage
  JOIN v_program_terms pt ON pt.program = np.program AND pt.term = e.term
), missed AS (
  SELECT * FROM need n
  WHERE seq = 1 AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.id = n.id AND p.program = n.program AND p.term = n.term)
), std AS (
  SELECT m.id, m.program, m.term, min(s.amount) AS amount
  FROM missed m
  JOIN policy_standards s ON s.year = m.year AND s.program = m.program
   AND (s.season IS NULL OR s.season = m.season)
   AND (s.level IS NULL OR m.level IS NULL OR s.level = m.level)
   AND (s.boarding IS NULL OR m.boarding IS NULL OR s.boarding = m.boarding)
   AND (s.substage IS NULL OR m.stage NOT IN ('小学', '初中') OR s.substage = m.stage)
  GROUP BY m.id, m.program, m.term
)
SELECT 'R12' AS rule_code, m.id, m.name, m.school_id, sc.county, m.program, m.school_year, m.term,
       CAST(NULL AS INTEGER) AS year, round(std.amount, 2) AS amount,
       '重点保障对象（' || m.priority_types || '），本学期在 ' || m.school_id || ' ' || m.stage || '在读，未领取“' || m.program || '”'
         || coalesce('，应发标准 ' || ${moneySql('std.amount')} || ' 元', '') AS detail,
       CAST(NULL AS VARCHAR) AS ref
FROM missed m
LEFT JOIN std ON std.id = m.id AND std.program = m.program AND std.term = m.term
LEFT JOIN v_school sc ON sc.school_id = m.school_id`,
  evidence: [ROSTER_OF_ID, IDENT_OF_YEAR, PAYMENTS_OF_TERM]
};
