/**
 * The audit log: append-only (a trigger refuses UPDATE and DELETE, except the chainer's one-time
 * linking of a new record) and tamper-evident (each record carries the hash of the previous one).
 *
 * Appending is one INSERT with no lock: the record is written, unchained, in the command's own
 * transaction, with the id of that transaction (`xid`). The chain is linked after commit by one
 * elected chainer (`chainAudit`): it takes the records whose transaction ended before every
 * transaction still running began (`xid` below the snapshot's xmin, leaving out transactions of other
 * databases on the same server), orders them by (xid, id),
 * gives each the next `chain_seq` and its `prev_hash`/`hash`. No still-running transaction can
 * later commit a record that would sort before those, so the order is total and never changes.
 * Records not yet linked are the chain's lag (`auditLag`), reported, not counted as broken.
 * See docs/ARCHITECTURE.md, "Why the chain is linked after commit".
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { Db, Queryable } from '../db/pool.js';

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

/** One chainer at a time, across processes (a transaction-scoped try-lock: a second one skips). */
const CHAINER_LOCK = 7305_2002;
export const GENESIS = '0'.repeat(64);

/** JSON with object keys sorted at every level, so the same value always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  // a Date (or anything else with toJSON) as JSON.stringify would write it, not as an empty object
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return canonicalJson((value as { toJSON: () => unknown }).toJSON());
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

/**
 * Append a record in the caller's transaction: one statement, no lock. `at` is the application's
 * clock at millisecond precision (what the hash covers); the record is linked into the chain by
 * the chainer once its transaction has committed.
 */
export async function appendAudit(tx: pg.PoolClient, e: AuditEntry): Promise<void> {
  await tx.query(
    `INSERT INTO audit_log (at, actor_id, actor_username, role, scope_code, action, target_type, target_id, request_id, detail, xid)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10, pg_current_xact_id())`,
    [new Date().toISOString(), e.actorId, e.actorUsername, e.role, e.scopeCode, e.action, e.targetType, e.targetId, e.requestId, canonicalJson(e.detail ?? {})],
  );
}

/** The columns a record's hash covers, with `at` as the hash saw it. */
const HASHED = `id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, actor_id, actor_username, role, scope_code,
                action, target_type, target_id, request_id, detail`;

/**
 * The horizon below which every transaction that could write to this database's audit_log has
 * ended: the xmin of this statement's snapshot, except that transactions seen running in another
 * database of the same server (pg_stat_activity, pg_prepared_xacts) are left out — they cannot
 * write here, and a long one elsewhere (a bulk load in another database) must not hold the chain
 * back. A running transaction whose database cannot be seen (no permission, already gone) counts.
 * xids are matched on their low 32 bits (backend_xid is a 32-bit xid; running xids are unique there).
 */
const HORIZON = `WITH snap AS (SELECT pg_current_snapshot() AS s),
  elsewhere AS (
    SELECT backend_xid::text::bigint AS x FROM pg_stat_activity WHERE backend_xid IS NOT NULL AND datname <> current_database()
    UNION ALL SELECT transaction::text::bigint FROM pg_prepared_xacts WHERE database <> current_database()),
  horizon AS (
    SELECT coalesce((SELECT min(r) FROM pg_snapshot_xip(snap.s) r WHERE (r::text::bigint % 4294967296) NOT IN (SELECT x FROM elsewhere)),
                    pg_snapshot_xmax(snap.s)) AS h FROM snap)`;

export interface ChainResult {
  /** false when another process is chaining right now (this call did nothing). */
  ran: boolean;
  /** Records linked by this call. */
  chained: number;
}

/**
 * Link committed records into the chain, in batches of `batch`, each batch its own short
 * transaction, until none is left that may be linked yet. Safe with several processes: one
 * chainer at a time, the others skip (ran: false). Holds no lock any writer waits for.
 */
export async function chainAudit(db: Db, batch = 1000): Promise<ChainResult> {
  let chained = 0;
  let ran = false;
  for (;;) {
    const r = await db.tx(async (tx) => {
      const { rows: lock } = await tx.query('SELECT pg_try_advisory_xact_lock($1) AS ok', [CHAINER_LOCK]);
      if (!lock[0].ok) return null;
      const { rows: head } = await tx.query<{ seq: number; hash: string }>(
        'SELECT chain_seq AS seq, hash FROM audit_log WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1');
      // xid below the horizon: its transaction has ended, and every transaction still running or
      // yet to start has a larger xid — nothing can commit a record sorting before these
      const { rows } = await tx.query<Omit<StoredRecord, 'prev_hash' | 'hash'>>(
        `${HORIZON} SELECT ${HASHED} FROM audit_log
          WHERE chain_seq IS NULL AND xid < (SELECT h FROM horizon)
          ORDER BY xid, id LIMIT $1`, [batch]);
      if (!rows.length) return 0;
      let seq = head[0]?.seq ?? 0;
      let prev = head[0]?.hash ?? GENESIS;
      const ids: number[] = [], seqs: number[] = [], prevs: string[] = [], hashes: string[] = [];
      for (const r of rows) {
        const hash = recordHash({ ...r, prev_hash: prev });
        ids.push(r.id); seqs.push(++seq); prevs.push(prev); hashes.push(hash);
        prev = hash;
      }
      await tx.query(
        `UPDATE audit_log a SET chain_seq = v.seq, prev_hash = v.prev, hash = v.hash
           FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS v(id, seq, prev, hash)
          WHERE a.id = v.id`, [ids, seqs, prevs, hashes]);
      return rows.length;
    });
    if (r === null) return { ran, chained };
    ran = true;
    chained += r;
    if (r < batch) return { ran, chained };
  }
}

/**
 * Chain until every record committed before this call is linked, or `timeoutMs` passes (a
 * transaction left open elsewhere holds the horizon back). For tests, the CLI and verification.
 */
export async function chainAuditAll(db: Db, timeoutMs = 10_000): Promise<AuditLag> {
  const { rows: [{ upto }] } = await db.query(`SELECT coalesce(max(id), 0)::bigint AS upto FROM audit_log WHERE chain_seq IS NULL`);
  const until = Date.now() + timeoutMs;
  for (let wait = 5; ; wait = Math.min(wait * 2, 200)) {
    await chainAudit(db);
    const { rows: [{ n }] } = await db.query(`SELECT count(*)::int AS n FROM audit_log WHERE chain_seq IS NULL AND id <= $1`, [upto]);
    if (n === 0 || Date.now() > until) return auditLag(db);
    await new Promise((r) => setTimeout(r, wait));
  }
}

export interface AuditLag {
  /** Records written and not yet linked into the chain. */
  unchained: number;
  /** Age in seconds of the oldest of them (null when none). */
  oldestSeconds: number | null;
}

export async function auditLag(db: Queryable): Promise<AuditLag> {
  const { rows } = await db.query(
    `SELECT count(*)::int AS n, floor(extract(epoch FROM now() - min(at)))::int AS age FROM audit_log WHERE chain_seq IS NULL`);
  return { unchained: rows[0].n, oldestSeconds: rows[0].n ? Math.max(0, rows[0].age) : null };
}

export interface VerifyResult {
  ok: boolean;
  /** Linked records checked, in chain order. */
  checked: number;
  firstBroken: null | { id: number; reason: 'hash_mismatch' | 'chain_broken' };
  /** Records not linked yet: not checked, and not broken. */
  lag: AuditLag;
}

/**
 * Link what can be linked, then walk the chain in chain order and name the first record whose
 * hash or link is wrong. Records still waiting for the chainer are reported as lag.
 */
export async function verifyAudit(db: Db, batch = 5000): Promise<VerifyResult> {
  await chainAudit(db);
  let prev = GENESIS;
  let after = 0;
  let checked = 0;
  for (;;) {
    const { rows } = await db.query(
      `SELECT chain_seq AS seq, ${HASHED}, prev_hash, hash
         FROM audit_log WHERE chain_seq > $1 ORDER BY chain_seq LIMIT $2`,
      [after, batch],
    );
    if (!rows.length) return { ok: true, checked, firstBroken: null, lag: await auditLag(db) };
    for (const { seq, ...r } of rows as (StoredRecord & { seq: number })[]) {
      const broken = (reason: 'hash_mismatch' | 'chain_broken') => auditLag(db).then((lag) => ({ ok: false, checked, firstBroken: { id: r.id, reason }, lag }));
      if (r.prev_hash !== prev) return broken('chain_broken');
      const { hash, ...rest } = r;
      if (hash === null || recordHash(rest) !== hash) return broken('hash_mismatch');
      prev = hash;
      after = seq;
      checked++;
    }
  }
}
