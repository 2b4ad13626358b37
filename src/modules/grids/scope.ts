/**
 * A grid worker's data scope is their grids, not their whole community: for grants by the
 * grid_worker role, replace the region path with the paths of the grids the account
 * currently staffs inside it. Other roles keep their region subtree.
 */
import type { Actor, RoleAssignment } from '../../core/access/policy.js';
import { likePrefix, scopePaths } from '../../core/access/policy.js';
import type { Queryable } from '../../core/db/pool.js';

export async function gridWorkerScope(db: Queryable, actor: Actor | null, grants: RoleAssignment[]): Promise<string[]> {
  if (!actor) return [];
  const paths: string[] = [];
  for (const g of grants) {
    if (g.role !== 'grid_worker') { paths.push(g.regionPath); continue; }
    const { rows } = await db.query(
      `SELECT path FROM grid_staff WHERE account_id = $1 AND until IS NULL AND path LIKE $2`,
      [actor.accountId, likePrefix(g.regionPath)],
    );
    paths.push(...rows.map((r) => r.path as string));
  }
  return scopePaths(paths.map((regionPath) => ({ role: 'grid_worker', regionCode: null, regionName: '', regionPath })));
}
