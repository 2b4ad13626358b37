/** What the cases module's route files share: schemas, the caller as a case actor, the queue's filter, integrations by token. */
import { Type, type Static } from '@sinclair/typebox';
import { AppError } from '../../../core/http/errors.js';
import { type Ctx } from '../../../core/http/module.js';
import { Instant, Literals, named, Nullable, ref } from '../../../core/http/schemas.js';
import { gridWorkerScope } from '../../grids/scope.js';
import { regionForScope, RegionCode } from '../../regions/api.js';
import { departmentsOf } from '../../departments/api.js';
import { DEPARTMENTS } from '../catalogue.js';
import { integrationByToken } from '../integrations.js';
import { chinaToday } from '../../../core/time.js';
import { SOURCES, type Source } from '../intake.js';
import { STATES } from '../machine.js';
import { caseDetail, type CaseFilter } from '../queries.js';
import { OFFERS } from '../rules.js';
import type { CaseActor } from '../timeline.js';

export const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }); // bigint ids
export const IdParams = Type.Object({ id: Id });
export const DateStr = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (China Standard Time)' });
export const Uuids = Type.Array(Type.String({ format: 'uuid' }), { maxItems: 9 });
export const Text = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max });
export const Satisfaction = Literals(['satisfied', 'basic', 'dissatisfied']);
export const Level = Literals(['grid', 'community', 'street']);
export const Priority = Literals(['urgent', 'high', 'normal']);
export const LimitUnit = Literals(['working_hours', 'working_days']);
export const WhistleReason = Literals(['residents_unresolved', 'joint_enforcement', 'emergency']);
const State = Literals(STATES);
export const DepartmentKind = Literals(Object.keys(DEPARTMENTS));
const Offer = Literals(OFFERS);
export const CategoryFields = {
  parent: Type.Optional(Type.Union([Type.String({ pattern: '^[0-9]{2,8}$' }), Type.Null()])),
  name: Type.Optional(Text(50)), nameEn: Type.Optional(Text(100)), level: Type.Optional(Level),
  departmentKind: Type.Optional(Nullable(DepartmentKind)),
  departmentMatter: Type.Optional(Type.Boolean()), priority: Type.Optional(Priority),
  responseHours: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 720 })), resolveValue: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
  resolveUnit: Type.Optional(LimitUnit),
  registration: Type.Optional(Type.Union([Text(500), Type.Null()])), closing: Type.Optional(Type.Union([Text(500), Type.Null()])),
  escalateOverdue: Type.Optional(Type.Boolean()), active: Type.Optional(Type.Boolean()),
  sensitive: Type.Optional(Type.Boolean({ description: 'never shown to outside clients (Open311 GET requests), like every 举报' })),
};

export const who = (ctx: Ctx<any, any, any>): CaseActor => {
  const a = ctx.me;
  return { accountId: a.accountId, name: a.displayName, role: ctx.req.grants?.[0]?.role ?? a.assignments[0]?.role ?? null };
};

export const detail = (ctx: Ctx<any, any, any>, id: number) => caseDetail(ctx.db, ctx.me, id);

/** `Prefer: return=representation` (RFC 7240): the caller wants the full resource in the reply, not just its id. */
export const wantsRepresentation = (ctx: Ctx<any, any, any>) => /(^|[,;\s])return=representation\b/i.test(String(ctx.req.headers.prefer ?? ''));

export async function actorDepartments(ctx: Ctx<any, any, any>): Promise<number[]> {
  return departmentsOf(ctx.db, ctx.me.accountId);
}

export const SOURCE_BY_ROLE: Record<string, Source> = { grid_worker: 'grid_worker', resident: 'resident', community_staff: 'staff', street_command: 'staff' };

/** The hotline's integration, by its bearer token. */
export async function integrationFor(ctx: Ctx<any, any, any>, kind: 'hotline' | 'open311') {
  const auth = String(ctx.req.headers.authorization ?? '');
  const m = /^Bearer\s+(\S+)$/i.exec(auth);
  if (!m) throw new AppError('hotline_token_invalid');
  const integ = await integrationByToken(ctx.db, kind, m[1]);
  if (!integ) throw new AppError('hotline_token_invalid');
  return integ;
}

export const QueueQuery = Type.Object({
  region: Type.Optional(RegionCode),
  state: Type.Optional(Type.String({ pattern: '^[a-z_]+(,[a-z_]+)*$' })),
  category: Type.Optional(Type.String({ maxLength: 8 })), source: Type.Optional(Type.String({ maxLength: 20 })),
  grid: Type.Optional(Type.String({ pattern: '^[0-9]{15}$' })), department: Type.Optional(Id),
  overdue: Type.Optional(Type.Boolean()), unassigned: Type.Optional(Type.Boolean()), mine: Type.Optional(Type.Boolean()),
  from: Type.Optional(DateStr), to: Type.Optional(DateStr), q: Type.Optional(Type.String({ maxLength: 50 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })), offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000, default: 0 })),
  cursor: Type.Optional(Type.String({ maxLength: 100, description: 'the nextCursor of the page before (keyset paging; wins over offset)' })),
});

/** The queue's filter for this caller: grid workers see their grids, residents their own reports, admins everything. */
export async function queueFilter(ctx: Ctx<any, Static<typeof QueueQuery>, any>, limit: number, offset: number): Promise<CaseFilter> {
  const q = ctx.query;
  const actor = ctx.me;
  const onlyResident = ctx.req.grants.every((g) => g.role === 'resident');
  let scope = onlyResident ? ['/'] : await gridWorkerScope(ctx.db, actor, ctx.req.grants.filter((g) => g.role !== 'resident'));
  if (ctx.req.grants.some((g) => g.role === 'admin')) scope = ['/'];
  const regionPath = q.region ? (await regionForScope(ctx.db, q.region, onlyResident ? ['/'] : ctx.scope, { above: true })).path : null;
  // the caller as relationTo (rules.ts) sees them, so that 我的待办 and the actions offered agree
  const paths = (role: string) => actor.assignments.filter((a) => a.role === role).map((a) => a.regionPath);
  const mine = q.mine || onlyResident ? {
    accountId: actor.accountId, departments: await actorDepartments(ctx), resident: paths('resident').length > 0,
    communityPaths: paths('community_staff'), streetPaths: paths('street_command'), propertyPaths: paths('property_staff'), gridWorker: paths('grid_worker').length > 0,
  } : undefined;
  return {
    scope, regionPath, states: q.state?.split(','), category: q.category, source: q.source, grid: q.grid, department: q.department, overdue: q.overdue,
    from: q.from, to: q.to, q: q.q, unassigned: q.unassigned, mine, limit, offset, cursor: q.cursor,
  };
}

export const today = chinaToday;


// response schemas (named: OpenAPI components that web/shared/api.gen.ts names)
const CaseHandler = named('CaseHandler', Type.Object({
  kind: Literals(['grid_worker', 'community', 'property', 'department', 'street']), name: Nullable(Type.String()), accountId: Type.Optional(Type.Integer()), departmentId: Type.Optional(Type.Integer()),
}));
const summaryFields = {
  id: Type.Integer(), number: Type.String(), state: State, categoryCode: Type.String(), categoryName: Type.String(), source: Literals(SOURCES),
  description: Type.String({ description: 'the first 120 characters in a list; in full in one case' }), address: Nullable(Type.String()),
  lon: Nullable(Type.Number()), lat: Nullable(Type.Number()), gridCode: Nullable(Type.String()), gridName: Nullable(Type.String()),
  communityCode: Nullable(Type.String()), communityName: Nullable(Type.String()), streetCode: Nullable(Type.String()), streetName: Nullable(Type.String()),
  level: Level, priority: Priority, handler: Nullable(ref(CaseHandler)),
  responseDue: Nullable(Instant), resolveDue: Nullable(Instant), overdue: Type.Boolean(), nearDue: Type.Boolean(), createdAt: Instant, version: Type.Integer(),
};
export const CaseSummary = named('CaseSummary', Type.Object(summaryFields));
// one case: its summary (the description in full) and the rest
export const CasePage = named('CasePage', Type.Object({
  items: Type.Array(ref(CaseSummary)), total: Type.Integer({ description: 'counted up to 1,000: beyond, totalCapped is true ("1000+")' }), totalCapped: Type.Boolean(),
  nextCursor: Nullable(Type.String({ description: 'the next page\'s cursor; null on the last page' })),
}));
export const CasePhoto = named('CasePhoto', Type.Object({ id: Type.String(), url: Type.String(), width: Type.Integer(), height: Type.Integer() }));
/** A department's task on a whistled case (吹哨报到): report in, then report back. */
export const CaseTask = named('CaseTask', Type.Object({
  id: Type.Integer(), departmentId: Type.Integer(), departmentName: Type.String(), role: Literals(['lead', 'assist']), reportInDue: Instant, reportedInAt: Nullable(Instant),
  reportInLate: Type.Boolean(), handlerName: Nullable(Type.String()), result: Nullable(Type.String()), doneAt: Nullable(Instant), due: Instant,
  late: Type.Boolean(), rating: Nullable(Type.Integer()), ratingNote: Nullable(Type.String()),
}));
/** One step of a case's history (案件流转记录). */
export const CaseEvent = named('CaseEvent', Type.Object({
  id: Type.Integer(), at: Instant, actor: Type.String(), role: Nullable(Type.String()), action: Type.String(), fromState: Nullable(State),
  toState: Nullable(State), note: Nullable(Type.String()), photos: Type.Array(ref(CasePhoto)), detail: Type.Unknown(),
}));
/** A whistle (吹哨): the street calls departments in to report. */
export const CaseWhistle = named('CaseWhistle', Type.Object({ id: Type.Integer(), at: Instant, by: Type.String(), reason: WhistleReason, reportInDue: Instant, note: Nullable(Type.String()) }));
export const CaseRating = named('CaseRating', Type.Object({
  satisfaction: Nullable(Satisfaction), resolved: Nullable(Type.Boolean()), note: Nullable(Type.String()), at: Instant, by: Nullable(Type.String()),
  byReporter: Type.Boolean({ description: 'false: recorded by staff as a callback (回访) on the resident\'s behalf' }),
}));
/** Whom a dispatcher may send the case to: the community's grid workers and the street's departments. */
export const CaseDispatchTargets = named('CaseDispatchTargets', Type.Object({
  gridWorkers: Type.Array(Type.Object({ accountId: Type.Integer(), name: Type.String(), gridCode: Type.String(), gridName: Type.String() })),
  departments: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), kind: Type.String() })),
}));
export const CaseDetail = named('CaseDetail', Type.Intersect([ref(CaseSummary), Type.Object({
  photos: Type.Array(ref(CasePhoto)),
  reporter: Nullable(Type.Object({ name: Nullable(Type.String()), phoneMasked: Nullable(Type.String()), anonymous: Type.Boolean() })),
  reporters: Type.Integer(),
  hotline: Nullable(Type.Object({ ticket: Nullable(Type.String()), type: Nullable(Type.String()) })),
  mergedInto: Nullable(Type.Integer()),
  rating: Nullable(ref(CaseRating)),
  callback: Nullable(Type.Object({ at: Nullable(Instant), by: Type.Optional(Nullable(Type.String())), noCallbackReason: Type.Optional(Type.String()) })),
  rateable: Type.Boolean(), reworkCount: Type.Integer(), reopened: Type.Boolean(), supervised: Type.Boolean(), suspended: Type.Boolean(),
  timeline: Type.Array(ref(CaseEvent)),
  tasks: Type.Array(ref(CaseTask)),
  whistles: Type.Array(ref(CaseWhistle)),
  actions: Type.Array(Offer, { description: 'what the caller may do to the case now' }),
  todo: Type.Array(Offer, { description: '我的待办: what the case waits on the caller for' }),
  mine: Type.Boolean(),
  duplicates: Type.Array(ref(CaseSummary)),
  dispatchTargets: Type.Optional(ref(CaseDispatchTargets)),
})]));

/** A department's task with its case (GET /api/departments/mine/tasks). */
export const DepartmentTask = named('DepartmentTask', Type.Intersect([ref(CaseTask), Type.Object({
  caseId: Type.Integer(), caseNumber: Type.String(), caseState: State, categoryName: Type.String(), address: Nullable(Type.String()), whistleReason: Nullable(WhistleReason),
})]));
/** A report as it was taken: POST /api/cases (without Prefer: return=representation) and the hotline webhook. */
export const CaseReported = named('CaseReported', Type.Object({ id: Type.Integer(), number: Type.String(), state: State }));
/** An uploaded photo, before a report attaches it. */
export const UploadedPhoto = named('UploadedPhoto', Type.Object({ id: Type.String({ format: 'uuid' }), width: Type.Integer(), height: Type.Integer(), size: Type.Integer(), mime: Type.String() }));

const rate = (what: string) => Nullable(Type.Number({ minimum: 0, maximum: 1, description: `${what}; null where the denominator is 0` }));
/** The six rates (rates.ts), fractions 0–1. */
const rateFields = {
  closedRate: rate('结案率'), onTimeRate: rate('按期结案率'), reworkRate: rate('返工率'),
  responseRate: rate('响应率'), resolutionRate: rate('解决率'), satisfactionRate: rate('满意率'),
};
export const CaseRates = named('CaseRates', Type.Object({ total: Type.Integer(), ...rateFields, overdue: Type.Integer({ description: '本期超期' }) }));
const Count = Type.Integer();
export const CaseMetrics = named('CaseMetrics', Type.Intersect([ref(CaseRates), Type.Object({
  region: Type.String(), from: Type.String(), to: Type.String(),
  openOverdue: Type.Integer({ description: '当前超期: open now and past the deadline, whenever reported' }),
  counts: Type.Object({
    total: Count, overdue: Count, dueToClose: Count, closed: Count, closedOnTime: Count, handled: Count, withRework: Count,
    dueToRespond: Count, respondedInTime: Count, calledBack: Count, ratedResolved: Count, ratedSatisfied: Count,
  }),
  byCategory: Type.Array(Type.Intersect([Type.Object({ code: Type.String(), name: Type.String() }), ref(CaseRates)])),
  byDepartment: Type.Array(Type.Intersect([Type.Object({ id: Type.Integer(), name: Type.String() }), ref(CaseRates), Type.Object({
    tasks: Type.Integer(), reportInLate: Type.Integer(), tasksLate: Type.Integer(), averageRating: Nullable(Type.Number()),
  })])),
  byRegion: Type.Array(Type.Intersect([Type.Object({ code: Type.String(), name: Type.String() }), ref(CaseRates)])),
  definitions: Type.Array(Type.String()),
})]));
export const CaseSweep = named('CaseSweep', Type.Object({
  ran: Type.Boolean({ description: 'false: another process was sweeping' }), warned: Type.Integer(), overdue: Type.Integer(), escalated: Type.Integer(),
  lateReportIns: Type.Optional(Type.Integer()),
}));
export const Integration = named('Integration', Type.Object({
  id: Type.Integer(), kind: Literals(['hotline', 'open311']), name: Type.String(), regionCode: Type.String(), regionName: Type.String(), createdAt: Instant, revokedAt: Nullable(Instant),
}));
