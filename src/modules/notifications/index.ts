/**
 * Notifications: who must act next is told — a notification row per account (the console's and
 * the phone's 通知) and an outbox row for the outside channel (SMS/WeChat), written in the
 * transaction of the change that caused them (notify.ts); the job `notifications.outbox` drains
 * the outbox. The tables were created by cases' migrations (0900s, before this module existed) and
 * are declared here since (migrations.ts, 1210). Other modules use api.ts.
 */
import { Type } from '@sinclair/typebox';
import { AppError } from '../../core/http/errors.js';
import { route, type Module } from '../../core/http/module.js';
import { Instant, named, Nullable, ref } from '../../core/http/schemas.js';
import './errors.js';
import { markAllRead, markRead } from './commands.js';
import { migrations } from './migrations.js';
import { drainOutbox } from './notify.js';
import { policy } from './policy.js';

const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }); // bigint ids
export const Notification = named('Notification', Type.Object({
  id: Type.Integer(), caseId: Nullable(Type.Integer()), caseNumber: Nullable(Type.String()), kind: Type.String(), text: Type.String(),
  at: Instant, readAt: Nullable(Instant),
}));

export const notificationsModule: Module = {
  name: 'notifications',
  title: '通知 Notifications: what the caller must act on, and the outbox to SMS/WeChat',
  migrations,
  policy,
  jobs: [
    // drains until empty each time (see notify.ts); the interval is only how soon a new message leaves
    { name: 'notifications.outbox', everyMs: 2_000, run: (db) => drainOutbox(db) },
  ],
  metrics: {
    'notifications.outboxPending': async (db) => Number((await db.query(`SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL`)).rows[0].n),
  },
  routes: [
    route({
      method: 'GET', url: '/api/notifications', action: policy.mine,
      summary: 'What the caller must act on (newest first)',
      query: Type.Object({ unread: Type.Optional(Type.Boolean()), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) }),
      response: { 200: Type.Object({ items: Type.Array(ref(Notification)), unread: Type.Integer() }) },
      async handler(ctx) {
        const me = ctx.me.accountId;
        // the case's number through the view cases exports (case_ref_v), not its table
        const { rows } = await ctx.db.query(
          `SELECT n.id, n.case_id, c.number, n.kind, n.text, n.at, n.read_at FROM notification n LEFT JOIN case_ref_v c ON c.id = n.case_id
            WHERE n.account_id = $1 AND (NOT $2::boolean OR n.read_at IS NULL) ORDER BY n.id DESC LIMIT $3`, [me, !!ctx.query.unread, ctx.query.limit ?? 50]);
        const { rows: [u] } = await ctx.db.query(`SELECT count(*)::int AS n FROM notification WHERE account_id = $1 AND read_at IS NULL`, [me]);
        return { items: rows.map((r) => ({ id: Number(r.id), caseId: r.case_id === null ? null : Number(r.case_id), caseNumber: r.number, kind: r.kind, text: r.text, at: r.at, readAt: r.read_at })), unread: u.n };
      },
    }),
    route({
      method: 'POST', url: '/api/notifications/:id/read', action: policy.mine,
      summary: 'Mark one notification read', params: Type.Object({ id: Id }),
      response: { 200: Type.Object({ ok: Type.Boolean() }) },
      async handler(ctx) {
        return ctx.run(markRead, { id: ctx.params.id, accountId: ctx.me.accountId });
      },
    }),
    route({
      method: 'POST', url: '/api/notifications/read-all', action: policy.mine,
      summary: 'Mark all notifications read',
      response: { 200: Type.Object({ ok: Type.Boolean(), marked: Type.Integer() }) },
      async handler(ctx) {
        return ctx.run(markAllRead, { accountId: ctx.me.accountId });
      },
    }),
  ],
};
