/**
 * The rates for a region and a period (RULES.md, Cases; definitions in rates.ts and the API
 * docs). The cohort is the cases reported in the period (local dates, UTC+8) inside the
 * region, merged duplicates excluded; each is counted as it stands now.
 */
import { likePrefix } from '../../core/access/policy.js';
import type { Queryable } from '../../core/db/pool.js';
import { rates, type RateCounts } from './rates.js';
import { OPEN_OVERDUE_SQL, RESIDENT_REPORTED_SQL } from './rules.js';

/** 本期超期 (went overdue): a case that passed its deadline — flagged by the sweep, closed after it, or still open with its clock running past it. */
export const WENT_OVERDUE_SQL = `c.state NOT IN ('rejected','merged') AND (c.overdue_at IS NOT NULL OR c.closed_at > c.resolve_due OR (${OPEN_OVERDUE_SQL}))`;

/** The counts behind the rates, over cases aliased `c` (shared with the credit ratings' case evidence). */
export const COUNTS = `
  count(*)::int AS total,
  count(*) FILTER (WHERE c.state <> 'rejected' AND (c.closed_at IS NOT NULL OR c.resolve_due <= now()))::int AS due_to_close,
  count(*) FILTER (WHERE c.state = 'closed')::int AS closed,
  count(*) FILTER (WHERE c.state = 'closed' AND c.closed_at <= c.resolve_due)::int AS closed_on_time,
  count(*) FILTER (WHERE c.handled_at IS NOT NULL OR c.rework_count > 0 OR c.state IN ('handled','verified','closed'))::int AS handled,
  count(*) FILTER (WHERE c.rework_count > 0)::int AS with_rework,
  count(*) FILTER (WHERE c.state <> 'rejected' AND (c.responded_at IS NOT NULL OR c.response_due <= now()))::int AS due_to_respond,
  count(*) FILTER (WHERE c.responded_at <= c.response_due)::int AS responded_in_time,
  count(*) FILTER (WHERE c.satisfaction IS NOT NULL AND ${RESIDENT_REPORTED_SQL})::int AS called_back,
  count(*) FILTER (WHERE c.satisfaction IS NOT NULL AND c.resolved AND ${RESIDENT_REPORTED_SQL})::int AS rated_resolved,
  count(*) FILTER (WHERE c.satisfaction IN ('satisfied','basic') AND ${RESIDENT_REPORTED_SQL})::int AS rated_satisfied,
  count(*) FILTER (WHERE ${WENT_OVERDUE_SQL})::int AS overdue`;

export function toCounts(raw: any): RateCounts & { total: number; overdue: number } {
  // a department with whistle tasks but no led case has no counts: zeros
  const n = (k: string) => Number(raw?.[k] ?? 0);
  return {
    total: n('total'), overdue: n('overdue'), dueToClose: n('due_to_close'), closed: n('closed'), closedOnTime: n('closed_on_time'), handled: n('handled'), withRework: n('with_rework'),
    dueToRespond: n('due_to_respond'), respondedInTime: n('responded_in_time'), calledBack: n('called_back'), ratedResolved: n('rated_resolved'), ratedSatisfied: n('rated_satisfied'),
  };
}

const withRates = (c: ReturnType<typeof toCounts>) => ({ total: c.total, ...rates(c), overdue: c.overdue });

export async function caseMetrics(db: Queryable, region: { code: string; path: string }, from: string, to: string) {
  const cohort = `FROM cases c WHERE c.path LIKE $1 AND c.state <> 'merged'
    AND c.created_at >= ($2::date::timestamp AT TIME ZONE 'Asia/Shanghai') AND c.created_at < (($3::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`;
  const p = [likePrefix(region.path), from, to];
  const depth = region.path.split('/').filter(Boolean).length;
  // one pass over the cohort: the whole, per category, per child region and per lead department
  const { rows: sets } = await db.query(
    `SELECT c.category_code AS category, split_part(c.path, '/', ${depth + 2}) AS child, c.lead_department_id AS did,
            GROUPING(c.category_code) AS g_cat, GROUPING(split_part(c.path, '/', ${depth + 2})) AS g_child, GROUPING(c.lead_department_id) AS g_dep, ${COUNTS} ${cohort}
      GROUP BY GROUPING SETS ((), (c.category_code), (split_part(c.path, '/', ${depth + 2})), (c.lead_department_id))`, p);
  const all = sets.find((r) => r.g_cat === 1 && r.g_child === 1 && r.g_dep === 1) ?? {};
  const counts = toCounts(all);
  const catRows = sets.filter((r) => r.g_cat === 0);
  const childRows = sets.filter((r) => r.g_child === 0 && r.child !== '');
  const ledRows = sets.filter((r) => r.g_dep === 0 && r.did !== null);
  const [{ rows: catNames }, { rows: childNames }] = await Promise.all([
    db.query(`SELECT code, name FROM case_category WHERE code = ANY($1::text[])`, [catRows.map((r) => r.category)]),
    db.query(`SELECT code, name FROM region WHERE code = ANY($1::text[]) UNION ALL SELECT code, name FROM grid WHERE code = ANY($1::text[])`, [childRows.map((r) => r.child)]),
  ]);
  const nameOf = (rows: { code: string; name: string }[], code: string) => rows.find((x) => x.code === code)?.name ?? code;
  const cats = catRows.map((r) => ({ ...r, code: r.category, name: nameOf(catNames, r.category) })).sort((x, y) => y.total - x.total || x.code.localeCompare(y.code));
  const regs = childRows.map((r) => ({ ...r, code: r.child, name: nameOf(childNames, r.child) })).sort((x, y) => x.code.localeCompare(y.code));
  // departments: the cases each led (首接/牵头), and its whistle tasks (report-in and disposal on time, the street's ratings); tasks are few, so they are read from the task side
  const { rows: tasks } = await db.query(
    `SELECT t.department_id AS did, count(*)::int AS tasks,
            count(*) FILTER (WHERE COALESCE(t.reported_in_at, now()) > t.report_in_due)::int AS report_in_late,
            count(*) FILTER (WHERE COALESCE(t.done_at, now()) > t.due)::int AS tasks_late,
            avg(t.rating)::float8 AS average_rating
       ${cohort.replace('FROM cases c', 'FROM case_task t JOIN cases c ON c.id = t.case_id')} GROUP BY 1`, p);
  const depIds = [...new Set([...ledRows.map((r) => Number(r.did)), ...tasks.map((t) => Number(t.did))])];
  const { rows: depNames } = depIds.length ? await db.query(`SELECT id, name FROM department_v WHERE id = ANY($1::bigint[]) ORDER BY id`, [depIds]) : { rows: [] as { id: number; name: string }[] };
  const deps = depNames.map((d) => {
    const led = ledRows.find((r) => Number(r.did) === Number(d.id)) ?? {};
    const t = tasks.find((x) => Number(x.did) === Number(d.id));
    return { ...led, id: d.id, name: d.name, tasks: t?.tasks ?? 0, report_in_late: t?.report_in_late ?? 0, tasks_late: t?.tasks_late ?? 0, average_rating: t?.average_rating ?? null };
  });
  // 当前超期: open now and past the deadline, whenever reported — the queue's 仅超期 count for the region
  const { rows: [open] } = await db.query(`SELECT count(*)::int AS n FROM cases c WHERE c.path LIKE $1 AND ${OPEN_OVERDUE_SQL}`, [likePrefix(region.path)]);
  return {
    region: region.code, from, to,
    ...withRates(counts),
    openOverdue: open.n as number,
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
  '满意度来源 Who rates: 满意度只来自反映人 — 居民本人评价，或由承办人以外的工作人员回访（记录回访人、回访时间和居民的答复）；工作人员自行发现的案件（网格员、巡查、工作人员上报）没有反映人，不作评价，不计入解决率和满意率的分母 — satisfaction comes from the reporter: the resident rates, or someone other than the handler records a callback (who called, when, the answer); cases staff discovered themselves have no rating and are left out of both denominators.',
  '本期超期 overdue = 本期上报的案件中超过办理时限的（超期被标记、超时结案或至今未结且已过时限） — cases reported in the period that went past their deadline (flagged overdue, closed late, or still open past it)',
  '当前超期 openOverdue = 现在仍未办结且已过办理时限的案件（不论何时上报；待结案、挂起的不计），与案件列表“仅超期”筛选的数目一致 — open now and past the deadline, whenever reported (verified and suspended cases excluded); the same count as the queue\'s overdue filter for the region',
  '口径 Cohort（除当前超期外）: cases reported in the period (UTC+8 dates) inside the region, merged duplicates excluded, counted as they stand now; a rate with a zero denominator is null.',
];
