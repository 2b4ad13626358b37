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

/** A grid's code, name, kind, community and path, or null (no scope check: the caller checks the path). */
export async function gridBrief(db: Queryable, code: string): Promise<{ code: string; name: string; kind: string; communityCode: string; path: string } | null> {
  const { rows } = await db.query(`SELECT code, name, kind, community_code AS "communityCode", path FROM grid WHERE code = $1`, [code]);
  return rows[0] ?? null;
}

/** Grid names by code. */
export async function gridNames(db: Queryable, codes: string[]): Promise<Map<string, string>> {
  const { rows } = await db.query<{ code: string; name: string }>(`SELECT code, name FROM grid WHERE code = ANY($1::text[])`, [[...new Set(codes)]]);
  return new Map(rows.map((r) => [r.code, r.name]));
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
