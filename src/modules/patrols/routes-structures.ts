/** 拆违 routes: register, follow and count illegal structures; photos uploaded first, then named by the registration. */
import { Type } from '@sinclair/typebox';
import { pathInScope, visibleOr404 } from '../../core/access/policy.js';
import { CRS_LIST, inChina, toWgs84 } from '../../core/geo/crs.js';
import { AppError } from '../../core/http/errors.js';
import { route, type RouteDef } from '../../core/http/module.js';
import { readUpload } from '../../core/http/upload.js';
import { DateStr, fileReply, Id, Instant, named, Nullable, ref } from '../../core/http/schemas.js';
import { gridsOfCommunity } from '../grids/api.js';
import { householdPath } from '../people/api.js';
import { callerRegion, RegionCode } from '../regions/api.js';
import { STRUCTURE_ACTIONS, STRUCTURE_STATES } from './machine.js';
import { policy } from './policy.js';
import { dataScope, placeIn } from './scope.js';
import { countStructures, listStructures, loadStructure, readStructurePhoto, registerStructure, stepStructure, storeStructurePhoto, type Counts } from './structures.js';

const State = Type.Union(STRUCTURE_STATES.map((s) => Type.Literal(s)));
const Action = Type.Union(STRUCTURE_ACTIONS.map((s) => Type.Literal(s)));
const structureFields = {
  id: Type.Integer(), communityCode: Type.String(), gridCode: Nullable(Type.String()), address: Type.String(),
  lon: Nullable(Type.Number()), lat: Nullable(Type.Number()), description: Nullable(Type.String()), areaM2: Type.Number(),
  householdId: Nullable(Type.Integer()), foundOn: Type.String(), state: State, closedOn: Nullable(Type.String()), version: Type.Integer(),
  visits: Type.Integer({ description: 'persuasion visits (劝拆) so far' }), actions: Type.Array(Action, { description: 'the steps open now' }),
};
export const IllegalStructure = named('IllegalStructure', Type.Object(structureFields));
export const IllegalStructureDetail = named('IllegalStructureDetail', Type.Object({
  ...structureFields,
  events: Type.Array(Type.Object({ id: Type.Integer(), action: Type.String(), on: Type.String(), note: Nullable(Type.String()), actorName: Type.String(), at: Instant })),
  photos: Type.Array(Type.String({ format: 'uuid' })),
}));
const countFields = { total: Type.Integer(), open: Type.Integer(), selfRemoved: Type.Integer(), assistedRemoved: Type.Integer(), enforcement: Type.Integer() };
export const StructureCounts = named('StructureCounts', Type.Object({
  code: Type.String(), name: Type.String(), level: Type.String(), ...countFields,
  byChild: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), ...countFields })),
}));
const Saved = Type.Object({ id: Type.Integer(), state: State, version: Type.Integer() });
const MAX_PHOTO_MB = 8;

const strip = <T extends { path?: string }>(s: T) => { const { path: _p, ...rest } = s; return rest; };

export const structureRoutes: RouteDef[] = [
  route({
    method: 'POST', url: '/api/illegal-structures/photos', action: policy.registerStructure,
    summary: 'Upload a photo of an illegal structure (multipart field "file": JPEG, PNG or WebP; EXIF and GPS stripped); named later by the registration',
    bodyLimit: (MAX_PHOTO_MB + 1) * 1024 * 1024,
    response: { 201: Type.Object({ id: Type.String({ format: 'uuid' }), size: Type.Integer(), mime: Type.String() }) },
    async handler(ctx) {
      const max = MAX_PHOTO_MB * 1024 * 1024;
      const { buf } = await readUpload(ctx.req, { maxBytes: max, missing: () => new AppError('structure_photo_invalid'), tooLarge: () => new AppError('structure_photo_too_large', { mb: MAX_PHOTO_MB }) });
      const photo = await ctx.command({ action: 'patrols.structure.photo', targetType: 'illegal_structure_photo', targetId: (p: { id: string }) => p.id },
        (tx) => storeStructurePhoto(tx, ctx.config.dataDir, buf, ctx.me.accountId));
      ctx.reply.status(201);
      return { id: photo.id, size: photo.size, mime: photo.mime };
    },
  }),
  route({
    method: 'GET', url: '/api/illegal-structures/photos/:id', action: policy.structures,
    summary: 'A photo of an illegal structure (to those who may see the structure, or its uploader before it is attached)',
    params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
    response: { 200: fileReply('the photo', 'image/jpeg', 'image/png', 'image/webp') },
    async handler(ctx) {
      const { rows: [p] } = await ctx.db.query(
        `SELECT ph.file, ph.mime, ph.uploaded_by, s.path FROM illegal_structure_photo ph LEFT JOIN illegal_structure s ON s.id = ph.structure_id WHERE ph.id = $1`, [ctx.params.id]);
      const mine = p && p.path === null && Number(p.uploaded_by) === ctx.me.accountId;
      if (!p || (!mine && (p.path === null || !pathInScope(await dataScope(ctx), p.path)))) throw new AppError('structure_photo_not_found', { id: ctx.params.id });
      ctx.reply.header('content-type', p.mime).header('cache-control', 'private, max-age=86400');
      return readStructurePhoto(ctx.config.dataDir, p.file);
    },
  }),
  route({
    method: 'GET', url: '/api/illegal-structures', action: policy.structures,
    summary: 'The register of illegal structures (拆违台账) inside a region and the caller\'s area (a grid worker: their grids)',
    query: Type.Object({
      region: RegionCode, state: Type.Optional(Type.String({ pattern: '^[a-z_]+(,[a-z_]+)*$', maxLength: 100 })),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })), offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000, default: 0 })),
    }),
    response: { 200: Type.Object({ items: Type.Array(ref(IllegalStructure)), total: Type.Integer() }) },
    async handler(ctx) {
      const r = await callerRegion(ctx, ctx.query.region, { above: true });
      const list = await listStructures(ctx.db, r.path, await dataScope(ctx), { state: ctx.query.state, limit: ctx.query.limit ?? 50, offset: ctx.query.offset ?? 0 });
      return { items: list.items.map(strip), total: list.total };
    },
  }),
  route({
    method: 'GET', url: '/api/illegal-structures/counts', action: policy.structures,
    summary: 'Illegal structures counted in a region and per child region (a street\'s communities, a community\'s grids), inside the caller\'s area',
    query: Type.Object({ region: RegionCode }),
    response: { 200: ref(StructureCounts) },
    async handler(ctx) {
      const r = await callerRegion(ctx, ctx.query.region, { above: true });
      const scope = await dataScope(ctx);
      const { all, byChild } = await countStructures(ctx.db, r.path, scope);
      const children: { code: string; name: string; path: string }[] = r.level === 'community'
        ? await gridsOfCommunity(ctx.db, r.code)
        : (await ctx.db.query(`SELECT code, name, path FROM region_v WHERE parent_code = $1 ORDER BY code`, [r.code])).rows;
      const none: Counts = { total: 0, open: 0, selfRemoved: 0, assistedRemoved: 0, enforcement: 0 };
      return {
        code: r.code, name: r.name, level: r.level, ...all,
        byChild: children.filter((c) => pathInScope(scope, c.path, { above: true })).map((c) => ({ code: c.code, name: c.name, ...(byChild.get(c.code) ?? none) })),
      };
    },
  }),
  route({
    method: 'POST', url: '/api/illegal-structures', action: policy.registerStructure,
    summary: 'Register an illegal structure (违建登记): place (grid or community), address, size, owner household, photos, the date it was found',
    body: Type.Object({
      grid: Type.Optional(Type.String({ pattern: '^[0-9]{15}$' })), region: Type.Optional(RegionCode),
      address: Type.String({ minLength: 1, maxLength: 200 }),
      lon: Type.Optional(Type.Number()), lat: Type.Optional(Type.Number()), crs: Type.Optional(Type.Union(CRS_LIST.map((c) => Type.Literal(c)))),
      description: Type.Optional(Type.String({ maxLength: 2000 })),
      areaM2: Type.Number({ minimum: 0.01, maximum: 100000, description: 'm²' }),
      householdId: Type.Optional(Id), foundOn: DateStr,
      photos: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 9 })),
    }, { additionalProperties: false }),
    response: { 201: Saved },
    async handler(ctx) {
      const b = ctx.body;
      const scope = await dataScope(ctx);
      const at = await placeIn(ctx, scope, b);
      let lon: number | null = null, lat: number | null = null;
      if (b.lon !== undefined || b.lat !== undefined) {
        if (b.lon === undefined || b.lat === undefined) throw new AppError('patrol_point_outside_china', { lon: String(b.lon ?? ''), lat: String(b.lat ?? '') });
        [lon, lat] = toWgs84(b.lon, b.lat, b.crs ?? 'wgs84');
        if (!Number.isFinite(lon) || !Number.isFinite(lat) || !inChina(lon, lat)) throw new AppError('patrol_point_outside_china', { lon: b.lon, lat: b.lat });
      }
      if (b.householdId !== undefined) {
        const hp = await householdPath(ctx.db, b.householdId);
        if (!hp || !pathInScope(scope, hp) || !hp.startsWith(at.communityPath)) throw new AppError('structure_household_unknown', { id: b.householdId });
      }
      const r = await ctx.run(registerStructure, {
        at, address: b.address.trim() || b.address, lon, lat, description: b.description?.trim() || null, areaM2: Math.round(b.areaM2 * 100) / 100,
        householdId: b.householdId ?? null, foundOn: b.foundOn, photos: b.photos ?? [], accountId: ctx.me.accountId, actorName: ctx.me.displayName,
      });
      ctx.reply.status(201);
      return r;
    },
  }),
  route({
    method: 'GET', url: '/api/illegal-structures/:id', action: policy.structures,
    summary: 'One illegal structure with its steps (劝拆 visits, the end) and photos', params: Type.Object({ id: Id }),
    response: { 200: ref(IllegalStructureDetail) },
    async handler(ctx) {
      const s = visibleOr404(await dataScope(ctx), await loadStructure(ctx.db, ctx.params.id), 'structure_not_found', { id: ctx.params.id });
      return strip(s);
    },
  }),
  route({
    method: 'POST', url: '/api/illegal-structures/:id/steps', action: policy.followStructure,
    summary: 'A step: a persuasion visit (劝拆, a dated note), or the end — self-removed (自拆), assisted removal (帮拆), handed to enforcement (移交执法)',
    description: 'A step the state does not allow is a 409 `structure_transition_invalid` (an end is final); a stale `version` a 409 `structure_version_conflict`; a date in the future or before the previous step a 400.',
    params: Type.Object({ id: Id }),
    body: Type.Object({ action: Action, on: DateStr, note: Type.Optional(Type.String({ maxLength: 2000 })), version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
    response: { 200: Saved },
    async handler(ctx) {
      const s = await loadStructure(ctx.db, ctx.params.id);
      visibleOr404(await dataScope(ctx), s, 'structure_not_found', { id: ctx.params.id });
      return ctx.run(stepStructure, { id: ctx.params.id, action: ctx.body.action, on: ctx.body.on, note: ctx.body.note?.trim() || null, version: ctx.body.version, accountId: ctx.me.accountId, actorName: ctx.me.displayName });
    },
  }),
];
