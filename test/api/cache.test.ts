/**
 * core/cache.ts and the sessions cache: values stay in memory until a NOTIFY says otherwise —
 * from this process's writer (invalidate() in its transaction) or from any other connection (another
 * app process, a trigger) — and a revoked session is refused at once.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheChannel, cached, invalidate } from '../../src/core/cache.js';
import { testApp, type TestApp } from '../support/app.js';

let t: TestApp;
let other: pg.Client; // stands for another app process on the same database

beforeAll(async () => {
  t = await testApp();
  other = new pg.Client(t.db.pool.options as pg.ClientConfig);
  await other.connect();
});
afterAll(async () => { await other.end(); await t.close(); });

const settle = () => new Promise((r) => setTimeout(r, 150));
// at most 1.5 s: well inside the sessions cache's 5 s lifetime, so only a NOTIFY can make these pass
const until = async (f: () => Promise<boolean>) => { for (let i = 0; i < 10 && !(await f()); i++) await settle(); return f(); };

describe('cached(name, load)', () => {
  let loads = 0;
  let value = 1;
  const get = cached('test.thing', async () => { loads++; return value; });

  it('loads once, then answers from memory', async () => {
    // (the first calls load every time until the listener hears the channel)
    expect(await until(async () => { const n = loads; await get(t.db); return loads > 0 && loads === n; })).toBe(true);
    const n = loads;
    for (let i = 0; i < 5; i++) expect(await get(t.db)).toBe(1);
    expect(loads).toBe(n);
  });

  it('a writer in this process: bypassed inside its transaction, fresh after commit', async () => {
    const n = loads;
    await t.db.tx(async (tx) => {
      await invalidate(tx, 'test.thing');
      value = 2;
      expect(await get(tx)).toBe(2);
    });
    expect(await get(t.db)).toBe(2);
    expect(loads).toBeGreaterThan(n);
    // once the notice is back, cached again
    await settle();
    await get(t.db);
    const m = loads;
    await get(t.db);
    expect(loads).toBe(m);
  });

  it('another process\'s NOTIFY drops the value', async () => {
    value = 3;
    expect(await get(t.db)).toBe(2); // still cached: nobody said it changed
    await other.query('SELECT pg_notify($1, $2)', [cacheChannel('test.thing'), '']);
    expect(await until(async () => (await get(t.db)) === 3)).toBe(true);
  });
});

describe('sessions cache', () => {
  it('a role taken away elsewhere is gone from the next request; a deleted session is signed out', async () => {
    const s = await t.login('community');
    const roles = async () => (await t.get('/api/auth/me', s)).body.user.roles as unknown[];
    expect((await roles()).length).toBeGreaterThan(0);
    expect((await roles()).length).toBeGreaterThan(0); // now from memory
    const { rows: [a] } = await t.db.query(`SELECT id FROM account WHERE username = 'community'`);
    const saved = (await t.db.query(`SELECT role, region_code FROM role_assignment WHERE account_id = $1`, [a.id])).rows;
    await other.query(`DELETE FROM role_assignment WHERE account_id = $1`, [a.id]);
    expect(await until(async () => (await roles()).length === 0)).toBe(true);
    for (const r of saved) await other.query(`INSERT INTO role_assignment (account_id, role, region_code) VALUES ($1, $2, $3)`, [a.id, r.role, r.region_code]);
    await other.query(`DELETE FROM session WHERE account_id = $1`, [a.id]);
    expect(await until(async () => (await t.get('/api/auth/me', s)).status === 401)).toBe(true);
  });

  it('logout revokes at once in this process', async () => {
    const s = await t.login('street');
    expect((await t.get('/api/auth/me', s)).status).toBe(200);
    expect((await t.send('POST', '/api/auth/logout', {}, s)).status).toBe(200);
    expect((await t.get('/api/auth/me', s)).status).toBe(401);
  });
});
