import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Session, type TestApp } from '../support/app.js';
import { verifyAudit } from '../../src/core/audit/chain.js';

let t: TestApp;
let admin: Session;
beforeAll(async () => { t = await testApp(); admin = await t.login('admin'); });
afterAll(() => t.close());

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

  it('verifies an intact chain', async () => {
    const r = await t.get('/api/audit/verify', admin);
    expect(r.body.ok).toBe(true);
    expect(r.body.checked).toBeGreaterThan(3);
  });

  it('is append-only in the database', async () => {
    await expect(t.db.query(`UPDATE audit_log SET action = 'x' WHERE id = 1`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
  });

  it('names the first tampered record', async () => {
    await t.login('community');
    const { rows } = await t.db.query(`SELECT id FROM audit_log ORDER BY id`);
    const victim = rows[2].id;
    // a superuser who bypasses the trigger still cannot hide the change
    await t.db.tx(async (tx) => {
      await tx.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
      await tx.query(`UPDATE audit_log SET actor_username = 'someone-else' WHERE id = $1`, [victim]);
      await tx.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');
    });
    const r = await verifyAudit(t.db);
    expect(r).toEqual({ ok: false, checked: 2, firstBroken: { id: victim, reason: 'hash_mismatch' } });
    const api = await t.get('/api/audit/verify', admin);
    expect(api.body.firstBroken.id).toBe(victim);
  });

  it('only administrators read it', async () => {
    const s = await t.login('street');
    expect((await t.get('/api/audit', s)).status).toBe(403);
    expect((await t.get('/api/audit/verify', s)).body.error.code).toBe('forbidden');
  });
});
