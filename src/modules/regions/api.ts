/**
 * What the regions module offers other modules: the region tree is read through these functions
 * (and the `RegionCode` schema), never through the `region` table; SQL that must join regions (e.g.
 * departments by district) joins the view `region_v` (code, name, level, parent_code, path; migration 1152).
 */
import type { Queryable } from '../../core/db/pool.js';
import { regionForScope, type RegionRow } from './queries.js';

export { findRegion, regionForScope, regionNames, type RegionRow } from './queries.js';
export { RegionCode, Hotline as ServiceNumber } from './schemas.js';

/**
 * The caller's region for this request: the region named in the request (e.g. `?region=`) if the
 * caller may look at it — inside its scope or, with `above`, an ancestor of it (lists then keep
 * only the in-scope part). 404 `region_not_found` for an unknown code, 403 `out_of_scope` otherwise.
 */
export function callerRegion(ctx: { db: Queryable; scope: string[] }, code: string, opts: { above?: boolean } = {}): Promise<RegionRow> {
  return regionForScope(ctx.db, code, ctx.scope, opts);
}
