import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Session, type TestApp } from '../support/app.js';

let t: TestApp;
let admin: Session, street: Session;
beforeAll(async () => { t = await testApp(); [admin, street] = await Promise.all([t.login('admin'), t.login('street')]); });
afterAll(() => t.close());

describe('working calendar', () => {
  it('is seeded from chinese-days: 2026 has its holidays and make-up working days', async () => {
    const r = await t.get('/api/calendar?year=2026', street);
    expect(r.status).toBe(200);
    expect(r.body.items.find((d: any) => d.day === '2026-10-10')).toEqual({ day: '2026-10-10', kind: 'workday', name: '国庆节', source: 'chinese-days' });
    expect(r.body.items.find((d: any) => d.day === '2026-10-01')).toMatchObject({ kind: 'holiday', name: '国庆节' });
    expect(r.body.officeHours).toEqual([{ from: '08:30', to: '12:00' }, { from: '14:30', to: '18:00' }]);
  });

  it('an administrator extends next year, and deadlines follow at once', async () => {
    const before = await t.get('/api/calendar/deadline?from=2026-12-31T10:00:00%2B08:00&workingDays=1', street);
    expect(before.body.due).toBe('2027-01-01T16:00:00.000Z'); // end of Friday 1 January: not yet a holiday
    expect((await t.send('PUT', '/api/calendar/2027-01-01', { kind: 'holiday', name: '元旦' }, street)).status).toBe(403);
    expect((await t.send('PUT', '/api/calendar/2027-02-30', { kind: 'holiday', name: 'x' }, admin)).body.error.code).toBe('date_invalid');
    expect((await t.send('PUT', '/api/calendar/2027-01-01', { kind: 'holiday', name: '元旦' }, admin)).status).toBe(200);
    const after = await t.get('/api/calendar/deadline?from=2026-12-31T10:00:00%2B08:00&workingDays=1', street);
    expect(after.body.due).toBe('2027-01-04T16:00:00.000Z'); // end of Monday 4 January
    const hours = await t.get('/api/calendar/deadline?from=2026-12-31T17:00:00%2B08:00&workingHours=2', street);
    expect(hours.body.due).toBe('2027-01-04T01:30:00.000Z'); // Monday 09:30
    expect((await t.get('/api/calendar/deadline?from=2026-12-31T10:00:00Z', street)).body.error.code).toBe('deadline_needs_one');
    expect((await t.send('DELETE', '/api/calendar/2027-01-01', undefined, admin)).status).toBe(200);
    expect((await t.send('DELETE', '/api/calendar/2027-01-01', undefined, admin)).status).toBe(404);
    const a = await t.db.query(`SELECT action FROM audit_log WHERE action LIKE 'calendar.%' ORDER BY id`);
    expect(a.rows.map((r) => r.action)).toEqual(['calendar.set', 'calendar.unset']);
  });

  it('an administrator\'s correction survives a re-seed', async () => {
    await t.send('PUT', '/api/calendar/2026-10-10', { kind: 'holiday', name: '本地调整' }, admin);
    const { seedCalendar } = await import('../../src/modules/calendar/index.js');
    await seedCalendar(t.db);
    const r = await t.get('/api/calendar?year=2026', street);
    expect(r.body.items.find((d: any) => d.day === '2026-10-10')).toMatchObject({ kind: 'holiday', source: 'admin' });
  });
});
