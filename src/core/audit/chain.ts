/**
 * The audit log: append-only (a trigger refuses UPDATE and DELETE) and tamper-evident
 * (each record carries the hash of the previous one). Appends run inside the command's
 * transaction and are serialised by an advisory transaction lock, so the chain order is
 * the commit order.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { Db } from '../db/pool.js';

export interface AuditEntry {
  actorId: number | null;
  actorUsername: string | null;
  role: string | null;
  scopeCode: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  requestId: string | null;
  detail?: Record<string, unknown>;
}

const CHAIN_LOCK = 7305_2002;
export const GENESIS = '0'.repeat(64);

/** JSON with object keys sorted at every level, so the same value always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
    .join(',')}}`;
}

export interface StoredRecord {
  id: number;
  at: string; // ISO-8601, ms precision
  actor_id: number | null;
  actor_username: string | null;
  role: string | null;
  scope_code: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  request_id: string | null;
  detail: string;
  prev_hash: string;
  hash: string;
}

export function recordHash(r: Omit<StoredRecord, 'hash'>): string {
  const body = canonicalJson({
    id: r.id, at: r.at, actorId: r.actor_id, actorUsername: r.actor_username, role: r.role, scopeCode: r.scope_code,
    action: r.action, targetType: r.target_type, targetId: r.target_id, requestId: r.request_id, detail: r.detail,
  });
  return createHash('sha256').update(r.prev_hash).update('\n').update(body).digest('hex');
}

export async function appendAudit(tx: pg.PoolClient, e: AuditEntry): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
  const last = await tx.query<{ hash: string }>('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1');
  const { rows } = await tx.query<{ id: number }>("SELECT nextval('audit_log_id_seq')::bigint AS id");
  const rec = {
    id: rows[0].id,
    at: new Date().toISOString(),
    actor_id: e.actorId,
    actor_username: e.actorUsername,
    role: e.role,
    scope_code: e.scopeCode,
    action: e.action,
    target_type: e.targetType,
    target_id: e.targetId,
    request_id: e.requestId,
    detail: canonicalJson(e.detail ?? {}),
    prev_hash: last.rows[0]?.hash ?? GENESIS,
  };
  const hash = recordHash(rec);
  await tx.query(
    `INSERT INTO audit_log (id, at, actor_id, actor_username, role, scope_code, action, target_type, target_id, request_id, detail, prev_hash, hash)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)`,
    [rec.id, rec.at, rec.actor_id, rec.actor_username, rec.role, rec.scope_code, rec.action, rec.target_type, rec.target_id, rec.request_id, rec.detail, rec.prev_hash, hash],
  );
}

export interface VerifyResult { ok: boolean; checked: number; firstBroken: null | { id: number; reason: 'hash_mismatch' | 'chain_broken' }; }

/** Walk the whole chain in id order; name the first record whose hash or link is wrong. */
export async function verifyAudit(db: Db, batch = 5000): Promise<VerifyResult> {
  let prev = GENESIS;
  let after = 0;
  let checked = 0;
  for (;;) {
    const { rows } = await db.query(
      `SELECT id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, actor_id, actor_username, role, scope_code,
              action, target_type, target_id, request_id, detail, prev_hash, hash
         FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2`,
      [after, batch],
    );
    if (!rows.length) return { ok: true, checked, firstBroken: null };
    for (const r of rows as StoredRecord[]) {
      if (r.prev_hash !== prev) return { ok: false, checked, firstBroken: { id: r.id, reason: 'chain_broken' } };
      const { hash, ...rest } = r;
      if (recordHash(rest) !== hash) return { ok: false, checked, firstBroken: { id: r.id, reason: 'hash_mismatch' } };
      prev = hash;
      after = r.id;
      checked++;
    }
  }
}
