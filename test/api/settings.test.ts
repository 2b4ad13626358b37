import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Session, type TestApp } from '../support/app.js';

let t: TestApp;
let admin: Session, community: Session;
beforeAll(async () => { t = await testApp(); [admin, community] = await Promise.all([t.login('admin'), t.login('community')]); });
afterAll(() => t.close());

describe('settings', () => {
  it('lists defaults; an administrator changes one (validated, audited) and the staffing advice follows', async () => {
    const list = await t.get('/api/settings', community);
    expect(list.body.items.find((x: any) => x.key === 'grids.householdsPerBasicGrid')).toMatchObject({ value: { min: 300, max: 500 }, default: { min: 300, max: 500 } });
    const before = await t.get('/api/coverage/grids?region=460107002001', community);
    expect(before.body.householdAdvice).toEqual({ min: 300, max: 500 });
    expect(before.body.basic.householdsBelow).toBe(before.body.basic.total); // the demo's grids hold ~17 households each
    const bad = await t.send('PUT', '/api/settings/grids.householdsPerBasicGrid', { value: { min: 'x' } }, admin);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('setting_invalid');
    expect((await t.send('PUT', '/api/settings/nope', { value: 1 }, admin)).status).toBe(404);
    expect((await t.send('PUT', '/api/settings/grids.householdsPerBasicGrid', { value: { min: 5, max: 500 } }, admin)).status).toBe(200);
    const after = await t.get('/api/coverage/grids?region=460107002001', community);
    expect(after.body.basic.householdsBelow).toBeLessThan(before.body.basic.householdsBelow);
    const a = await t.db.query(`SELECT detail FROM audit_log WHERE action = 'settings.update' ORDER BY id DESC LIMIT 1`);
    expect(JSON.parse(a.rows[0].detail)).toEqual({ value: { min: 5, max: 500 } });
    expect((await t.send('PUT', '/api/settings/grids.householdsPerBasicGrid', { value: null }, admin)).body.value).toEqual({ min: 300, max: 500 });
    expect((await t.send('PUT', '/api/settings/grids.householdsPerBasicGrid', { value: null }, community)).status).toBe(403);
  });
});
