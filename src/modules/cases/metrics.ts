/**
 * The rates for a region and a period (RULES.md, Cases; definitions in rates.ts and the API
 * docs). The cohort is the cases reported in the period (local dates, UTC+8) inside the
 * region, merged duplicates excluded; each is counted as it stands now.
 */
import { likePrefix } from '../../core/access/policy.js';
import type { Queryable } from '../../core/db/pool.js';
import { rates, type RateCounts } from './rates.js';

const COUNTS = `
  count(*)::int AS total,
  count(*) FILTER (WHERE c.state <> 'rejected' AND (c.closed_at IS NOT NULL OR c.resolve_due <= now()))::int AS due_to_close,
  count(*) FILTER (WHERE c.state = 'closed')::int AS closed,
  count(*) FILTER (WHERE c.state = 'closed' AND c.closed_at <= c.resolve_due)::int AS closed_on_time,
  count(*) FILTER (WHERE c.handled_at IS NOT NULL OR c.rework_count > 0 OR c.state IN ('handled','verified','closed'))::int AS handled,
  count(*) FILTER (WHERE c.rework_count > 0)::int AS with_rework,
  count(*) FILTER (WHERE c.state <> 'rejected' AND (c.responded_at IS NOT NULL OR c.response_due <= now()))::int AS due_to_respond,
  count(*) FILTER (WHERE c.responded_at <= c.response_due)::int AS responded_in_time,
  count(*) FILTER (WHERE c.satisfaction IS NOT NULL)::int AS called_back,
  count(*) FILTER (WHERE c.satisfaction IS NOT NULL AND c.resolved)::int AS rated_resolved,
  count(*) FILTER (WHERE c.satisfaction IN ('satisfied','basic'))::int AS rated_satisfied,
  count(*) FILTER (WHERE c.state NOT IN ('closed','rejected','merged','verified','suspended') AND (c.overdue_at IS NOT NULL OR c.resolve_due <= now()))::int AS overdue`;

function toCounts(r: any): RateCounts & { total: number; overdue: number } {
  return {
    total: r.total, overdue: r.overdue, dueToClose: r.due_to_close, closed: r.closed, closedOnTime: r.closed_on_time, handled: r.handled, withRework: r.with_rework,
    dueToRespond: r.due_to_respond, respondedInTime: r.responded_in_time, calledBack: r.called_back, ratedResolved: r.rated_resolved, ratedSatisfied: r.rated_satisfied,
  };
}

const withRates = (c: ReturnType<typeof toCounts>) => ({ total: c.total, ...rates(c), overdue: c.overdue });

export async function caseMetrics(db: Queryable, region: { code: string; path: string }, from: string, to: string) {
  const cohort = `FROM cases c WHERE c.path LIKE $1 AND c.state <> 'merged'
    AND c.created_at >= ($2::date::timestamp AT TIME ZONE 'Asia/Shanghai') AND c.created_at < (($3::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`;
  const p = [likePrefix(region.path), from, to];
  const { rows: [all] } = await db.query(`SELECT ${COUNTS} ${cohort}`, p);
  const counts = toCounts(all);
  const { rows: cats } = await db.query(
    `SELECT c.category_code AS code, cat.name, ${COUNTS} ${cohort.replace('FROM cases c', 'FROM cases c JOIN case_category cat ON cat.code = c.category_code')} GROUP BY c.category_code, cat.name ORDER BY count(*) DESC, c.category_code`, p);
  const depth = region.path.split('/').filter(Boolean).length;
  const { rows: regs } = await db.query(
    `SELECT k.code, COALESCE(r.name, g.name, k.code) AS name, k.* FROM (
       SELECT split_part(c.path, '/', ${depth + 2}) AS code, ${COUNTS} ${cohort} GROUP BY 1) k
     LEFT JOIN region r ON r.code = k.code LEFT JOIN grid g ON g.code = k.code WHERE k.code <> '' ORDER BY k.code`, p);
  // departments: the cases each led (首接/牵头), and its whistle tasks (report-in and disposal on time, the street's ratings)
  const { rows: deps } = await db.query(
    `WITH co AS (SELECT c.* ${cohort})
     SELECT d.id, d.name, x.*, COALESCE(t.tasks, 0)::int AS tasks, COALESCE(t.report_in_late, 0)::int AS report_in_late, COALESCE(t.tasks_late, 0)::int AS tasks_late, t.average_rating
       FROM department d
       LEFT JOIN LATERAL (SELECT ${COUNTS} FROM co c WHERE c.lead_department_id = d.id) x ON true
       LEFT JOIN LATERAL (
         SELECT count(*) AS tasks,
                count(*) FILTER (WHERE COALESCE(t.reported_in_at, now()) > t.report_in_due) AS report_in_late,
                count(*) FILTER (WHERE COALESCE(t.done_at, now()) > t.due) AS tasks_late,
                avg(t.rating)::float8 AS average_rating
           FROM case_task t JOIN co c ON c.id = t.case_id WHERE t.department_id = d.id) t ON true
      WHERE x.total > 0 OR t.tasks > 0 ORDER BY d.id`, p);
  return {
    region: region.code, from, to,
    ...withRates(counts),
    counts,
    byCategory: cats.map((r) => ({ code: r.code, name: r.name, ...withRates(toCounts(r)) })),
    byDepartment: deps.map((r) => ({ id: Number(r.id), name: r.name, ...withRates(toCounts(r)), tasks: r.tasks, reportInLate: r.report_in_late, tasksLate: r.tasks_late, averageRating: r.average_rating })),
    byRegion: regs.map((r) => ({ code: r.code, name: r.name, ...withRates(toCounts(r)) })),
  };
}

export const METRIC_DEFINITIONS = [
  '响应率 responseRate = 在响应时限内签收（或现场处置）的案件 ÷ 应响应的案件（已签收或响应时限已到） — responded within the limit ÷ due to respond',
  '解决率 resolutionRate = 回访/评价为已解决 ÷ 已回访/评价 — rated resolved at callback ÷ called back',
  '满意率 satisfactionRate = 满意 + 基本满意 ÷ 已回访/评价 — satisfied or basically satisfied ÷ called back',
  '结案率 closedRate = 已结案 ÷ 应结案（已结案或办理时限已到） — closed ÷ due to close',
  '按期结案率 onTimeRate = 按期结案 ÷ 应结案（同一分母） — closed on time ÷ due to close',
  '返工率 reworkRate = 有返工（核查不通过或重办）的案件 ÷ 已处置的案件 — cases with rework ÷ cases handled',
  '口径 Cohort: cases reported in the period (UTC+8 dates) inside the region, merged duplicates excluded, counted as they stand now; a rate with a zero denominator is null.',
];
