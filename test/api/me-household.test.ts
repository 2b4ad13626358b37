/** 实名绑定: a resident ties their account to their registry record by name and ID number (issue #5: one survey answer per household). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/modules/accounts/accounts.js';
import { BIND_LIMITS } from '../../src/modules/people/binding.js';
import { DEMO_HOMES } from '../../src/modules/property/demo.js';
import { DEMO_PASSWORD, testApp, type Session, type TestApp } from '../support/app.js';

let t: TestApp;
let changjiu: Session, wufang: Session;
beforeAll(async () => {
  t = await testApp();
  [changjiu, wufang] = await Promise.all(['changjiu', 'wufang'].map((u) => t.login(u)));
});
afterAll(() => t.close());

describe('binding an account to a household', () => {
  it('starts unbound; a bad ID number is refused by its check character, nothing written', async () => {
    expect((await t.get('/api/me/household', changjiu)).body).toMatchObject({ bound: false, failuresToday: 0, maxFailures: BIND_LIMITS.perDay });
    const bad = await t.send('PUT', '/api/me/household', { name: DEMO_HOMES.changjiu.name, idNumber: DEMO_HOMES.changjiu.idNumber.slice(0, 17) + (DEMO_HOMES.changjiu.idNumber[17] === '0' ? '1' : '0') }, changjiu);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'id_check_digit', details: [{ field: 'idNumber' }] });
    expect((await t.db.query(`SELECT count(*)::int AS n FROM resident_account ra JOIN account a ON a.id = ra.account_id WHERE a.username = 'changjiu'`)).rows[0].n).toBe(0);
  });

  it('a name that does not match, or a person of another community, is "not matched" and counted', async () => {
    const wrongName = await t.send('PUT', '/api/me/household', { name: '陈建国', idNumber: DEMO_HOMES.changjiu.idNumber }, changjiu, { 'accept-language': 'en' });
    expect(wrongName.status).toBe(404);
    expect(wrongName.body.error.code).toBe('resident_not_matched');
    expect(wrongName.body.error.message).toMatch(/^No resident registered in your community/);
    // 刘桂英 lives in 五坊社区 (朝农街道), outside 昌九社区: the answer says nothing about her
    const elsewhere = await t.send('PUT', '/api/me/household', DEMO_HOMES.wufang, changjiu);
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.error.code).toBe('resident_not_matched');
    expect((await t.get('/api/me/household', changjiu)).body.failuresToday).toBe(2);
  });

  it('binds with the registered name and ID number; shows the home, never the ID; audited', async () => {
    const r = await t.send('PUT', '/api/me/household', { name: ` ${DEMO_HOMES.changjiu.name} `, idNumber: DEMO_HOMES.changjiu.idNumber.toLowerCase() }, changjiu);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ bound: true, name: DEMO_HOMES.changjiu.name, compound: { name: '昌九小区' }, address: '昌九小区3栋1单元502', members: 1 });
    expect(JSON.stringify(r.body)).not.toContain(DEMO_HOMES.changjiu.idNumber.slice(6, 14));
    // the home compound comes first among the community's compounds
    const mine = (await t.get('/api/compounds/mine', changjiu)).body.items;
    expect(mine[0]).toMatchObject({ name: '昌九小区', home: true });
    expect(mine.slice(1).every((c: any) => c.home === false)).toBe(true);
    const { rows } = await t.db.query(`SELECT action, actor_username FROM audit_log WHERE action = 'people.household.bind' ORDER BY id DESC LIMIT 1`);
    expect(rows[0]).toMatchObject({ action: 'people.household.bind', actor_username: 'changjiu' });
  });

  it('a person already bound to another account cannot be bound again', async () => {
    expect((await t.get('/api/me/household', wufang)).body).toMatchObject({ bound: true, name: DEMO_HOMES.wufang.name });
    await t.db.tx((tx) => createAccount(tx, { username: 'wufang2', displayName: '五坊社区居民二', password: DEMO_PASSWORD, roles: [{ role: 'resident', regionCode: '360103013001' }] }));
    const other = await t.login('wufang2');
    const r = await t.send('PUT', '/api/me/household', DEMO_HOMES.wufang, other);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('resident_already_bound');
  });

  it('pauses after the daily number of failures', async () => {
    await t.db.tx((tx) => createAccount(tx, { username: 'guesser', displayName: '猜测者', password: DEMO_PASSWORD, roles: [{ role: 'resident', regionCode: '360111005014' }] }));
    const g = await t.login('guesser');
    for (let i = 0; i < BIND_LIMITS.perDay; i++) expect((await t.send('PUT', '/api/me/household', { name: `猜${i}`, idNumber: DEMO_HOMES.changjiu.idNumber }, g)).status).toBe(404);
    const paused = await t.send('PUT', '/api/me/household', DEMO_HOMES.changjiu, g);
    expect(paused.status).toBe(429);
    expect(paused.body.error.code).toBe('bind_too_many_attempts');
  });

  it('unbinds (e.g. after moving out); staff cannot use these routes', async () => {
    expect((await t.send('DELETE', '/api/me/household', undefined, changjiu)).body.bound).toBe(false);
    expect((await t.send('DELETE', '/api/me/household', undefined, changjiu)).body.error.code).toBe('household_not_bound');
    expect((await t.get('/api/me/household', await t.login('nanchang'))).status).toBe(403);
  });
});
