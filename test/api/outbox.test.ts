/**
 * The notification outbox: each message marked as it is handed over, so a failure or a crash
 * repeats at most the message in hand; a backlog drains in one run; health shows its size and age.
 */
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDb } from '../../src/core/db/pool.js';
import { drainOutbox, logChannel, notify, setNotificationChannel, type OutboundMessage } from '../../src/modules/notifications/api.js';
import { testApp, type TestApp } from '../support/app.js';

let t: TestApp;
let accounts: number[];
beforeAll(async () => {
  t = await testApp();
  accounts = (await t.db.query(`SELECT id FROM account ORDER BY id LIMIT 20`)).rows.map((r) => Number(r.id));
});
afterAll(() => t.close());
beforeEach(async () => { await t.db.query(`DELETE FROM outbox`); });
afterEach(() => setNotificationChannel(logChannel));

/** n outbox messages (n accounts' worth per notice, as the case actions write them). */
async function enqueue(n: number, createdAgoSeconds = 0): Promise<void> {
  await t.db.tx(async (tx) => {
    for (let i = 0; i < n; i += accounts.length) await notify(tx, accounts.slice(0, Math.min(accounts.length, n - i)), { kind: 'test', text: `消息 ${i}`, caseId: null });
    if (createdAgoSeconds) await tx.query(`UPDATE outbox SET created_at = now() - $1 * interval '1 second'`, [createdAgoSeconds]);
  });
}

/** Another process's pool on the same database (the password is not enumerable in pool.options). */
const samePool = (): pg.PoolConfig => {
  const o = t.db.pool.options as pg.PoolConfig;
  return { ...o, password: o.password };
};

const pending = async () => Number((await t.db.query(`SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL`)).rows[0].n);

describe('the notification outbox', () => {
  it('a channel that fails after k messages: those k stay sent, the one that failed waits for its retry, nothing is sent twice', async () => {
    await enqueue(40);
    const delivered: string[] = [];
    let calls = 0;
    setNotificationChannel({ name: 'flaky', async send(m) { if (++calls === 11) throw new Error('SMS gateway down'); delivered.push(m.idempotencyKey); } });
    const first = await drainOutbox(t.db);
    expect(first).toMatchObject({ sent: 39, failed: 1 });
    const { rows } = await t.db.query(`SELECT attempts, last_error, not_before > now() AS waits FROM outbox WHERE sent_at IS NULL`);
    expect(rows).toEqual([{ attempts: 1, last_error: 'SMS gateway down', waits: true }]);
    // its backoff over, the next run sends it — and only it
    await t.db.query(`UPDATE outbox SET not_before = now() WHERE sent_at IS NULL`);
    expect(await drainOutbox(t.db)).toMatchObject({ sent: 1, failed: 0 });
    expect(delivered.length).toBe(40);
    expect(new Set(delivered).size).toBe(40);
  });

  it('a process killed in the middle of a batch: after the restart only the message in hand is sent again (same idempotency key)', async () => {
    await enqueue(60);
    const delivered: string[] = [];
    const k = 17;
    // the "process" drains on its own pool; on the k-th message it is killed: its connections
    // are cut (as the server sees it when the process dies) and it never continues
    const doomed = createDb({ ...samePool(), application_name: 'doomed' }, t.db.kind);
    let calls = 0;
    let killed!: () => void;
    const kill = new Promise<void>((r) => (killed = r));
    setNotificationChannel({
      name: 'sms', async send(m) {
        delivered.push(m.idempotencyKey);
        if (++calls === k) {
          const c = new pg.Client(t.db.pool.options as pg.ClientConfig);
          await c.connect();
          await c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'doomed'`);
          await c.end();
          killed();
          await new Promise(() => {}); // never returns: the process is gone
        }
      },
    });
    void drainOutbox(doomed).catch(() => {});
    await kill;
    await new Promise((r) => setTimeout(r, 200));
    void doomed.pool.end().catch(() => {});
    expect(delivered.length).toBe(k);
    // the app starts again and drains
    setNotificationChannel({ name: 'sms', async send(m) { delivered.push(m.idempotencyKey); } });
    const again = await drainOutbox(t.db);
    expect(again.sent).toBe(60 - k + 1);
    const counts = new Map<string, number>();
    for (const key of delivered) counts.set(key, (counts.get(key) ?? 0) + 1);
    expect(counts.size).toBe(60);
    expect([...counts].filter(([, n]) => n > 1)).toEqual([[delivered[k - 1], 2]]);
    expect(await pending()).toBe(0);
  });

  it('two processes draining at once never send a message twice', async () => {
    await enqueue(300);
    const delivered: string[] = [];
    setNotificationChannel({ name: 'sms', concurrency: 4, async send(m) { await new Promise((r) => setImmediate(r)); delivered.push(m.idempotencyKey); } });
    const other = createDb(samePool(), t.db.kind);
    try {
      await Promise.all([drainOutbox(t.db, 50), drainOutbox(other, 50), drainOutbox(t.db, 50)]);
      // whoever held the lock drained everything
      expect(delivered.length).toBe(300);
      expect(new Set(delivered).size).toBe(300);
    } finally {
      await other.close();
    }
  });

  it('a backlog of 2,000 drains in one run, as fast as the channel takes them', async () => {
    await enqueue(2000);
    const sent: OutboundMessage[] = [];
    setNotificationChannel({ name: 'fast', concurrency: 8, async send(m) { sent.push(m); } });
    const t0 = performance.now();
    const r = await drainOutbox(t.db);
    const seconds = (performance.now() - t0) / 1000;
    expect(r).toMatchObject({ sent: 2000, failed: 0 });
    expect(await pending()).toBe(0);
    console.log(`outbox: 2,000 messages in ${seconds.toFixed(2)} s (${Math.round(2000 / seconds)}/s)`);
    // ~700/s alone on a laptop-class machine; intake at full speed writes ~150/s. A loose bound, for a loaded CI machine:
    expect(2000 / seconds).toBeGreaterThan(100);
  });

  it('the drain is a command: one audit record per batch with its counts, not one per message', async () => {
    const records = async () => (await t.db.query(
      `SELECT actor_username, target_type, detail::jsonb AS detail FROM audit_log WHERE action = 'notifications.outbox' ORDER BY id`)).rows;
    const before = (await records()).length;
    await enqueue(120);
    let calls = 0;
    setNotificationChannel({ name: 'sms', concurrency: 4, async send() { if (++calls % 10 === 0) throw new Error('busy'); } });
    expect(await drainOutbox(t.db, 50)).toMatchObject({ sent: 108, failed: 12 });
    const batches = (await records()).slice(before);
    expect(batches.length).toBe(3); // 50 + 50 + 20
    for (const b of batches) expect(b).toMatchObject({ actor_username: 'job:notifications.outbox', target_type: 'outbox', detail: { channel: 'sms' } });
    expect(batches.map((b) => b.detail.sent + b.detail.failed)).toEqual([50, 50, 20]);
    expect(batches.reduce((n, b) => n + b.detail.sent, 0)).toBe(108);
    expect(batches.reduce((n, b) => n + b.detail.failed, 0)).toBe(12);
    expect(batches[0].detail.firstId).toBeLessThan(batches[0].detail.lastId);
    expect(batches[0].detail.lastId).toBeLessThan(batches[1].detail.firstId);
    // the failures' attempts and backoff were written by the batch's command
    const { rows } = await t.db.query(`SELECT attempts, last_error, not_before > now() AS waits FROM outbox WHERE sent_at IS NULL`);
    expect(rows.length).toBe(12);
    for (const r of rows) expect(r).toEqual({ attempts: 1, last_error: 'busy', waits: true });
    // a run with nothing due writes no record
    expect(await drainOutbox(t.db, 50)).toMatchObject({ sent: 0, failed: 0 });
    expect((await records()).length).toBe(before + 3);
  });

  it('health shows the backlog: how many wait, how old the oldest is, how many were given up', async () => {
    expect((await t.get('/api/health')).body.outbox).toEqual({ pending: 0, oldestSeconds: null, failed: 0 });
    await enqueue(25, 90);
    await t.db.query(`UPDATE outbox SET attempts = 10 WHERE id IN (SELECT id FROM outbox ORDER BY id LIMIT 3)`);
    const h = await t.get('/api/health');
    expect(h.status).toBe(200);
    expect(h.body.outbox).toEqual({ pending: 22, oldestSeconds: expect.any(Number), failed: 3 });
    expect(h.body.outbox.oldestSeconds).toBeGreaterThanOrEqual(90);
    expect(h.body.outbox.oldestSeconds).toBeLessThan(200);
  });
});
