/**
 * Server-side sessions: the cookie carries a random token; the database keeps only its
 * SHA-256, the account, a CSRF token, and the idle and absolute expiry.
 */
import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { Actor, RoleAssignment } from '../access/policy.js';
import { isRole, ROOT_PATH } from '../access/roles.js';
import type { Db, Queryable } from '../db/pool.js';

export const SESSION_COOKIE = 'gz_session';
export const IDLE_HOURS = 12;
export const ABSOLUTE_DAYS = 7;

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createSession(tx: pg.PoolClient, accountId: number, meta: { ip: string; userAgent: string }): Promise<{ token: string; id: string; csrfToken: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const id = digest(token);
  await tx.query(
    `INSERT INTO session (id, account_id, csrf_token, ip, user_agent, expires_at, idle_expires_at)
     VALUES ($1, $2, $3, $4, $5, now() + make_interval(days => $6), now() + make_interval(hours => $7))`,
    [id, accountId, csrfToken, meta.ip, meta.userAgent.slice(0, 300), ABSOLUTE_DAYS, IDLE_HOURS],
  );
  return { token, id, csrfToken };
}

export async function deleteSession(tx: pg.PoolClient, sessionId: string): Promise<void> {
  await tx.query('DELETE FROM session WHERE id = $1', [sessionId]);
}

export async function loadAssignments(db: Queryable, accountId: number): Promise<RoleAssignment[]> {
  const { rows } = await db.query(
    `SELECT ra.role, ra.region_code, COALESCE(r.name, '全国') AS region_name, COALESCE(r.path, $2) AS region_path
       FROM role_assignment ra LEFT JOIN region r ON r.code = ra.region_code
      WHERE ra.account_id = $1 ORDER BY ra.id`,
    [accountId, ROOT_PATH],
  );
  return rows
    .filter((r) => isRole(r.role))
    .map((r) => ({ role: r.role, regionCode: r.region_code, regionName: r.region_name, regionPath: r.region_path }));
}

/** The actor behind a session token, or null if the session is unknown, expired or the account disabled. One query per request. */
export async function loadActor(db: Db, token: string): Promise<Actor | null> {
  const id = digest(token);
  const { rows } = await db.query(
    `SELECT s.id, s.csrf_token, a.id AS account_id, a.username, a.display_name,
            s.idle_expires_at < now() + make_interval(hours => $2) - interval '5 minutes' AS stale,
            COALESCE((SELECT json_agg(json_build_object('role', ra.role, 'regionCode', ra.region_code,
                               'regionName', COALESCE(r.name, '全国'), 'regionPath', COALESCE(r.path, $3)) ORDER BY ra.id)
                        FROM role_assignment ra LEFT JOIN region r ON r.code = ra.region_code
                       WHERE ra.account_id = a.id), '[]') AS assignments
       FROM session s JOIN account a ON a.id = s.account_id
      WHERE s.id = $1 AND s.expires_at > now() AND s.idle_expires_at > now() AND a.active`,
    [id, IDLE_HOURS, ROOT_PATH],
  );
  const s = rows[0];
  if (!s) return null;
  if (s.stale) {
    // slide the idle expiry at most every few minutes, not on every request
    await db.query(`UPDATE session SET idle_expires_at = now() + make_interval(hours => $2) WHERE id = $1`, [id, IDLE_HOURS]);
  }
  return {
    accountId: s.account_id,
    username: s.username,
    displayName: s.display_name,
    assignments: (s.assignments as RoleAssignment[]).filter((a) => isRole(a.role)),
    sessionId: s.id,
    csrfToken: s.csrf_token,
  };
}
