import { Type } from '@sinclair/typebox';
import { assertInScope } from '../../core/access/policy.js';
import { AppError, defineErrors } from '../../core/http/errors.js';
import { route, type Module } from '../../core/http/module.js';
import { importRegions } from './importer.js';
import { migrations } from './migrations.js';
import { policy } from './policy.js';
import { callerRegion } from './api.js';
import { ancestorsOf, childrenInScope, findRegionWithAncestors, scopeRoots, searchInScope } from './queries.js';
import { ref } from '../../core/http/schemas.js';
import { Hotline, RegionChild, RegionCode, RegionDetail, RegionHit, ScopeRoot } from './schemas.js';
import { setHotline } from './commands.js';

defineErrors({
  region_not_found: { status: 404, zh: '行政区划 {code} 不存在。', en: 'Region {code} does not exist.' },
  region_hotline_level: { status: 400, zh: '只有街道和社区可以设置服务热线（{code} 不是）。', en: 'Only a street or a community has a service hotline ({code} is neither).' },
  region_code_unknown: { status: 400, zh: '国家行政区划数据中没有代码 {code}。', en: 'There is no division with code {code} in the national data.' },
});

/** The regions demo: the seed's three places. */
export const DEMO_SUBTREES = ['460107', '150102', '3601'];

export const regionsModule: Module = {
  name: 'regions',
  title: '行政区划 Region tree: the national administrative divisions every scope is built on',
  migrations,
  policy,
  routes: [
    route({
      method: 'GET', url: '/api/regions/:code', action: policy.read,
      summary: 'One region with its ancestors',
      params: Type.Object({ code: RegionCode }),
      response: { 200: ref(RegionDetail) },
      async handler({ params, db, scope }) {
        const region = await findRegionWithAncestors(db, params.code);
        if (!region) throw new AppError('region_not_found', { code: params.code });
        assertInScope(scope, region.path);
        return { code: region.code, name: region.name, level: region.level, parentCode: region.parentCode, statCode: region.statCode, ancestors: region.ancestors, childCount: region.childCount, hotline: region.hotline };
      },
    }),
    route({
      method: 'PUT', url: '/api/regions/:code/hotline', action: policy.editHotline,
      summary: 'Set (or clear with null) the service hotline of a street or community: printed on its grids\' contact cards',
      params: Type.Object({ code: RegionCode }),
      body: Type.Object({ hotline: Type.Union([Hotline, Type.Null()]) }, { additionalProperties: false }),
      response: { 200: Type.Object({ code: Type.String(), hotline: Type.Union([Type.String(), Type.Null()]) }) },
      async handler(ctx) {
        const r = await ctx.run(setHotline, { code: ctx.params.code, hotline: ctx.body.hotline, scope: ctx.scope });
        return { code: r.code, hotline: r.hotline };
      },
    }),
    route({
      method: 'GET', url: '/api/regions/:code/children', action: policy.read,
      summary: 'The children of a region that lie inside the caller\'s scope',
      params: Type.Object({ code: RegionCode }),
      response: { 200: Type.Object({ items: Type.Array(ref(RegionChild)) }) },
      async handler(ctx) {
        // A caller may open the ancestors of its own scope to reach it, but sees only in-scope children.
        const region = await callerRegion(ctx, ctx.params.code, { above: true });
        return { items: await childrenInScope(ctx.db, region.code, ctx.scope) };
      },
    }),
    route({
      method: 'GET', url: '/api/regions', action: policy.read,
      summary: 'Search regions in the caller\'s scope by name (at most 50)',
      query: Type.Object({ q: Type.String({ minLength: 1, maxLength: 50 }) }),
      response: { 200: Type.Object({ items: Type.Array(ref(RegionHit)) }) },
      async handler({ query, db, scope }) {
        return { items: await searchInScope(db, query.q.trim() || query.q, scope) };
      },
    }),
    route({
      method: 'GET', url: '/api/scope', action: policy.read,
      summary: 'The top regions of the caller\'s scope, with their ancestors',
      response: { 200: Type.Object({ roots: Type.Array(ref(ScopeRoot)) }) },
      async handler({ db, scope }) {
        const roots = await scopeRoots(db, scope);
        return { roots: await Promise.all(roots.map(async (r) => ({ code: r.code, name: r.name, level: r.level, childCount: r.childCount, ancestors: await ancestorsOf(db, r) }))) };
      },
    }),
    route({
      method: 'POST', url: '/api/regions/import', action: policy.import,
      summary: 'Import one subtree of the national divisions (idempotent)',
      body: Type.Object({ under: RegionCode }, { additionalProperties: false }),
      response: { 200: Type.Object({ under: Type.String(), name: Type.String(), imported: Type.Integer() }) },
      async handler(ctx) {
        return ctx.command(
          { action: 'regions.import', targetType: 'region', targetId: ctx.body.under, detail: (r: { imported: number }) => ({ imported: r.imported }) },
          (tx) => importRegions(tx, ctx.body.under),
        );
      },
    }),
  ],
  async demo({ db, log }) {
    for (const code of DEMO_SUBTREES) {
      const r = await db.tx((tx) => importRegions(tx, code));
      log(`regions: ${r.name} (${code}) — ${r.imported} regions`);
    }
  },
  metrics: {
    regions: async (db) => (await db.query('SELECT count(*)::int AS n FROM region')).rows[0].n,
  },
};
