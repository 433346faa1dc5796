import { SCHOOL_ROWS, SCHOOL_TERM_PAYMENTS } from './common';
import type { Rule } from './types';

/**
 * S05: share of funded students (distinct IDs paid the program for that stage ÷ 在校生数 of the
 * school's stage row) compared within (stage, program, term) by the modified z-score
 * 0.6745 × (share − median) ÷ MAD. Schools of the stage with 在校生数 ≥ outlier_min_students take
 * part, those that paid nobody with share 0; only terms in which the program was paid somewhere;
 * a group with MAD 0 flags nothing. A 九年一贯制 school flagged for both 小学 and 初中 gives one
 * finding (key: school × program × term). 涉及金额 = what the school paid for the program in the term.
 */
export const S05: Rule = {
  code: 'S05',
  name: '受助比例异常',
  severity: '低',
  scope: 'unit',
  explanation:
    '学校某项目的受助学生占在校生比例，与同学段其他学校相比明显偏高或偏低（修正 Z 分数绝对值超过 3.5）。偏高可能是扩大范围、虚报，偏低可能是应助未助。',
  keyFields: ['school_id', 'program', 'term'],
  sql: `
WITH grp AS (
  SELECT ss.school_id, ss.stage, ss.county, ss.enrolled_count, pt.program, pt.term, pt.year, pt.school_year, par.outlier_z
  FROM v_school_stage ss
  JOIN policy_programs pp ON pp.stage = ss.stage
  JOIN v_program_terms pt ON pt.program = pp.program
  JOIN policy_params par ON par.year = pt.year
  WHERE ss.enrolled_count > 0 AND ss.enrolled_count >= par.outlier_min_students
), paid AS (
  SELECT school_id, stage, program, term, count(DISTINCT id) AS n, sum(amount) AS total
  FROM v_payment_ctx WHERE stage IS NOT NULL GROUP BY school_id, stage, program, term
), sh AS (
  SELECT grp.*, coalesce(paid.n, 0) AS n, coalesce(paid.total, 0) AS total,
         CAST(coalesce(paid.n, 0) AS DOUBLE) / grp.enrolled_count AS share
  FROM grp LEFT JOIN paid ON paid.school_id = grp.school_id AND paid.stage = grp.stage
   AND paid.program = grp.program AND paid.term = grp.term
), med AS (
  SELECT stage, program, term, median(share) AS m, count(*) AS k FROM sh GROUP BY stage, program, term
), mad AS (
  SELECT sh.stage, sh.program, sh.term, median(abs(sh.share - med.m)) AS mad
  FROM sh JOIN med ON med.stage = sh.stage AND med.program = sh.program AND med.term = sh.term
  GROUP BY sh.stage, sh.program, sh.term
), z AS (
  SELECT sh.*, med.m, med.k, mad.mad, 0.6745 * (sh.share - med.m) / mad.mad AS z
  FROM sh JOIN med ON med.stage = sh.stage AND med.program = sh.program AND med.term = sh.term
  JOIN mad ON mad.stage = sh.stage AND mad.program = sh.program AND mad.term = sh.term
  WHERE mad.mad > 0
)
SELECT 'S05' AS rule_code, CAST(NULL AS VARCHAR) AS id, CAST(NULL AS VARCHAR) AS name, school_id, min(county) AS county,
       program, min(school_year) AS school_year, term, CAST(NULL AS INTEGER) AS year, round(sum(total), 2) AS amount,
       string_agg(stage || '受助 ' || CAST(n AS VARCHAR) || ' 人 / 在校 ' || CAST(enrolled_count AS VARCHAR) || ' 人 = '
         || printf('%.1f%%', share * 100) || '，同学段 ' || CAST(k AS VARCHAR) || ' 所学校中位数 ' || printf('%.1f%%', m * 100)
         || '，修正 Z 分数 ' || printf('%.2f', z) || (CASE WHEN z > 0 THEN '（偏高）' ELSE '（偏低）' END), '；' ORDER BY stage) AS detail,
       CAST(NULL AS VARCHAR) AS ref
FROM z
WHERE abs(z) > outlier_z
GROUP BY school_id, program, term`,
  evidence: [SCHOOL_ROWS, SCHOOL_TERM_PAYMENTS]
};
