/**
 * Server-side sessions: the cookie carries a random token; the database keeps only its
 * SHA-256, the account, a CSRF token, and the idle and absolute expiry.
 */
import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { Actor, RoleAssignment } from '../access/policy.js';
import { isRole, ROOT_PATH } from '../access/roles.js';
import { cacheChannel, listening, subscribe } from '../cache.js';
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
  revoking.set(sessionId, Date.now() + CACHE_MS);
  actors.delete(sessionId);
  await tx.query('DELETE FROM session WHERE id = $1', [sessionId]);
}

/**
 * Session → actor, kept in process for at most CACHE_MS (a bounded LRU), so a request costs no
 * database round trip for its session. Revocation is immediate in every process: triggers on
 * session, account and role_assignment (migration 1110_session_notify) NOTIFY the sessions
 * channel with `s:<session>` or `a:<account>`, and each process drops those entries. Until the
 * listener is up (or after it was lost) every request reads the database as before.
 */
export const SESSION_CHANNEL = cacheChannel('sessions');
const CACHE_MS = 5000;
const CACHE_MAX = 10_000;
interface Entry { actor: Actor; until: number; }
const actors = new Map<string, Entry>();
/** Sessions this process is deleting: never served from the cache until the delete's notice is surely back. */
const revoking = new Map<string, number>();

function onSessionNotice(payload: string) {
  if (payload.startsWith('s:')) actors.delete(payload.slice(2));
  else if (payload.startsWith('a:')) {
    const id = Number(payload.slice(2));
    for (const [k, e] of actors) if (e.actor.accountId === id) actors.delete(k);
  } else actors.clear();
}

function fromCache(db: Db, id: string): Actor | null {
  subscribe(db, SESSION_CHANNEL, onSessionNotice); // idempotent (a set of handlers per database)
  if (revoking.size) {
    const now = Date.now();
    for (const [k, t] of revoking) if (t < now) revoking.delete(k);
    if (revoking.has(id)) return null;
  }
  if (!listening(db, SESSION_CHANNEL)) { actors.clear(); return null; }
  const e = actors.get(id);
  if (!e) return null;
  if (e.until < Date.now()) { actors.delete(id); return null; }
  // least recently used last out: move to the end
  actors.delete(id);
  actors.set(id, e);
  return e.actor;
}

function remember(id: string, actor: Actor, expiresAt: Date) {
  if (revoking.has(id)) return;
  actors.set(id, { actor, until: Math.min(Date.now() + CACHE_MS, expiresAt.getTime()) });
  while (actors.size > CACHE_MAX) actors.delete(actors.keys().next().value!);
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

/** The actor behind a session token, or null if the session is unknown, expired or the account disabled. At most one query per session per CACHE_MS. */
export async function loadActor(db: Db, token: string): Promise<Actor | null> {
  const id = digest(token);
  if (fromCache(db, id)) {
    // let a revocation notice already on the listener's socket be read first (one turn of the event loop)
    await new Promise((r) => setImmediate(r));
    const hit = fromCache(db, id);
    if (hit) return hit;
  }
  const { rows } = await db.query(
    `SELECT s.id, s.csrf_token, a.id AS account_id, a.username, a.display_name, least(s.expires_at, s.idle_expires_at) AS until,
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
  const actor: Actor = {
    accountId: s.account_id,
    username: s.username,
    displayName: s.display_name,
    assignments: (s.assignments as RoleAssignment[]).filter((a) => isRole(a.role)),
    sessionId: s.id,
    csrfToken: s.csrf_token,
  };
  remember(id, actor, new Date(s.until));
  return actor;
}
