/**
 * What the grids module offers other modules: who staffs a grid now (the recipients of a notice),
 * read from grids' tables here so that no other module names them.
 */
import type { Queryable } from '../../core/db/pool.js';

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
