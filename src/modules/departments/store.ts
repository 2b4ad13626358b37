import type { Queryable } from '../../core/db/pool.js';
import { findRegion } from '../regions/queries.js';

/**
 * The departments of the districts (or city) on a region's path and of the regions below it: the
 * units a street or community may whistle. Departments are few (tens per district), so their
 * regions are looked up one by one through the regions module.
 */
export async function departmentsFor(db: Queryable, regionPath: string) {
  const { rows } = await db.query(`SELECT id, region_code, kind, name FROM department ORDER BY region_code, id`);
  const regions = new Map<string, { name: string; path: string } | null>();
  for (const code of new Set(rows.map((d) => d.region_code as string))) regions.set(code, await findRegion(db, code));
  return rows
    .filter((d) => {
      const r = regions.get(d.region_code);
      return !!r && (regionPath.startsWith(r.path) || r.path.startsWith(regionPath));
    })
    .map((d) => ({ id: Number(d.id), regionCode: d.region_code as string, regionName: regions.get(d.region_code)!.name, kind: d.kind as string, name: d.name as string }));
}
