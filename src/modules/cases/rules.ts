/**
 * Who may do what to one case: the caller's relation to the case (street above it, its
 * community, a worker of its grid, its handler, its reporter, a summoned department) and the
 * state machine together decide the actions offered and accepted.
 */
import type { Actor } from '../../core/access/policy.js';
import type { Queryable } from '../../core/db/pool.js';
import { likePrefix } from '../../core/access/policy.js';
import { ACTIONS, allowedActions, type State } from './machine.js';

export interface CaseRow {
  id: number; number: string; source: string; category_code: string; state: State; previous_state: State | null; version: number;
  description: string; address: string | null; lon: number | null; lat: number | null;
  street_code: string | null; community_code: string | null; grid_code: string | null; path: string; level: 'grid' | 'community' | 'street'; priority: string;
  handler_kind: string | null; handler_account_id: number | null; handler_department_id: number | null; handler_name: string | null; lead_department_id: number | null;
  registered_at: Date | null; response_due: Date | null; resolve_due: Date | null; responded_at: Date | null; handled_at: Date | null; suspended_at: Date | null;
  closed_at: Date | null; overdue_at: Date | null; warned_at: Date | null; escalated_at: Date | null; supervised: boolean; rework_count: number; reopened: boolean;
  reporter_account_id: number | null; reporter_name: string | null; reporter_phone_mask: string | null; anonymous: boolean;
  integration_id: number | null; external_id: string | null; hotline_type: string | null; callback_at: Date | null; callback_by?: number | null; no_callback_reason: string | null;
  satisfaction: string | null; resolved: boolean | null; rating_note: string | null; rated_at: Date | null; rated_by: string | null;
  merged_into: number | null; created_by: number | null; created_at: Date; updated_at: Date;
}

export interface TaskRow { id: number; department_id: number; role: 'lead' | 'assist'; reported_in_at: Date | null; done_at: Date | null; rating: number | null; }

export interface Relation {
  accountId: number;
  street: boolean; community: boolean; gridWorker: boolean; property: boolean;
  handler: boolean; reporter: boolean; departments: number[];
}

const under = (paths: string[], path: string) => paths.some((p) => path.startsWith(p));

export async function relationTo(db: Queryable, actor: Actor, row: CaseRow): Promise<Relation> {
  const paths = (role: string) => actor.assignments.filter((a) => a.role === role).map((a) => a.regionPath);
  const street = under(paths('street_command'), row.path);
  const community = under(paths('community_staff'), row.path);
  const property = under(paths('property_staff'), row.path);
  const { rows } = await db.query(
    `SELECT
       EXISTS (SELECT 1 FROM grid_staff WHERE account_id = $1 AND grid_code = $2 AND until IS NULL) AS grid_worker,
       COALESCE((SELECT array_agg(department_id) FROM department_member_v WHERE account_id = $1), '{}') AS departments,
       EXISTS (SELECT 1 FROM case_reporter WHERE case_id = $3 AND account_id = $1) AS co_reporter`,
    [actor.accountId, row.grid_code, row.id],
  );
  const gridWorker = paths('grid_worker').length > 0 && rows[0].grid_worker;
  const departments = (rows[0].departments as string[]).map(Number);
  const handler =
    (row.handler_kind === 'grid_worker' && row.handler_account_id === actor.accountId) ||
    (row.handler_kind === 'department' && row.handler_department_id !== null && departments.includes(Number(row.handler_department_id))) ||
    (row.handler_kind === 'community' && community) ||
    (row.handler_kind === 'street' && street) ||
    (row.handler_kind === 'property' && (property || community));
  const reporter = row.reporter_account_id === actor.accountId || rows[0].co_reporter;
  return { accountId: actor.accountId, street, community, gridWorker, property, handler, reporter, departments };
}

/** May this caller see the case at all? */
export function canSee(rel: Relation, row: CaseRow, tasks: TaskRow[], actor: Actor): boolean {
  if (rel.street || rel.community || rel.gridWorker || rel.handler || rel.reporter || rel.property) return true;
  if (tasks.some((t) => rel.departments.includes(Number(t.department_id)))) return true;
  // district departments see what happens in their district; admins oversee everything
  return actor.assignments.some((a) => (a.role === 'department_staff' || a.role === 'admin') && row.path.startsWith(a.regionPath));
}

/** The one who dispatches at the case's level: its street always; its community below street level. */
export const isDispatcher = (rel: Relation, row: CaseRow) => rel.street || (rel.community && row.level !== 'street');

/** The dispatcher the case waits on: the street for a street-level case, the community below it (the street may step in, but is not waited on). */
export const isLevelDispatcher = (rel: Relation, row: Pick<CaseRow, 'level'>) => (row.level === 'street' ? rel.street : rel.community);

/**
 * A higher level over the case's handler (督办, 催办, 改派): the street over every case in its
 * subtree, at any level, unless the street itself handles it or, unassigned, it is the street's
 * own to dispatch; a community over the grid workers and property companies handling cases of
 * its own level and below.
 */
export function isOverseer(rel: Relation, row: Pick<CaseRow, 'level' | 'handler_kind'>): boolean {
  if (rel.street && row.handler_kind !== 'street' && (row.handler_kind !== null || row.level !== 'street')) return true;
  return rel.community && row.level !== 'street' && (row.handler_kind === 'grid_worker' || row.handler_kind === 'property');
}

/** 当前超期 (overdue now): an open case whose clock runs (not verified, not suspended) past its deadline, whenever it was reported. The queue's 仅超期 filter and the metrics' openOverdue both use this. */
export const OPEN_OVERDUE_SQL = `c.state NOT IN ('closed','rejected','merged','verified','suspended') AND (c.overdue_at IS NOT NULL OR c.resolve_due <= now())`;

/** Staff-discovered cases (a grid worker's, a patrol's, staff's own) have no resident reporter, hence no satisfaction rating. */
export const RESIDENT_SOURCES = ['resident', 'hotline', 'open311'] as const;
export const hasResidentReporter = (row: Pick<CaseRow, 'source'>) => (RESIDENT_SOURCES as readonly string[]).includes(row.source);
/** The same, as SQL over cases aliased `c` (the rates' denominators). */
export const RESIDENT_REPORTED_SQL = `c.source IN (${RESIDENT_SOURCES.map((s) => `'${s}'`).join(',')})`;
/** The resident rates their own report; staff record a callback (回访) on their behalf, never the handler. */
export const isSelfRater = (rel: Relation, row: Pick<CaseRow, 'source'>) => rel.reporter && (row.source === 'resident' || row.source === 'open311');
export const isCaller = (rel: Relation, row: Pick<CaseRow, 'handler_kind' | 'handler_account_id'>) =>
  (rel.gridWorker || rel.community || rel.street) && !rel.handler && !(row.handler_kind === 'grid_worker' && row.handler_account_id === rel.accountId);

/** Which levels may whistle (RULES.md: the street office, or a level configured to; setting cases.whistleLevels). */
export interface CaseConfig { whistleLevels: ('street' | 'community')[]; }
export const DEFAULT_CASE_CONFIG: CaseConfig = { whistleLevels: ['street'] };

/** What a case's detail may offer the caller (its `actions`): the state machine's actions, and the loop's steps outside it. */
export const OFFERS = [...ACTIONS, 'report_in', 'task_done', 'rate_department', 'callback', 'rate'] as const;
export type Offer = (typeof OFFERS)[number];

export function actionsFor(rel: Relation, row: CaseRow, tasks: TaskRow[], config: CaseConfig = DEFAULT_CASE_CONFIG): Offer[] {
  const out: Offer[] = [];
  const dispatcher = isDispatcher(rel, row);
  const isHandlerWorker = row.handler_kind === 'grid_worker' && row.handler_account_id === rel.accountId;
  for (const a of allowedActions(row.state)) {
    switch (a) {
      case 'register': case 'reject': case 'merge': case 'dispatch': case 'suspend': case 'resume': case 'close':
        if (dispatcher) out.push(a);
        break;
      case 'accept': case 'return': case 'handle':
        // a whistled case: the lead department accepts and reports back through its task
        if (rel.handler && !(row.handler_kind === 'department' && tasks.length && a !== 'return')) out.push(a);
        break;
      case 'on_the_spot':
        if (rel.gridWorker) out.push(a);
        break;
      case 'verify_pass': case 'verify_fail':
        if (dispatcher || (rel.gridWorker && !isHandlerWorker)) out.push(a);
        break;
      case 'escalate':
        if ((rel.community && !rel.street && row.level !== 'street') || (isHandlerWorker && row.level === 'grid')) out.push(a);
        break;
      case 'supervise':
        if (isOverseer(rel, row) && !row.supervised) out.push(a);
        break;
      case 'urge':
        if (isOverseer(rel, row) && row.handler_kind !== null) out.push(a);
        break;
      case 'reassign':
        // not a whistled case (its departments are on tasks), nor a hotline ticket away from its first lead (首接负责: 退回 first)
        if (isOverseer(rel, row) && row.handler_kind !== null && !(row.handler_kind === 'department' && tasks.length)
          && !(row.source === 'hotline' && row.handler_kind === 'department' && row.handler_department_id === row.lead_department_id)) out.push(a);
        break;
      case 'whistle':
        if ((rel.street && config.whistleLevels.includes('street')) || (rel.community && !rel.street && config.whistleLevels.includes('community') && row.level !== 'street')) out.push(a);
        break;
      default: break; // reopen goes through a rating
    }
  }
  const mine = tasks.filter((t) => rel.departments.includes(Number(t.department_id)));
  if (mine.some((t) => !t.reported_in_at)) out.push('report_in');
  if (mine.some((t) => t.reported_in_at && !t.done_at) && row.state !== 'closed') out.push('task_done');
  if (rel.street && tasks.some((t) => t.done_at && t.rating === null)) out.push('rate_department');
  const hotline = row.source === 'hotline';
  if (hotline && row.state === 'verified' && !row.callback_at && !row.no_callback_reason && isCaller(rel, row)) out.push('callback');
  if (!hotline && hasResidentReporter(row) && row.state === 'closed' && !row.rated_at && (isSelfRater(rel, row) || isCaller(rel, row))) out.push('rate');
  if (row.state === 'closed' && row.satisfaction === 'dissatisfied' && !row.reopened && hasResidentReporter(row) && (isSelfRater(rel, row) || isCaller(rel, row))) out.push('reopen');
  return out;
}

/**
 * 我的待办: the actions the case waits on the caller for — its next step in the loop. The
 * oversight and alternative actions (督办, 催办, 改派, 吹哨, 挂起, 上报, 合并, 不予立案, 退回,
 * 恢复, a staff callback on a resident's behalf) are offered but do not make a to-do. A case is
 * in the caller's `mine=true` queue exactly when this is not empty (`todoSql` is the same rule
 * in SQL; test/api/cases-loop.test.ts checks the two agree).
 */
export function todoActions(rel: Relation, row: CaseRow, tasks: TaskRow[], config: CaseConfig = DEFAULT_CASE_CONFIG): Offer[] {
  const level = isLevelDispatcher(rel, row);
  const isHandlerWorker = row.handler_kind === 'grid_worker' && row.handler_account_id === rel.accountId;
  return actionsFor(rel, row, tasks, config).filter((a) => {
    switch (a) {
      case 'register': case 'dispatch': case 'close': case 'callback': return level;
      case 'on_the_spot': return rel.gridWorker;
      case 'accept': case 'handle': return rel.handler;
      case 'verify_pass': return level || (rel.gridWorker && !isHandlerWorker);
      case 'report_in': case 'task_done': return true;
      case 'rate_department': return rel.street;
      case 'rate': case 'reopen': return isSelfRater(rel, row);
      default: return false;
    }
  });
}

/** One's own reports stay in one's list to follow: a resident's all of them, staff's while open. */
export const follows = (rel: Relation, row: Pick<CaseRow, 'state'>, resident: boolean) => rel.reporter && (resident || !['closed', 'rejected', 'merged'].includes(row.state));

/** Who asks for their to-do, as the queue knows them (the same facts relationTo reads). */
export interface TodoWho { accountId: number; departments: number[]; streetPaths: string[]; communityPaths: string[]; propertyPaths: string[]; gridWorker: boolean; }

/** `todoActions(...) is not empty` as SQL over cases aliased `c`; appends its parameters. */
export function todoSql(w: TodoWho, params: unknown[]): string {
  const p = (v: unknown) => `$${params.push(v)}`;
  const paths = (list: string[]) => (list.length ? `(${list.map((x) => `c.path LIKE ${p(likePrefix(x))}`).join(' OR ')})` : 'FALSE');
  const me = p(w.accountId);
  const deps = `${p(w.departments)}::bigint[]`;
  const street = paths(w.streetPaths), community = paths(w.communityPaths), property = paths(w.propertyPaths);
  const gridWorker = w.gridWorker ? `EXISTS (SELECT 1 FROM grid_staff s WHERE s.account_id = ${me} AND s.grid_code = c.grid_code AND s.until IS NULL)` : 'FALSE';
  const handler = `((c.handler_kind = 'grid_worker' AND c.handler_account_id = ${me}) OR (c.handler_kind = 'department' AND c.handler_department_id = ANY(${deps}))
    OR (c.handler_kind = 'community' AND ${community}) OR (c.handler_kind = 'street' AND ${street}) OR (c.handler_kind = 'property' AND (${property} OR ${community})))`;
  const reporter = `(c.reporter_account_id = ${me} OR EXISTS (SELECT 1 FROM case_reporter r WHERE r.case_id = c.id AND r.account_id = ${me}))`;
  const level = `((c.level = 'street' AND ${street}) OR (c.level <> 'street' AND ${community}))`;
  const handlerWorker = `(c.handler_kind = 'grid_worker' AND c.handler_account_id = ${me})`;
  const whistled = `EXISTS (SELECT 1 FROM case_task t WHERE t.case_id = c.id)`;
  const or = [
    `(c.state = 'reported' AND (${level} OR ${gridWorker}))`,
    `(c.state IN ('registered','returned') AND ${level})`,
    `(c.state IN ('dispatched','accepted') AND ${handler} AND NOT (c.handler_kind = 'department' AND ${whistled}))`,
    `(c.state = 'handled' AND (${level} OR (${gridWorker} AND NOT ${handlerWorker})))`,
    `(c.state = 'verified' AND ${level})`,
    `EXISTS (SELECT 1 FROM case_task t WHERE t.case_id = c.id AND t.department_id = ANY(${deps}) AND (t.reported_in_at IS NULL OR (t.done_at IS NULL AND c.state <> 'closed')))`,
    `(${street} AND EXISTS (SELECT 1 FROM case_task t WHERE t.case_id = c.id AND t.done_at IS NOT NULL AND t.rating IS NULL))`,
    `(c.state = 'closed' AND c.source IN ('resident','open311') AND ${reporter} AND ((c.rated_at IS NULL AND c.source <> 'hotline') OR (c.satisfaction = 'dissatisfied' AND NOT c.reopened)))`,
  ];
  return `(${or.join(' OR ')})`;
}
