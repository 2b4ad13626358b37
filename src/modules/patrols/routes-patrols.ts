/** 巡查 routes: the phone starts, samples, reports from and ends a patrol; the console lists them; the track only to those allowed. */
import { Type } from '@sinclair/typebox';
import { likePrefix, pathInScope, scopeSql } from '../../core/access/policy.js';
import { CRS_LIST } from '../../core/geo/crs.js';
import { AppError } from '../../core/http/errors.js';
import { route, type Ctx, type RouteDef } from '../../core/http/module.js';
import { DateStr, Id, Instant, named, Nullable, ref } from '../../core/http/schemas.js';
import { chinaDayStart } from '../../core/time.js';
import { accountIdsByUsername } from '../accounts/api.js';
import { placeReport, type IntakeInput } from '../cases/api.js';
import { bodyBrief } from '../property/api.js';
import { RegionCode, callerRegion } from '../regions/api.js';
import { addPoints, casesOf, endPatrol, loadPatrol, membersOf, reportFromPatrol, startPatrol, trackOf, type MemberIn, type PatrolRow } from './patrols.js';
import { policy } from './policy.js';
import { dataScope, mayReadTrack, overseerScope, placeIn, type Where } from './scope.js';
import { trackRetentionDays } from './settings.js';

const GridCode = Type.String({ pattern: '^[0-9]{15}$' });
const Crs = Type.Optional(Type.Union(CRS_LIST.map((c) => Type.Literal(c))));
const Point = Type.Object({ lon: Type.Number({ minimum: -180, maximum: 180 }), lat: Type.Number({ minimum: -90, maximum: 90 }), at: Type.String({ format: 'date-time' }), crs: Crs }, { additionalProperties: false });
const Points = Type.Array(Point, { maxItems: 500 });
const MemberKind = Type.Union([Type.Literal('account'), Type.Literal('property_company'), Type.Literal('owners_committee'), Type.Literal('person')]);

export const PatrolMember = named('PatrolMember', Type.Object({ kind: MemberKind, refId: Nullable(Type.Integer()), name: Type.String() }));
export const Patrol = named('Patrol', Type.Object({
  id: Type.Integer(), patroller: Type.String(), mine: Type.Boolean(), communityCode: Type.String(), gridCode: Nullable(Type.String()),
  kind: Type.Union([Type.Literal('routine'), Type.Literal('joint')]), note: Nullable(Type.String()), summary: Nullable(Type.String()),
  startedAt: Instant, endedAt: Nullable(Instant), points: Type.Integer({ description: 'track points received (the points themselves are kept only for the retention period)' }),
  trackVisible: Type.Boolean({ description: 'whether the caller may read the precise track (the patroller, community or street staff above it)' }),
  members: Type.Array(ref(PatrolMember)), cases: Type.Array(Type.Object({ id: Type.Integer(), number: Type.String() })),
}));

type AnyCtx = Ctx<any, any, any>;

async function out(ctx: AnyCtx, rows: PatrolRow[]) {
  const ids = rows.map((p) => p.id);
  const [members, cases] = [await membersOf(ctx.db, ids), await casesOf(ctx.db, ids)];
  return rows.map((p) => ({
    id: p.id, patroller: p.patroller, mine: p.accountId === ctx.me.accountId, communityCode: p.communityCode, gridCode: p.gridCode, kind: p.kind,
    note: p.note, summary: p.summary, startedAt: p.startedAt, endedAt: p.endedAt, points: p.points, trackVisible: mayReadTrack(ctx, p),
    members: (members.get(p.id) ?? []) as { kind: MemberIn['kind']; refId: number | null; name: string }[], cases: cases.get(p.id) ?? [],
  }));
}

/** A patrol the caller may see (its patroller, or staff overseeing its region), else 404. */
async function visiblePatrol(ctx: AnyCtx, id: number): Promise<PatrolRow> {
  const p = await loadPatrol(ctx.db, id);
  if (!p || (p.accountId !== ctx.me.accountId && !pathInScope(overseerScope(ctx, ['community_staff', 'street_command', 'admin']), p.path))) {
    throw new AppError('patrol_not_found', { id });
  }
  return p;
}

async function resolveMembers(ctx: AnyCtx, at: Where, list: { kind: MemberIn['kind']; username?: string; id?: number; name?: string }[]): Promise<MemberIn[]> {
  const outList: MemberIn[] = [];
  for (const m of list) {
    if (m.kind === 'account') {
      const username = m.username?.trim().toLowerCase() ?? '';
      const id = username ? (await accountIdsByUsername(ctx.db, [username])).get(username) : undefined;
      if (id === undefined) throw new AppError('patrol_member_unknown', { member: m.username ?? '' });
      outList.push({ kind: 'account', refId: id, name: m.name?.trim() || username });
    } else if (m.kind === 'person') {
      const name = m.name?.trim();
      if (!name) throw new AppError('patrol_member_unknown', { member: '' });
      outList.push({ kind: 'person', refId: null, name });
    } else {
      const b = m.id === undefined ? null : await bodyBrief(ctx.db, m.kind, m.id);
      // a body of this community: a company of the district serving it, a committee of a compound in it
      if (!b || !(at.communityPath.startsWith(b.path) || b.path.startsWith(at.communityPath))) throw new AppError('patrol_member_unknown', { member: `${m.kind}:${m.id ?? ''}` });
      outList.push({ kind: m.kind, refId: b.id, name: m.name?.trim() || b.name });
    }
  }
  return outList;
}

export const patrolRoutes: RouteDef[] = [
  route({
    method: 'GET', url: '/api/patrols', action: policy.read,
    summary: 'Patrols: a grid worker\'s own; community and street staff (and administrators) every patrol in their area',
    query: Type.Object({
      region: Type.Optional(RegionCode), mine: Type.Optional(Type.Boolean()), open: Type.Optional(Type.Boolean()),
      from: Type.Optional(DateStr), to: Type.Optional(DateStr),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })), offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000, default: 0 })),
    }),
    response: { 200: Type.Object({ items: Type.Array(ref(Patrol)), total: Type.Integer() }) },
    async handler(ctx) {
      const q = ctx.query;
      const params: unknown[] = [ctx.me.accountId];
      const overseer = overseerScope(ctx, ['community_staff', 'street_command', 'admin']);
      let where = q.mine ? `p.account_id = $1` : `(p.account_id = $1 OR ${scopeSql(overseer, 'p.path', params)})`;
      if (q.region) {
        const r = await callerRegion(ctx, q.region, { above: true });
        params.push(likePrefix(r.path)); where += ` AND p.path LIKE $${params.length}`;
      }
      if (q.open) where += ` AND p.ended_at IS NULL`;
      // no patrol before 2000 or after 2999: the bounds are clamped there (and stay inside what a timestamp holds)
      if (q.from) { params.push(chinaDayStart(q.from < '2000-01-01' ? '2000-01-01' : q.from)); where += ` AND p.started_at >= $${params.length}`; }
      if (q.to) { params.push(new Date(chinaDayStart(q.to > '2999-12-31' ? '2999-12-31' : q.to).getTime() + 86400_000)); where += ` AND p.started_at < $${params.length}`; }
      const { rows: [{ n }] } = await ctx.db.query(`SELECT count(*)::int AS n FROM patrol p WHERE ${where}`, params);
      params.push(q.limit ?? 50, q.offset ?? 0);
      const { rows } = await ctx.db.query(
        `SELECT p.id FROM patrol p WHERE ${where} ORDER BY p.started_at DESC, p.id DESC LIMIT $${params.length - 1} OFFSET $${params.length}`, params);
      const list = (await Promise.all(rows.map((r) => loadPatrol(ctx.db, Number(r.id))))).filter((p): p is PatrolRow => !!p);
      return { items: await out(ctx, list), total: n };
    },
  }),
  route({
    method: 'POST', url: '/api/patrols', action: policy.patrol,
    summary: 'Start a patrol (巡查) over a grid or community; a joint patrol (联动巡查) names its members',
    description: 'One open patrol per account (409 `patrol_already_open`). Members of a joint patrol: accounts (username), property companies and owners\' committees (id, of this community), or named people.',
    body: Type.Object({
      grid: Type.Optional(GridCode), region: Type.Optional(RegionCode),
      kind: Type.Optional(Type.Union([Type.Literal('routine'), Type.Literal('joint')])),
      note: Type.Optional(Type.String({ maxLength: 500 })),
      members: Type.Optional(Type.Array(Type.Object({
        kind: MemberKind, username: Type.Optional(Type.String({ maxLength: 32 })), id: Type.Optional(Id), name: Type.Optional(Type.String({ maxLength: 100 })),
      }, { additionalProperties: false }), { maxItems: 20 })),
    }, { additionalProperties: false }),
    response: { 201: Type.Object({ id: Type.Integer(), startedAt: Instant }) },
    async handler(ctx) {
      const b = ctx.body;
      const kind = b.kind ?? (b.members?.length ? 'joint' : 'routine');
      if (kind === 'routine' && b.members?.length) throw new AppError('patrol_members_joint_only');
      const at = await placeIn(ctx, await dataScope(ctx), b);
      const members = await resolveMembers(ctx, at, b.members ?? []);
      const r = await ctx.run(startPatrol, { accountId: ctx.me.accountId, patroller: ctx.me.displayName, at, kind, note: b.note?.trim() || null, members });
      ctx.reply.status(201);
      return r;
    },
  }),
  route({
    method: 'GET', url: '/api/patrols/:id', action: policy.read,
    summary: 'One patrol (without its track)', params: Type.Object({ id: Id }),
    response: { 200: ref(Patrol) },
    async handler(ctx) {
      return (await out(ctx, [await visiblePatrol(ctx, ctx.params.id)]))[0];
    },
  }),
  route({
    method: 'POST', url: '/api/patrols/:id/points', action: policy.patrol,
    summary: 'Track points of the caller\'s own patrol (WGS-84, or crs=gcj02 from WeChat); a point outside China is a 400',
    description: 'Points are optional; they are kept encrypted for the configured number of days (setting `patrols.trackRetentionDays`) and never shown to residents.',
    params: Type.Object({ id: Id }), body: Type.Object({ points: Points }, { additionalProperties: false }),
    response: { 200: Type.Object({ stored: Type.Integer(), points: Type.Integer() }) },
    async handler(ctx) {
      return ctx.run(addPoints, { id: ctx.params.id, accountId: ctx.me.accountId, keys: ctx.keys, points: ctx.body.points });
    },
  }),
  route({
    method: 'POST', url: '/api/patrols/:id/end', action: policy.patrol,
    summary: 'End the caller\'s own patrol, with a summary and the last track points', params: Type.Object({ id: Id }),
    body: Type.Object({ summary: Type.Optional(Type.String({ maxLength: 2000 })), points: Type.Optional(Points) }, { additionalProperties: false }),
    response: { 200: Type.Object({ id: Type.Integer(), endedAt: Instant, points: Type.Integer() }) },
    async handler(ctx) {
      return ctx.run(endPatrol, { id: ctx.params.id, accountId: ctx.me.accountId, keys: ctx.keys, summary: ctx.body.summary?.trim() || null, points: ctx.body.points ?? [] });
    },
  }),
  route({
    method: 'POST', url: '/api/patrols/:id/cases', action: policy.patrol,
    summary: 'Report a problem found on the caller\'s patrol: a case (source patrol, the joint patrol\'s members named) linked to the patrol',
    description: 'Filed through the cases module\'s intake (`cases.report`); `clientRef` makes a retry safe (200 with the same case).',
    params: Type.Object({ id: Id }),
    body: Type.Object({
      categoryCode: Type.Optional(Type.String({ maxLength: 8 })), description: Type.String({ minLength: 1, maxLength: 2000 }),
      lon: Type.Optional(Type.Number()), lat: Type.Optional(Type.Number()), crs: Crs, address: Type.Optional(Type.String({ maxLength: 200 })),
      photos: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 9 })),
      clientRef: Type.Optional(Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' })),
    }, { additionalProperties: false }),
    response: { 200: Type.Object({ id: Type.Integer(), number: Type.String(), state: Type.String() }), 201: Type.Object({ id: Type.Integer(), number: Type.String(), state: Type.String() }) },
    async handler(ctx) {
      const p = await loadPatrol(ctx.db, ctx.params.id);
      if (!p || p.accountId !== ctx.me.accountId) throw new AppError('patrol_not_found', { id: ctx.params.id });
      const members = (await membersOf(ctx.db, [p.id])).get(p.id) ?? [];
      const b = ctx.body;
      const input: IntakeInput = {
        source: 'patrol', categoryCode: b.categoryCode, description: b.description, lon: b.lon, lat: b.lat, crs: b.crs, address: b.address,
        photos: b.photos, clientRef: b.clientRef, patrolMembers: members.length ? members.map((m) => m.name).join('、').slice(0, 200) : undefined,
      };
      const at = await placeReport(ctx.db, input, { scope: ctx.req.grants.map((g) => g.regionPath), fallbackRegion: p.communityCode });
      const role = ctx.req.grants[0]?.role ?? null;
      const r = await ctx.run(reportFromPatrol, { patrolId: p.id, accountId: ctx.me.accountId, report: { ...input, at, keys: ctx.keys, reporter: { name: ctx.me.displayName, role } } });
      ctx.reply.status(r.created ? 201 : 200);
      return { id: r.id, number: r.number, state: r.state };
    },
  }),
  route({
    method: 'GET', url: '/api/patrols/:id/track', action: policy.track,
    summary: 'The precise track of a patrol (sensitive): to its patroller and the community and street staff above it; each reading is audited',
    params: Type.Object({ id: Id }),
    response: { 200: Type.Object({ retentionDays: Type.Integer(), points: Type.Array(Type.Object({ lon: Type.Number(), lat: Type.Number(), at: Instant })) }) },
    async handler(ctx) {
      const p = await loadPatrol(ctx.db, ctx.params.id);
      if (!p || !mayReadTrack(ctx, p)) throw new AppError('patrol_not_found', { id: ctx.params.id });
      const points = await ctx.command({ action: 'patrols.track.view', targetType: 'patrol', targetId: String(p.id), detail: (r: unknown[]) => ({ points: r.length }) },
        (tx) => trackOf(tx, ctx.keys, p.id));
      return { retentionDays: await trackRetentionDays(ctx.db), points };
    },
  }),
];
