import { Type, type Static } from '@sinclair/typebox';
import { readUpload } from '../../core/http/upload.js';
import { AppError } from '../../core/http/errors.js';
import { route, type Ctx, type Module } from '../../core/http/module.js';
import { CRS_LIST } from '../../core/geo/crs.js';
import { gridWorkerScope } from '../grids/scope.js';
import { callerRegion, findRegion, regionForScope, RegionCode } from '../regions/api.js';
import { departmentsOf } from '../departments/api.js';
import { act, loadCase, rate, rateDepartment, reportIn, taskDone, whistle } from './actions.js';
import { DEPARTMENTS } from './catalogue.js';
import { createCategory, listCategories, seedCategories, updateCategory } from './categories.js';
import { photoLimit } from './deadlines.js';
import { integrationByToken, INTEGRATIONS_CACHE } from './integrations.js';
import { invalidate } from '../../core/cache.js';
import { casesDemo, DEMO_OPEN311_KEY } from './demo.js';
import { tokenHash } from '../../core/auth/tokens.js';
import { chinaToday } from '../../core/time.js';
import './errors.js';
import { HOTLINE_TYPES, type IntakeInput, type Source } from './intake.js';
import { placeReport, reportCase } from './commands/report-case.js';
import { runCommand, systemActor } from '../../core/command.js';
import { ACTIONS } from './machine.js';
import { caseMetrics, METRIC_DEFINITIONS } from './metrics.js';
import { migrations } from './migrations.js';
import { readPhoto, storePhoto } from './photos.js';
import { policy } from './policy.js';
import { caseDetail, departmentTasks, listCases, queueRows, type CaseFilter } from './queries.js';
import { exportMetrics, exportQueue } from './exports.js';
import { startJob } from '../jobs/runner.js';
import { sweepDeadlines } from './sweep.js';
import type { CaseActor } from './timeline.js';
import { randomBytes } from 'node:crypto';
import { decrypt } from '../../core/privacy/cipher.js';

const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }); // bigint ids
const IdParams = Type.Object({ id: Id });
const DateStr = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (China Standard Time)' });
const Uuids = Type.Array(Type.String({ format: 'uuid' }), { maxItems: 9 });
const Text = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max });
const Satisfaction = Type.Union([Type.Literal('satisfied'), Type.Literal('basic'), Type.Literal('dissatisfied')]);
const Level = Type.Union([Type.Literal('grid'), Type.Literal('community'), Type.Literal('street')]);
const Priority = Type.Union([Type.Literal('urgent'), Type.Literal('high'), Type.Literal('normal')]);
const CategoryFields = {
  parent: Type.Optional(Type.Union([Type.String({ pattern: '^[0-9]{2,8}$' }), Type.Null()])),
  name: Type.Optional(Text(50)), nameEn: Type.Optional(Text(100)), level: Type.Optional(Level),
  departmentKind: Type.Optional(Type.Union([Type.Union(Object.keys(DEPARTMENTS).map((k) => Type.Literal(k))), Type.Null()])),
  departmentMatter: Type.Optional(Type.Boolean()), priority: Type.Optional(Priority),
  responseHours: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 720 })), resolveValue: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
  resolveUnit: Type.Optional(Type.Union([Type.Literal('working_hours'), Type.Literal('working_days')])),
  registration: Type.Optional(Type.Union([Text(500), Type.Null()])), closing: Type.Optional(Type.Union([Text(500), Type.Null()])),
  escalateOverdue: Type.Optional(Type.Boolean()), active: Type.Optional(Type.Boolean()),
  sensitive: Type.Optional(Type.Boolean({ description: 'never shown to outside clients (Open311 GET requests), like every 举报' })),
};

const who = (ctx: Ctx<any, any, any>): CaseActor => {
  const a = ctx.me;
  return { accountId: a.accountId, name: a.displayName, role: ctx.req.grants?.[0]?.role ?? a.assignments[0]?.role ?? null };
};

const detail = (ctx: Ctx<any, any, any>, id: number) => caseDetail(ctx.db, ctx.me, id);

/** `Prefer: return=representation` (RFC 7240): the caller wants the full resource in the reply, not just its id. */
const wantsRepresentation = (ctx: Ctx<any, any, any>) => /(^|[,;\s])return=representation\b/i.test(String(ctx.req.headers.prefer ?? ''));

async function actorDepartments(ctx: Ctx<any, any, any>): Promise<number[]> {
  return departmentsOf(ctx.db, ctx.me.accountId);
}

const SOURCE_BY_ROLE: Record<string, Source> = { grid_worker: 'grid_worker', resident: 'resident', community_staff: 'staff', street_command: 'staff' };

/** The hotline's integration, by its bearer token. */
async function integrationFor(ctx: Ctx<any, any, any>, kind: 'hotline' | 'open311') {
  const auth = String(ctx.req.headers.authorization ?? '');
  const m = /^Bearer\s+(\S+)$/i.exec(auth);
  if (!m) throw new AppError('hotline_token_invalid');
  const integ = await integrationByToken(ctx.db, kind, m[1]);
  if (!integ) throw new AppError('hotline_token_invalid');
  return integ;
}

const QueueQuery = Type.Object({
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
async function queueFilter(ctx: Ctx<any, Static<typeof QueueQuery>, any>, limit: number, offset: number): Promise<CaseFilter> {
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

const today = chinaToday;

export const casesModule: Module = {
  name: 'cases',
  title: '案件 Cases: intake from every channel, the closed loop, 街道吹哨·部门报到, deadlines on working days, ratings and rates',
  migrations,
  policy,
  async reference({ db }) { await seedCategories(db); },
  demo: casesDemo,
  jobs: [
    { name: 'cases.deadlines', everyMs: 60_000, run: (db) => sweepDeadlines(db) },
  ],
  metrics: {
    'cases.open': async (db) => Number((await db.query(`SELECT count(*) AS n FROM cases WHERE state NOT IN ('closed','rejected','merged')`)).rows[0].n),
  },
  routes: [
    // ——— categories ———
    route({
      method: 'GET', url: '/api/case-categories', action: policy.readCategories,
      summary: 'The case category tree (flat; build the tree from parent). Leaves are what a case takes.',
      async handler(ctx) { return { items: await listCategories(ctx.db) }; },
    }),
    route({
      method: 'POST', url: '/api/case-categories', action: policy.editCategories,
      summary: 'Add a category',
      body: Type.Object({ code: Type.String({ pattern: '^[0-9]{2,8}$' }), ...CategoryFields, name: Text(50), nameEn: Text(100) }, { additionalProperties: false }),
      async handler(ctx) {
        const c = await ctx.command({ action: 'cases.category.create', targetType: 'case_category', targetId: ctx.body.code, detail: ctx.body as any }, (tx) => createCategory(tx, ctx.body as any));
        ctx.reply.status(201);
        return c;
      },
    }),
    route({
      method: 'PUT', url: '/api/case-categories/:code', action: policy.editCategories,
      summary: 'Edit a category: level, department, department matter, priority, time limits, escalation, active',
      params: Type.Object({ code: Type.String({ pattern: '^[0-9]{2,8}$' }) }),
      body: Type.Object(CategoryFields, { additionalProperties: false }),
      async handler(ctx) {
        return ctx.command({ action: 'cases.category.update', targetType: 'case_category', targetId: ctx.params.code, detail: ctx.body as any }, (tx) => updateCategory(tx, ctx.params.code, ctx.body as any));
      },
    }),
    // ——— photos ———
    route({
      method: 'POST', url: '/api/case-photos', action: policy.uploadPhoto,
      summary: 'Upload a photo (multipart field "file": JPEG, PNG or WebP). Checked by content, EXIF and GPS stripped, stored in a folder.',
      bodyLimit: 26 * 1024 * 1024,
      async handler(ctx) {
        const max = (await photoLimit(ctx.db)) * 1024 * 1024;
        const { buf } = await readUpload(ctx.req, { maxBytes: max, missing: () => new AppError('photo_invalid'), tooLarge: () => new AppError('photo_too_large', { mb: max / 1024 / 1024 }) });
        const photo = await ctx.command({ action: 'cases.photo.upload', targetType: 'case_photo', targetId: (p: any) => p.id }, (tx) => storePhoto(tx, ctx.config.dataDir, buf, max, { accountId: ctx.me.accountId }));
        ctx.reply.status(201);
        return photo;
      },
    }),
    route({
      method: 'GET', url: '/api/case-photos/:id', action: policy.readPhoto,
      summary: 'A case photo (to those who may see its case, or its uploader before it is attached)',
      params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
      async handler(ctx) {
        const { rows } = await ctx.db.query(`SELECT case_id, uploaded_by, file, mime FROM case_photo WHERE id = $1`, [ctx.params.id]);
        const p = rows[0];
        if (!p) throw new AppError('photo_not_found', { id: ctx.params.id });
        if (p.case_id === null) {
          if (Number(p.uploaded_by) !== ctx.me.accountId) throw new AppError('photo_not_found', { id: ctx.params.id });
        } else {
          try { await loadCase(ctx.db, ctx.me, Number(p.case_id), false); } catch { throw new AppError('photo_not_found', { id: ctx.params.id }); }
        }
        ctx.reply.header('content-type', p.mime).header('cache-control', 'private, max-age=86400');
        return readPhoto(ctx.config.dataDir, p.file);
      },
    }),

    // ——— intake ———
    route({
      method: 'POST', url: '/api/cases', action: policy.create,
      summary: 'Report a case (grid worker, resident 随手拍, joint patrol, staff entry)',
      description: 'The point (WGS-84, or GCJ-02 from WeChat with crs=gcj02) decides grid, community and street; a case in no grid goes to its street\'s unassigned queue. `clientRef` makes a retry safe: the same clientRef from the same account returns the same case (200). ' +
        'Answers `201 { id, number, state }`; send `Prefer: return=representation` for the full case detail (as GET /api/cases/{id}).',
      body: Type.Object({
        categoryCode: Type.Optional(Type.String({ maxLength: 8 })),
        description: Text(2000),
        lon: Type.Optional(Type.Number()), lat: Type.Optional(Type.Number()), crs: Type.Optional(Type.Union(CRS_LIST.map((c) => Type.Literal(c)))),
        address: Type.Optional(Type.String({ maxLength: 200 })),
        region: Type.Optional(RegionCode),
        photos: Type.Optional(Uuids),
        source: Type.Optional(Type.Union([Type.Literal('grid_worker'), Type.Literal('resident'), Type.Literal('patrol'), Type.Literal('staff')])),
        patrolMembers: Type.Optional(Type.String({ maxLength: 200 })),
        anonymous: Type.Optional(Type.Boolean()),
        contactName: Type.Optional(Type.String({ maxLength: 50 })), contactPhone: Type.Optional(Type.String({ maxLength: 20 })),
        clientRef: Type.Optional(Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' })),
        onTheSpot: Type.Optional(Type.Object({ result: Text(2000), photos: Type.Optional(Uuids) }, { additionalProperties: false })),
      }, { additionalProperties: false }),
      async handler(ctx) {
        const b = ctx.body;
        const actor = ctx.me;
        const roles = ctx.req.grants.map((g) => g.role);
        const staff = roles.some((r) => r !== 'resident');
        const role = staff ? roles.find((r) => r !== 'resident')! : 'resident';
        let source: Source = b.source ?? SOURCE_BY_ROLE[role];
        if (!staff && source !== 'resident') source = 'resident';
        if (b.onTheSpot && role !== 'grid_worker') throw new AppError('case_action_forbidden', { action: '现场处置' });
        // staff file inside their area; a resident may report anywhere the platform serves
        const scope = staff ? ctx.req.grants.filter((g) => g.role !== 'resident').map((g) => g.regionPath) : null;
        const home = ctx.req.grants.find((g) => g.role === role)?.regionCode ?? null;
        const input: IntakeInput = {
          source, categoryCode: b.categoryCode, description: b.description, lon: b.lon, lat: b.lat, crs: b.crs, address: b.address, regionCode: b.region,
          photos: b.photos, anonymous: b.anonymous, contactName: b.contactName, contactPhone: b.contactPhone, clientRef: b.clientRef, patrolMembers: b.patrolMembers, onTheSpot: b.onTheSpot,
        };
        const at = await placeReport(ctx.db, input, { scope, fallbackRegion: home });
        const r = await ctx.run(reportCase, { ...input, at, keys: ctx.keys, reporter: { name: actor.displayName, role } });
        ctx.reply.status(r.created ? 201 : 200);
        return wantsRepresentation(ctx) ? detail(ctx, r.id) : { id: r.id, number: r.number, state: r.state };
      },
    }),
    route({
      method: 'POST', url: '/api/intake/hotline', action: policy.hotline,
      summary: '12345 hotline webhook (Authorization: Bearer <integration token>); one case per ticket number',
      description: 'Idempotent on the ticket number: the same ticket again gets 409 `hotline_ticket_duplicate` naming the case, and no second case. Ticket types: 咨询, 求助, 投诉, 举报, 建议. A ticket closes only after a callback is recorded.',
      body: Type.Object({
        ticket: Type.String({ minLength: 1, maxLength: 64 }),
        type: Type.String({ maxLength: 4 }),
        categoryCode: Type.Optional(Type.String({ maxLength: 8 })),
        content: Text(4000),
        address: Type.Optional(Type.String({ maxLength: 200 })),
        region: Type.Optional(RegionCode),
        lon: Type.Optional(Type.Number()), lat: Type.Optional(Type.Number()), crs: Type.Optional(Type.Union(CRS_LIST.map((c) => Type.Literal(c)))),
        callerName: Type.Optional(Type.String({ maxLength: 50 })), callerPhone: Type.Optional(Type.String({ maxLength: 20 })),
        receivedAt: Type.Optional(Type.String({ format: 'date-time' })),
      }, { additionalProperties: false }),
      async handler(ctx) {
        const integ = await integrationFor(ctx, 'hotline');
        const b = ctx.body;
        if (!(b.type in HOTLINE_TYPES)) throw new AppError('hotline_type_invalid');
        const { rows: [reg] } = await ctx.db.query(`SELECT code, path, level FROM region WHERE code = $1`, [integ.regionCode]);
        const input: IntakeInput = {
          source: 'hotline', categoryCode: b.categoryCode, description: b.content, address: b.address, regionCode: b.region, lon: b.lon, lat: b.lat, crs: b.crs,
          contactName: b.callerName, contactPhone: b.callerPhone, hotline: { ticket: b.ticket, type: b.type }, externalId: b.ticket,
          receivedAt: b.receivedAt ? new Date(b.receivedAt) : undefined,
        };
        const at = await placeReport(ctx.db, input, { scope: [reg.path], fallbackRegion: reg.level === 'street' ? reg.code : null });
        const r = await runCommand(ctx.db, { ...systemActor(`integration:${integ.id}`, integ.regionCode), requestId: ctx.requestId }, reportCase,
          { ...input, at, keys: ctx.keys, reporter: { name: integ.name, role: null, integrationId: integ.id }, auditAction: 'cases.hotline' });
        ctx.reply.status(201);
        return { id: r.id, number: r.number, state: r.state };
      },
    }),

    // ——— reading ———
    route({
      method: 'GET', url: '/api/cases', action: policy.read,
      summary: 'The case queue in the caller\'s scope, newest first, with filters',
      description: 'Paged by keyset: pass the reply\'s `nextCursor` as `cursor` for the next page (null: the last page); a malformed cursor is 400 `cursor_invalid`. `offset` still works for small pages. `total` counts at most 1,000: beyond, `totalCapped` is true and the console shows "1000+".',
      query: QueueQuery,
      async handler(ctx) { return listCases(ctx.db, await queueFilter(ctx, ctx.query.limit ?? 50, ctx.query.offset ?? 0)); },
    }),
    route({
      method: 'GET', url: '/api/cases/export', action: policy.read,
      summary: 'The case queue with the same filters as an Excel file (.xlsx, at most 10,000 rows, no personal data)',
      query: QueueQuery,
      async handler(ctx) {
        const items = await queueRows(ctx.db, await queueFilter(ctx, 10_000, 0), 10_000);
        const buf = await exportQueue(items);
        ctx.reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        ctx.reply.header('content-disposition', `attachment; filename="cases.xlsx"; filename*=UTF-8''${encodeURIComponent(`案件列表-${today()}.xlsx`)}`);
        return buf;
      },
    }),
    route({
      method: 'POST', url: '/api/cases/export', action: policy.read,
      summary: 'The same export as a job the console follows (202 {job}; stages query, file); the file is then at GET /api/jobs/{id}/file',
      body: QueueQuery,
      async handler(ctx) {
        const qctx = { ...ctx, query: ctx.body };
        const filter = await queueFilter(qctx, 10_000, 0); // scope refusals now, not in the job
        const job = await startJob({ db: ctx.db, actor: ctx.actor, lang: ctx.lang, requestId: ctx.requestId, kind: 'cases.export', stages: ['query', 'file'], log: (e) => ctx.req.log.error(e) }, async (job) => {
          const items = await queueRows(ctx.db, filter, 10_000);
          await job.stage('file', items.length);
          const data = await exportQueue(items);
          job.progress(items.length);
          return { result: { rows: items.length }, file: { name: `案件列表-${today()}.xlsx`, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', data } };
        });
        ctx.reply.status(202);
        return { job };
      },
    }),
    route({
      method: 'GET', url: '/api/cases/:id', action: policy.read,
      summary: 'One case: timeline, photos, department tasks, likely duplicates and the actions the caller may take now',
      params: IdParams,
      async handler(ctx) { return detail(ctx, ctx.params.id); },
    }),

    // ——— acting ———
    route({
      method: 'POST', url: '/api/cases/:id/actions', action: policy.act,
      summary: 'Move a case: register, reject, dispatch, accept, return, suspend, resume, handle, on_the_spot, verify, close, escalate, supervise, merge',
      description: 'Send the `version` you saw: a stale version gets 409 `case_version_conflict`. An action not allowed from the current state gets 409 `case_transition_invalid`. A department matter by the dispatch catalogue cannot be dispatched below a department (400 `case_department_matter`).',
      params: IdParams,
      body: Type.Object({
        action: Type.Union(ACTIONS.filter((a) => !['whistle', 'reopen'].includes(a)).map((a) => Type.Literal(a))),
        version: Type.Integer({ minimum: 1 }),
        note: Type.Optional(Type.String({ maxLength: 2000 })), reason: Type.Optional(Type.String({ maxLength: 500 })), result: Type.Optional(Type.String({ maxLength: 2000 })),
        photos: Type.Optional(Uuids),
        dispatchTo: Type.Optional(Type.Union([
          Type.Object({ kind: Type.Literal('grid_worker'), accountId: Id }, { additionalProperties: false }),
          Type.Object({ kind: Type.Literal('community') }, { additionalProperties: false }),
          Type.Object({ kind: Type.Literal('property'), name: Text(100) }, { additionalProperties: false }),
          Type.Object({ kind: Type.Literal('department'), departmentId: Id }, { additionalProperties: false }),
        ])),
        into: Type.Optional(Id),
      }, { additionalProperties: false }),
      async handler(ctx) {
        await ctx.command({ action: `cases.${ctx.body.action}`, targetType: 'case', targetId: String(ctx.params.id), detail: { version: ctx.body.version } },
          (tx) => act(tx, ctx.me, who(ctx), ctx.params.id, ctx.body as any));
        return detail(ctx, ctx.params.id);
      },
    }),
    route({
      method: 'POST', url: '/api/cases/:id/whistle', action: policy.whistle,
      summary: '街道吹哨: summon one lead department and any assisting ones, with a report-in deadline',
      description: 'Reasons (RULES.md): residents_unresolved 群众反映突出街道难以解决, joint_enforcement 综合执法, emergency 应急处置. Report-in limit defaults to the setting cases.reportInMinutes (30).',
      params: IdParams,
      body: Type.Object({
        version: Type.Integer({ minimum: 1 }),
        reason: Type.Union([Type.Literal('residents_unresolved'), Type.Literal('joint_enforcement'), Type.Literal('emergency')]),
        leadDepartmentId: Type.Optional(Id), assistDepartmentIds: Type.Optional(Type.Array(Id, { maxItems: 20 })),
        reportInMinutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 10080 })), note: Type.Optional(Type.String({ maxLength: 1000 })),
      }, { additionalProperties: false }),
      async handler(ctx) {
        await ctx.command({ action: 'cases.whistle', targetType: 'case', targetId: String(ctx.params.id), detail: { ...ctx.body } as any },
          (tx) => whistle(tx, ctx.me, who(ctx), ctx.params.id, ctx.body as any));
        return detail(ctx, ctx.params.id);
      },
    }),
    route({
      method: 'POST', url: '/api/cases/:id/tasks/:taskId/report-in', action: policy.departmentTask,
      summary: '部门报到: a summoned department acknowledges and names its handler (the lead\'s report-in accepts the case)',
      params: Type.Object({ id: Id, taskId: Id }),
      body: Type.Object({ handlerName: Text(50), note: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false }),
      async handler(ctx) {
        await ctx.command({ action: 'cases.report_in', targetType: 'case_task', targetId: String(ctx.params.taskId) }, (tx) => reportIn(tx, ctx.me, who(ctx), ctx.params.id, ctx.params.taskId, ctx.body));
        return detail(ctx, ctx.params.id);
      },
    }),
    route({
      method: 'POST', url: '/api/cases/:id/tasks/:taskId/done', action: policy.departmentTask,
      summary: 'A department reports back its own disposal (the lead\'s result moves the case to handled, for verification)',
      params: Type.Object({ id: Id, taskId: Id }),
      body: Type.Object({ result: Text(2000), photos: Type.Optional(Uuids) }, { additionalProperties: false }),
      async handler(ctx) {
        await ctx.command({ action: 'cases.task_done', targetType: 'case_task', targetId: String(ctx.params.taskId) }, (tx) => taskDone(tx, ctx.me, who(ctx), ctx.params.id, ctx.params.taskId, ctx.body));
        return detail(ctx, ctx.params.id);
      },
    }),
    route({
      method: 'POST', url: '/api/cases/:id/tasks/:taskId/rating', action: policy.rateDepartment,
      summary: 'The street rates a department\'s work on the case (1–5; feeds the departments\' assessment)',
      params: Type.Object({ id: Id, taskId: Id }),
      body: Type.Object({ score: Type.Integer({ minimum: 1, maximum: 5 }), note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
      async handler(ctx) {
        await ctx.command({ action: 'cases.rate_department', targetType: 'case_task', targetId: String(ctx.params.taskId), detail: { score: ctx.body.score } }, (tx) => rateDepartment(tx, ctx.me, who(ctx), ctx.params.id, ctx.params.taskId, ctx.body));
        return detail(ctx, ctx.params.id);
      },
    }),
    route({
      method: 'POST', url: '/api/cases/:id/rating', action: policy.rate,
      summary: 'Rate a closed case: the resident reporter themselves, or a callback (回访) recorded by staff other than the handler; record a 12345 callback; dissatisfied may reopen once',
      description: 'Satisfaction comes from the reporter. Staff record the resident\'s answer as a callback (caller = the signed-in account, `calledAt` = when); the handler may not (403 `case_callback_by_handler`). A case staff discovered themselves (source grid_worker, patrol or staff) has no rating (409 `case_not_rateable`) and is left out of 解决率 and 满意率.',
      params: IdParams,
      body: Type.Object({
        version: Type.Optional(Type.Integer({ minimum: 1 })), satisfaction: Satisfaction, resolved: Type.Optional(Type.Boolean()),
        note: Type.Optional(Type.String({ maxLength: 1000 })), reopen: Type.Optional(Type.Boolean()), reason: Type.Optional(Type.String({ maxLength: 500 })),
        noCallbackReason: Type.Optional(Type.String({ maxLength: 500 })),
        calledAt: Type.Optional(Type.String({ format: 'date-time', description: '回访: when the resident was called (default now); recorded with the caller (the signed-in account)' })),
      }, { additionalProperties: false }),
      async handler(ctx) {
        await ctx.command({ action: 'cases.rate', targetType: 'case', targetId: String(ctx.params.id), detail: { satisfaction: ctx.body.satisfaction, reopen: !!ctx.body.reopen } },
          (tx) => rate(tx, ctx.me, who(ctx), ctx.params.id, ctx.body as any));
        return detail(ctx, ctx.params.id);
      },
    }),
    route({
      method: 'GET', url: '/api/departments/mine/tasks', action: policy.departmentTask,
      summary: 'A department\'s whistles: tasks to report in and to report back, late ones flagged',
      query: Type.Object({ state: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('all')])) }),
      async handler(ctx) { return { items: await departmentTasks(ctx.db, ctx.me.accountId, ctx.query.state !== 'all') }; },
    }),

    route({
      method: 'POST', url: '/api/cases/:id/reveal-contact', action: policy.act,
      summary: 'The reporter\'s full phone number, to call them back: a reason is required and the reveal is audited (cases.reveal)',
      params: IdParams,
      body: Type.Object({ reason: Type.String({ maxLength: 200 }) }, { additionalProperties: false }),
      async handler(ctx) {
        if (ctx.body.reason.trim().length < 4) throw new AppError('reveal_reason_required');
        return ctx.command({ action: 'cases.reveal', targetType: 'case', targetId: String(ctx.params.id), detail: { field: 'reporterPhone', reason: ctx.body.reason.trim() } }, async (tx) => {
          const l = await loadCase(tx, ctx.me, ctx.params.id, false);
          // those who work the case: its dispatchers, its handler and the grid's workers
          if (!(l.rel.street || l.rel.community || l.rel.gridWorker || l.rel.handler)) throw new AppError('case_action_forbidden', { action: '查看联系电话' });
          const { rows } = await tx.query(`SELECT reporter_phone_enc FROM cases WHERE id = $1`, [ctx.params.id]);
          if (!rows[0]?.reporter_phone_enc) throw new AppError('field_not_set');
          return { phone: decrypt(ctx.keys, rows[0].reporter_phone_enc) };
        });
      },
    }),

    // ——— metrics and the sweep ———
    route({
      method: 'GET', url: '/api/metrics/cases', action: policy.metrics,
      summary: 'The rates of 接诉即办 and digital urban management for a region and period',
      description: `Rates are fractions 0–1, null where the denominator is 0.\n\n${METRIC_DEFINITIONS.map((d) => `- ${d}`).join('\n')}`,
      query: Type.Object({ region: RegionCode, from: DateStr, to: DateStr }),
      async handler(ctx) {
        const region = await callerRegion(ctx, ctx.query.region);
        if (ctx.query.to < ctx.query.from) throw new AppError('validation_failed', {}, [{ field: 'to', message: 'to is before from' }]);
        return { ...await caseMetrics(ctx.db, region, ctx.query.from, ctx.query.to), definitions: METRIC_DEFINITIONS };
      },
    }),
    route({
      method: 'GET', url: '/api/metrics/cases/export', action: policy.metrics,
      summary: 'The same rates as an Excel workbook to report upward (总体, 按类别, 按部门, 按区域, 口径说明)',
      query: Type.Object({ region: RegionCode, from: DateStr, to: DateStr }),
      async handler(ctx) {
        const region = await callerRegion(ctx, ctx.query.region);
        if (ctx.query.to < ctx.query.from) throw new AppError('validation_failed', {}, [{ field: 'to', message: 'to is before from' }]);
        const m = await caseMetrics(ctx.db, region, ctx.query.from, ctx.query.to);
        const buf = await exportMetrics(region.name, m, METRIC_DEFINITIONS);
        ctx.reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        ctx.reply.header('content-disposition', `attachment; filename="case-metrics.xlsx"; filename*=UTF-8''${encodeURIComponent(`${region.name}案件指标-${ctx.query.from}至${ctx.query.to}.xlsx`)}`);
        return buf;
      },
    }),
    route({
      method: 'POST', url: '/api/cases/sweep', action: policy.sweep,
      summary: 'Run the deadline sweep now (it also runs every minute). In demo mode asOf runs it as if it were that time.',
      body: Type.Object({ asOf: Type.Optional(Type.String({ format: 'date-time' })) }, { additionalProperties: false }),
      async handler(ctx) {
        if (ctx.body.asOf && !ctx.config.demo) throw new AppError('sweep_as_of_demo_only');
        const asOf = ctx.body.asOf ? new Date(ctx.body.asOf) : new Date();
        return ctx.command({ action: 'cases.sweep', detail: { asOf: asOf.toISOString() } }, async () => sweepDeadlines(ctx.db, asOf));
      },
    }),

    // ——— integrations (12345 hotline tokens, Open311 API keys) ———
    route({
      method: 'GET', url: '/api/integrations', action: policy.integrations,
      summary: 'Hotline integrations and Open311 API keys',
      async handler(ctx) {
        const { rows } = await ctx.db.query(`SELECT i.id, i.kind, i.name, i.region_code, r.name AS region_name, i.created_at, i.revoked_at FROM integration i JOIN region r ON r.code = i.region_code ORDER BY i.id`);
        return { items: rows.map((r) => ({ id: Number(r.id), kind: r.kind, name: r.name, regionCode: r.region_code, regionName: r.region_name, createdAt: r.created_at, revokedAt: r.revoked_at })) };
      },
    }),
    route({
      method: 'POST', url: '/api/integrations', action: policy.integrations,
      summary: 'Issue a hotline token or an Open311 API key (shown once)',
      body: Type.Object({ kind: Type.Union([Type.Literal('hotline'), Type.Literal('open311')]), name: Text(100), region: RegionCode }, { additionalProperties: false }),
      async handler(ctx) {
        const region = await findRegion(ctx.db, ctx.body.region);
        if (!region) throw new AppError('region_not_found', { code: ctx.body.region });
        const token = randomBytes(24).toString('base64url');
        const id = await ctx.command({ action: 'cases.integration.create', targetType: 'integration', targetId: (x: number) => String(x), detail: { kind: ctx.body.kind, name: ctx.body.name, region: region.code } },
          async (tx) => {
            await invalidate(tx, INTEGRATIONS_CACHE);
            return Number((await tx.query(`INSERT INTO integration (kind, name, token_hash, region_code, created_by) VALUES ($1,$2,$3,$4,$5) RETURNING id`, [ctx.body.kind, ctx.body.name, tokenHash(token), region.code, ctx.me.accountId])).rows[0].id);
          });
        ctx.reply.status(201);
        return { id, token };
      },
    }),
    route({
      method: 'DELETE', url: '/api/integrations/:id', action: policy.integrations,
      summary: 'Revoke a token or key', params: IdParams,
      async handler(ctx) {
        await ctx.command({ action: 'cases.integration.revoke', targetType: 'integration', targetId: String(ctx.params.id) }, async (tx) => {
          const r = await tx.query(`UPDATE integration SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1`, [ctx.params.id]);
          if (!r.rowCount) throw new AppError('integration_not_found', { id: ctx.params.id });
          await invalidate(tx, INTEGRATIONS_CACHE); // this process stops using the key at once; the others on the trigger's NOTIFY
        });
        return { ok: true };
      },
    }),
  ],
};

export { DEMO_OPEN311_KEY };
