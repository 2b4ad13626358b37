import { Type } from '@sinclair/typebox';
import { likeEscape } from '../../core/access/policy.js';
import { definePolicy } from '../../core/access/policy.js';
import { auditLag, chainAudit, verifyAudit } from '../../core/audit/chain.js';
import { route, type Module } from '../../core/http/module.js';
import { named, ref } from '../../core/http/schemas.js';

export const policy = definePolicy('audit', {
  /** The audit log shows everyone's actions: system administrators only. */
  read: ['admin'],
  verify: ['admin'],
});

const Record_ = named('AuditRecord', Type.Object({
  id: Type.Integer(), at: Type.String(), actorUsername: Type.Union([Type.String(), Type.Null()]), role: Type.Union([Type.String(), Type.Null()]),
  scopeCode: Type.Union([Type.String(), Type.Null()]), action: Type.String(), targetType: Type.Union([Type.String(), Type.Null()]),
  targetId: Type.Union([Type.String(), Type.Null()]), requestId: Type.Union([Type.String(), Type.Null()]), detail: Type.Any(),
  /** Place in the chain and hash; both null until the chainer has linked the record (a moment after its commit). */
  chainSeq: Type.Union([Type.Integer(), Type.Null()]), hash: Type.Union([Type.String(), Type.Null()]),
}));
const Lag = named('AuditLag', Type.Object({ unchained: Type.Integer(), oldestSeconds: Type.Union([Type.Integer(), Type.Null()]) }));

export const auditModule: Module = {
  name: 'audit',
  title: '审计日志 Audit log: append-only, hash-chained after commit',
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
    {
      // the chain is linked after commit by one chainer (core/audit/chain.ts): a record is written
      // unchained with its transaction's id; chain_seq, prev_hash and hash are set once, later
      id: '1100_audit_chain_after_commit',
      sql: `
DROP TRIGGER audit_log_no_update ON audit_log;
ALTER TABLE audit_log ADD COLUMN xid xid8, ADD COLUMN chain_seq bigint,
  ALTER COLUMN prev_hash DROP NOT NULL, ALTER COLUMN hash DROP NOT NULL;
-- records chained before were linked in id order: that is their chain order
UPDATE audit_log SET chain_seq = id;
CREATE UNIQUE INDEX audit_log_chain_seq_idx ON audit_log (chain_seq);
CREATE INDEX audit_log_unchained_idx ON audit_log (xid, id) WHERE chain_seq IS NULL;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_linked_whole
  CHECK ((chain_seq IS NULL) = (hash IS NULL) AND (hash IS NULL) = (prev_hash IS NULL) AND (xid IS NOT NULL OR chain_seq IS NOT NULL));
CREATE FUNCTION audit_log_link_once() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  linked audit_log;
BEGIN
  -- the only change ever allowed: linking an unlinked record, every other column (present or added later) untouched
  IF TG_OP = 'UPDATE' AND OLD.chain_seq IS NULL AND OLD.hash IS NULL AND NEW.chain_seq IS NOT NULL AND NEW.hash IS NOT NULL THEN
    linked := OLD;
    linked.chain_seq := NEW.chain_seq;
    linked.prev_hash := NEW.prev_hash;
    linked.hash := NEW.hash;
    IF linked IS NOT DISTINCT FROM NEW THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_link_once();
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
      response: { 200: Type.Object({ items: Type.Array(ref(Record_)), nextBefore: Type.Union([Type.Integer(), Type.Null()]) }) },
      async handler({ query, db }) {
        const params: unknown[] = [];
        const where: string[] = [];
        if (query.before) { params.push(query.before); where.push(`id < $${params.length}`); }
        if (query.action) { params.push(`%${likeEscape(query.action)}%`); where.push(`action LIKE $${params.length}`); }
        if (query.actor) { params.push(query.actor.trim().toLowerCase()); where.push(`actor_username = $${params.length}`); }
        params.push(query.limit + 1);
        const { rows } = await db.query(
          `SELECT id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, actor_username AS "actorUsername", role,
                  scope_code AS "scopeCode", action, target_type AS "targetType", target_id AS "targetId", request_id AS "requestId", detail,
                  chain_seq AS "chainSeq", hash
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
      description: 'Links what the chainer may link now, then walks the chain in chain order. `firstBroken.reason` is `hash_mismatch` (the record was changed) '
        + 'or `chain_broken` (a record before it was removed or the order changed). Records written but not yet linked are `lag` '
        + '(`unchained`, `oldestSeconds`), not broken: they are linked once every transaction older than theirs has ended.',
      response: { 200: Type.Object({ ok: Type.Boolean(), checked: Type.Integer(), firstBroken: Type.Union([Type.Null(), Type.Object({ id: Type.Integer(), reason: Type.String() })]), lag: ref(Lag) }) },
      async handler({ db }) {
        return verifyAudit(db);
      },
    }),
  ],
  // links committed records into the chain; one process at a time does it, the others skip
  jobs: [{ name: 'audit.chain', everyMs: 250, run: (db) => chainAudit(db) }],
  metrics: {
    audit_records: async (db) => (await db.query('SELECT count(*)::int AS n FROM audit_log')).rows[0].n,
    audit_unchained: async (db) => (await auditLag(db)).unchained,
    audit_lag_seconds: async (db) => (await auditLag(db)).oldestSeconds ?? 0,
  },
};
