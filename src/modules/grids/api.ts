/**
 * What the grids module offers other modules: who staffs a grid now (the recipients of a notice),
 * read from grids' tables here so that no other module names them.
 */
import type { Queryable } from '../../core/db/pool.js';
import { GRID_CHANNEL } from './locator.js';

/** SQL: the workers staffing the grid `grid` now (a placeholder or literal); for one-statement writers such as the case intake. */
export const gridWorkersSql = (grid: string) => `SELECT gs.account_id FROM grid_staff gs WHERE gs.grid_code = ${grid} AND gs.until IS NULL AND gs.account_id IS NOT NULL`;

/** The workers staffing this grid now. */
export async function gridWorkers(db: Queryable, gridCode: string | null): Promise<number[]> {
  if (!gridCode) return [];
  const { rows } = await db.query(`SELECT DISTINCT x.account_id FROM (${gridWorkersSql('$1')}) x`, [gridCode]);
  return rows.map((r) => Number(r.account_id));
}

/** Grid code → name (and community) of these grids; unknown codes are left out. */
export async function gridNames(db: Queryable, codes: string[]): Promise<Map<string, { name: string; communityCode: string }>> {
  if (!codes.length) return new Map();
  const { rows } = await db.query(`SELECT code, name, community_code FROM grid WHERE code = ANY($1::text[])`, [[...new Set(codes)]]);
  return new Map(rows.map((r) => [r.code as string, { name: r.name as string, communityCode: r.community_code as string }]));
}

export interface GridBrief { code: string; name: string; path: string; communityCode: string; kind: 'basic' | 'dedicated'; bbox: [number, number, number, number] | null; }

const BRIEF = `code, name, path, community_code AS "communityCode", kind,
  CASE WHEN min_lon IS NULL THEN NULL ELSE json_build_array(min_lon, min_lat, max_lon, max_lat) END AS bbox`;

/** One grid's name, place and bounding box (WGS-84), or null (no scope check: the caller checks the path against its scope). */
export async function gridBrief(db: Queryable, code: string): Promise<GridBrief | null> {
  const { rows } = await db.query(`SELECT ${BRIEF} FROM grid WHERE code = $1`, [code]);
  return rows[0] ?? null;
}

/** The grids of a community (number order): the children of a community in roll-ups by grid. */
export async function gridsOfCommunity(db: Queryable, communityCode: string): Promise<GridBrief[]> {
  const { rows } = await db.query(`SELECT ${BRIEF} FROM grid WHERE community_code = $1 ORDER BY number`, [communityCode]);
  return rows;
}

/**
 * A demo's named grid worker: the account becomes the full-time worker of this grid (the made-up
 * worker the generated map gave it leaves). For other modules' demos (e.g. 新春社区's 王红).
 */
export async function seatDemoWorker(tx: Queryable, gridCode: string, account: { id: number; name: string }): Promise<void> {
  await tx.query(`UPDATE grid_staff SET until = GREATEST(current_date, since) WHERE grid_code = $1 AND post = 'worker' AND until IS NULL AND account_id IS DISTINCT FROM $2`, [gridCode, account.id]);
  await tx.query(
    `INSERT INTO grid_staff (grid_code, path, post, employment, name, account_id)
     SELECT g.code, g.path, 'worker', 'full_time', $3::text, $2::bigint FROM grid g
      WHERE g.code = $1 AND NOT EXISTS (SELECT 1 FROM grid_staff s WHERE s.grid_code = g.code AND s.account_id = $2 AND s.until IS NULL)`, [gridCode, account.id, account.name]);
  await tx.query(`SELECT pg_notify($1, '')`, [GRID_CHANNEL]);
}

/** The accounts staffing these grids now in these posts ('worker', 'leader', 'administrator'), by grid. */
export async function gridStaffAccounts(db: Queryable, gridCodes: string[], posts: string[]): Promise<Map<string, number[]>> {
  const { rows } = await db.query(
    `SELECT DISTINCT grid_code, account_id FROM grid_staff WHERE grid_code = ANY($1::text[]) AND post = ANY($2::text[]) AND until IS NULL AND account_id IS NOT NULL`,
    [[...new Set(gridCodes)], posts]);
  const out = new Map<string, number[]>();
  for (const r of rows) out.set(r.grid_code, [...(out.get(r.grid_code) ?? []), Number(r.account_id)]);
  return out;
}
