/**
 * The staffing view: per region and per child region, basic grids with exactly one
 * full-time worker (一格一专职), basic grids with no worker, dedicated grids staffed, and
 * workers who hold more than one grid.
 */
import { likePrefix as escape, scopeSql } from '../../core/access/policy.js';
import type { Db } from '../../core/db/pool.js';
import { Type } from '@sinclair/typebox';
import { defineSetting } from '../settings/index.js';

/** RULES "Grids and people": advise (never refuse) when a basic grid has fewer or more households than this. */
export const householdsPerBasicGrid = defineSetting({
  key: 'grids.householdsPerBasicGrid',
  description: '基础网格户数建议范围 Advised households per basic urban grid',
  schema: Type.Object({ min: Type.Integer({ minimum: 0 }), max: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
  default: { min: 300, max: 500 },
});

export interface Figures { basic: { total: number; withFullTimeWorker: number; withoutWorker: number; householdsBelow: number; householdsAbove: number }; dedicated: { total: number; staffed: number }; complete: boolean; }


function figures(r: any): Figures {
  const basic = { total: r.basic_total, withFullTimeWorker: r.basic_ft, withoutWorker: r.basic_none, householdsBelow: r.hh_below, householdsAbove: r.hh_above };
  // complete: every basic grid has exactly one full-time worker and every dedicated grid is staffed
  const complete = basic.total + r.ded_total > 0 && basic.withFullTimeWorker === basic.total && r.ded_staffed === r.ded_total;
  return { basic, dedicated: { total: r.ded_total, staffed: r.ded_staffed }, complete };
}

export async function gridCoverage(db: Db, region: { code: string; path: string }, scope: string[]) {
  const depth = region.path.split('/').filter(Boolean).length + 2; // split_part index of the child code
  const advice = await householdsPerBasicGrid(db);
  const params: unknown[] = [escape(region.path), depth, advice.min, advice.max];
  const { rows } = await db.query(
    `WITH g AS (
       SELECT g.code, g.name, g.kind, g.path,
              (SELECT count(*) FROM grid_staff s WHERE s.grid_code = g.code AND s.until IS NULL AND s.post = 'worker' AND s.employment = 'full_time')::int AS ft,
              (SELECT count(*) FROM grid_staff s WHERE s.grid_code = g.code AND s.until IS NULL AND s.post = 'worker')::int AS workers,
              (SELECT count(*) FROM grid_staff s WHERE s.grid_code = g.code AND s.until IS NULL)::int AS staff,
              (SELECT count(*) FROM household h WHERE h.grid_code = g.code)::int AS households
         FROM grid g WHERE g.path LIKE $1 AND ${scopeSql(scope, 'g.path', params)})
     SELECT split_part(path, '/', $2) AS child,
            count(*) FILTER (WHERE kind = 'basic')::int AS basic_total,
            count(*) FILTER (WHERE kind = 'basic' AND ft = 1)::int AS basic_ft,
            count(*) FILTER (WHERE kind = 'basic' AND workers = 0)::int AS basic_none,
            count(*) FILTER (WHERE kind = 'dedicated')::int AS ded_total,
            count(*) FILTER (WHERE kind = 'dedicated' AND staff > 0)::int AS ded_staffed,
            count(*) FILTER (WHERE kind = 'basic' AND households < $3)::int AS hh_below,
            count(*) FILTER (WHERE kind = 'basic' AND households > $4)::int AS hh_above,
            grouping(split_part(path, '/', $2)) AS total_row
       FROM g GROUP BY ROLLUP (split_part(path, '/', $2))`,
    params,
  );
  const total = rows.find((r) => r.total_row === 1) ?? { basic_total: 0, basic_ft: 0, basic_none: 0, ded_total: 0, ded_staffed: 0, hh_below: 0, hh_above: 0 };
  const childRows = rows.filter((r) => r.total_row === 0);
  const names = new Map<string, { name: string; level: string }>();
  if (childRows.length) {
    const codes = childRows.map((r) => r.child);
    const { rows: n } = await db.query(
      `SELECT code, name, level FROM region WHERE code = ANY($1::text[]) UNION ALL SELECT code, name, 'grid' FROM grid WHERE code = ANY($1::text[])`,
      [codes],
    );
    for (const r of n) names.set(r.code, { name: r.name, level: r.level });
  }
  const p2: unknown[] = [escape(region.path)];
  const several = await db.query(
    `SELECT count(*)::int AS n FROM (
       SELECT COALESCE('a' || account_id, 'n' || name) AS person FROM grid_staff
        WHERE until IS NULL AND post = 'worker' AND path LIKE $1 AND ${scopeSql(scope, 'path', p2)}
        GROUP BY 1 HAVING count(DISTINCT grid_code) > 1) x`,
    p2,
  );
  return {
    householdAdvice: advice,
    ...figures(total),
    workersWithSeveralGrids: several.rows[0].n as number,
    rows: childRows
      .map((r) => ({ code: r.child as string, name: names.get(r.child)?.name ?? r.child, level: names.get(r.child)?.level ?? 'grid', ...figures(r) }))
      .sort((a, b) => a.code.localeCompare(b.code)),
  };
}
