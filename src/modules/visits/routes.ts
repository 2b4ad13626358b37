/** Visits, sentiment records and proxy services over HTTP (入户走访、社情民意、代办). */
import { Type } from '@sinclair/typebox';
import { pathInScope } from '../../core/access/policy.js';
import { AppError } from '../../core/http/errors.js';
import { route, type Ctx, type RouteDef } from '../../core/http/module.js';
import { DateStr, Id, Instant, named, Nullable, ref } from '../../core/http/schemas.js';
import { chinaDayStart, chinaToday, addDays } from '../../core/time.js';
import { placeReport, type ReportCaseInput } from '../cases/api.js';
import { gridBrief } from '../grids/api.js';
import { gridWorkerScope } from '../grids/scope.js';
import { householdBrief, residentsBrief, type HouseholdBrief } from '../people/api.js';
import { bodyHash, CONTACT_KINDS, logVisit, recordProxy, saveTopic, toCase, URGENCIES } from './commands.js';
import { policy } from './policy.js';
import { loadProxyServices, loadVisits, topics, visitById, visitsOfDay } from './queries.js';

const ClientRef = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$', description: 'Chosen by the phone once per record: a retry with the same clientRef returns the first result; another body with it is a 409' });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });

export const SentimentRecord = named('SentimentRecord', Type.Object({
  id: Type.Integer(), topics: Type.Array(Type.String()), text: Type.String(), urgency: Type.String(), caseId: Nullable(Type.Integer()), caseNumber: Nullable(Type.String()),
}));
export const Visit = named('Visit', Type.Object({
  id: Type.Integer(), at: Instant, kind: Type.String(), durationMin: Type.Integer(), nobodyHome: Type.Boolean(), notes: Nullable(Type.String()),
  householdId: Type.Integer(), address: Nullable(Type.String()), gridCode: Type.String(), worker: Type.String(),
  met: Type.Array(Type.Object({ residentId: Type.Integer(), name: Type.String() })),
  sentiments: Type.Array(ref(SentimentRecord)), caseId: Nullable(Type.Integer()), caseNumber: Nullable(Type.String()), createdAt: Instant,
}));
export const ProxyService = named('ProxyService', Type.Object({
  id: Type.Integer(), residentId: Type.Integer(), residentName: Type.String(), matter: Type.String(), result: Nullable(Type.String()), doneOn: Type.String(), worker: Type.String(), visitId: Nullable(Type.Integer()),
}));
export const ContactHistory = named('ContactHistory', Type.Object({ visits: Type.Array(ref(Visit)), proxyServices: Type.Array(ref(ProxyService)) }));
export const VisitTopic = named('VisitTopic', Type.Object({ code: Type.String(), nameZh: Type.String(), nameEn: Type.String(), active: Type.Boolean(), sort: Type.Integer() }));
export const CaseFromContact = named('CaseFromContact', Type.Object({ id: Type.Integer(), number: Type.String(), state: Type.String() }));

/** The caller's personal-data scope: a grid worker's grids, community staff's community. */
const scopeOf = (ctx: Ctx<any, any, any>) => gridWorkerScope(ctx.db, ctx.actor, ctx.req.grants);
const strip = <T extends { path: string }>(v: T) => { const { path: _p, ...out } = v; return out; };
const roleOf = (ctx: Ctx<any, any, any>) => ctx.req.grants[0]?.role ?? null;

async function householdInScope(ctx: Ctx<any, any, any>, scope: string[], id: number): Promise<HouseholdBrief> {
  const h = await householdBrief(ctx.db, id);
  if (!h || !pathInScope(scope, h.path)) throw new AppError('household_not_found', { id });
  return h;
}

async function visitInScope(ctx: Ctx<any, any, any>, id: number) {
  const v = await visitById(ctx.db, id);
  if (!v || !pathInScope(await scopeOf(ctx), v.path)) throw new AppError('visit_not_found', { id });
  return v;
}

const CaseBody = Type.Object({
  categoryCode: Type.String({ minLength: 1, maxLength: 8 }),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  onTheSpot: Type.Optional(Type.Object({ result: Type.String({ maxLength: 2000 }) }, { additionalProperties: false })),
}, { additionalProperties: false });

/** Turn a visit (or its sentiment record) into a case through cases' reportCase, in the grid of the household. */
async function caseFrom(ctx: Ctx<{ id: number }, unknown, { categoryCode: string; description?: string; onTheSpot?: { result: string } }>, visitId: number, sentimentId: number | null, fallbackText: string | null) {
  const v = await visitInScope(ctx, visitId);
  // made into a case already: say which (the command checks again under the row lock)
  const made = sentimentId === null ? v : v.sentiments.find((s) => s.id === sentimentId);
  if (made?.caseId) throw new AppError('visit_case_exists', { number: made.caseNumber ?? String(made.caseId) });
  const b = ctx.body;
  const role = roleOf(ctx);
  if (b.onTheSpot && role !== 'grid_worker') throw new AppError('case_action_forbidden', { action: '现场处置' });
  const description = (b.description?.trim() || fallbackText?.trim() || '');
  if (description.length < 2) throw new AppError('visit_case_description_required');
  const grid = await gridBrief(ctx.db, v.gridCode);
  const input = { source: role === 'grid_worker' ? 'grid_worker' : 'staff', categoryCode: b.categoryCode, description, address: v.address ?? grid?.name ?? '入户走访', regionCode: grid?.communityCode, onTheSpot: b.onTheSpot } as const;
  const placed = await placeReport(ctx.db, input, { scope: null, fallbackRegion: null });
  // the household's grid, not the community's street queue: the worker is there
  const at = { ...placed, gridCode: v.gridCode, path: v.path };
  const report: ReportCaseInput = { ...input, at, keys: ctx.keys, reporter: { name: ctx.me.displayName, role }, eventDetail: { visitId, ...(sentimentId ? { sentimentId } : {}) } };
  const r = await ctx.run(toCase, { visitId, sentimentId, report });
  ctx.reply.status(201);
  return r;
}

export const visitRoutes: RouteDef[] = [
  route({
    method: 'POST', url: '/api/visits', action: policy.log,
    summary: 'Log a contact with a household of the caller\'s grids (入户走访, call, met outside) with its sentiment records (社情民意)',
    description: 'Answers 201 with the visit; a retry with the same `clientRef` answers 200 with the first result, and a different body with the same clientRef 409 `visit_client_ref_conflict`. ' +
      'A household or resident outside the caller\'s grids is a 404. `nobodyHome` (home visits only) names nobody met and counts for no care-plan slot.',
    body: Type.Object({
      householdId: Type.Optional(Id),
      at: Type.String({ format: 'date-time' }),
      kind: Type.Union(CONTACT_KINDS.map((k) => Type.Literal(k))),
      durationMin: Type.Integer(),
      nobodyHome: Type.Optional(Type.Boolean()),
      met: Type.Optional(Type.Array(Id, { maxItems: 20 })),
      notes: Type.Optional(Type.String({ maxLength: 2000 })),
      sentiments: Type.Optional(Type.Array(Type.Object({
        topics: Type.Array(Type.String({ maxLength: 32 }), { minItems: 1, maxItems: 10 }),
        text: Text(2000),
        urgency: Type.Union(URGENCIES.map((u) => Type.Literal(u))),
      }, { additionalProperties: false }), { maxItems: 20 })),
      clientRef: Type.Optional(ClientRef),
    }, { additionalProperties: false }),
    response: { 200: ref(Visit), 201: ref(Visit) },
    async handler(ctx) {
      const b = ctx.body;
      const at = new Date(b.at);
      if (at.getTime() > Date.now() + 5 * 60_000) throw new AppError('visit_in_future');
      if (!(at.getTime() >= Date.UTC(2000, 0, 1))) throw new AppError('visit_at_invalid'); // five minutes of a phone's clock running fast
      if (b.durationMin < 0 || b.durationMin > 1440) throw new AppError('visit_duration_invalid');
      const met = [...new Set(b.met ?? [])];
      const nobodyHome = !!b.nobodyHome;
      if (nobodyHome && b.kind !== 'home_visit') throw new AppError('visit_nobody_home_kind');
      if (nobodyHome && met.length) throw new AppError('visit_nobody_home_met');
      if (b.householdId === undefined && !met.length) throw new AppError('visit_target_required');
      const scope = await scopeOf(ctx);
      // the people met must be the caller's to see: a resident elsewhere does not exist for them
      const people = await residentsBrief(ctx.db, met);
      for (const id of met) { const p = people.get(id); if (!p || !pathInScope(scope, p.path)) throw new AppError('resident_not_found', { id }); }
      const householdId = b.householdId ?? people.get(met[0])!.householdId;
      if (householdId === null) throw new AppError('visit_met_not_member', { id: met[0] });
      const household = await householdInScope(ctx, scope, householdId);
      for (const id of met) if (!household.members.includes(id)) throw new AppError('visit_met_not_member', { id });
      if (!nobodyHome && !met.length) throw new AppError('visit_met_required');
      const known = new Set((await topics(ctx.db)).map((t) => t.code));
      for (const s of b.sentiments ?? []) for (const t of s.topics) if (!known.has(t)) throw new AppError('visit_topic_unknown', { topic: t });
      const r = await ctx.run(logVisit, {
        accountId: ctx.me.accountId, workerName: ctx.me.displayName, household, at: at.toISOString(), kind: b.kind, durationMin: b.durationMin, nobodyHome,
        notes: b.notes?.trim() || null, met, sentiments: (b.sentiments ?? []).map((s) => ({ topics: [...new Set(s.topics)], text: s.text.trim() || s.text, urgency: s.urgency })),
        clientRef: b.clientRef ?? null, hash: bodyHash(b as Record<string, unknown>),
      });
      ctx.reply.status(r.created ? 201 : 200);
      return strip((await visitById(ctx.db, r.id))!);
    },
  }),
  route({
    method: 'GET', url: '/api/visits', action: policy.read,
    summary: 'The visits of a China day: the caller\'s own (mine=true, the phone\'s 今日走访) or all in the caller\'s scope',
    query: Type.Object({ date: DateStr, mine: Type.Optional(Type.Boolean()) }),
    response: { 200: Type.Object({ items: Type.Array(ref(Visit)) }) },
    async handler(ctx) {
      if (ctx.query.date < '2000-01-01' || ctx.query.date > '2100-12-31') throw new AppError('visit_date_invalid');
      const from = chinaDayStart(ctx.query.date), to = chinaDayStart(addDays(ctx.query.date, 1));
      const items = await visitsOfDay(ctx.db, from, to, { scope: await scopeOf(ctx), accountId: ctx.query.mine ? ctx.me.accountId : undefined });
      return { items: items.map(strip) };
    },
  }),
  route({
    method: 'GET', url: '/api/visits/:id', action: policy.read,
    summary: 'One visit with the people met and its sentiment records', params: Type.Object({ id: Id }),
    response: { 200: ref(Visit) },
    async handler(ctx) {
      return strip(await visitInScope(ctx, ctx.params.id));
    },
  }),
  route({
    method: 'GET', url: '/api/contacts', action: policy.read,
    summary: 'The contact history of a household or a resident: visits and calls, sentiment records, proxy services (newest first)',
    query: Type.Object({ household: Type.Optional(Id), resident: Type.Optional(Id) }),
    response: { 200: ref(ContactHistory) },
    async handler(ctx) {
      const q = ctx.query;
      if ((q.household === undefined) === (q.resident === undefined)) throw new AppError('visit_query_required');
      const scope = await scopeOf(ctx);
      if (q.household !== undefined) {
        await householdInScope(ctx, scope, q.household);
        const visits = await loadVisits(ctx.db, 'v.household_id = $1', [q.household]);
        return { visits: visits.map(strip), proxyServices: await loadProxyServices(ctx.db, 'ps.household_id = $1', [q.household]) };
      }
      const p = (await residentsBrief(ctx.db, [q.resident!])).get(q.resident!);
      if (!p || !pathInScope(scope, p.path)) throw new AppError('resident_not_found', { id: q.resident! });
      const visits = await loadVisits(ctx.db, `(EXISTS (SELECT 1 FROM visit_person vp WHERE vp.visit_id = v.id AND vp.resident_id = $1) OR (v.household_id = $2 AND v.nobody_home))`, [p.id, p.householdId ?? 0]);
      return { visits: visits.map(strip), proxyServices: await loadProxyServices(ctx.db, 'ps.resident_id = $1', [p.id]) };
    },
  }),
  route({
    method: 'POST', url: '/api/visits/:id/case', action: policy.toCase,
    summary: 'Turn a visit into a case (cases\' reportCase), linked both ways; onTheSpot: fixed there and then (grid workers)',
    description: 'The case\'s report event carries `visitId`; the visit carries the case. A second attempt is a 409 `visit_case_exists` naming the case.',
    params: Type.Object({ id: Id }), body: CaseBody,
    response: { 201: ref(CaseFromContact) },
    async handler(ctx) {
      const v = await visitInScope(ctx, ctx.params.id);
      return caseFrom(ctx, v.id, null, v.notes);
    },
  }),
  route({
    method: 'POST', url: '/api/sentiments/:id/case', action: policy.toCase,
    summary: 'Turn a sentiment record into a case (cases\' reportCase), linked both ways',
    params: Type.Object({ id: Id }), body: CaseBody,
    response: { 201: ref(CaseFromContact) },
    async handler(ctx) {
      const { rows: [s] } = await ctx.db.query(`SELECT id, visit_id, text FROM sentiment WHERE id = $1`, [ctx.params.id]);
      const v = s && await visitById(ctx.db, Number(s.visit_id));
      if (!s || !v || !pathInScope(await scopeOf(ctx), v.path)) throw new AppError('sentiment_not_found', { id: ctx.params.id });
      return caseFrom(ctx, v.id, Number(s.id), s.text);
    },
  }),
  route({
    method: 'POST', url: '/api/proxy-services', action: policy.proxy,
    summary: 'Record a proxy service (代办) for a resident of the caller\'s grids: the matter (e.g. 老年卡办理), its result and date',
    body: Type.Object({
      residentId: Id, matter: Text(100), result: Type.Optional(Type.String({ maxLength: 1000 })), doneOn: DateStr,
      visitId: Type.Optional(Id), clientRef: Type.Optional(ClientRef),
    }, { additionalProperties: false }),
    response: { 200: ref(ProxyService), 201: ref(ProxyService) },
    async handler(ctx) {
      const b = ctx.body;
      const scope = await scopeOf(ctx);
      const p = (await residentsBrief(ctx.db, [b.residentId])).get(b.residentId);
      if (!p || !pathInScope(scope, p.path)) throw new AppError('resident_not_found', { id: b.residentId });
      if (b.doneOn > chinaToday()) throw new AppError('proxy_date_in_future');
      if (b.doneOn < '2000-01-01') throw new AppError('visit_date_invalid');
      if (b.visitId !== undefined) await visitInScope(ctx, b.visitId);
      if (!b.matter.trim()) throw new AppError('validation_failed');
      const r = await ctx.run(recordProxy, {
        accountId: ctx.me.accountId, workerName: ctx.me.displayName, residentId: p.id, householdId: p.householdId, path: p.path,
        matter: b.matter.trim(), result: b.result?.trim() || null, doneOn: b.doneOn, visitId: b.visitId ?? null, clientRef: b.clientRef ?? null, hash: bodyHash(b as Record<string, unknown>),
      });
      ctx.reply.status(r.created ? 201 : 200);
      return (await loadProxyServices(ctx.db, 'ps.id = $1', [r.id]))[0];
    },
  }),
  route({
    method: 'GET', url: '/api/visit-topics', action: policy.topics,
    summary: 'The sentiment topics (社情民意类别); all=true includes the retired ones',
    query: Type.Object({ all: Type.Optional(Type.Boolean()) }),
    response: { 200: Type.Object({ items: Type.Array(ref(VisitTopic)) }) },
    async handler(ctx) {
      return { items: await topics(ctx.db, !!ctx.query.all) };
    },
  }),
  route({
    method: 'PUT', url: '/api/visit-topics/:code', action: policy.editTopics,
    summary: 'Add or change a sentiment topic (administrators; audited). A topic is retired with active=false, never deleted',
    params: Type.Object({ code: Type.String({ pattern: '^[a-z][a-z0-9_]{0,31}$' }) }),
    body: Type.Object({ nameZh: Text(20), nameEn: Text(40), active: Type.Optional(Type.Boolean()), sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })) }, { additionalProperties: false }),
    response: { 200: ref(VisitTopic) },
    async handler(ctx) {
      const b = ctx.body;
      await ctx.run(saveTopic, { code: ctx.params.code, nameZh: b.nameZh.trim() || b.nameZh, nameEn: b.nameEn.trim() || b.nameEn, active: b.active ?? true, sort: b.sort ?? 100 });
      return (await topics(ctx.db, true)).find((t) => t.code === ctx.params.code)!;
    },
  }),
];
