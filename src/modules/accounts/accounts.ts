import type pg from 'pg';
import { isRole, type Role } from '../../core/access/roles.js';
import { hashPassword } from '../../core/auth/passwords.js';
import { AppError, defineErrors } from '../../core/http/errors.js';
import type { Db } from '../../core/db/pool.js';
import { findRegion } from '../regions/api.js';

defineErrors({
  username_taken: { status: 409, zh: '用户名 {username} 已被使用。', en: 'The username {username} is already taken.' },
  username_invalid: { status: 400, zh: '用户名须为 2–32 位小写字母、数字或 _.-，以字母或数字开头。', en: 'A username is 2–32 lowercase letters, digits or _.-, starting with a letter or digit.' },
  password_too_short: { status: 400, zh: '密码至少 {min} 位。', en: 'A password has at least {min} characters.' },
  role_unknown: { status: 400, zh: '未知角色 {role}。', en: 'Unknown role {role}.' },
  role_needs_region: { status: 400, zh: '角色 {role} 必须绑定一个行政区划。', en: 'The role {role} must be bound to a region.' },
});

export const MIN_PASSWORD = 8;
export interface NewAccount { username: string; displayName: string; password: string; roles: { role: string; regionCode: string | null }[]; }

/** Create an account with its role assignments (in the caller's transaction). */
export async function createAccount(tx: pg.PoolClient, a: NewAccount): Promise<number> {
  if (!/^[a-z0-9][a-z0-9_.-]{1,31}$/.test(a.username)) throw new AppError('username_invalid');
  if (a.password.length < MIN_PASSWORD) throw new AppError('password_too_short', { min: MIN_PASSWORD });
  for (const r of a.roles) {
    if (!isRole(r.role)) throw new AppError('role_unknown', { role: r.role });
    if (!r.regionCode && r.role !== 'admin') throw new AppError('role_needs_region', { role: r.role });
    if (r.regionCode) {
      if (!(await findRegion(tx, r.regionCode))) throw new AppError('region_not_found', { code: r.regionCode });
    }
  }
  const exists = await tx.query('SELECT 1 FROM account WHERE username = $1', [a.username]);
  if (exists.rowCount) throw new AppError('username_taken', { username: a.username });
  const { rows } = await tx.query<{ id: number }>(
    'INSERT INTO account (username, display_name, password_hash) VALUES ($1, $2, $3) RETURNING id',
    [a.username, a.displayName, await hashPassword(a.password)],
  );
  for (const r of a.roles) {
    await tx.query('INSERT INTO role_assignment (account_id, role, region_code) VALUES ($1, $2, $3)', [rows[0].id, r.role as Role, r.regionCode]);
  }
  return rows[0].id;
}

export async function accountCount(db: Db): Promise<number> {
  return (await db.query('SELECT count(*)::int AS n FROM account')).rows[0].n;
}
