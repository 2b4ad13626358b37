import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCases } from '../../src/modules/cases/generate.js';
import { sweepDeadlines } from '../../src/modules/cases/sweep.js';
import { testApp, type Session, type TestApp } from '../support/app.js';

let t: TestApp;
let community: Session, gridworker: Session, gridworker2: Session, street: Session, resident: Session, department: Session, sanitation: Session, admin: Session, nanchang: Session;
let point: { lon: number; lat: number };
let point2: { lon: number; lat: number };
let deps: Record<string, number>;

beforeAll(async () => {
  t = await testApp();
  [community, gridworker, gridworker2, street, resident, department, sanitation, admin, nanchang] = await Promise.all(
    ['community', 'gridworker', 'gridworker2', 'street', 'resident', 'department', 'sanitation', 'admin', 'nanchang'].map((u) => t.login(u)));
  const centre = async (code: string) => {
    const g = (await t.get(`/api/grids/${code}`, community)).body;
    return { lon: (g.bbox[0] + g.bbox[2]) / 2, lat: (g.bbox[1] + g.bbox[3]) / 2 };
  };
  point = await centre('460107002001001');
  point2 = await centre('460107002001002');
  const d = await t.get('/api/departments?region=460107002', street);
  deps = Object.fromEntries(d.body.items.map((x: any) => [x.kind, x.id]));
});
afterAll(() => t.close());

const report = (s: Session, body: Record<string, unknown>, lang = 'zh-CN') => t.send('POST', '/api/cases', { categoryCode: '0601', description: '小区门口下水道堵塞，污水外溢', ...point, ...body }, s, { 'accept-language': lang, prefer: 'return=representation' });
const act = (s: Session, id: number, version: number, action: string, extra: Record<string, unknown> = {}) => t.send('POST', `/api/cases/${id}/actions`, { action, version, ...extra }, s);

async function upload(s: Session, content: Buffer) {
  const boundary = '----gz' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`), content, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  const r = await t.app.fastify.inject({ method: 'POST', url: '/api/case-photos', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: s.cookie, 'x-csrf-token': s.csrf } });
  return { status: r.statusCode, body: JSON.parse(r.body) };
}

describe('intake', () => {
  it('a resident reports a blocked sewer: it lands in the right grid and the grid worker\'s queue', async () => {
    const r = await report(resident, { clientRef: 'resident-sewer-0001', anonymous: true, contactPhone: '13800138000' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ state: 'reported', source: 'resident', gridCode: '460107002001001', communityCode: '460107002001', streetCode: '460107002', categoryName: '下水道堵塞' });
    expect(r.body.timeline[0]).toMatchObject({ action: 'report', toState: 'reported' });
    const q1 = await t.get('/api/cases?mine=true&limit=200', gridworker);
    expect(q1.body.items.map((c: any) => c.id)).toContain(r.body.id);
    const q2 = await t.get('/api/cases?mine=true&limit=200', gridworker2);
    expect(q2.body.items.map((c: any) => c.id)).not.toContain(r.body.id);
    const n = await t.get('/api/notifications?unread=true', gridworker);
    expect(n.body.items.some((x: any) => x.caseId === r.body.id && x.kind === 'new')).toBe(true);
    // the reporter's phone is stored encrypted and shown masked
    const row = (await t.db.query(`SELECT reporter_phone_enc, reporter_phone_mask FROM cases WHERE id = $1`, [r.body.id])).rows[0];
    expect(row.reporter_phone_enc).not.toContain('13800138000');
    const seen = await t.get(`/api/cases/${r.body.id}`, community);
    expect(seen.body.reporter.phoneMasked).toBe('138****8000');
    expect(JSON.stringify(seen.body)).not.toContain('13800138000');
    // to call back, staff reveal the number with a reason; the reveal is audited; others cannot
    expect((await t.send('POST', `/api/cases/${r.body.id}/reveal-contact`, { reason: 'x' }, community)).body.error.code).toBe('reveal_reason_required');
    const rev = await t.send('POST', `/api/cases/${r.body.id}/reveal-contact`, { reason: '电话回访核实位置' }, community);
    expect(rev.body).toEqual({ phone: '13800138000' });
    const audit = await t.db.query(`SELECT detail FROM audit_log WHERE action = 'cases.reveal' AND target_id = $1`, [String(r.body.id)]);
    expect(JSON.parse(audit.rows[0].detail)).toMatchObject({ field: 'reporterPhone', reason: '电话回访核实位置' });
    expect((await t.send('POST', `/api/cases/${r.body.id}/reveal-contact`, { reason: '电话回访核实位置' }, gridworker2)).status).toBe(404);
  });

  it('the same clientRef from the phone returns the same case (offline resend), exactly once', async () => {
    const a = await report(gridworker, { clientRef: 'gw-offline-0001', description: '离线上报测试' });
    const b = await report(gridworker, { clientRef: 'gw-offline-0001', description: '离线上报测试' });
    expect(a.status).toBe(201);
    expect(b.status).toBe(200);
    expect(b.body.id).toBe(a.body.id);
    const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM cases WHERE client_ref = 'gw-offline-0001'`);
    expect(rows[0].n).toBe(1);
  });

  it.each([
    [{ categoryCode: undefined }, 400, 'case_category_required'],
    [{ categoryCode: '06' }, 400, 'case_category_unknown'],
    [{ lon: 19.98, lat: 110.35 }, 400, 'point_outside_china'],
    [{ lon: undefined, lat: undefined, address: undefined }, 400, 'case_location_required'],
    [{ contactPhone: '12345' }, 400, 'phone_invalid'],
    [{ photos: ['00000000-0000-4000-8000-000000000000'] }, 400, 'photo_unknown'],
  ])('bad input %j → %i %s, nothing written', async (over, status, code) => {
    const before = (await t.db.query(`SELECT count(*)::int AS n FROM cases`)).rows[0].n;
    const r = await report(resident, over);
    expect(r.status).toBe(status);
    expect(r.body.error.code).toBe(code);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM cases`)).rows[0].n).toBe(before);
    const en = await report(resident, over, 'en');
    expect(en.body.error.message).toMatch(/[a-z]/);
  });

  it('staff may file only inside their area; a case in no grid goes to the street\'s unassigned queue', async () => {
    const far = await report(nanchang, {});
    expect(far.status).toBe(403);
    expect(far.body.error.code).toBe('case_outside_scope');
    const r = await report(street, { lon: undefined, lat: undefined, address: '府城街道某处（无定位）', region: '460107002', categoryCode: '0501' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ gridCode: null, communityCode: null, streetCode: '460107002', source: 'staff' });
    const q = await t.get('/api/cases?unassigned=true&limit=200', street);
    expect(q.body.items.map((c: any) => c.id)).toContain(r.body.id);
  });

  it('photos are checked by content and stripped of EXIF; the wrong kind of file is refused', async () => {
    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c33' } }).jpeg().withExif({ IFD0: { Copyright: 'secret-camera', ImageDescription: 'GPS 19.98,110.35' } }).toBuffer();
    expect((await sharp(jpeg).metadata()).exif).toBeDefined();
    const up = await upload(gridworker, jpeg);
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ width: 64, height: 48, mime: 'image/jpeg' });
    const bad = await upload(gridworker, Buffer.from('MZ not an image at all'));
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('photo_invalid');
    // over the configured limit (cases.photoMaxMb): 413-class refusal with the limit named, nothing stored
    const admin = await t.login('admin');
    expect((await t.send('PUT', '/api/settings/cases.photoMaxMb', { value: 1 }, admin)).status).toBe(200);
    const big = await upload(gridworker, Buffer.alloc(1024 * 1024 + 10, 1));
    expect(big.body.error).toMatchObject({ code: 'photo_too_large' });
    expect(big.status).toBeGreaterThanOrEqual(400);
    expect(big.status).toBeLessThan(500);
    expect((await t.send('PUT', '/api/settings/cases.photoMaxMb', { value: 8 }, admin)).status).toBe(200);
    const c = await report(gridworker, { photos: [up.body.id], description: '带照片的上报' });
    expect(c.status).toBe(201);
    expect(c.body.photos).toHaveLength(1);
    const img = await t.app.fastify.inject({ method: 'GET', url: c.body.photos[0].url, headers: { cookie: community.cookie } });
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/jpeg');
    const meta = await sharp(img.rawPayload).metadata();
    expect(meta.exif).toBeUndefined();
    expect(img.rawPayload.includes(Buffer.from('secret-camera'))).toBe(false);
    // someone outside the case does not get it
    const other = await t.app.fastify.inject({ method: 'GET', url: c.body.photos[0].url, headers: { cookie: nanchang.cookie } });
    expect(other.statusCode).toBe(404);
    // a photo already used cannot be attached again
    const again = await report(gridworker, { photos: [up.body.id] });
    expect(again.body.error.code).toBe('photo_unknown');
  });

  it('a grid worker handles a grid-level matter on the spot: recorded and closed in one step', async () => {
    const r = await report(gridworker, { categoryCode: '0101', description: '路边暴露垃圾', onTheSpot: { result: '已清理干净' } });
    expect(r.status).toBe(201);
    expect(r.body.state).toBe('closed');
    expect(r.body.timeline.map((e: any) => e.action)).toEqual(['report', 'on_the_spot', 'close']);
    const no = await report(resident, { onTheSpot: { result: 'x' } });
    expect(no.status).toBe(403);
  });
});

describe('the loop', () => {
  it('register, dispatch, accept, handle, verify, close, rate — with versions and the rules', async () => {
    const c = (await report(resident, { description: '主循环测试' })).body;
    // nothing but the right people and the right state
    expect((await act(gridworker, c.id, c.version, 'register')).status).toBe(403);
    const stale = await act(community, c.id, c.version + 5, 'register');
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('case_version_conflict');
    const wrong = await act(community, c.id, c.version, 'close');
    expect(wrong.status).toBe(409);
    expect(wrong.body.error.code).toBe('case_transition_invalid');
    let r = await act(community, c.id, c.version, 'register');
    expect(r.status).toBe(200);
    expect(r.body.state).toBe('registered');
    expect(r.body.resolveDue).toBeTruthy();
    expect(r.body.actions).toContain('dispatch');
    const gw = r.body.dispatchTargets.gridWorkers.find((w: any) => w.gridCode === '460107002001001');
    r = await act(community, c.id, r.body.version, 'dispatch', { dispatchTo: { kind: 'grid_worker', accountId: gw.accountId } });
    expect(r.body).toMatchObject({ state: 'dispatched', handler: { kind: 'grid_worker', accountId: gw.accountId } });
    let g = await t.get(`/api/cases/${c.id}`, gridworker);
    expect(g.body.actions).toEqual(expect.arrayContaining(['accept', 'return']));
    r = await act(gridworker, c.id, g.body.version, 'accept');
    expect(r.body.state).toBe('accepted');
    const noResult = await act(gridworker, c.id, r.body.version, 'handle');
    expect(noResult.body.error.code).toBe('case_result_required');
    r = await act(gridworker, c.id, r.body.version, 'handle', { result: '已联系物业疏通' });
    expect(r.body.state).toBe('handled');
    // verification fails once: rework
    r = await act(community, c.id, r.body.version, 'verify_fail', { reason: '仍有积水' });
    expect(r.body).toMatchObject({ state: 'accepted', reworkCount: 1 });
    r = await act(gridworker, c.id, r.body.version, 'handle', { result: '再次疏通，已通畅' });
    r = await act(community, c.id, r.body.version, 'verify_pass');
    const early = await t.send('POST', `/api/cases/${c.id}/rating`, { satisfaction: 'satisfied' }, resident);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('case_not_closed');
    r = await act(community, c.id, r.body.version, 'close');
    expect(r.body.state).toBe('closed');
    g = await t.get(`/api/cases/${c.id}`, resident);
    expect(g.body.actions).toContain('rate');
    expect((await t.send('POST', `/api/cases/${c.id}/rating`, { satisfaction: 'satisfied' }, gridworker2)).status).toBe(404); // not their grid: the case does not exist for them
    r = await t.send('POST', `/api/cases/${c.id}/rating`, { satisfaction: 'dissatisfied', reopen: true, reason: '下雨又堵了' }, resident);
    expect(r.body).toMatchObject({ state: 'accepted', reopened: true, reworkCount: 2 });
    r = await act(gridworker, c.id, r.body.version, 'handle', { result: '更换管道' });
    r = await act(community, c.id, r.body.version, 'verify_pass');
    r = await act(community, c.id, r.body.version, 'close');
    const twice = await t.send('POST', `/api/cases/${c.id}/rating`, { satisfaction: 'dissatisfied', reopen: true, reason: '还是不行' }, resident);
    expect(twice.body.error.code).toBe('case_reopen_once');
    r = await t.send('POST', `/api/cases/${c.id}/rating`, { satisfaction: 'basic' }, resident);
    expect(r.body.rating).toMatchObject({ satisfaction: 'basic', resolved: true });
    expect((await t.send('POST', `/api/cases/${c.id}/rating`, { satisfaction: 'basic' }, resident)).body.error.code).toBe('case_already_rated');
  });

  it('two people changing one case at once: one wins, the other gets 409', async () => {
    const c = (await report(resident, { description: '并发测试' })).body;
    const [a, b] = await Promise.all([act(community, c.id, c.version, 'register'), act(street, c.id, c.version, 'reject', { reason: '重复' })]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM case_event WHERE case_id = $1`, [c.id]);
    expect(rows[0].n).toBe(2);
  });

  it('a department matter is never pushed down to a community or grid worker', async () => {
    const c = (await report(community, { categoryCode: '0301', description: '违法搭建' })).body;
    const r = await act(community, c.id, c.version, 'register');
    expect(r.status).toBe(403); // a street-level matter: the community does not dispatch it
    const s = await act(street, c.id, c.version, 'register');
    const down = await act(street, c.id, s.body.version, 'dispatch', { dispatchTo: { kind: 'community' } });
    expect(down.status).toBe(400);
    expect(down.body.error.code).toBe('case_department_matter');
    expect(down.body.error.message).toContain('违法建设');
    const ok = await act(street, c.id, s.body.version, 'dispatch', { dispatchTo: { kind: 'department', departmentId: deps.urban_management } });
    expect(ok.body.handler).toMatchObject({ kind: 'department', departmentId: deps.urban_management });
  });

  it('likely duplicates are shown and merged; the reporters follow the surviving case', async () => {
    const a = (await report(resident, { description: '重复A', categoryCode: '0502' })).body;
    const b = (await report(gridworker, { description: '重复B', categoryCode: '0502', lon: point.lon + 0.0002 })).body;
    const seen = await t.get(`/api/cases/${b.id}`, community);
    expect(seen.body.duplicates.map((x: any) => x.id)).toContain(a.id);
    const m = await act(community, b.id, seen.body.version, 'merge', { into: a.id });
    expect(m.body).toMatchObject({ state: 'merged', mergedInto: a.id });
    const after = await t.get(`/api/cases/${a.id}`, community);
    expect(after.body.reporters).toBe(2);
    expect((await t.get(`/api/cases/${a.id}`, gridworker)).status).toBe(200);
  });
});

describe('deadlines, escalation and the whistle', () => {
  it('a case handled before its deadline but not yet verified is flagged overdue, not escalated away from its handler', async () => {
    const c = (await report(resident, { description: '已处置待核查的超期案件' })).body;
    let r = await act(community, c.id, c.version, 'register');
    const gw = r.body.dispatchTargets.gridWorkers.find((w: any) => w.gridCode === '460107002001001');
    r = await act(community, c.id, r.body.version, 'dispatch', { dispatchTo: { kind: 'grid_worker', accountId: gw.accountId } });
    r = await act(gridworker, c.id, r.body.version, 'accept');
    r = await act(gridworker, c.id, r.body.version, 'handle', { result: '已疏通' });
    expect(r.body.state).toBe('handled');
    await sweepDeadlines(t.db, new Date(new Date(r.body.resolveDue).getTime() + 60_000));
    const after = (await t.get(`/api/cases/${c.id}`, community)).body;
    expect(after).toMatchObject({ state: 'handled', level: c.level, overdue: true, handler: { kind: 'grid_worker', accountId: gw.accountId } });
    expect((await t.db.query(`SELECT count(*)::int AS n FROM case_event WHERE case_id = $1 AND action = 'escalate'`, [c.id])).rows[0].n).toBe(0);
  });

  it('overdue on the working-day clock → escalated once, even with sweeps racing; then the street whistles and departments report in', async () => {
    const c = (await report(resident, { description: '吹哨测试：下水道堵塞' })).body;
    let r = await act(community, c.id, c.version, 'register');
    const due = new Date(r.body.resolveDue);
    // 24 working hours: never less than three calendar days away
    expect(due.getTime() - Date.now()).toBeGreaterThan(24 * 3600_000);
    r = await act(community, c.id, r.body.version, 'dispatch', { dispatchTo: { kind: 'community' } });
    const later = new Date(due.getTime() + 60_000);
    const results = await Promise.all([sweepDeadlines(t.db, later), sweepDeadlines(t.db, later), sweepDeadlines(t.db, later)]);
    const esc = (await t.db.query(`SELECT count(*)::int AS n FROM case_event WHERE case_id = $1 AND action = 'escalate'`, [c.id])).rows[0].n;
    expect(esc).toBe(1);
    expect(results.filter((x) => x.ran).length).toBeGreaterThanOrEqual(1);
    await sweepDeadlines(t.db, new Date(due.getTime() + 3600_000));
    expect((await t.db.query(`SELECT count(*)::int AS n FROM case_event WHERE case_id = $1 AND action = 'escalate'`, [c.id])).rows[0].n).toBe(1);
    let s = await t.get(`/api/cases/${c.id}`, street);
    expect(s.body).toMatchObject({ level: 'street', state: 'registered', overdue: true });
    expect(s.body.actions).toContain('whistle');

    const noLead = await t.send('POST', `/api/cases/${c.id}/whistle`, { version: s.body.version, reason: 'residents_unresolved', assistDepartmentIds: [deps.sanitation] }, street);
    expect(noLead.status).toBe(400);
    expect(noLead.body.error.code).toBe('whistle_lead_required');
    const badReason = await t.send('POST', `/api/cases/${c.id}/whistle`, { version: s.body.version, reason: 'boredom', leadDepartmentId: deps.urban_management }, street);
    expect(badReason.status).toBe(400);
    // only the street whistles by default (a city may let communities: setting cases.whistleLevels)
    const byCommunity = await t.send('POST', `/api/cases/${c.id}/whistle`, { version: s.body.version, reason: 'joint_enforcement', leadDepartmentId: deps.urban_management }, community);
    expect(byCommunity.status).toBe(403);
    expect(byCommunity.body.error.code).toBe('case_action_forbidden');
    r = await t.send('POST', `/api/cases/${c.id}/whistle`, { version: s.body.version, reason: 'residents_unresolved', leadDepartmentId: deps.urban_management, assistDepartmentIds: [deps.sanitation] }, street);
    expect(r.status).toBe(200);
    expect(r.body.tasks.map((x: any) => x.role)).toEqual(['lead', 'assist']);
    const lead = r.body.tasks[0], assist = r.body.tasks[1];
    // a department that has not reported in by the deadline is shown to the street once
    const sweepLate = await sweepDeadlines(t.db, new Date(new Date(lead.reportInDue).getTime() + 1000));
    expect(sweepLate.lateReportIns).toBe(2);
    expect((await sweepDeadlines(t.db, new Date(new Date(lead.reportInDue).getTime() + 2000))).lateReportIns).toBe(0);
    expect((await t.get('/api/notifications?unread=true', street)).body.items.filter((n: any) => n.caseId === c.id && n.kind === 'late_report_in')).toHaveLength(2);
    const mine = await t.get('/api/departments/mine/tasks', department);
    expect(mine.body.items.map((x: any) => x.id)).toContain(lead.id);
    expect((await t.send('POST', `/api/cases/${c.id}/tasks/${assist.id}/report-in`, { handlerName: '张三' }, department)).body.error.code).toBe('task_not_mine');
    r = await t.send('POST', `/api/cases/${c.id}/tasks/${lead.id}/report-in`, { handlerName: '执法队王队长' }, department);
    expect(r.body.state).toBe('accepted');
    expect(r.body.tasks[0].reportInLate).toBe(false);
    expect((await t.send('POST', `/api/cases/${c.id}/tasks/${assist.id}/done`, { result: 'x' }, sanitation)).body.error.code).toBe('task_not_reported_in');
    await t.send('POST', `/api/cases/${c.id}/tasks/${assist.id}/report-in`, { handlerName: '环卫所李所长' }, sanitation);
    r = await t.send('POST', `/api/cases/${c.id}/tasks/${lead.id}/done`, { result: '已依法清理占压管道的违建' }, department);
    expect(r.body.state).toBe('handled');
    r = await act(street, c.id, r.body.version, 'verify_pass');
    const blocked = await act(street, c.id, r.body.version, 'close');
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.code).toBe('case_tasks_open');
    await t.send('POST', `/api/cases/${c.id}/tasks/${assist.id}/done`, { result: '清运淤泥' }, sanitation);
    s = await t.get(`/api/cases/${c.id}`, street);
    r = await act(street, c.id, s.body.version, 'close');
    expect(r.body.state).toBe('closed');
    r = await t.send('POST', `/api/cases/${c.id}/tasks/${lead.id}/rating`, { score: 5, note: '响应迅速' }, street);
    expect(r.body.tasks[0].rating).toBe(5);
    r = await t.send('POST', `/api/cases/${c.id}/rating`, { satisfaction: 'satisfied' }, resident);
    expect(r.body.rating.satisfaction).toBe('satisfied');
    const tl = r.body.timeline.map((e: any) => e.action);
    expect(tl).toEqual(expect.arrayContaining(['report', 'register', 'dispatch', 'overdue', 'escalate', 'whistle', 'report_in', 'task_done', 'verify_pass', 'close', 'rate_department', 'rate']));
  });

  it('resolve deadlines skip the weekend and public holidays (working-day clock)', async () => {
    const { resolveDue } = await import('../../src/modules/cases/deadlines.js');
    const { loadClock } = await import('../../src/modules/cases/deadlines.js');
    const clock = await loadClock(t.db);
    // registered Friday 2026-09-25 10:00 (+08), 3 working days: Mon–Wed → end of Wed 9-30
    expect(resolveDue(clock, new Date('2026-09-25T02:00:00Z'), 3, 'working_days').toISOString()).toBe('2026-09-30T16:00:00.000Z');
    // registered Wed 9-30 with 3 working days: 10-1..10-7 are off; Thu 10-8, Fri 10-9 and the make-up Saturday 10-10 count
    expect(resolveDue(clock, new Date('2026-09-30T02:00:00Z'), 3, 'working_days').toISOString()).toBe('2026-10-10T16:00:00.000Z');
    // 24 working hours from Wed 9-30 17:00: one hour that day, then 23 office hours from 10-8 (7 h a day)
    expect(resolveDue(clock, new Date('2026-09-30T09:00:00Z'), 24, 'working_hours').toISOString()).toBe('2026-10-12T02:30:00.000Z');
  });
});

describe('the 12345 hotline', () => {
  const hook = (body: unknown, token = 'gongzhi-demo-hotline') => t.send('POST', '/api/intake/hotline', body, null, { authorization: `Bearer ${token}` });
  it('files one case per ticket; a replay is refused naming the case; closing needs a callback', async () => {
    const body = { ticket: 'HK20261128-0001', type: '投诉', categoryCode: '0601', content: '下水道堵塞三天', address: '府城街道', ...point, callerName: '陈女士', callerPhone: '13912345678' };
    expect((await hook(body, 'wrong')).status).toBe(401);
    expect((await hook({ ...body, type: '骚扰' })).body.error.code).toBe('hotline_type_invalid');
    expect((await hook({ ...body, categoryCode: undefined })).body.error.code).toBe('case_category_required');
    const a = await hook(body);
    expect(a.status).toBe(201);
    const b = await hook(body);
    expect(b.status).toBe(409);
    expect(b.body.error.code).toBe('hotline_ticket_duplicate');
    expect(b.body.error.message).toContain(a.body.number);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM cases WHERE external_id = $1`, [body.ticket])).rows[0].n).toBe(1);
    let c = (await t.get(`/api/cases/${a.body.id}`, community)).body;
    expect(c).toMatchObject({ source: 'hotline', hotline: { ticket: body.ticket, type: 'complaint' } });
    let r = await act(community, c.id, c.version, 'register');
    r = await act(community, c.id, r.body.version, 'dispatch', { dispatchTo: { kind: 'community' } });
    r = await act(community, c.id, r.body.version, 'accept');
    r = await act(community, c.id, r.body.version, 'handle', { result: '已疏通' });
    r = await act(community, c.id, r.body.version, 'verify_pass');
    const noCallback = await act(community, c.id, r.body.version, 'close');
    expect(noCallback.body.error.code).toBe('case_callback_required');
    // the community handled it: its staff may not call back on their own work; the street does (回访 by someone other than the handler)
    expect(r.body.actions).not.toContain('callback');
    expect((await t.send('POST', `/api/cases/${c.id}/rating`, { satisfaction: 'satisfied', resolved: true }, community)).body.error.code).toBe('case_callback_by_handler');
    expect((await t.get(`/api/cases/${c.id}`, street)).body.actions).toContain('callback');
    r = await t.send('POST', `/api/cases/${c.id}/rating`, { satisfaction: 'satisfied', resolved: true, note: '电话回访' }, street);
    expect(r.body.callback).toMatchObject({ by: expect.any(String) });
    r = await act(community, c.id, r.body.version, 'close');
    expect(r.body.state).toBe('closed');
  });
});

describe('metrics', () => {
  it('the rates for 府城街道 follow RULES.md and move with a closed, rated case', async () => {
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const m = await t.get(`/api/metrics/cases?region=460107002&from=2026-01-01&to=${today}`, street);
    expect(m.status).toBe(200);
    const x = m.body;
    expect(x.total).toBeGreaterThan(0);
    for (const k of ['responseRate', 'resolutionRate', 'satisfactionRate', 'closedRate', 'onTimeRate', 'reworkRate']) {
      expect(x[k] === null || (x[k] >= 0 && x[k] <= 1)).toBe(true);
    }
    expect(x.closedRate).toBeCloseTo(x.counts.closed / x.counts.dueToClose, 10);
    expect(x.onTimeRate).toBeCloseTo(x.counts.closedOnTime / x.counts.dueToClose, 10);
    expect(x.satisfactionRate).toBeCloseTo(x.counts.ratedSatisfied / x.counts.calledBack, 10);
    expect(x.byRegion.map((r: any) => r.code)).toContain('460107002001');
    expect(x.byDepartment.some((d: any) => d.id === deps.urban_management)).toBe(true);
    // an empty period: every rate null, not 0
    const empty = await t.get('/api/metrics/cases?region=460107002&from=2001-01-01&to=2001-01-31', street);
    expect(empty.body).toMatchObject({ total: 0, closedRate: null, satisfactionRate: null, responseRate: null });
    // outside the caller's scope
    expect((await t.get(`/api/metrics/cases?region=460107002&from=2026-01-01&to=${today}`, community)).status).toBe(403);
  });
});

describe('notifications go through an outbox', () => {
  it('drains each message once, with its idempotency key', async () => {
    const { drainOutbox, setNotificationChannel, logChannel } = await import('../../src/modules/notifications/api.js');
    const sent: string[] = [];
    setNotificationChannel({ name: 'test', async send(m) { sent.push(m.idempotencyKey); } });
    try {
      await report(resident, { description: '通知测试' });
      await Promise.all([drainOutbox(t.db, 10000), drainOutbox(t.db, 10000)]);
      expect(sent.length).toBeGreaterThan(0);
      expect(new Set(sent).size).toBe(sent.length);
      const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL`);
      expect(rows[0].n).toBe(0);
    } finally {
      setNotificationChannel(logChannel);
    }
  });
});

describe('grid workers in the field', () => {
  it('settle an existing report on the spot; a grid-level matter closes at once, others go to verification', async () => {
    const litter = (await report(resident, { categoryCode: '0101', description: '楼下垃圾' })).body;
    const r = await act(gridworker, litter.id, litter.version, 'on_the_spot', { result: '已清理' });
    expect(r.body.state).toBe('closed');
    expect(r.body.timeline.map((e: any) => e.action)).toEqual(['report', 'on_the_spot', 'close']);
    const sewer = (await report(resident, { description: '现场处置测试' })).body;
    expect((await act(gridworker, sewer.id, sewer.version, 'on_the_spot')).body.error.code).toBe('case_result_required');
    expect((await act(gridworker2, sewer.id, sewer.version, 'on_the_spot', { result: 'x' })).status).toBe(404);
    const h = await act(gridworker, sewer.id, sewer.version, 'on_the_spot', { result: '已疏通' });
    expect(h.body.state).toBe('handled');
    expect((await t.get(`/api/cases/${sewer.id}`, community)).body.actions).toContain('verify_pass');
  });

  it('follow their own reports even where no grid covers the place', async () => {
    const c = (await report(gridworker, { lon: undefined, lat: undefined, address: '社区活动中心（无定位）', description: '无定位上报' })).body;
    expect(c.gridCode).toBeNull();
    const mine = await t.get('/api/cases?mine=true&limit=200', gridworker);
    expect(mine.body.items.map((x: any) => x.id)).toContain(c.id);
  });
});

describe('Excel out', () => {
  it('exports the queue with its filters and the rates as a workbook, masked and scoped', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const r = await t.app.fastify.inject({ method: 'GET', url: '/api/cases/export?region=460107002001&state=open', headers: { cookie: community.cookie } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-disposition']).toContain('filename*=UTF-8');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as any);
    const ws = wb.getWorksheet('案件')!;
    expect(ws.getRow(1).getCell(1).value).toBe('案件编号');
    expect(ws.rowCount).toBeGreaterThan(1);
    const states = new Set<string>();
    ws.eachRow((row, i) => { if (i > 1) states.add(String(row.getCell(2).value)); });
    expect([...states].some((s) => s === '已结案' || s === '不予立案')).toBe(false);
    expect(r.rawPayload.includes(Buffer.from('13800138000'))).toBe(false);
    const m = await t.app.fastify.inject({ method: 'GET', url: '/api/metrics/cases/export?region=460107002&from=2026-01-01&to=2026-12-31', headers: { cookie: street.cookie } });
    expect(m.statusCode).toBe(200);
    const mb = new ExcelJS.Workbook();
    await mb.xlsx.load(m.rawPayload as any);
    expect(mb.worksheets.map((w) => w.name)).toEqual(['总体', '按区域', '按类别', '按部门', '口径说明']);
    expect(String(mb.getWorksheet('总体')!.getRow(2).getCell(8).value)).toMatch(/^\d{1,3}\.\d{2}%$|^—$/);
    expect((await t.get('/api/metrics/cases/export?region=460107002&from=2026-01-01&to=2026-12-31', community)).status).toBe(403);
  });
});

describe('case numbers', () => {
  it('stay unique past the millionth case (generated and filed alike)', async () => {
    await t.db.query(`SELECT setval('case_number_seq', 999998)`);
    await generateCases(t.db, { regionCode: '460107002', count: 4, days: 1, seed: 5 });
    const { rows } = await t.db.query(`SELECT number FROM cases ORDER BY id DESC LIMIT 4`);
    const tails = rows.map((r) => r.number.slice(8)).sort();
    expect(tails).toEqual(['0999999', '1000000', '1000001', '1000002'].map((x) => x.replace(/^0/, '')).sort());
  });
});
