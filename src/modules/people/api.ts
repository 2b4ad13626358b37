/**
 * What the people module offers other modules: commands on its tables (compounds, homes) and read
 * functions. Other modules change people's tables only through these, and read them through these
 * functions or the exported view people_compound_v (migration 1130: a compound's id, community,
 * path, name, address, location, year built, old-compound and demonstration flags).
 */
import type pg from 'pg';
import { decide, likePrefix, pathInScope, scopeSql, type Actor } from '../../core/access/policy.js';
import { gridWorkerScope } from '../grids/scope.js';
import { policy } from './policy.js';
import type { Queryable } from '../../core/db/pool.js';

export { compoundInScope, createCompound } from './places.js';
export { demoHome, demoIdNumber, demoLivingAlone } from './demo-homes.js';
export { accountHousehold } from './binding.js';

/** Mark a compound as a demonstration site (红色物业示范小区) or not. */
export async function setCompoundDemonstration(tx: pg.PoolClient, compoundId: number, demonstration: boolean): Promise<void> {
  await tx.query('UPDATE compound SET demonstration = $2 WHERE id = $1', [compoundId, demonstration]);
}

export interface CompoundRow { communityCode: string; path: string; name: string; builtYear: number | null; oldCompound: boolean; demonstration: boolean; }

/**
 * Compounds in bulk (generated data); a name already used in its community is skipped. Returns
 * the compounds made, in the order given.
 */
export async function insertCompounds(tx: pg.PoolClient, list: CompoundRow[]): Promise<{ id: number; community_code: string; path: string }[]> {
  if (!list.length) return [];
  const { rows } = await tx.query(
    `INSERT INTO compound (community_code, path, name, built_year, old_compound, demonstration)
     SELECT c, p, n, y, o, d FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::bool[], $6::bool[]) AS t(c, p, n, y, o, d)
     ON CONFLICT (community_code, name) DO NOTHING RETURNING id, community_code, path`,
    [list.map((c) => c.communityCode), list.map((c) => c.path), list.map((c) => c.name), list.map((c) => c.builtYear), list.map((c) => c.oldCompound), list.map((c) => c.demonstration)],
  );
  return rows;
}

/** A compound's name and place, or null (no scope check: for a caller that already knows the compound is theirs). */
export async function compoundBrief(db: Queryable, id: number): Promise<{ id: number; name: string; path: string; communityCode: string } | null> {
  const { rows } = await db.query('SELECT id, name, path, community_code AS "communityCode" FROM compound WHERE id = $1', [id]);
  return rows[0] ? { ...rows[0], id: Number(rows[0].id) } : null;
}

/** How many compounds inside a region (and the caller's scope) are demonstration sites. */
export async function countDemonstrationCompounds(db: Queryable, regionPath: string, scope: string[]): Promise<number> {
  const params: unknown[] = [likePrefix(regionPath)];
  const { rows } = await db.query(`SELECT count(*)::int AS n FROM compound WHERE demonstration AND path LIKE $1 AND ${scopeSql(scope, 'path', params)}`, params);
  return rows[0].n;
}

/** The compounds inside a region with their registered households, by community and id. */
export async function compoundsWithHouseholds(db: Queryable, regionPath: string): Promise<{ id: number; community: string; old: boolean; households: number }[]> {
  const { rows } = await db.query(
    `SELECT cp.id, cp.community_code AS community, cp.old_compound AS old,
            (SELECT count(*) FROM household h JOIN dwelling d ON d.id = h.dwelling_id JOIN building_unit u ON u.id = d.unit_id JOIN building b ON b.id = u.building_id WHERE b.compound_id = cp.id)::int AS households
       FROM compound cp WHERE cp.path LIKE $1 ORDER BY cp.community_code, cp.id`, [likePrefix(regionPath)]);
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** The household's region path, or null if there is no such household. */
export async function householdPath(db: Queryable, id: number): Promise<string | null> {
  const { rows } = await db.query('SELECT path FROM household WHERE id = $1', [id]);
  return rows[0]?.path ?? null;
}

/** Households registered inside a region. */
export async function countHouseholds(db: Queryable, regionPath: string): Promise<number> {
  const { rows } = await db.query(`SELECT count(*)::int AS n FROM household WHERE path LIKE $1`, [likePrefix(regionPath)]);
  return rows[0].n;
}

/** Living residents of a region, in a household, marked as party members in the registry (居住在本社区的党员). */
export async function countResidentPartyMembers(db: Queryable, regionPath: string): Promise<number> {
  const { rows } = await db.query(
    `SELECT count(*)::int AS n FROM resident p WHERE p.path LIKE $1 AND p.party_member AND p.deceased_on IS NULL AND p.household_id IS NOT NULL`, [likePrefix(regionPath)]);
  return rows[0].n;
}

/** The same residents listed (id order), with the grid their household is in. */
export async function residentPartyMembers(db: Queryable, regionPath: string): Promise<{ id: number; name: string; gender: 'male' | 'female' | null; birthDate: string | null; gridCode: string | null }[]> {
  const { rows } = await db.query(
    `SELECT r.id, r.name, r.gender, r.birth_date::text AS "birthDate", h.grid_code AS "gridCode" FROM resident r JOIN household h ON h.id = r.household_id
      WHERE r.path LIKE $1 AND r.party_member AND r.deceased_on IS NULL ORDER BY r.id`, [likePrefix(regionPath)]);
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** The building with the most households of a grid, named with its compound (e.g. 府城花园3栋), or null. */
export async function busiestBuildingOfGrid(db: Queryable, gridCode: string): Promise<{ id: number; name: string } | null> {
  const { rows } = await db.query(
    `SELECT b.id, cp.name || b.name AS name FROM household h JOIN dwelling d ON d.id = h.dwelling_id JOIN building_unit u ON u.id = d.unit_id JOIN building b ON b.id = u.building_id JOIN compound cp ON cp.id = b.compound_id
      WHERE h.grid_code = $1 GROUP BY b.id, cp.name, b.name ORDER BY count(*) DESC, b.id LIMIT 1`, [gridCode]);
  return rows[0] ? { id: Number(rows[0].id), name: rows[0].name } : null;
}

/** The compounds at these paths (a resident's scope names their compounds), `homeId` first and marked `home`, then by name. */
export async function compoundsAt(db: Queryable, paths: string[], homeId: number | null): Promise<{ id: number; name: string; communityCode: string; home: boolean }[]> {
  const { rows } = await db.query(
    `SELECT id, name, community_code AS "communityCode", (id = $2::bigint) IS TRUE AS home FROM compound
      WHERE path = ANY($1::text[]) ORDER BY id = $2::bigint DESC, name`, [paths, homeId]);
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** Where a compound is, for filing a report about it: name, community, address and position (WGS-84), or null. */
export async function compoundPlace(db: Queryable, id: number): Promise<{ id: number; name: string; communityCode: string; address: string | null; lon: number | null; lat: number | null } | null> {
  const { rows } = await db.query('SELECT id, name, community_code AS "communityCode", address, lon, lat FROM compound WHERE id = $1', [id]);
  return rows[0] ? { ...rows[0], id: Number(rows[0].id) } : null;
}

export type TargetUnitKind = 'household' | 'dwelling' | 'building' | 'compound';
export interface CampaignTarget { unitId: number; place: string; room: string | null; gridCode: string; path: string; }

/**
 * The units a campaign checks inside a region, each in the grid it lies in (campaigns): every household;
 * every dwelling with a household; every building or compound with households, in the grid holding
 * most of its households. `place` names where (compound, building, unit — or the household's address),
 * `room` the door (dwellings and households), kept apart so exports can mask it.
 */
export async function campaignTargets(db: Queryable, regionPath: string, unit: TargetUnitKind): Promise<CampaignTarget[]> {
  const homes = `FROM household h LEFT JOIN dwelling d ON d.id = h.dwelling_id LEFT JOIN building_unit u ON u.id = d.unit_id
    LEFT JOIN building b ON b.id = u.building_id LEFT JOIN compound cp ON cp.id = b.compound_id WHERE h.path LIKE $1`;
  const sql = {
    household: `SELECT h.id AS unit, coalesce(cp.name || ' ' || b.name || ' ' || u.name, h.address, '') AS place, d.room, h.grid_code, h.path ${homes} ORDER BY h.path, h.id`,
    dwelling: `SELECT d.id AS unit, cp.name || ' ' || b.name || ' ' || u.name AS place, d.room, h.grid_code, h.path ${homes} AND d.id IS NOT NULL ORDER BY h.path, d.id`,
    building: `SELECT DISTINCT ON (b.id) b.id AS unit, cp.name || ' ' || b.name AS place, NULL AS room, h.grid_code, h.path ${homes} AND b.id IS NOT NULL
                GROUP BY b.id, cp.name, b.name, h.grid_code, h.path ORDER BY b.id, count(*) DESC, h.grid_code`,
    compound: `SELECT DISTINCT ON (cp.id) cp.id AS unit, cp.name AS place, NULL AS room, h.grid_code, h.path ${homes} AND cp.id IS NOT NULL
                GROUP BY cp.id, cp.name, h.grid_code, h.path ORDER BY cp.id, count(*) DESC, h.grid_code`,
  }[unit];
  const { rows } = await db.query(sql, [likePrefix(regionPath)]);
  return rows.map((r) => ({ unitId: Number(r.unit), place: r.place, room: r.room, gridCode: r.grid_code, path: r.path }));
}

export { householdBrief, residentsBrief, planMembers, PLAN_GROUPS, type HouseholdBrief, type PlanGroup, type PlanMember } from './contacts.js';
export { LIVING_ALONE_SQL, livingAlone65 } from './care.js';
export { CARE_GROUP_NAMES, FIGURE_DEFINITIONS } from './care.js';

/** Whether this caller may see residents' names at a path (community staff; grid workers in their own grids): others see masked names. */
export async function namesVisibleAt(db: Queryable, actor: Actor | null, path: string): Promise<boolean> {
  const d = decide(actor, policy.readResidents);
  if (!d.allowed) return false;
  return pathInScope(await gridWorkerScope(db, actor, d.grants), path);
}
