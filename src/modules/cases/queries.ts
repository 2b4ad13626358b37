/** Reading cases: the queue (scoped, filtered, paged), one case with its timeline, duplicates and what the caller may do. */
import type { Actor } from '../../core/access/policy.js';
import { scopeSql } from '../../core/access/policy.js';
import type { Queryable } from '../../core/db/pool.js';
import { AppError } from '../../core/http/errors.js';
import { loadCase } from './actions.js';
import { duplicateWindow, warnShare } from './deadlines.js';
import { COUNT_WINDOWS, countWindowSql, fewMatches, PAGE_WINDOWS, SCOPED_PAGE_WINDOWS, searchSql } from './search.js';
import { follows, hasResidentReporter, OPEN_OVERDUE_SQL, todoSql, type TodoWho } from './rules.js';

export interface CaseFilter {
  scope: string[]; regionPath: string | null;
  states?: string[]; category?: string; source?: string; grid?: string; department?: number; overdue?: boolean;
  from?: string; to?: string; q?: string; unassigned?: boolean;
  mine?: TodoWho & { resident: boolean };
  limit: number;
  /** offset paging, for existing callers and small pages; `cursor` (keyset) wins when both are given */
  offset: number;
  /** the opaque position after which the page starts: a previous page's nextCursor */
  cursor?: string;
  /** false: leave the capped count out (total is then null) — the export's keyset walk */
  count?: boolean;
}

/** The queue's count stops here: beyond it the API says "1000+" (totalCapped). */
export const TOTAL_CAP = 1000;

/** A queue position (created_at to the microsecond, id) as an opaque base64url cursor, and back; a malformed one is 400 cursor_invalid. */
export function encodeCursor(createdAt: string, id: number | string): string {
  return Buffer.from(`${createdAt}|${id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): { at: string; id: string } {
  const raw = /^[A-Za-z0-9_-]{1,80}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{6})\|([1-9]\d{0,15})$/.exec(raw);
  if (!m || Number(m[8]) > Number.MAX_SAFE_INTEGER) throw new AppError('cursor_invalid');
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
  if (d.getUTCFullYear() !== +m[1] || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3] || d.getUTCHours() !== +m[4] || d.getUTCMinutes() !== +m[5] || d.getUTCSeconds() !== +m[6]) {
    throw new AppError('cursor_invalid');
  }
  return { at: raw.slice(0, 26), id: m[8] };
}

/**
 * The region paths the queue covers: the caller's scope narrowed by the region asked for, as one minimal
 * set, so that the path is tested once (two LIKEs on the same column make the planner underestimate tenfold).
 */
export function queuePaths(scope: string[], regionPath: string | null): string[] {
  const out = regionPath === null ? [...scope]
    : scope.flatMap((s) => (regionPath.startsWith(s) ? [regionPath] : s.startsWith(regionPath) ? [s] : []));
  const uniq = [...new Set(out)].sort();
  return uniq.filter((p) => !uniq.some((q) => q !== p && p.startsWith(q)));
}

/** A category and every category below it, resolved before the queue's query so that it filters on category_code alone. */
export async function categorySubtree(db: Queryable, code: string): Promise<string[]> {
  const { rows } = await db.query(
    `WITH RECURSIVE t AS (SELECT code FROM case_category WHERE code = $1
                          UNION SELECT k.code FROM case_category k JOIN t ON k.parent_code = t.code)
     SELECT code FROM t`, [code]);
  return rows.map((r) => r.code as string);
}

const SUMMARY = `c.id, c.number, c.state, c.category_code, cat.name AS category_name, c.source, left(c.description, 120) AS description, c.address, c.lon, c.lat,
  c.grid_code, g.name AS grid_name, c.community_code, rc.name AS community_name, c.street_code, rs.name AS street_name, c.level, c.priority,
  c.handler_kind, c.handler_name, c.handler_account_id, c.handler_department_id, c.response_due, c.resolve_due, c.registered_at, c.overdue_at, c.created_at, c.version`;
const JOINS = `JOIN case_category cat ON cat.code = c.category_code LEFT JOIN grid g ON g.code = c.grid_code
  LEFT JOIN region rc ON rc.code = c.community_code LEFT JOIN region rs ON rs.code = c.street_code`;
const FINAL_STATES = ['closed', 'rejected', 'merged'];
const FINAL = `(${FINAL_STATES.map((s) => `'${s}'`).join(',')})`;

export function toSummary(r: any, share: number, now = Date.now()) {
  const due = r.resolve_due ? new Date(r.resolve_due).getTime() : null;
  const open = !['closed', 'rejected', 'merged', 'verified'].includes(r.state) && r.state !== 'suspended';
  // 当前超期, exactly as OPEN_OVERDUE_SQL (the 仅超期 filter and the metrics' openOverdue): an open case whose clock runs, past its deadline
  const overdue = open && (!!r.overdue_at || (due !== null && due <= now));
  const reg = r.registered_at ? new Date(r.registered_at).getTime() : null;
  return {
    id: Number(r.id), number: r.number, state: r.state, categoryCode: r.category_code, categoryName: r.category_name, source: r.source,
    description: r.description, address: r.address, lon: r.lon, lat: r.lat, gridCode: r.grid_code, gridName: r.grid_name,
    communityCode: r.community_code, communityName: r.community_name, streetCode: r.street_code, streetName: r.street_name,
    level: r.level, priority: r.priority,
    handler: r.handler_kind ? { kind: r.handler_kind, name: r.handler_name, accountId: r.handler_account_id === null ? undefined : Number(r.handler_account_id), departmentId: r.handler_department_id === null ? undefined : Number(r.handler_department_id) } : null,
    responseDue: r.response_due, resolveDue: r.resolve_due,
    overdue,
    nearDue: open && !overdue && due !== null && reg !== null && due - now < (due - reg) * share,
    createdAt: r.created_at, version: r.version,
  };
}

/**
 * The queue, newest first: one page of summaries by keyset (created_at, id) or offset, the count capped at
 * TOTAL_CAP (total, totalCapped: the console shows "1000+"), and nextCursor for the page after (null at the end).
 * The path is tested once, categories are expanded first, and no window count makes every match be read:
 * the partial covering indexes of migration 1120 then give every first and later page in milliseconds.
 */
export async function listCases(db: Queryable, f: CaseFilter) {
  const params: unknown[] = [];
  const paths = queuePaths(f.scope, f.regionPath);
  const scope = scopeSql(paths, 'c.path', params);
  const where: string[] = []; // the filters, besides where the cases are
  if (f.states?.length) {
    if (f.states.includes('open')) where.push(`c.state NOT IN ${FINAL}`);
    const named = f.states.filter((s) => s !== 'open');
    if (named.length === 1) where.push(`c.state = $${params.push(named[0])}`);
    else if (named.length) where.push(`c.state = ANY($${params.push(named)}::text[])`);
  }
  if (f.category) {
    const codes = await categorySubtree(db, f.category);
    where.push(codes.length === 1 ? `c.category_code = $${params.push(codes[0])}` : codes.length ? `c.category_code = ANY($${params.push(codes)}::text[])` : 'FALSE');
  }
  if (f.source) { params.push(f.source); where.push(`c.source = $${params.length}`); }
  if (f.grid) { params.push(f.grid); where.push(`c.grid_code = $${params.length}`); }
  if (f.department) { params.push(f.department); where.push(`(c.handler_department_id = $${params.length} OR EXISTS (SELECT 1 FROM case_task t WHERE t.case_id = c.id AND t.department_id = $${params.length}))`); }
  if (f.overdue) where.push(OPEN_OVERDUE_SQL);
  if (f.from) { params.push(f.from); where.push(`c.created_at >= ($${params.length}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`); }
  if (f.to) { params.push(f.to); where.push(`c.created_at < (($${params.length}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`); }
  let window: number | undefined; // the word search's window parameter (search.ts): its newest matches first
  let scopedSearch = false;
  if (f.q) {
    // a word with few matches in the caller's regions (none, a rare address, a small scope): exactly those cases,
    // by id — no window, no walk; else the newest matches window by window (the keys qualified by those regions)
    const at = params.length; // a few matches' ids take the place of the search's parameters
    // a filter that keeps open cases only (a state not final, 仅超期, unassigned): the open cases' own terms
    const openOnly = !!(f.overdue || f.unassigned || (f.states?.length && f.states.every((s) => !FINAL_STATES.includes(s))));
    const q = searchSql(f.q, params, f.mine ? undefined : paths, openOnly);
    const few = q?.keys ? await fewMatches(db, q.keys) : null;
    if (few) { params.length = at; where.push(`c.id = ANY($${params.push(few)}::bigint[])`); }
    else if (q) {
      scopedSearch = q.keys !== undefined && 'scoped' in q.keys;
      where.push(q.sql);
      if (q.window !== undefined) window = q.window - 1;
      // the page's upper bound (search.ts): the cursor's time, a millisecond on (the cursor keeps microseconds)
      if (q.until !== undefined) params[q.until - 1] = f.cursor ? new Date(Date.parse(decodeCursor(f.cursor).at.replace(' ', 'T') + 'Z') + 1).toISOString() : null;
    }
  }
  // the count reads a window of its own (wider: it wants 1,001 matches, the page 51) — none in a community or a
  // grid: its own keys are few enough to count at once
  const countWindow = window === undefined || f.count === false ? undefined : params.push(null) - 1;
  const countWindows = scopedSearch ? [null] : COUNT_WINDOWS;
  if (f.unassigned) where.push(`c.grid_code IS NULL AND c.state NOT IN ${FINAL}`);
  // where the cases are: the scope (one path test) — or, for 我的待办, the branches below, each of them index-backed
  let branches: string[][] = [[scope]];
  if (f.mine) {
    const m = f.mine;
    // 我的待办: the same rule as the actions offered (rules.ts todoActions); a resident follows every report of theirs
    // (rules.ts follows): one's own reports stay listed to follow — a resident's all, staff's while open
    const me = `$${params.push(m.accountId)}`;
    const reporter = `(c.reporter_account_id = ${me} OR EXISTS (SELECT 1 FROM case_reporter r WHERE r.case_id = c.id AND r.account_id = ${me}))`;
    const or = [todoSql(m, params), m.resident ? reporter : `(c.state NOT IN ${FINAL} AND ${reporter})`];
    where.push(`(${or.join(' OR ')})`);
    // one's own reports are always one's own to follow, wherever they landed
    const anywhere = `(${scope} OR EXISTS (SELECT 1 FROM case_reporter r WHERE r.case_id = c.id AND r.account_id = ${me}))`;
    // A case in the list is one's own report, or in the scope and waiting on the caller (todoSql): open, or with a
    // department task for the caller's departments or the street to rate. As a union of those, each branch is
    // read by its own index (open cases by path and time, reports by reporter, tasks by department) instead of
    // one OR that makes every case in the table be tested.
    branches = [
      [scope, `c.state NOT IN ${FINAL}`],
      [`c.reporter_account_id = ${me}`, anywhere],
      [`c.id = ANY(ARRAY(SELECT r.case_id FROM case_reporter r WHERE r.account_id = ${me}))`, anywhere],
    ];
    if (m.departments.length || m.streetPaths.length) {
      const tasks = [m.departments.length ? `t.department_id = ANY($${params.push(m.departments)}::bigint[])` : null,
        m.streetPaths.length ? `(t.done_at IS NOT NULL AND t.rating IS NULL)` : null].filter(Boolean).join(' OR ');
      branches.push([`c.id = ANY(ARRAY(SELECT t.case_id FROM case_task t WHERE ${tasks}))`, anywhere]);
    }
  }
  if (!f.states?.includes('merged')) where.push(`c.state <> 'merged'`);
  const cond = (b: string[]) => [...b, ...where].map((w) => `(${w})`).join(' AND ');
  // the capped count of the whole filter (without the page's position), as an uncorrelated subquery planned on its own
  const COUNT_ALL = (branches.length === 1
    ? `SELECT count(*) FROM (SELECT 1 FROM cases c WHERE ${cond(branches[0])} LIMIT ${TOTAL_CAP + 1}) x`
    : `SELECT count(*) FROM (${branches.map((b) => `(SELECT c.id FROM cases c WHERE ${cond(b)} LIMIT ${TOTAL_CAP + 1})`).join(' UNION ')}) x`);
  const COUNT = countWindowSql(COUNT_ALL, window, countWindow);
  const page = [...params];
  let after = '';
  if (f.cursor) {
    const k = decodeCursor(f.cursor);
    after = ` AND (c.created_at, c.id) < ($${page.push(k.at)}::timestamp AT TIME ZONE 'UTC', $${page.push(k.id)}::bigint)`;
  }
  const offset = f.cursor ? 0 : f.offset;
  const lim = `$${page.push(f.limit + 1)}`, off = `$${page.push(offset)}`;
  const each = branches.length === 1 ? '' : `$${page.push(f.limit + 1 + offset)}`;
  const ids = branches.length === 1
    ? `SELECT c.id FROM cases c WHERE ${cond(branches[0])}${after} ORDER BY c.created_at DESC, c.id DESC LIMIT ${lim} OFFSET ${off}`
    : `SELECT id FROM (${branches.map((b) => `(SELECT c.id, c.created_at FROM cases c WHERE ${cond(b)}${after} ORDER BY c.created_at DESC, c.id DESC LIMIT ${each})`).join(' UNION ')}) u
        ORDER BY created_at DESC, id DESC LIMIT ${lim} OFFSET ${off}`;
  // one statement: the page's ids by the index, the summary columns and names for those rows only, and the count
  const statementWith = (count: string) => `WITH p AS MATERIALIZED (${ids})
     SELECT ${SUMMARY}, to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS k${count}
       FROM p JOIN cases c ON c.id = p.id ${JOINS} ORDER BY c.created_at DESC, c.id DESC`;
  const statement = statementWith(f.count === false ? '' : `, (${COUNT}) AS total`);
  // a word search's later windows once the count is known: the page alone (the count's window parameter named, so
  // that every parameter has its type)
  const pageOnly = countWindow === undefined ? statement : statementWith(`, $${countWindow + 1}::timestamptz AS cw`);
  let counted: number | null = null;
  let rows: any[] = [];
  // a word search reads the matches of a recent window first (search.ts): the page is right when it is full there
  // (an older match sorts after all of them), the count when it is past the cap there; else a wider window, then all
  const anchor = f.cursor ? Date.parse(decodeCursor(f.cursor).at.replace(' ', 'T') + 'Z') : Date.now();
  const since = (days: number | null) => (days === null ? null : new Date(anchor - days * 86_400_000).toISOString());
  const pageWindows = scopedSearch ? SCOPED_PAGE_WINDOWS : PAGE_WINDOWS;
  for (let pw = 0, cw = 0; ;) {
    if (window !== undefined) params[window] = page[window] = since(pageWindows[pw]);
    if (countWindow !== undefined) params[countWindow] = page[countWindow] = since(countWindows[cw]);
    rows = (await db.query(counted === null ? statement : pageOnly, page)).rows;
    if (window === undefined) break;
    const pageDone = pageWindows[pw] === null || rows.length > f.limit;
    const countDone = f.count === false || counted !== null || countWindows[cw] === null || (rows.length > 0 && Number(rows[0].total) > TOTAL_CAP);
    // a count known (it came with a row) is not read again with the page's wider windows
    if (counted === null && countDone && f.count !== false && rows.length) counted = Number(rows[0].total);
    if (pageDone && countDone) break;
    if (!pageDone) pw++;
    if (!countDone) cw++;
  }
  let total: number | null = null;
  if (f.count !== false) {
    if (counted !== null) total = counted;
    else if (rows.length) total = Number(rows[0].total);
    else if (!f.cursor && offset === 0) total = 0;
    // an empty later page (the page's window parameter named, so that every parameter has its type)
    else total = Number((await db.query(`SELECT (${COUNT}) AS count${window === undefined ? '' : `, $${window + 1}::timestamptz AS w`}`, params)).rows[0].count);
  }
  const more = rows.length > f.limit;
  if (more) rows.pop();
  const share = await warnShare(db);
  const last = rows[rows.length - 1];
  return {
    items: rows.map((r) => toSummary(r, share)),
    total: total === null ? null : Math.min(total, TOTAL_CAP),
    totalCapped: total !== null && total > TOTAL_CAP,
    nextCursor: more && last ? encodeCursor(last.k, last.id) : null,
  };
}

/** Up to `max` rows of the queue (the export), read by keyset pages of 1,000 rather than one large query. */
export async function queueRows(db: Queryable, f: CaseFilter, max: number) {
  const items: ReturnType<typeof toSummary>[] = [];
  let cursor: string | undefined;
  do {
    const page = await listCases(db, { ...f, limit: Math.min(1000, max - items.length), offset: 0, cursor, count: false });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && items.length < max);
  return items;
}

const photoOut = (p: any) => ({ id: p.id, url: `/api/case-photos/${p.id}`, width: p.width, height: p.height });

export async function caseDetail(db: Queryable, actor: Actor, id: number) {
  const l = await loadCase(db, actor, id, false);
  const { row, rel } = l;
  const share = await warnShare(db);
  const { rows: [s] } = await db.query(`SELECT ${SUMMARY} FROM cases c ${JOINS} WHERE c.id = $1`, [id]);
  const summary = toSummary(s, share);
  const staff = rel.street || rel.community || rel.gridWorker || rel.handler || actor.assignments.some((a) => a.role === 'admin' || a.role === 'department_staff');
  const { rows: photos } = await db.query(`SELECT id, width, height FROM case_photo WHERE case_id = $1 ORDER BY created_at`, [id]);
  const { rows: events } = await db.query(`SELECT id, at, actor_name, role, action, from_state, to_state, note, photos, detail FROM case_event WHERE case_id = $1 ORDER BY id`, [id]);
  const byId = new Map(photos.map((p) => [p.id, p]));
  const { rows: tasks } = await db.query(
    `SELECT t.*, d.name AS department_name FROM case_task t JOIN department_v d ON d.id = t.department_id WHERE t.case_id = $1 ORDER BY t.id`, [id]);
  const { rows: whistles } = await db.query(`SELECT id, at, by_name, reason, report_in_due, note FROM case_whistle WHERE case_id = $1 ORDER BY id`, [id]);
  const { rows: [reps] } = await db.query(`SELECT count(*)::int AS n FROM case_reporter WHERE case_id = $1`, [id]);
  const now = Date.now();
  const dispatcherView = l.allowed.includes('register') || l.allowed.includes('dispatch') || l.allowed.includes('merge');
  return {
    ...summary,
    description: row.description,
    photos: photos.map(photoOut),
    reporter: staff ? { name: row.anonymous && !(rel.community || rel.street || rel.gridWorker) ? '匿名' : row.reporter_name, phoneMasked: row.reporter_phone_mask, anonymous: row.anonymous } : null,
    reporters: reps.n,
    hotline: row.source === 'hotline' ? { ticket: row.external_id, type: row.hotline_type } : null,
    mergedInto: row.merged_into,
    rating: row.rated_at ? { satisfaction: row.satisfaction, resolved: row.resolved, note: row.rating_note, at: row.rated_at, by: row.rated_by, byReporter: !row.callback_at } : null,
    callback: row.callback_at ? { at: row.callback_at, by: row.rated_by } : row.no_callback_reason ? { at: null, noCallbackReason: row.no_callback_reason } : null,
    rateable: hasResidentReporter(row),
    reworkCount: row.rework_count, reopened: row.reopened, supervised: row.supervised, suspended: row.state === 'suspended',
    timeline: events.map((e) => ({
      id: Number(e.id), at: e.at, actor: e.actor_name, role: e.role, action: e.action, fromState: e.from_state, toState: e.to_state, note: e.note,
      photos: (e.photos as string[]).map((p) => byId.get(p)).filter(Boolean).map(photoOut), detail: e.detail,
    })),
    tasks: tasks.map((t) => ({
      id: Number(t.id), departmentId: Number(t.department_id), departmentName: t.department_name, role: t.role,
      reportInDue: t.report_in_due, reportedInAt: t.reported_in_at,
      reportInLate: t.reported_in_at ? t.reported_in_at > t.report_in_due : now > t.report_in_due.getTime(),
      handlerName: t.handler_name, result: t.result, doneAt: t.done_at, due: t.due,
      late: t.done_at ? t.done_at > t.due : now > t.due.getTime(), rating: t.rating, ratingNote: t.rating_note,
    })),
    whistles: whistles.map((w) => ({ id: Number(w.id), at: w.at, by: w.by_name, reason: w.reason, reportInDue: w.report_in_due, note: w.note })),
    actions: l.allowed,
    /** 我的待办: what the case waits on the caller for; `mine` is whether it is in the caller's mine=true queue (a to-do, or their own report to follow) */
    todo: l.todo,
    mine: l.todo.length > 0 || follows(rel, row, actor.assignments.some((a) => a.role === 'resident')),
    duplicates: dispatcherView && ['reported', 'registered'].includes(row.state) ? await likelyDuplicates(db, row) : [],
    dispatchTargets: l.allowed.includes('dispatch') || l.allowed.includes('whistle') || l.allowed.includes('reassign') ? await dispatchTargets(db, row) : undefined,
  };
}

/** Open cases of the same category within the configured distance and time of this one. */
export async function likelyDuplicates(db: Queryable, row: { id: number; category_code: string; lon: number | null; lat: number | null; created_at: Date; street_code: string | null }) {
  if (row.lon === null || row.lat === null) return [];
  const w = await duplicateWindow(db);
  const dLat = w.meters / 111_320;
  const dLon = w.meters / (111_320 * Math.cos((row.lat * Math.PI) / 180));
  const { rows } = await db.query(
    `SELECT ${SUMMARY} FROM cases c ${JOINS}
      WHERE c.category_code = $1 AND c.id <> $2 AND c.state NOT IN ${FINAL}
        AND c.created_at BETWEEN $3::timestamptz - make_interval(hours => $4::int) AND $3::timestamptz + make_interval(hours => $4::int)
        AND c.lon BETWEEN $5::float8 - $7::float8 AND $5::float8 + $7::float8 AND c.lat BETWEEN $6::float8 - $8::float8 AND $6::float8 + $8::float8
        AND (6371000 * 2 * asin(sqrt(power(sin(radians(c.lat - $6::float8) / 2), 2) + cos(radians($6::float8)) * cos(radians(c.lat)) * power(sin(radians(c.lon - $5::float8) / 2), 2)))) <= $9::float8
      ORDER BY c.created_at LIMIT 20`,
    [row.category_code, row.id, row.created_at, w.hours, row.lon, row.lat, dLon, dLat, w.meters]);
  const share = await warnShare(db);
  return rows.map((r) => toSummary(r, share));
}

async function dispatchTargets(db: Queryable, row: { community_code: string | null; street_code: string | null }) {
  const { rows: workers } = row.community_code ? await db.query(
    `SELECT DISTINCT ON (s.account_id, s.grid_code) s.account_id, a.display_name, s.grid_code, g.name AS grid_name FROM grid_staff s JOIN account a ON a.id = s.account_id
       JOIN grid g ON g.code = s.grid_code WHERE g.community_code = $1 AND s.until IS NULL AND s.post = 'worker' ORDER BY s.account_id, s.grid_code`, [row.community_code]) : { rows: [] };
  const { rows: departments } = await db.query(
    `SELECT d.id, d.name, d.kind FROM department_v d JOIN region s ON s.parent_code = d.region_code WHERE s.code = $1 ORDER BY d.id`, [row.street_code]);
  return {
    gridWorkers: workers.map((w) => ({ accountId: Number(w.account_id), name: w.display_name, gridCode: w.grid_code, gridName: w.grid_name as string })),
    departments: departments.map((d) => ({ id: Number(d.id), name: d.name, kind: d.kind })),
  };
}

export async function departmentTasks(db: Queryable, accountId: number, open: boolean) {
  const { rows } = await db.query(
    `SELECT t.*, d.name AS department_name, c.number, c.state AS case_state, c.address, cat.name AS category_name, w.reason AS whistle_reason
       FROM case_task t JOIN department_member_v m ON m.department_id = t.department_id AND m.account_id = $1
       JOIN department_v d ON d.id = t.department_id JOIN cases c ON c.id = t.case_id JOIN case_category cat ON cat.code = c.category_code
       LEFT JOIN case_whistle w ON w.id = t.whistle_id
      WHERE NOT $2::boolean OR t.done_at IS NULL ORDER BY t.done_at IS NOT NULL, t.report_in_due LIMIT 500`, [accountId, open]);
  const now = Date.now();
  return rows.map((t) => ({
    id: Number(t.id), caseId: Number(t.case_id), caseNumber: t.number, caseState: t.case_state, categoryName: t.category_name, address: t.address, whistleReason: t.whistle_reason,
    departmentId: Number(t.department_id), departmentName: t.department_name, role: t.role, reportInDue: t.report_in_due, reportedInAt: t.reported_in_at,
    reportInLate: t.reported_in_at ? t.reported_in_at > t.report_in_due : now > t.report_in_due.getTime(),
    handlerName: t.handler_name, result: t.result, doneAt: t.done_at, due: t.due, late: t.done_at ? t.done_at > t.due : now > t.due.getTime(), rating: t.rating, ratingNote: t.rating_note,
  }));
}
