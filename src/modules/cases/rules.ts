/**
 * Who may do what to one case: the caller's relation to the case (street above it, its
 * community, a worker of its grid, its handler, its reporter, a summoned department) and the
 * state machine together decide the actions offered and accepted.
 */
import type { Actor } from '../../core/access/policy.js';
import type { Queryable } from '../../core/db/pool.js';
import { allowedActions, type State } from './machine.js';

export interface CaseRow {
  id: number; number: string; source: string; category_code: string; state: State; previous_state: State | null; version: number;
  description: string; address: string | null; lon: number | null; lat: number | null;
  street_code: string | null; community_code: string | null; grid_code: string | null; path: string; level: 'grid' | 'community' | 'street'; priority: string;
  handler_kind: string | null; handler_account_id: number | null; handler_department_id: number | null; handler_name: string | null; lead_department_id: number | null;
  registered_at: Date | null; response_due: Date | null; resolve_due: Date | null; responded_at: Date | null; handled_at: Date | null; suspended_at: Date | null;
  closed_at: Date | null; overdue_at: Date | null; warned_at: Date | null; escalated_at: Date | null; supervised: boolean; rework_count: number; reopened: boolean;
  reporter_account_id: number | null; reporter_name: string | null; reporter_phone_mask: string | null; anonymous: boolean;
  integration_id: number | null; external_id: string | null; hotline_type: string | null; callback_at: Date | null; no_callback_reason: string | null;
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
       COALESCE((SELECT array_agg(department_id) FROM department_member WHERE account_id = $1), '{}') AS departments,
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

/** Which levels may whistle (RULES.md: the street office, or a level configured to; setting cases.whistleLevels). */
export interface CaseConfig { whistleLevels: ('street' | 'community')[]; }
export const DEFAULT_CASE_CONFIG: CaseConfig = { whistleLevels: ['street'] };

export function actionsFor(rel: Relation, row: CaseRow, tasks: TaskRow[], config: CaseConfig = DEFAULT_CASE_CONFIG): string[] {
  const out: string[] = [];
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
        if (rel.street && row.level !== 'street' && !row.supervised) out.push(a);
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
  if (hotline && row.state === 'verified' && !row.callback_at && !row.no_callback_reason && dispatcher) out.push('callback');
  if (!hotline && row.state === 'closed' && !row.rated_at && (rel.reporter || rel.gridWorker)) out.push('rate');
  if (row.state === 'closed' && row.satisfaction === 'dissatisfied' && !row.reopened && (rel.reporter || rel.gridWorker || (hotline && dispatcher))) out.push('reopen');
  return out;
}
