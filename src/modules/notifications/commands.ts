/**
 * The notifications module's writes as named commands (core/command.ts), each with its audit record:
 * a caller marking notifications read (one record per request), and the outbox drain's bookkeeping
 * (one record per batch, with its counts — not one per message).
 */
import { auditRow, auditRowsSql, defineCommand, type CommandActor } from '../../core/command.js';
import type { Db } from '../../core/db/pool.js';
import { AppError } from '../../core/http/errors.js';

/** `notifications.read`: the caller marks one of their own notifications read (404 for anyone else's). */
export const markRead = defineCommand<{ id: number; accountId: number }, { ok: true }>({
  name: 'notifications.read',
  audit: { targetType: 'notification', targetId: (i) => String(i.id) },
  async run(tx, _actor, i) {
    const r = await tx.query(`UPDATE notification SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND account_id = $2`, [i.id, i.accountId]);
    if (!r.rowCount) throw new AppError('notification_not_found', { id: i.id });
    return { ok: true };
  },
  // one statement: the update and its audit record (none when nothing matched, then the 404)
  async once(db: Db, actor: CommandActor, i): Promise<{ ok: true }> {
    const row = auditRow(actor, markRead, i, () => ({ ok: true as const }));
    const { rows } = await db.query(
      `WITH u AS (UPDATE notification SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND account_id = $2 RETURNING id),
            a AS (${auditRowsSql('u', '$3::jsonb', {})})
       SELECT count(*)::int AS n FROM u`, [i.id, i.accountId, JSON.stringify(row)]);
    if (!rows[0].n) throw new AppError('notification_not_found', { id: i.id });
    return { ok: true };
  },
});

/** `notifications.readAll`: the caller marks every unread notification of theirs read; the record counts them. */
export const markAllRead = defineCommand<{ accountId: number }, { ok: true; marked: number }>({
  name: 'notifications.readAll',
  audit: { targetType: 'account', targetId: (i) => String(i.accountId), detail: (_i, r) => ({ marked: r.marked }) },
  async run(tx, _actor, i) {
    const r = await tx.query(`UPDATE notification SET read_at = now() WHERE account_id = $1 AND read_at IS NULL`, [i.accountId]);
    return { ok: true, marked: r.rowCount ?? 0 };
  },
  async once(db: Db, actor: CommandActor, i): Promise<{ ok: true; marked: number }> {
    const row = auditRow(actor, markAllRead, i, (slot) => ({ ok: true as const, marked: slot('marked') as number }));
    const { rows } = await db.query(
      `WITH u AS (UPDATE notification SET read_at = now() WHERE account_id = $1 AND read_at IS NULL RETURNING id),
            a AS (${auditRowsSql('(SELECT 1) one', '$2::jsonb', { marked: '(SELECT count(*)::int FROM u)' })})
       SELECT count(*)::int AS n FROM u`, [i.accountId, JSON.stringify(row)]);
    return { ok: true, marked: rows[0].n };
  },
});

export interface OutboxBatch {
  channel: string;
  /** Messages the channel took in this batch (each already marked sent as it was handed over). */
  sent: number[];
  /** Messages the channel refused, with the error: their attempt is counted and their retry put off here. */
  failed: { id: number; error: string }[];
}

/**
 * `notifications.outbox`: the outbox drain's record of one batch (job `notifications.outbox`, actor
 * `job:notifications.outbox`). A message is marked sent the moment the channel took it (markSent, one
 * statement, so a crash repeats at most the message in hand); this command then counts the failures'
 * attempts and backoff in one statement and writes ONE audit record for the batch: the channel, how
 * many were sent and failed, and the first and last message ids.
 */
export const recordOutboxBatch = defineCommand<OutboxBatch, { sent: number; failed: number }>({
  name: 'notifications.outbox',
  audit: {
    targetType: 'outbox',
    detail: (i, r) => {
      const ids = [...i.sent, ...i.failed.map((f) => f.id)];
      return { channel: i.channel, sent: r.sent, failed: r.failed, firstId: ids.length ? Math.min(...ids) : null, lastId: ids.length ? Math.max(...ids) : null };
    },
    when: (_i, r) => r.sent + r.failed > 0,
  },
  async run(tx, _actor, i) {
    if (i.failed.length) {
      await tx.query(
        `UPDATE outbox o SET attempts = o.attempts + 1, last_error = f.error,
                not_before = now() + least(3600, power(2, o.attempts + 1)) * interval '1 second'
           FROM unnest($1::bigint[], $2::text[]) AS f(id, error) WHERE o.id = f.id`,
        [i.failed.map((f) => f.id), i.failed.map((f) => f.error.slice(0, 1000))]);
    }
    return { sent: i.sent.length, failed: i.failed.length };
  },
});

/** One message handed over: marked sent at once, alone (the batch's record follows in recordOutboxBatch). */
export async function markSent(db: Db, id: number): Promise<void> {
  await db.query(`UPDATE outbox SET sent_at = now(), attempts = attempts + 1 WHERE id = $1`, [id]);
}
