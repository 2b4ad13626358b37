/**
 * Who must act next is told: a notification row per account (shown in the console and on the
 * phone) and an outbox row for the outside channel (SMS/WeChat), both written in the same
 * transaction as the state change. A job drains the outbox: one process at a time (an advisory
 * lock), as fast as the channel allows (until empty, `channel.concurrency` messages at once),
 * each message marked sent the moment the channel has taken it. A crash can therefore repeat
 * only the message in hand (one per lane), and it repeats with the same idempotency key
 * (`outbox-<id>`), so a channel that honours the key never delivers it twice.
 */
import { runCommand, systemActor } from '../../core/command.js';
import type { Db, Queryable } from '../../core/db/pool.js';
import { usernames } from '../accounts/api.js';
import { markSent, recordOutboxBatch, type OutboxBatch } from './commands.js';

export interface OutboundMessage { id: number; recipient: number | null; username: string | null; text: string; caseId: number | null; kind: string; idempotencyKey: string; }
export interface NotificationChannel {
  name: string;
  /** Messages handed over at once (default 1). A crash can repeat at most this many, each with its idempotency key. */
  concurrency?: number;
  send(msg: OutboundMessage): Promise<void>;
}

/** The default channel writes one line per message to the log; deployments plug in SMS or WeChat. */
export const logChannel: NotificationChannel = {
  name: 'log',
  async send(msg) {
    if (process.env.GONGZHI_NOTIFY_LOG !== '0') console.log(`[notify:${msg.idempotencyKey}] → ${msg.username ?? msg.recipient}: ${msg.text}`);
  },
};

let channel: NotificationChannel = logChannel;
export function setNotificationChannel(c: NotificationChannel): void { channel = c; }
export function notificationChannel(): NotificationChannel { return channel; }

export interface Notice { kind: string; text: string; caseId: number | null; }

/** Write notifications and outbox rows for these accounts, inside the caller's transaction. */
export async function notify(tx: Queryable, accountIds: Iterable<number | null | undefined>, n: Notice): Promise<number> {
  const ids = [...new Set([...accountIds].filter((x): x is number => typeof x === 'number'))];
  if (!ids.length) return 0;
  await tx.query(
    `INSERT INTO notification (account_id, case_id, kind, text) SELECT a, $2, $3, $4 FROM unnest($1::bigint[]) AS a`,
    [ids, n.caseId, n.kind, n.text],
  );
  await tx.query(
    `INSERT INTO outbox (channel, recipient, payload) SELECT 'notify', a, jsonb_build_object('kind', $2::text, 'text', $3::text, 'caseId', $4::bigint) FROM unnest($1::bigint[]) AS a`,
    [ids, n.kind, n.text, n.caseId],
  );
  return ids.length;
}

/**
 * SQL for a one-statement writer (the case intake): two CTEs, `<name>_n` and `<name>_o`, that write a
 * notification and an outbox row per row of `from` — the same rows notify() writes. The arguments
 * are SQL expressions over `from` (e.g. account `who.account_id`, caseId `c.id`); the SQL that
 * names the tables stays here, in the module that owns them.
 */
export function noticeCtes(p: { name: string; from: string; account: string; caseId: string; kind: string; text: string }): string {
  return `${p.name}_n AS (
  INSERT INTO notification (account_id, case_id, kind, text) SELECT ${p.account}, ${p.caseId}, ${p.kind}, ${p.text} FROM ${p.from}),
${p.name}_o AS (
  INSERT INTO outbox (channel, recipient, payload)
  SELECT 'notify', ${p.account}, jsonb_build_object('kind', ${p.kind}, 'text', ${p.text}, 'caseId', ${p.caseId}) FROM ${p.from})`;
}

const DRAIN_ACTOR = systemActor('job:notifications.outbox');
const OUTBOX_LOCK = 7305_0601; // pg_advisory_lock key: one drainer at a time, across processes
const MAX_ATTEMPTS = 10;

export interface DrainResult { sent: number; failed: number; skipped?: boolean; }

/**
 * Drain the outbox until nothing is due. Only the process holding the advisory lock drains
 * (the lock dies with its session, so a killed drainer frees it at once); the others return
 * `skipped`. Each message is marked sent right after the channel accepted it; a failure
 * counts an attempt and waits 2^attempts seconds (at most an hour) before the next try;
 * after 10 attempts it stays unsent with its last error (health shows it as failed).
 */
export async function drainOutbox(db: Db, batch = 200): Promise<DrainResult> {
  const ch = channel;
  const lanes = Math.max(1, Math.min(64, Math.floor(ch.concurrency ?? 1)));
  const lock = await db.pool.connect();
  let lost = false;
  const onLost = () => { lost = true; };
  lock.on('error', onLost);
  let sent = 0, failed = 0;
  try {
    const { rows: got } = await lock.query('SELECT pg_try_advisory_lock($1) AS ok', [OUTBOX_LOCK]);
    if (!got[0].ok) return { sent, failed, skipped: true };
    try {
      const triedThisRun: number[] = [];
      for (;;) {
        if (lost) break;
        // still the holder? (the lock lives and dies with this connection)
        await lock.query('SELECT 1');
        const { rows } = await lock.query(
          `SELECT o.id, o.recipient, o.payload FROM outbox o
            WHERE o.sent_at IS NULL AND o.attempts < $2 AND (o.not_before IS NULL OR o.not_before <= now()) AND o.id <> ALL($3::bigint[])
            ORDER BY o.id LIMIT $1`, [batch, MAX_ATTEMPTS, triedThisRun]);
        if (!rows.length) break;
        const names = await usernames(lock, rows.map((r) => r.recipient).filter((x) => x !== null).map(Number));
        let next = 0;
        const handed: OutboxBatch = { channel: ch.name, sent: [], failed: [] };
        const lane = async () => {
          while (next < rows.length && !lost) {
            const r = rows[next++];
            const msg: OutboundMessage = { id: Number(r.id), recipient: r.recipient === null ? null : Number(r.recipient), username: r.recipient === null ? null : names.get(Number(r.recipient)) ?? null, text: r.payload.text, caseId: r.payload.caseId ?? null, kind: r.payload.kind, idempotencyKey: `outbox-${r.id}` };
            let error: unknown = null;
            try {
              await ch.send(msg);
            } catch (e) {
              error = e;
            }
            if (error === null) {
              await markSent(db, msg.id);
              handed.sent.push(msg.id);
            } else {
              triedThisRun.push(msg.id);
              handed.failed.push({ id: msg.id, error: error instanceof Error ? error.message : String(error) });
            }
          }
        };
        await Promise.all(Array.from({ length: Math.min(lanes, rows.length) }, lane));
        // the batch's one audit record, with the failures' attempts and backoff (a process killed before this
        // leaves its failures uncounted: they are simply tried again)
        sent += handed.sent.length;
        failed += handed.failed.length;
        await runCommand(db, DRAIN_ACTOR, recordOutboxBatch, handed);
      }
    } finally {
      if (!lost) await lock.query('SELECT pg_advisory_unlock($1)', [OUTBOX_LOCK]).catch(() => {});
    }
  } finally {
    lock.off('error', onLost);
    lock.release(lost ? new Error('connection lost') : undefined);
  }
  return { sent, failed };
}

/** The backlog: messages waiting, the age of the oldest, and messages given up after 10 attempts. */
export async function outboxBacklog(db: Queryable): Promise<{ pending: number; oldestSeconds: number | null; failed: number }> {
  const { rows } = await db.query(
    `SELECT count(*) FILTER (WHERE attempts < $1) AS pending,
            extract(epoch FROM now() - min(created_at) FILTER (WHERE attempts < $1)) AS oldest,
            count(*) FILTER (WHERE attempts >= $1) AS failed
       FROM outbox WHERE sent_at IS NULL`, [MAX_ATTEMPTS]);
  const oldest = rows[0].oldest === null ? null : Math.floor(Number(rows[0].oldest));
  return { pending: Number(rows[0].pending), oldestSeconds: oldest, failed: Number(rows[0].failed) };
}
