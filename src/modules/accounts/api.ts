/**
 * What the accounts module offers other modules: who holds a role where (the recipients of a
 * notice) and account names, read from accounts' tables here so that no other module names them.
 */
import type { Queryable } from '../../core/db/pool.js';

/** SQL: the active accounts holding `role` on exactly the region `region` (placeholders or literals); for one-statement writers such as the case intake. */
export const withRoleSql = (role: string, region: string) =>
  `SELECT ra.account_id FROM role_assignment ra JOIN account a ON a.id = ra.account_id AND a.active WHERE ra.role = ${role} AND ra.region_code = ${region}`;

/** Accounts holding a role on exactly this region (community staff of a community, the street's command centre). */
export async function accountsWithRole(db: Queryable, role: string, regionCode: string | null): Promise<number[]> {
  if (!regionCode) return [];
  const { rows } = await db.query(`SELECT DISTINCT x.account_id FROM (${withRoleSql('$1', '$2')}) x`, [role, regionCode]);
  return rows.map((r) => Number(r.account_id));
}

/** id → username of these accounts (missing ids are left out). */
export async function usernames(db: Queryable, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const { rows } = await db.query(`SELECT id, username FROM account WHERE id = ANY($1::bigint[])`, [[...new Set(ids)]]);
  return new Map(rows.map((r) => [Number(r.id), r.username as string]));
}

/** username → id of these accounts (unknown usernames are left out). */
export async function accountIdsByUsername(db: Queryable, names: string[]): Promise<Map<string, number>> {
  if (!names.length) return new Map();
  const { rows } = await db.query(`SELECT id, username FROM account WHERE username = ANY($1::text[])`, [[...new Set(names)]]);
  return new Map(rows.map((r) => [r.username as string, Number(r.id)]));
}

/** Create an account with its role assignments (other modules' demos: a named person of the seed, e.g. 新春社区's 王红). */
export { createAccount, type NewAccount } from './accounts.js';
