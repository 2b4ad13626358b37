import type { Queryable } from '../../core/db/pool.js';

/** The accounts of a department (the recipients of a whistle). */
export async function departmentMembers(db: Queryable, departmentId: number | null): Promise<number[]> {
  if (!departmentId) return [];
  const { rows } = await db.query(`SELECT account_id FROM department_member WHERE department_id = $1`, [departmentId]);
  return rows.map((r) => Number(r.account_id));
}
