import { Type } from '@sinclair/typebox';
import { likeEscape } from '../../core/access/policy.js';
import { definePolicy } from '../../core/access/policy.js';
import { verifyAudit } from '../../core/audit/chain.js';
import { route, type Module } from '../../core/http/module.js';

export const policy = definePolicy('audit', {
  /** The audit log shows everyone's actions: system administrators only. */
  read: ['admin'],
  verify: ['admin'],
});

const Record_ = Type.Object({
  id: Type.Integer(), at: Type.String(), actorUsername: Type.Union([Type.String(), Type.Null()]), role: Type.Union([Type.String(), Type.Null()]),
  scopeCode: Type.Union([Type.String(), Type.Null()]), action: Type.String(), targetType: Type.Union([Type.String(), Type.Null()]),
  targetId: Type.Union([Type.String(), Type.Null()]), requestId: Type.Union([Type.String(), Type.Null()]), detail: Type.Any(), hash: Type.String(),
});

export const auditModule: Module = {
  name: 'audit',
  title: '审计日志 Audit log: append-only, hash-chained',
  migrations: [
    {
      id: '0300_audit_log',
      sql: `
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  actor_id bigint,
  actor_username text,
  role text,
  scope_code text,
  action text NOT NULL,
  target_type text,
  target_id text,
  request_id text,
  detail text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_username, id);
CREATE INDEX audit_log_action_idx ON audit_log (action, id);
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
`,
    },
  ],
  policy,
  routes: [
    route({
      method: 'GET', url: '/api/audit', action: policy.read,
      summary: 'Browse the audit log, newest first',
      query: Type.Object({
        limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
        before: Type.Optional(Type.Integer({ minimum: 1 })),
        action: Type.Optional(Type.String({ maxLength: 64 })),
        actor: Type.Optional(Type.String({ maxLength: 64 })),
      }),
      response: { 200: Type.Object({ items: Type.Array(Record_), nextBefore: Type.Union([Type.Integer(), Type.Null()]) }) },
      async handler({ query, db }) {
        const params: unknown[] = [];
        const where: string[] = [];
        if (query.before) { params.push(query.before); where.push(`id < $${params.length}`); }
        if (query.action) { params.push(`%${likeEscape(query.action)}%`); where.push(`action LIKE $${params.length}`); }
        if (query.actor) { params.push(query.actor.trim().toLowerCase()); where.push(`actor_username = $${params.length}`); }
        params.push(query.limit + 1);
        const { rows } = await db.query(
          `SELECT id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, actor_username AS "actorUsername", role,
                  scope_code AS "scopeCode", action, target_type AS "targetType", target_id AS "targetId", request_id AS "requestId", detail, hash
             FROM audit_log ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id DESC LIMIT $${params.length}`,
          params,
        );
        const more = rows.length > query.limit;
        const items = rows.slice(0, query.limit).map((r) => ({ ...r, detail: JSON.parse(r.detail) }));
        return { items, nextBefore: more ? items[items.length - 1].id : null };
      },
    }),
    route({
      method: 'GET', url: '/api/audit/verify', action: policy.verify,
      summary: 'Check the hash chain; names the first broken record',
      response: { 200: Type.Object({ ok: Type.Boolean(), checked: Type.Integer(), firstBroken: Type.Union([Type.Null(), Type.Object({ id: Type.Integer(), reason: Type.String() })]) }) },
      async handler({ db }) {
        return verifyAudit(db);
      },
    }),
  ],
  metrics: {
    audit_records: async (db) => (await db.query('SELECT count(*)::int AS n FROM audit_log')).rows[0].n,
  },
};
