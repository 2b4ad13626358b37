import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { testApp, testDb, type Session, type TestApp } from '../support/app.js';
import { withDatabase } from '../support/global-setup.js';
import { appendAudit, auditLag, canonicalJson, chainAudit, chainAuditAll, GENESIS, recordHash, verifyAudit } from '../../src/core/audit/chain.js';
import { defineCommand, runCommand, systemActor } from '../../src/core/command.js';
import { createDb } from '../../src/core/db/pool.js';
import { migrate } from '../../src/core/db/migrate.js';
import { allMigrations } from '../../src/modules/index.js';

let t: TestApp;
let admin: Session;
beforeAll(async () => { t = await testApp(); admin = await t.login('admin'); });
afterAll(() => t.close());

const entry = (action: string) => ({ actorId: null, actorUsername: 'test', role: null, scopeCode: null, action, targetType: null, targetId: null, requestId: null });

describe('audit log', () => {
  it('records every login, failed login and logout with who, role, scope, target and request id', async () => {
    const s = await t.login('street');
    await t.send('POST', '/api/auth/logout', {}, s, { 'x-request-id': 'req-logout-1' });
    await t.send('POST', '/api/auth/login', { username: 'street', password: 'bad-password' });
    const r = await t.get('/api/audit?actor=street&limit=10', admin);
    expect(r.status).toBe(200);
    const actions = r.body.items.map((i: any) => i.action);
    expect(actions.slice(0, 3)).toEqual(['auth.login_failed', 'auth.logout', 'auth.login']);
    expect(r.body.items[1]).toMatchObject({ actorUsername: 'street', role: 'street_command', scopeCode: '460107002', targetType: 'account', requestId: 'req-logout-1' });
  });

  it('pages with a before cursor and filters by action', async () => {
    const p1 = await t.get('/api/audit?limit=2', admin);
    expect(p1.body.items).toHaveLength(2);
    const p2 = await t.get(`/api/audit?limit=2&before=${p1.body.nextBefore}`, admin);
    expect(p2.body.items[0].id).toBeLessThan(p1.body.items[1].id);
    const f = await t.get('/api/audit?action=demo', admin);
    expect(f.body.items.every((i: any) => i.action.startsWith('demo.'))).toBe(true);
    expect((await t.get('/api/audit?limit=500', admin)).status).toBe(400);
  });

  it('verifies an intact chain and shows a record\'s place in it once linked', async () => {
    const r = await t.get('/api/audit/verify', admin);
    expect(r.body).toMatchObject({ ok: true, firstBroken: null, lag: { unchained: expect.any(Number) } });
    expect(r.body.checked).toBeGreaterThan(3);
    await chainAuditAll(t.db);
    const items = (await t.get('/api/audit?limit=5', admin)).body.items;
    for (const i of items) expect(i).toMatchObject({ chainSeq: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('appending takes no lock: a second transaction commits its record while the first is still open', async () => {
    const a = await t.db.pool.connect();
    const b = await t.db.pool.connect();
    try {
      // if appending waited for anything the first transaction holds, these timeouts fail the test instead of hanging it
      await b.query(`SET statement_timeout = '2s'`);
      await b.query(`SET lock_timeout = '1s'`);
      await a.query('BEGIN');
      await appendAudit(a, entry('test.first_open'));
      const t0 = performance.now();
      await b.query('BEGIN');
      await appendAudit(b, entry('test.second'));
      await b.query('COMMIT');
      expect(performance.now() - t0).toBeLessThan(1000);
      // the second is committed but cannot be linked yet: the open first one may still commit a record that sorts before it
      await chainAudit(t.db);
      const { rows: [second] } = await t.db.query(`SELECT chain_seq FROM audit_log WHERE action = 'test.second'`);
      expect(second.chain_seq).toBeNull();
      const v = await verifyAudit(t.db);
      expect(v).toMatchObject({ ok: true, firstBroken: null });
      expect(v.lag.unchained).toBeGreaterThanOrEqual(1);
      await a.query('COMMIT');
    } finally {
      await a.query('ROLLBACK').catch(() => {});
      a.release();
      b.release();
    }
    await chainAuditAll(t.db);
    const { rows } = await t.db.query(`SELECT action, chain_seq FROM audit_log WHERE action IN ('test.first_open', 'test.second') ORDER BY chain_seq`);
    // the chain follows the order the transactions began writing in, not the order they committed in
    expect(rows.map((r) => r.action)).toEqual(['test.first_open', 'test.second']);
    expect(await verifyAudit(t.db)).toMatchObject({ ok: true, lag: { unchained: 0, oldestSeconds: null } });
  });

  it('a transaction left open in another database of the same server does not hold the chain back', async () => {
    const other = (await testDb()).db;
    const c = await other.pool.connect();
    try {
      await c.query('BEGIN');
      await c.query('SELECT pg_current_xact_id()'); // it holds an xid, older than the record below
      await t.db.tx((tx) => appendAudit(tx, entry('test.beside_other_db')));
      expect(await chainAuditAll(t.db, 3000)).toEqual({ unchained: 0, oldestSeconds: null });
    } finally {
      await c.query('ROLLBACK').catch(() => {});
      c.release();
      await other.close();
    }
  });

  it('fifty commands at once are all linked and the chain verifies', async () => {
    const touch = defineCommand<{ n: number }, { n: number }>({
      name: 'test.concurrent',
      run: async (tx, _actor, input) => { await tx.query('SELECT pg_sleep(0.002)'); return input; },
      audit: { targetType: 'test', targetId: (i) => String(i.n) },
    });
    await Promise.all(Array.from({ length: 50 }, (_, n) => runCommand(t.db, systemActor('job:test'), touch, { n })));
    expect(await chainAuditAll(t.db)).toEqual({ unchained: 0, oldestSeconds: null });
    const { rows } = await t.db.query(`SELECT count(*)::int AS n, count(DISTINCT chain_seq)::int AS seqs, count(hash)::int AS hashed FROM audit_log WHERE action = 'test.concurrent'`);
    expect(rows[0]).toEqual({ n: 50, seqs: 50, hashed: 50 });
    const v = await verifyAudit(t.db);
    expect(v).toMatchObject({ ok: true, firstBroken: null });
    expect(v.checked).toBe(Number((await t.db.query('SELECT count(*) AS n FROM audit_log')).rows[0].n));
  });

  it('two chainers at once: one links, the other skips, and nothing is linked twice', async () => {
    await Promise.all(Array.from({ length: 20 }, () => t.db.tx((tx) => appendAudit(tx, entry('test.two_chainers')))));
    await new Promise((r) => setTimeout(r, 20));
    const results = await Promise.all([chainAudit(t.db), chainAudit(t.db), chainAudit(t.db)]);
    expect(results.some((r) => r.ran)).toBe(true);
    await chainAuditAll(t.db);
    expect((await verifyAudit(t.db)).ok).toBe(true);
  });

  it('is append-only in the database: only linking an unlinked record, once, is allowed', async () => {
    await expect(t.db.query(`UPDATE audit_log SET action = 'x' WHERE id = 1`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`UPDATE audit_log SET hash = $1 WHERE id = 1`, ['f'.repeat(64)])).rejects.toThrow(/append-only/);
    await t.db.tx((tx) => appendAudit(tx, entry('test.unlinked')));
    // an unlinked record's content cannot change either, nor can it be removed
    await expect(t.db.query(`UPDATE audit_log SET action = 'x', chain_seq = 999999, prev_hash = $1, hash = $1 WHERE action = 'test.unlinked'`, [GENESIS])).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM audit_log WHERE action = 'test.unlinked'`)).rejects.toThrow(/append-only/);
    await chainAuditAll(t.db);
    await expect(t.db.query(`UPDATE audit_log SET chain_seq = chain_seq + 1000000 WHERE action = 'test.unlinked'`)).rejects.toThrow(/append-only/);
  });

  it('names the first tampered record', async () => {
    await t.login('community');
    await chainAuditAll(t.db);
    const { rows } = await t.db.query(`SELECT id FROM audit_log ORDER BY chain_seq`);
    const victim = rows[2].id;
    // a superuser who bypasses the trigger still cannot hide the change
    await t.db.tx(async (tx) => {
      await tx.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
      await tx.query(`UPDATE audit_log SET actor_username = 'someone-else' WHERE id = $1`, [victim]);
      await tx.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');
    });
    const r = await verifyAudit(t.db);
    expect(r).toMatchObject({ ok: false, checked: 2, firstBroken: { id: victim, reason: 'hash_mismatch' } });
    const api = await t.get('/api/audit/verify', admin);
    expect(api.body.firstBroken.id).toBe(victim);
  });

  it('names the record after one that was removed, or after a change of order', async () => {
    const { db } = await testDb();
    try {
      for (let i = 0; i < 6; i++) await db.tx((tx) => appendAudit(tx, entry(`test.row${i}`)));
      await chainAuditAll(db);
      const { rows } = await db.query(`SELECT id, chain_seq FROM audit_log ORDER BY chain_seq LIMIT 6`);
      await db.tx(async (tx) => {
        await tx.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
        await tx.query(`DELETE FROM audit_log WHERE id = $1`, [rows[3].id]);
        await tx.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');
      });
      expect(await verifyAudit(db)).toMatchObject({ ok: false, checked: 3, firstBroken: { id: rows[4].id, reason: 'chain_broken' } });
      await db.tx(async (tx) => {
        await tx.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
        await tx.query(`UPDATE audit_log SET chain_seq = -chain_seq WHERE id IN ($1, $2)`, [rows[1].id, rows[2].id]);
        await tx.query(`UPDATE audit_log SET chain_seq = CASE id WHEN $1 THEN $3::bigint ELSE $4::bigint END WHERE id IN ($1, $2)`, [rows[1].id, rows[2].id, rows[2].chain_seq, rows[1].chain_seq]);
        await tx.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');
      });
      expect(await verifyAudit(db)).toMatchObject({ ok: false, checked: 1, firstBroken: { id: rows[2].id, reason: 'chain_broken' } });
    } finally {
      await db.close();
    }
  });

  it('only administrators read it', async () => {
    const s = await t.login('street');
    expect((await t.get('/api/audit', s)).status).toBe(403);
    expect((await t.get('/api/audit/verify', s)).body.error.code).toBe('forbidden');
  });
});

describe('a database whose records were chained the old way (in id order, under a lock)', () => {
  it('still verifies after the migration, and new records continue its chain', async () => {
    const info = inject('testDb');
    const name = `${info.prefix}_legacy_${randomBytes(3).toString('hex')}`;
    const admin = new pg.Client(info.admin);
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const db = createDb(info.admin.connectionString ? { connectionString: withDatabase(info.admin.connectionString as string, name) } : { ...info.admin, database: name }, info.kind);
    try {
      const all = allMigrations();
      await migrate(db, all.filter((m) => m.id < '1100_audit_chain_after_commit'));
      // what the old appendAudit wrote: ids in order, each record's prev_hash the previous one's hash
      let prev = GENESIS;
      for (let id = 1; id <= 5; id++) {
        const rec = { id, at: `2026-11-0${id}T08:00:00.123Z`, actor_id: null, actor_username: 'cli', role: null, scope_code: null, action: 'legacy.x', target_type: null, target_id: null, request_id: null, detail: canonicalJson({ id }), prev_hash: prev };
        const hash = recordHash(rec);
        await db.query(`INSERT INTO audit_log (id, at, actor_id, actor_username, role, scope_code, action, target_type, target_id, request_id, detail, prev_hash, hash)
                        VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)`, [rec.id, rec.at, null, 'cli', null, null, rec.action, null, null, null, rec.detail, prev, hash]);
        prev = hash;
      }
      await db.query(`SELECT setval('audit_log_id_seq', 5)`);
      await migrate(db, all);
      expect(await verifyAudit(db)).toEqual({ ok: true, checked: 5, firstBroken: null, lag: { unchained: 0, oldestSeconds: null } });
      await db.tx((tx) => appendAudit(tx, entry('new.y')));
      await chainAuditAll(db);
      const { rows } = await db.query(`SELECT id, chain_seq, prev_hash FROM audit_log WHERE action = 'new.y'`);
      expect(rows[0]).toMatchObject({ chain_seq: 6, prev_hash: prev });
      expect(await verifyAudit(db)).toMatchObject({ ok: true, checked: 6 });
      expect(await auditLag(db)).toEqual({ unchained: 0, oldestSeconds: null });
    } finally {
      await db.close();
      const c = new pg.Client(info.admin);
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name}`).catch(() => {});
      await c.end();
    }
  }, 120_000);
});
