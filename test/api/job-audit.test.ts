/**
 * Background jobs change data through the command path: each change has its audit record,
 * recorded as the job (`job:<name>`), with the changed record as its target.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainAuditAll, verifyAudit } from '../../src/core/audit/chain.js';
import { sweepDeadlines } from '../../src/modules/cases/sweep.js';
import { sweepRetention } from '../../src/modules/people/retention.js';
import { sweepOverdueDisclosures } from '../../src/modules/property/disclosure-overdue.js';
import { idCheckChar } from '../../src/core/privacy/validate.js';
import { testApp, type Session, type TestApp } from '../support/app.js';

let t: TestApp;
let community: Session, resident: Session, gridworker: Session, admin: Session;
let point: { lon: number; lat: number };

beforeAll(async () => {
  t = await testApp();
  [community, resident, gridworker, admin] = await Promise.all(['community', 'resident', 'gridworker', 'admin'].map((u) => t.login(u)));
  const g = (await t.get('/api/grids/460107002001001', community)).body;
  point = { lon: (g.bbox[0] + g.bbox[2]) / 2, lat: (g.bbox[1] + g.bbox[3]) / 2 };
});
afterAll(() => t.close());

const report = (description: string) => t.send('POST', '/api/cases', { categoryCode: '0601', description, ...point }, resident, { prefer: 'return=representation' });
const act = (s: Session, id: number, version: number, action: string, extra: Record<string, unknown> = {}) => t.send('POST', `/api/cases/${id}/actions`, { action, version, ...extra }, s);
const recordsFor = async (caseId: number) => (await t.db.query(
  `SELECT action, actor_username, role, target_type, detail FROM audit_log WHERE target_type = 'case' AND target_id = $1 AND actor_username LIKE 'job:%' ORDER BY id`, [String(caseId)])).rows;

describe('the deadline sweep records what it changes', () => {
  it('a warning, then an automatic escalation: one record each, found by the case, never twice even with sweeps racing', async () => {
    const c = (await report('超期上报审计测试：下水道堵塞')).body;
    let r = await act(community, c.id, c.version, 'register');
    r = await act(community, c.id, r.body.version, 'dispatch', { dispatchTo: { kind: 'community' } });
    const due = new Date(r.body.resolveDue);
    await sweepDeadlines(t.db, new Date(due.getTime() - 60_000));
    expect(await recordsFor(c.id)).toEqual([
      { action: 'cases.sweep.warn', actor_username: 'job:cases.sweep', role: null, target_type: 'case', detail: JSON.stringify({ due: due.toISOString(), number: c.number }) },
    ]);
    const later = new Date(due.getTime() + 60_000);
    await Promise.all([sweepDeadlines(t.db, later), sweepDeadlines(t.db, later), sweepDeadlines(t.db, later)]);
    await sweepDeadlines(t.db, new Date(due.getTime() + 3600_000));
    const records = await recordsFor(c.id);
    expect(records.map((x) => x.action)).toEqual(['cases.sweep.warn', 'cases.sweep.escalate']);
    expect(JSON.parse(records[1].detail)).toEqual({ number: c.number, due: due.toISOString(), fromLevel: c.level, toLevel: 'street' });
    // and the administrator finds it in the audit log by the job's name
    const log = await t.get('/api/audit?actor=job:cases.sweep&action=cases.sweep.escalate', admin);
    expect(log.body.items.map((i: any) => i.targetId)).toContain(String(c.id));
    await chainAuditAll(t.db);
    expect(await verifyAudit(t.db)).toMatchObject({ ok: true, firstBroken: null });
  });

  it('a case handled but not yet verified is flagged overdue (not escalated), and that is recorded', async () => {
    const c = (await report('超期未核查审计测试')).body;
    let r = await act(community, c.id, c.version, 'register');
    const gw = r.body.dispatchTargets.gridWorkers.find((w: any) => w.gridCode === '460107002001001');
    r = await act(community, c.id, r.body.version, 'dispatch', { dispatchTo: { kind: 'grid_worker', accountId: gw.accountId } });
    r = await act(gridworker, c.id, r.body.version, 'accept');
    r = await act(gridworker, c.id, r.body.version, 'handle', { result: '已疏通' });
    const due = new Date(r.body.resolveDue);
    const swept = await sweepDeadlines(t.db, new Date(due.getTime() + 60_000));
    expect(swept.overdue).toBeGreaterThanOrEqual(1);
    const records = await recordsFor(c.id);
    expect(records.map((x) => x.action)).toEqual(['cases.sweep.overdue']);
    expect(JSON.parse(records[0].detail)).toEqual({ number: c.number, due: due.toISOString() });
  });

  it('a sweep with nothing to do writes no record', async () => {
    const before = (await t.db.query(`SELECT count(*)::int AS n FROM audit_log`)).rows[0].n;
    await sweepDeadlines(t.db, new Date(Date.now() - 365 * 86400_000));
    expect((await t.db.query(`SELECT count(*)::int AS n FROM audit_log`)).rows[0].n).toBe(before);
  });
});

describe('the other sweeps', () => {
  it('the scheduled disclosure sweep records what it flagged, as the job', async () => {
    const s = (await t.get('/api/settings', admin)).body.items.find((x: any) => x.key === 'property.disclosureObligations');
    const months = { service: 1, fees: 0, maintenance_fund: 0, common_income: 0, committee_decision: 0, committee_accounts: 1 };
    expect((await t.send('PUT', '/api/settings/property.disclosureObligations', { value: { ...s.value, months, graceDays: 0 } }, admin)).status).toBe(200);
    const r = await sweepOverdueDisclosures(t.db);
    expect(r).toMatchObject({ ran: true });
    expect(r.flagged).toBeGreaterThan(0);
    const { rows } = await t.db.query(`SELECT actor_username, detail FROM audit_log WHERE action = 'property.disclosure.overdue_sweep'`);
    expect(rows).toHaveLength(1);
    expect(rows[0].actor_username).toBe('job:property.disclosures');
    expect(JSON.parse(rows[0].detail)).toMatchObject({ flagged: r.flagged, compounds: r.compounds, notices: r.notices });
    // a second run flags nothing new and records nothing
    expect((await sweepOverdueDisclosures(t.db)).flagged).toBe(0);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'property.disclosure.overdue_sweep'`)).rows[0].n).toBe(1);
  });

  it('the retention sweep records its anonymisation as the job', async () => {
    const hh = await t.send('POST', '/api/households', { gridCode: '460107002001001', address: '审计测试路1号' }, community);
    expect(hh.status).toBe(201);
    const f = '46010719700707088';
    const r = await t.send('POST', '/api/residents', { name: '审计旧户', idNumber: f + idCheckChar(f), householdId: hh.body.id, relation: 'owner', movedIn: '2000-01-01' }, community);
    expect(r.status).toBe(201);
    await t.send('POST', `/api/residents/${r.body.id}/move`, { date: '2020-01-01' }, community);
    const n = await sweepRetention(t.db);
    expect(n).toBeGreaterThanOrEqual(1);
    const { rows } = await t.db.query(`SELECT actor_username, target_type, detail FROM audit_log WHERE action = 'people.anonymise' ORDER BY id DESC LIMIT 1`);
    expect(rows[0]).toMatchObject({ actor_username: 'job:people.retention', target_type: 'resident' });
    expect(JSON.parse(rows[0].detail)).toEqual({ count: n, months: 36 });
  });
});
