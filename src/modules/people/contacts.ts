/**
 * Reads other modules need about households and residents for field work (visits, care plans),
 * exported through api.ts. No scope check here: each caller checks the returned path.
 */
import { likePrefix } from '../../core/access/policy.js';
import type { Queryable } from '../../core/db/pool.js';
import { CARE_GROUPS, type CareGroup, LIVING_ALONE_AGE, LIVING_ALONE_SQL } from './care.js';

/** A household as a visit needs it: path, grid, address and its current members. */
export interface HouseholdBrief { id: number; path: string; gridCode: string; address: string | null; members: number[]; }

export async function householdBrief(db: Queryable, id: number): Promise<HouseholdBrief | null> {
  const { rows } = await db.query(
    `SELECT h.id, h.path, h.grid_code AS "gridCode", COALESCE(NULLIF(concat_ws('', cp.name, b.name, u.name, d.room), ''), NULLIF(h.address, '')) AS address,
            COALESCE((SELECT array_agg(m.resident_id ORDER BY m.resident_id) FROM household_member m WHERE m.household_id = h.id AND m.moved_out IS NULL), '{}') AS members
       FROM household h LEFT JOIN dwelling d ON d.id = h.dwelling_id LEFT JOIN building_unit u ON u.id = d.unit_id
       LEFT JOIN building b ON b.id = u.building_id LEFT JOIN compound cp ON cp.id = b.compound_id
      WHERE h.id = $1`, [id]);
  const r = rows[0];
  return r ? { id: Number(r.id), path: r.path, gridCode: r.gridCode, address: r.address, members: (r.members as string[]).map(Number) } : null;
}

/** Residents by id: name, current household and path (the deceased and the moved-out included). */
export async function residentsBrief(db: Queryable, ids: number[]): Promise<Map<number, { id: number; name: string; householdId: number | null; path: string }>> {
  if (!ids.length) return new Map();
  const { rows } = await db.query(`SELECT id, name, household_id, path FROM resident WHERE id = ANY($1::bigint[])`, [[...new Set(ids)]]);
  return new Map(rows.map((r) => [Number(r.id), { id: Number(r.id), name: r.name as string, householdId: r.household_id === null ? null : Number(r.household_id), path: r.path as string }]));
}

/** The groups a care rule can name: the derived "living alone aged 65+" and the registered care groups. */
export const PLAN_GROUPS = ['living_alone_65', ...CARE_GROUPS] as const;
export type PlanGroup = (typeof PLAN_GROUPS)[number];

/** A resident in a care plan's group, with the day they joined it (China date). */
export interface PlanMember { id: number; name: string; householdId: number; path: string; gridCode: string; since: string; }

/**
 * The living residents of a group inside a region path (a grid's path for one grid), as of today.
 * living_alone_65 (as the registry says, with staff overrides): joined on the later of the 65th
 * birthday, moving in, and the last other member moving out (an override: moving in); a registered
 * care group: the day it was set.
 */
export async function planMembers(db: Queryable, group: PlanGroup, regionPath: string): Promise<PlanMember[]> {
  const params: unknown[] = [likePrefix(regionPath)];
  let sql: string;
  if (group === 'living_alone_65') {
    sql = `SELECT r.id, r.name, r.path, h.grid_code, r.household_id,
                  to_char(CASE WHEN r.living_alone_override THEN COALESCE(mi.moved_in, date '1900-01-01')
                          ELSE GREATEST((r.birth_date + interval '${LIVING_ALONE_AGE} years')::date, COALESCE(mi.moved_in, date '1900-01-01'),
                                        COALESCE((SELECT max(o.moved_out) FROM household_member o WHERE o.household_id = r.household_id AND o.moved_out IS NOT NULL AND o.resident_id <> r.id), date '1900-01-01')) END, 'YYYY-MM-DD') AS since
             FROM resident r JOIN household h ON h.id = r.household_id
             LEFT JOIN LATERAL (SELECT max(m.moved_in) AS moved_in FROM household_member m WHERE m.resident_id = r.id AND m.household_id = r.household_id AND m.moved_out IS NULL) mi ON true
            WHERE r.path LIKE $1 AND r.deceased_on IS NULL AND COALESCE(r.living_alone_override, ${LIVING_ALONE_SQL})`;
  } else {
    params.push(group as CareGroup);
    sql = `SELECT r.id, r.name, r.path, h.grid_code, r.household_id, to_char(min(cg.set_on), 'YYYY-MM-DD') AS since
             FROM resident_care_group cg JOIN resident r ON r.id = cg.resident_id JOIN household h ON h.id = r.household_id
            WHERE r.path LIKE $1 AND r.deceased_on IS NULL AND cg.care_group = $2 AND cg.ended_on IS NULL
            GROUP BY r.id, r.name, r.path, h.grid_code, r.household_id`;
  }
  const { rows } = await db.query(`${sql} ORDER BY 1`, params);
  return rows.map((r) => ({ id: Number(r.id), name: r.name, householdId: Number(r.household_id), path: r.path, gridCode: r.grid_code, since: r.since }));
}
