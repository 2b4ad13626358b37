/**
 * What the departments module offers other modules. Departments (职能部门) are the functional units of
 * a district or city (执法局, 环卫局, 住建局 …) that a street whistles (cases), that are told about
 * overdue disclosures (property) and that rate property companies (credit); their members are accounts.
 *
 * Other modules read them through these functions or through the two views, never the tables:
 * - `department_v` (id, region_code, kind, name): every department;
 * - `department_member_v` (account_id, department_id): who belongs to which department.
 */
import type { Queryable } from '../../core/db/pool.js';

/** The accounts of a department (the recipients of a whistle). */
export async function departmentMembers(db: Queryable, departmentId: number | null): Promise<number[]> {
  if (!departmentId) return [];
  const { rows } = await db.query(`SELECT account_id FROM department_member WHERE department_id = $1`, [departmentId]);
  return rows.map((r) => Number(r.account_id));
}

/** The departments an account belongs to. */
export async function departmentsOf(db: Queryable, accountId: number): Promise<number[]> {
  const { rows } = await db.query(`SELECT department_id FROM department_member WHERE account_id = $1 ORDER BY department_id`, [accountId]);
  return rows.map((r) => Number(r.department_id));
}

/** Whether an account belongs to a department of this kind (e.g. a housing bureau) anywhere. */
export async function isMemberOfKind(db: Queryable, accountId: number, kind: string): Promise<boolean> {
  const { rowCount } = await db.query(`SELECT 1 FROM department_member m JOIN department d ON d.id = m.department_id WHERE m.account_id = $1 AND d.kind = $2`, [accountId, kind]);
  return !!rowCount;
}
