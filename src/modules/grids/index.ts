import { Type } from '@sinclair/typebox';
import { assertInScope, scopeSql } from '../../core/access/policy.js';
import { toWgs84 } from '../../core/geo/crs.js';
import { AppError, messageFor, type Lang } from '../../core/http/errors.js';
import { route, type Module } from '../../core/http/module.js';
import { fileReply, Literals, ref } from '../../core/http/schemas.js';
import { readUpload } from '../../core/http/upload.js';
import { callerRegion, RegionCode, ServiceNumber } from '../regions/api.js';
import type { Issue } from './check.js';
import { addStaff, createGrid, deleteGrid, endStaff, importGrids, setStaffPhoto, setStaffWorkPhone, updateGrid } from './commands.js';
import { cardRoutes, cardPhoto, staffPhoto } from './cards.js';
import { gridCoverage } from './coverage.js';
import { DEMO_GRID_PLANS, insertLaidGrids, layoutGrids } from './demo.js';
import './errors.js';
import { locatorFor } from './locator.js';
import { migrations } from './migrations.js';
import { policy } from './policy.js';
import { Crs, Employment, GeometryIn, Grid, GridCode, GridCoverage, IssueOut, Kind, UnitKind } from './schemas.js';
import { getGrid, gridsOfAccount, listGrids } from './store.js';

const localise = (lang: Lang) => (i: Issue) => ({ ...i, message: messageFor(i.code, lang, i.params ?? {}) });


export const gridsModule: Module = {
  name: 'grids',
  title: '网格 Grids: the numbered grid map, grid staff, point → grid, staffing coverage, contact cards',
  migrations,
  policy,
  routes: [
    route({
      method: 'GET', url: '/api/grids', action: policy.read,
      summary: 'Grids inside a region and the caller\'s scope, with staff and WGS-84 geometry',
      query: Type.Object({ region: RegionCode, kind: Type.Optional(Kind) }),
      response: { 200: Type.Object({ items: Type.Array(ref(Grid)) }) },
      async handler(ctx) {
        // a region above the caller's scope is fine: the scope filter keeps only what it may see
        const region = await callerRegion(ctx, ctx.query.region, { above: true });
        return { items: await listGrids(ctx.db, region.path, ctx.scope, ctx.query.kind) };
      },
    }),
    route({
      method: 'GET', url: '/api/grids/locate', action: policy.locate,
      summary: 'Which grid, community and street contain a point (never an error for a point in no grid)',
      query: Type.Object({
        lon: Type.Number({ minimum: -180, maximum: 180 }), lat: Type.Number({ minimum: -90, maximum: 90 }),
        crs: Type.Optional(Crs),
      }),
      response: { 200: Type.Object({
        grid: Type.Union([Type.Object({ code: Type.String(), name: Type.String(), kind: Kind }), Type.Null()]),
        community: Type.Union([Type.Object({ code: Type.String(), name: Type.String() }), Type.Null()]),
        street: Type.Union([Type.Object({ code: Type.String(), name: Type.String() }), Type.Null()]),
      }) },
      async handler({ query, db }) {
        const [lon, lat] = toWgs84(query.lon, query.lat, query.crs ?? 'wgs84');
        return locatorFor(db).locate(lon, lat);
      },
    }),
    route({
      method: 'GET', url: '/api/grids/mine', action: policy.mine,
      summary: 'The grids the signed-in grid worker staffs',
      response: { 200: Type.Object({ items: Type.Array(ref(Grid)) }) },
      async handler({ db, me }) {
        return { items: await gridsOfAccount(db, me.accountId) };
      },
    }),
    route({
      method: 'GET', url: '/api/grids/:code', action: policy.read,
      summary: 'One grid',
      params: Type.Object({ code: GridCode }),
      response: { 200: ref(Grid) },
      async handler({ params, db, scope }) {
        const g = await getGrid(db, params.code);
        if (!g) throw new AppError('grid_not_found', { code: params.code });
        assertInScope(scope, g.path);
        const { path: _path, ...out } = g;
        return out;
      },
    }),
    route({
      method: 'POST', url: '/api/grids', action: policy.edit,
      summary: 'Draw a new grid; it gets the community\'s next free number',
      body: Type.Object({ communityCode: RegionCode, name: Type.String({ minLength: 1, maxLength: 100 }), kind: Kind, unitKind: Type.Optional(Type.Union([UnitKind, Type.Null()])), geometry: GeometryIn, crs: Type.Optional(Crs) }, { additionalProperties: false }),
      response: { 201: Type.Object({ grid: ref(Grid), warnings: Type.Array(ref(IssueOut)) }) },
      async handler(ctx) {
        const r = await ctx.command({ action: 'grids.create', targetType: 'grid', targetId: (x: { code: string }) => x.code }, (tx) => createGrid(tx, ctx.body, ctx.scope));
        locatorFor(ctx.db).invalidate();
        const g = (await getGrid(ctx.db, r.code))!;
        const { path: _p, ...grid } = g;
        ctx.reply.status(201);
        return { grid, warnings: r.warnings.map(localise(ctx.lang)) };
      },
    }),
    route({
      method: 'PUT', url: '/api/grids/:code', action: policy.edit,
      summary: 'Change a grid\'s name, kind or boundary (optimistic: send the version you read)',
      params: Type.Object({ code: GridCode }),
      body: Type.Object({ version: Type.Integer({ minimum: 1 }), name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), kind: Type.Optional(Kind), unitKind: Type.Optional(Type.Union([UnitKind, Type.Null()])), geometry: Type.Optional(GeometryIn), crs: Type.Optional(Crs) }, { additionalProperties: false }),
      response: { 200: Type.Object({ grid: ref(Grid), warnings: Type.Array(ref(IssueOut)) }) },
      async handler(ctx) {
        const r = await ctx.command({ action: 'grids.update', targetType: 'grid', targetId: ctx.params.code, detail: { fields: Object.keys(ctx.body).filter((k) => k !== 'version') } }, (tx) => updateGrid(tx, ctx.params.code, ctx.body, ctx.scope));
        locatorFor(ctx.db).invalidate();
        const { path: _p, ...grid } = (await getGrid(ctx.db, ctx.params.code))!;
        return { grid, warnings: r.warnings.map(localise(ctx.lang)) };
      },
    }),
    route({
      method: 'DELETE', url: '/api/grids/:code', action: policy.edit,
      summary: 'Remove a grid drawn by mistake (only while nobody staffs it)',
      params: Type.Object({ code: GridCode }),
      query: Type.Object({ version: Type.Integer({ minimum: 1 }) }),
      response: { 200: Type.Object({ ok: Type.Boolean() }) },
      async handler(ctx) {
        await ctx.command({ action: 'grids.delete', targetType: 'grid', targetId: ctx.params.code }, (tx) => deleteGrid(tx, ctx.params.code, ctx.query.version, ctx.scope));
        locatorFor(ctx.db).invalidate();
        return { ok: true };
      },
    }),
    route({
      method: 'POST', url: '/api/grids/import', action: policy.import,
      summary: 'Import grid boundaries from a GeoJSON FeatureCollection: check first (dryRun), then write all or nothing',
      description: 'Feature properties: `code` (15 digits) or `number`, `name`, `kind` (basic/dedicated/基础网格/专属网格), `unitKind`, `community` (12-digit code when the region is a street or district). ' +
        'Errors (nothing is written): invalid or self-intersecting rings, polygons with fewer than 3 points, coordinates outside China, basic grids of one community overlapping. Warnings: a grid far from its community\'s other grids, gaps between basic grids.',
      bodyLimit: 20 * 1024 * 1024,
      body: Type.Object({ region: RegionCode, crs: Type.Optional(Crs), geojson: Type.Any(), dryRun: Type.Boolean({ default: false }) }, { additionalProperties: false }),
      response: { 200: Type.Object({
        dryRun: Type.Boolean(), crs: Crs, crsSource: Type.String(), features: Type.Integer(), created: Type.Integer(), updated: Type.Integer(),
        errors: Type.Array(ref(IssueOut)), warnings: Type.Array(ref(IssueOut)),
        overlaps: Type.Array(Type.Object({ a: Type.String(), b: Type.String(), aName: Type.String(), bName: Type.String(), areaM2: Type.Number() })),
        gaps: Type.Array(Type.Object({ communityCode: Type.String(), areaM2: Type.Number(), center: Type.Array(Type.Number()) })),
      }) },
      async handler(ctx) {
        const L = localise(ctx.lang);
        const run = (tx: Parameters<typeof importGrids>[0]) => importGrids(tx, ctx.body, ctx.scope);
        try {
          const report = ctx.body.dryRun
            ? await ctx.db.tx(run) // a dry run writes nothing, so it has nothing to audit
            : await ctx.command({ action: 'grids.import', targetType: 'region', targetId: ctx.body.region, detail: (r: { created: number; updated: number; crs: string }) => ({ created: r.created, updated: r.updated, crs: r.crs }) }, run);
          if (!ctx.body.dryRun) locatorFor(ctx.db).invalidate();
          return { ...report, errors: report.errors.map(L), warnings: report.warnings.map(L) };
        } catch (e) {
          if (e instanceof AppError && e.code === 'grid_import_invalid') e.details = (e.details as Issue[]).map(L);
          throw e;
        }
      },
    }),
    route({
      method: 'POST', url: '/api/grids/:code/staff', action: policy.staff,
      summary: 'Assign a grid worker (full-time or part-time), the grid leader, or a dedicated grid\'s administrator',
      params: Type.Object({ code: GridCode }),
      body: Type.Object({
        post: Type.Union([Type.Literal('worker'), Type.Literal('leader'), Type.Literal('administrator')]),
        name: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
        username: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
        employment: Type.Optional(Employment),
      }, { additionalProperties: false }),
      response: { 200: ref(Grid) },
      async handler(ctx) {
        await ctx.command({ action: 'grids.staff.add', targetType: 'grid', targetId: ctx.params.code, detail: (r: { staffId: number; name: string }) => ({ staffId: r.staffId, name: r.name, post: ctx.body.post, employment: ctx.body.employment ?? null }) },
          (tx) => addStaff(tx, ctx.params.code, ctx.body, ctx.scope));
        const { path: _p, ...grid } = (await getGrid(ctx.db, ctx.params.code))!;
        return grid;
      },
    }),
    route({
      method: 'PUT', url: '/api/grids/:code/staff/:staffId', action: policy.staff,
      summary: 'Set a staff member\'s work number (工作电话, printed on the contact card; null clears it)',
      params: Type.Object({ code: GridCode, staffId: Type.Integer({ minimum: 1 }) }),
      body: Type.Object({ workPhone: Type.Union([ServiceNumber, Type.Null()]) }, { additionalProperties: false }),
      response: { 200: ref(Grid) },
      async handler(ctx) {
        await ctx.command({ action: 'grids.staff.profile', targetType: 'grid', targetId: ctx.params.code, detail: (r: { name: string; workPhone: string | null; before: string | null }) => ({ staffId: ctx.params.staffId, name: r.name, workPhone: r.workPhone, before: r.before }) },
          (tx) => setStaffWorkPhone(tx, ctx.params.code, ctx.params.staffId, ctx.body.workPhone, ctx.scope));
        const { path: _p, ...grid } = (await getGrid(ctx.db, ctx.params.code))!;
        return grid;
      },
    }),
    route({
      method: 'POST', url: '/api/grids/:code/staff/:staffId/photo', action: policy.staff,
      summary: 'Set a staff member\'s photo for the contact card (multipart field "file": JPEG, PNG or WebP; cut to 3:4, metadata removed)',
      params: Type.Object({ code: GridCode, staffId: Type.Integer({ minimum: 1 }) }),
      bodyLimit: 11 * 1024 * 1024,
      response: { 200: ref(Grid) },
      async handler(ctx) {
        const g = await getGrid(ctx.db, ctx.params.code);
        if (!g) throw new AppError('grid_not_found', { code: ctx.params.code });
        assertInScope(ctx.scope, g.path);
        const { buf } = await readUpload(ctx.req, { maxBytes: 10 * 1024 * 1024, missing: () => new AppError('staff_photo_invalid'), tooLarge: () => new AppError('staff_photo_too_large', { mb: 10 }) });
        const photo = await cardPhoto(buf);
        await ctx.command({ action: 'grids.staff.photo', targetType: 'grid', targetId: ctx.params.code, detail: (r: { name: string; bytes: number }) => ({ staffId: ctx.params.staffId, name: r.name, bytes: r.bytes }) },
          (tx) => setStaffPhoto(tx, ctx.params.code, ctx.params.staffId, photo, ctx.scope));
        const { path: _p, ...grid } = (await getGrid(ctx.db, ctx.params.code))!;
        return grid;
      },
    }),
    route({
      method: 'GET', url: '/api/grids/:code/staff/:staffId/photo', action: policy.read,
      summary: 'A staff member\'s contact-card photo (JPEG)',
      params: Type.Object({ code: GridCode, staffId: Type.Integer({ minimum: 1 }) }),
      response: { 200: fileReply('the photo', 'image/jpeg') },
      async handler(ctx) {
        const photo = await staffPhoto(ctx.db, ctx.params.code, ctx.params.staffId, ctx.scope);
        ctx.reply.header('content-type', 'image/jpeg');
        return photo;
      },
    }),
    route({
      method: 'DELETE', url: '/api/grids/:code/staff/:staffId', action: policy.staff,
      summary: 'End a staff assignment (kept in history)',
      params: Type.Object({ code: GridCode, staffId: Type.Integer({ minimum: 1 }) }),
      response: { 200: ref(Grid) },
      async handler(ctx) {
        await ctx.command({ action: 'grids.staff.end', targetType: 'grid', targetId: ctx.params.code, detail: (r: { name: string }) => ({ staffId: ctx.params.staffId, name: r.name }) },
          (tx) => endStaff(tx, ctx.params.code, ctx.params.staffId, ctx.scope));
        const { path: _p, ...grid } = (await getGrid(ctx.db, ctx.params.code))!;
        return grid;
      },
    }),
    route({
      method: 'GET', url: '/api/coverage/grids', action: policy.coverage,
      summary: 'Staffing view: basic grids with exactly one full-time worker (一格一专职), dedicated grids staffed, per child region',
      query: Type.Object({ region: RegionCode }),
      response: { 200: ref(GridCoverage) },
      async handler(ctx) {
        const region = await callerRegion(ctx, ctx.query.region);
        const cov = await gridCoverage(ctx.db, region, ctx.scope);
        const gaps = (await locatorFor(ctx.db).gapsUnder(region.path)).length;
        return { region: { code: region.code, name: region.name, level: region.level }, ...cov, gaps };
      },
    }),
    route({
      method: 'GET', url: '/api/map/settings', action: policy.mapSettings,
      summary: 'Map tiles (none, OpenStreetMap or 天地图) and a starting view for the caller\'s scope',
      response: { 200: Type.Object({ tiles: Literals(['none', 'osm', 'tianditu']), tiandituKey: Type.Union([Type.String(), Type.Null()]), center: Type.Array(Type.Number()), zoom: Type.Integer() }) },
      async handler({ db, scope }) {
        const tiles = ['none', 'osm', 'tianditu'].includes(process.env.GONGZHI_MAP_TILES ?? '') ? process.env.GONGZHI_MAP_TILES! : 'none';
        const params: unknown[] = [];
        const { rows } = await db.query(`SELECT min(min_lon) a, min(min_lat) b, max(max_lon) c, max(max_lat) d FROM grid WHERE ${scopeSql(scope, 'path', params)}`, params);
        const r = rows[0];
        const center = r.a === null ? [116.397, 39.909] : [(r.a + r.c) / 2, (r.b + r.d) / 2];
        return { tiles, tiandituKey: tiles === 'tianditu' ? process.env.GONGZHI_TIANDITU_KEY ?? null : null, center, zoom: r.a === null ? 5 : 13 };
      },
    }),
    ...cardRoutes,
  ],
  async demo({ db, log }) {
    for (const plan of DEMO_GRID_PLANS) {
      const { rows } = await db.query(
        `SELECT c.code, c.name, c.parent_code AS "streetCode", c.path FROM region c JOIN region p ON p.code = $1
          WHERE c.level = 'community' AND c.path LIKE p.path || '%' ORDER BY c.code`,
        [plan.under],
      );
      if (!rows.length) continue;
      const grids = layoutGrids(rows, plan);
      // the demo grid workers hold 府城社区's first two grids
      // and 王伟 曙光社区's first (呼和浩特新城区, the care plan's demo), its community's 网格长 as the grid's leader
      const GRID_OF: Record<string, string> = { gridworker: '460107002001001', gridworker2: '460107002001002', wangwei: '150102005002001' };
      const { rows: acc } = await db.query(`SELECT id, username FROM account WHERE username = ANY($1::text[])`, [[...Object.keys(GRID_OF), 'shuguang']]);
      const accounts = new Map<string, number>();
      for (const a of acc) if (GRID_OF[a.username]) accounts.set(GRID_OF[a.username], a.id);
      await db.tx(async (tx) => {
        await insertLaidGrids(tx, grids, plan.seed, accounts);
        const leader = acc.find((a) => a.username === 'shuguang');
        if (leader && grids.some((g) => g.code === GRID_OF.wangwei)) {
          await tx.query(`INSERT INTO grid_staff (grid_code, path, post, name, account_id) SELECT code, path, 'leader', '赵丽（网格长）', $2 FROM grid WHERE code = $1`, [GRID_OF.wangwei, leader.id]);
        }
      });
      log(`grids: ${grids.filter((g) => g.kind === 'basic').length} basic + ${grids.filter((g) => g.kind === 'dedicated').length} dedicated under ${plan.under}`);
    }
    locatorFor(db).invalidate();
  },
  metrics: {
    grids: async (db) => (await db.query('SELECT count(*)::int AS n FROM grid')).rows[0].n,
  },
};
