/**
 * Who must act next is told: a notification row per account (shown in the console and on the
 * phone) and an outbox row for the outside channel (SMS/WeChat), both written in the same
 * transaction as the state change. A job drains the outbox; each message carries its outbox
 * id as the idempotency key, so a channel that honours it never delivers twice, and a crash
 * between sending and marking only repeats the call with the same key.
 */
import type { Db, Queryable } from '../../core/db/pool.js';

export interface OutboundMessage { id: number; recipient: number | null; username: string | null; text: string; caseId: number | null; kind: string; idempotencyKey: string; }
export interface NotificationChannel { name: string; send(msg: OutboundMessage): Promise<void>; }

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
 * Drain the outbox: rows are claimed with SKIP LOCKED (several processes never take the same
 * row), sent, and marked in the claiming transaction.
 */
export async function drainOutbox(db: Db, batch = 100): Promise<{ sent: number; failed: number }> {
  let sent = 0, failed = 0;
  await db.tx(async (tx) => {
    const { rows } = await tx.query(
      `SELECT o.id, o.recipient, o.payload, a.username FROM outbox o LEFT JOIN account a ON a.id = o.recipient
        WHERE o.sent_at IS NULL AND o.attempts < 10 ORDER BY o.id LIMIT $1 FOR UPDATE OF o SKIP LOCKED`, [batch]);
    for (const r of rows) {
      const msg: OutboundMessage = { id: Number(r.id), recipient: r.recipient === null ? null : Number(r.recipient), username: r.username, text: r.payload.text, caseId: r.payload.caseId ?? null, kind: r.payload.kind, idempotencyKey: `outbox-${r.id}` };
      try {
        await channel.send(msg);
        await tx.query(`UPDATE outbox SET sent_at = now(), attempts = attempts + 1 WHERE id = $1`, [r.id]);
        sent++;
      } catch (e) {
        await tx.query(`UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = $1`, [r.id, e instanceof Error ? e.message : String(e)]);
        failed++;
      }
    }
  });
  return { sent, failed };
}

/** Accounts holding a role on exactly this region (community staff of a community, the street's command centre). */
export async function accountsWithRole(db: Queryable, role: string, regionCode: string | null): Promise<number[]> {
  if (!regionCode) return [];
  const { rows } = await db.query(
    `SELECT DISTINCT ra.account_id FROM role_assignment ra JOIN account a ON a.id = ra.account_id AND a.active WHERE ra.role = $1 AND ra.region_code = $2`, [role, regionCode]);
  return rows.map((r) => Number(r.account_id));
}

export async function gridWorkers(db: Queryable, gridCode: string | null): Promise<number[]> {
  if (!gridCode) return [];
  const { rows } = await db.query(`SELECT DISTINCT account_id FROM grid_staff WHERE grid_code = $1 AND until IS NULL AND account_id IS NOT NULL`, [gridCode]);
  return rows.map((r) => Number(r.account_id));
}

export async function departmentMembers(db: Queryable, departmentId: number | null): Promise<number[]> {
  if (!departmentId) return [];
  const { rows } = await db.query(`SELECT account_id FROM department_member WHERE department_id = $1`, [departmentId]);
  return rows.map((r) => Number(r.account_id));
}
