/**
 * Who sees what of patrols and structures. A grid worker's data scope is their grids (grids/scope.ts);
 * a patrol's precise track is seen only by its patroller and by the community and street staff above it.
 */
import { pathInScope, scopePaths } from '../../core/access/policy.js';
import type { Ctx } from '../../core/http/module.js';
import { gridBrief, type GridBrief } from '../grids/api.js';
import { gridWorkerScope } from '../grids/scope.js';
import { AppError } from '../../core/http/errors.js';
import { callerRegion, findRegion } from '../regions/api.js';

type AnyCtx = Ctx<any, any, any>;

/** The caller's data scope for this action: region subtrees, narrowed to their grids for a grid worker. */
export const dataScope = (ctx: AnyCtx) => gridWorkerScope(ctx.db, ctx.actor, ctx.req.grants);

/** The region paths where the caller oversees patrols of others: community and street staff (and, for lists, administrators). */
export function overseerScope(ctx: AnyCtx, roles: readonly string[] = ['community_staff', 'street_command']): string[] {
  return scopePaths(ctx.req.grants.filter((g) => roles.includes(g.role)));
}

/** May the caller see this patrol's precise track: its patroller, or community/street staff above it. */
export function mayReadTrack(ctx: AnyCtx, patrol: { accountId: number; path: string }): boolean {
  if (!ctx.actor) return false;
  if (patrol.accountId === ctx.actor.accountId) return true;
  const staff = scopePaths(ctx.actor.assignments.filter((a) => a.role === 'community_staff' || a.role === 'street_command'));
  return pathInScope(staff, patrol.path);
}

export interface Where { path: string; communityCode: string; communityPath: string; gridCode: string | null; }

const parentPath = (path: string) => path.replace(/[^/]+\/$/, '');

/**
 * Where a patrol or a structure is: the grid named (in the caller's data scope), else the community
 * named, else the caller's only grid or own community. 400 when nothing says it.
 */
export async function placeIn(ctx: AnyCtx, scope: string[], input: { grid?: string; region?: string }): Promise<Where> {
  if (input.grid) {
    const g: GridBrief | null = await gridBrief(ctx.db, input.grid);
    if (!g || !pathInScope(scope, g.path)) throw new AppError('grid_not_found', { code: input.grid });
    return { path: g.path, communityCode: g.communityCode, communityPath: parentPath(g.path), gridCode: g.code };
  }
  if (input.region) {
    const r = await callerRegion(ctx, input.region);
    if (r.level !== 'community') throw new AppError('patrol_region_level');
    // a grid worker works their grids, not the whole community
    if (!pathInScope(scope, r.path)) throw new AppError('patrol_grid_required');
    return { path: r.path, communityCode: r.code, communityPath: r.path, gridCode: null };
  }
  // a grid worker with one grid: that grid
  const gridPaths = scope.filter((p) => /\/\d{15}\/$/.test(p));
  if (gridPaths.length === 1 && scope.length === 1) {
    const code = gridPaths[0].match(/(\d{15})\/$/)![1];
    return { path: gridPaths[0], communityCode: code.slice(0, 12), communityPath: parentPath(gridPaths[0]), gridCode: code };
  }
  const communities = ctx.req.grants.filter((g) => g.role === 'community_staff' && g.regionCode);
  if (communities.length === 1) {
    const r = await findRegion(ctx.db, communities[0].regionCode!);
    if (r && r.level === 'community') return { path: r.path, communityCode: r.code, communityPath: r.path, gridCode: null };
  }
  throw new AppError('patrol_grid_required');
}
