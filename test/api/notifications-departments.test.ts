/**
 * The notifications and departments modules (issue 13: out of cases): a user's notifications and
 * marking them read; departments listed for a region, and what departments/api.ts answers other
 * modules (members, an account's departments, membership of a kind) through the module's own SQL
 * and views.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { departmentMembers, departmentsOf, isMemberOfKind } from '../../src/modules/departments/api.js';
import { notify } from '../../src/modules/notifications/api.js';
import { testApp, type Session, type TestApp } from '../support/app.js';

let t: TestApp;
let street: Session, community: Session, admin: Session, department: Session;
const accountId = async (username: string) => Number((await t.db.query(`SELECT id FROM account WHERE username = $1`, [username])).rows[0].id);

beforeAll(async () => {
  t = await testApp();
  [street, community, admin, department] = await Promise.all(['street', 'community', 'admin', 'department'].map((u) => t.login(u)));
});
afterAll(() => t.close());

describe('notifications', () => {
  it('lists the caller\'s own notifications, newest first, marks one and then all read', async () => {
    const me = await accountId('department');
    const other = await accountId('street');
    await t.db.tx(async (tx) => {
      await notify(tx, [me], { kind: 'test_a', text: '通知甲', caseId: null });
      await notify(tx, [me, other], { kind: 'test_b', text: '通知乙', caseId: null });
    });
    const list = (await t.get('/api/notifications?unread=true', department)).body;
    const mine = list.items.filter((x: any) => x.kind.startsWith('test_'));
    expect(mine.map((x: any) => x.kind)).toEqual(['test_b', 'test_a']);
    expect(mine[0]).toMatchObject({ text: '通知乙', caseId: null, caseNumber: null, readAt: null });
    expect(list.unread).toBeGreaterThanOrEqual(2);

    // another account's notification is not the caller's to mark
    const theirs = (await t.get('/api/notifications', street)).body.items.find((x: any) => x.kind === 'test_b');
    const foreign = await t.send('POST', `/api/notifications/${theirs.id}/read`, {}, department);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('notification_not_found');

    expect((await t.send('POST', `/api/notifications/${mine[1].id}/read`, {}, department)).status).toBe(200);
    const after = (await t.get('/api/notifications?unread=true', department)).body;
    expect(after.unread).toBe(list.unread - 1);
    expect(after.items.some((x: any) => x.id === mine[1].id)).toBe(false);

    const all = await t.send('POST', '/api/notifications/read-all', {}, department);
    expect(all.body.marked).toBe(after.unread);
    expect((await t.get('/api/notifications?unread=true', department)).body).toMatchObject({ items: [], unread: 0 });
    // the other recipient's copy stays unread
    expect((await t.get('/api/notifications?unread=true', street)).body.items.some((x: any) => x.kind === 'test_b')).toBe(true);
  });

  it('marking read is a command with an audit record per request (none for a refused one)', async () => {
    const me = await accountId('department');
    const other = await accountId('street');
    await t.db.tx((tx) => notify(tx, [me, other], { kind: 'test_audit', text: '通知丙', caseId: null }));
    const audits = async (action: string) => (await t.db.query(
      `SELECT actor_username, role, target_type, target_id, detail::jsonb AS detail, request_id FROM audit_log WHERE action = $1 ORDER BY id`, [action])).rows;
    const before = (await audits('notifications.read')).length;
    const n = (await t.get('/api/notifications?unread=true', department)).body.items.find((x: any) => x.kind === 'test_audit');
    const theirs = (await t.get('/api/notifications?unread=true', street)).body.items.find((x: any) => x.kind === 'test_audit');
    expect((await t.send('POST', `/api/notifications/${theirs.id}/read`, {}, department)).status).toBe(404);
    expect((await t.send('POST', `/api/notifications/${n.id}/read`, {}, department)).status).toBe(200);
    const read = (await audits('notifications.read')).slice(before);
    expect(read).toEqual([{ actor_username: 'department', role: expect.any(String), target_type: 'notification', target_id: String(n.id), detail: {}, request_id: expect.any(String) }]);

    await t.db.tx((tx) => notify(tx, [me, me], { kind: 'test_audit_2', text: '通知丁', caseId: null }));
    const unread = (await t.get('/api/notifications?unread=true', department)).body.unread;
    const all = await t.send('POST', '/api/notifications/read-all', {}, department);
    expect(all.body).toEqual({ ok: true, marked: unread });
    const readAll = (await audits('notifications.readAll')).at(-1);
    expect(readAll).toMatchObject({ actor_username: 'department', target_type: 'account', target_id: String(me), detail: { marked: unread } });
    // nothing left to mark: still one record for the request, counting none
    expect((await t.send('POST', '/api/notifications/read-all', {}, department)).body.marked).toBe(0);
    expect((await audits('notifications.readAll')).at(-1)).toMatchObject({ detail: { marked: 0 } });
  });

  it('a case\'s notification carries its number (read through cases\' view case_ref_v)', async () => {
    const me = await accountId('community');
    const { rows: [c] } = await t.db.query(`SELECT id, number FROM case_ref_v ORDER BY id LIMIT 1`);
    await t.db.tx((tx) => notify(tx, [me], { kind: 'test_case', text: '有案件', caseId: Number(c.id) }));
    const n = (await t.get('/api/notifications', community)).body.items.find((x: any) => x.kind === 'test_case');
    expect(n).toMatchObject({ caseId: Number(c.id), caseNumber: c.number });
  });
});

describe('departments', () => {
  it('a street sees its district\'s departments; a city-level region sees its own and those of the districts below', async () => {
    const s = (await t.get('/api/departments?region=460107002', street)).body.items;
    expect(s.length).toBe(8);
    expect(new Set(s.map((d: any) => d.regionCode))).toEqual(new Set(['460107']));
    expect(s.find((d: any) => d.kind === 'urban_management')).toMatchObject({ name: '琼山区综合行政执法局', regionName: expect.stringContaining('琼山') });
    // a community below the street: the same district's departments
    expect((await t.get('/api/departments?region=460107002001', community)).body.items.map((d: any) => d.id)).toEqual(s.map((d: any) => d.id));
    const nanchang = (await t.get('/api/departments?region=3601', admin)).body.items;
    expect(new Set(nanchang.map((d: any) => d.regionCode))).toEqual(new Set(['3601', '360111']));
    expect(nanchang.some((d: any) => d.regionCode === '460107')).toBe(false);
  });

  it('departments/api.ts: members, an account\'s departments, membership of a kind', async () => {
    const dep = await accountId('department');
    const housing = await accountId('housing');
    const [urban] = (await t.db.query(`SELECT id FROM department_v WHERE region_code = '460107' AND kind = 'urban_management'`)).rows;
    expect(await departmentsOf(t.db, dep)).toEqual([Number(urban.id)]);
    expect(await departmentMembers(t.db, Number(urban.id))).toContain(dep);
    expect(await departmentMembers(t.db, null)).toEqual([]);
    expect(await isMemberOfKind(t.db, housing, 'housing')).toBe(true);
    expect(await isMemberOfKind(t.db, dep, 'housing')).toBe(false);
    // the views show the tables as they are
    const [a, b] = await Promise.all([t.db.query(`SELECT count(*)::int AS n FROM department_member_v`), t.db.query(`SELECT count(*)::int AS n FROM department_member`)]);
    expect(a.rows[0].n).toBe(b.rows[0].n);
  });
});
