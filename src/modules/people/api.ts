/**
 * What the people module offers other modules: commands on its tables (compounds, homes) and read
 * functions. Other modules change people's tables only through these.
 */
import type pg from 'pg';
import type { Queryable } from '../../core/db/pool.js';

export { compoundInScope, createCompound } from './places.js';
export { demoHome, demoIdNumber } from './demo-homes.js';
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
