import { likePrefix } from '../../core/access/policy.js';
import type { Queryable } from '../../core/db/pool.js';

/**
 * The departments of the districts (or city) on a region's path and of the regions below it: the
 * units a street or community may whistle. The region tree is read through the regions module's
 * view region_v.
 */
export async function departmentsFor(db: Queryable, regionPath: string) {
  const { rows } = await db.query(
    `SELECT d.id, d.region_code, r.name AS region_name, d.kind, d.name FROM department d JOIN region_v r ON r.code = d.region_code
      WHERE $1 LIKE r.path || '%' OR r.path LIKE $2 ORDER BY d.region_code, d.id`, [regionPath, likePrefix(regionPath)]);
  return rows.map((d) => ({ id: Number(d.id), regionCode: d.region_code as string, regionName: d.region_name as string, kind: d.kind as string, name: d.name as string }));
}
