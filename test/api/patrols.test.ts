/**
 * Patrols (巡查) and illegal structures (拆违) over HTTP on a real database, with fixtures made here:
 * accounts in 府城社区 and 北官 community, two grid workers seated on grids 003 and 004 through the
 * grids API, a household. Start/end, track points kept then purged after the retention, who sees a
 * track (patroller, community and street staff; never a resident or another grid worker), a problem
 * reported as a linked case, the structures' machine over HTTP (409s), and counts that roll up.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/modules/accounts/accounts.js';
import { sweepTracks } from '../../src/modules/patrols/patrols.js';
import { DEMO_PASSWORD, multipart, testApp, type Session, type TestApp } from '../support/app.js';

const COMMUNITY = '460107002001', OTHER = '460107002002', STREET = '460107002';
const G1 = `${COMMUNITY}003`, G2 = `${COMMUNITY}004`;
let t: TestApp;
let w1: Session, w2: Session, comm: Session, comm2: Session, street: Session, resident: Session, admin: Session, community: Session;
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() + 8 * 3600_000 - n * 86400_000).toISOString().slice(0, 10);
const audits = async (action: string) => (await t.db.query(`SELECT actor_username, target_id, detail::jsonb AS detail FROM audit_log WHERE action = $1 ORDER BY id`, [action])).rows;

beforeAll(async () => {
  t = await testApp();
  await t.db.tx(async (tx) => {
    const a = (username: string, role: string, regionCode: string) => createAccount(tx, { username, displayName: `巡查测试${username}`, password: DEMO_PASSWORD, roles: [{ role, regionCode }] });
    await a('pw1', 'grid_worker', COMMUNITY);
    await a('pw2', 'grid_worker', COMMUNITY);
    await a('pcomm', 'community_staff', COMMUNITY);
    await a('pcomm2', 'community_staff', OTHER);
    await a('pstreet', 'street_command', STREET);
    await a('pres', 'resident', COMMUNITY);
  });
  [w1, w2, comm, comm2, street, resident, admin, community] = await Promise.all(['pw1', 'pw2', 'pcomm', 'pcomm2', 'pstreet', 'pres', 'admin', 'community'].map((u) => t.login(u)));
  // the grid workers are seated on their grids through the grids API, as a community would
  for (const [grid, username] of [[G1, 'pw1'], [G2, 'pw2']]) {
    const r = await t.send('POST', `/api/grids/${grid}/staff`, { post: 'worker', username, employment: 'part_time' }, community);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
});
afterAll(() => t.close());

describe('patrols', () => {
  let id: number;
  const now = () => new Date().toISOString();

  it('starts (the worker\'s one grid), refuses a second open patrol, takes points, refuses a point outside China, ends once', async () => {
    const s = await t.send('POST', '/api/patrols', { note: '日常巡查' }, w1);
    expect(s.status, JSON.stringify(s.body)).toBe(201);
    id = s.body.id;
    const again = await t.send('POST', '/api/patrols', {}, w1);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'patrol_already_open' });
    expect(again.body.error.message).toContain(String(id));

    const p = await t.send('POST', `/api/patrols/${id}/points`, { points: [{ lon: 110.3521, lat: 19.9901, at: now() }, { lon: 110.3525, lat: 19.9903, at: now() }] }, w1);
    expect(p.body).toEqual({ stored: 2, points: 2 });
    // Paris, and swapped coordinates: 400, nothing of the batch kept
    for (const bad of [{ lon: 2.35, lat: 48.85 }, { lon: 19.99, lat: 110.35 }]) {
      const r = await t.send('POST', `/api/patrols/${id}/points`, { points: [{ lon: 110.353, lat: 19.991, at: now() }, { ...bad, at: now() }] }, w1);
      expect(r.status).toBe(400);
      expect(['patrol_point_outside_china', 'validation_failed']).toContain(r.body.error.code);
    }
    const paris = await t.send('POST', `/api/patrols/${id}/points`, { points: [{ lon: 2.35, lat: 48.85, at: now() }] }, w1);
    expect(paris.body.error.code).toBe('patrol_point_outside_china');
    // a point from before the patrol began
    const early = await t.send('POST', `/api/patrols/${id}/points`, { points: [{ lon: 110.353, lat: 19.991, at: '2020-01-01T00:00:00Z' }] }, w1);
    expect(early.body.error.code).toBe('patrol_point_time');
    // someone else's patrol does not exist for them
    expect((await t.send('POST', `/api/patrols/${id}/points`, { points: [] }, w2)).body.error.code).toBe('patrol_not_found');

    const e = await t.send('POST', `/api/patrols/${id}/end`, { summary: '未发现问题', points: [{ lon: 110.3529, lat: 19.9905, at: now() }] }, w1);
    expect(e.status).toBe(200);
    expect(e.body.points).toBe(3);
    const twice = await t.send('POST', `/api/patrols/${id}/end`, {}, w1);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('patrol_already_ended');

    const d = (await t.get(`/api/patrols/${id}`, w1)).body;
    expect(d).toMatchObject({ id, mine: true, gridCode: G1, communityCode: COMMUNITY, kind: 'routine', summary: '未发现问题', points: 3, trackVisible: true });
    expect(d.endedAt).not.toBeNull();
    expect((await audits('patrols.start')).some((a) => a.target_id === String(id) && a.actor_username === 'pw1')).toBe(true);
    expect((await audits('patrols.end')).at(-1)).toMatchObject({ target_id: String(id), detail: { points: 3 } });
    // the audit records of points name how many, never where
    expect(JSON.stringify(await audits('patrols.points'))).not.toContain('110.35');
  });

  it('the track: the patroller, community and street staff (each reading audited); never another grid worker, another community, an administrator or a resident', async () => {
    const mine = await t.get(`/api/patrols/${id}/track`, w1);
    expect(mine.status).toBe(200);
    expect(mine.body.retentionDays).toBe(30);
    expect(mine.body.points.map((p: any) => [p.lon, p.lat])).toEqual([[110.3521, 19.9901], [110.3525, 19.9903], [110.3529, 19.9905]]);
    for (const s of [comm, street]) expect((await t.get(`/api/patrols/${id}/track`, s)).body.points).toHaveLength(3);
    for (const s of [w2, comm2]) {
      expect((await t.get(`/api/patrols/${id}/track`, s)).body.error.code).toBe('patrol_not_found');
      expect((await t.get(`/api/patrols/${id}`, s)).status).toBe(404);
    }
    expect((await t.get(`/api/patrols/${id}/track`, admin)).status).toBe(403);
    expect((await t.get(`/api/patrols/${id}`, admin)).body.trackVisible).toBe(false);
    for (const url of [`/api/patrols/${id}/track`, `/api/patrols/${id}`, '/api/patrols']) expect((await t.get(url, resident)).status).toBe(403);
    const views = (await audits('patrols.track.view')).filter((a) => a.target_id === String(id));
    expect(views.map((v) => v.actor_username)).toEqual(['pw1', 'pcomm', 'pstreet']);

    // the lists: the worker's own; the community's and street's every patrol of their area; another community none
    expect((await t.get('/api/patrols', w1)).body.items.map((p: any) => p.id)).toContain(id);
    expect((await t.get('/api/patrols', w2)).body.items.map((p: any) => p.id)).not.toContain(id);
    expect((await t.get(`/api/patrols?region=${COMMUNITY}`, comm)).body.items.map((p: any) => p.id)).toContain(id);
    expect((await t.get(`/api/patrols?region=${STREET}`, street)).body.items.map((p: any) => p.id)).toContain(id);
    expect((await t.get('/api/patrols', comm2)).body.items.map((p: any) => p.id)).not.toContain(id);
    expect((await t.get(`/api/patrols?region=${COMMUNITY}`, comm2)).status).toBe(403);
  });

  it('keeps points for the retention setting, then the job deletes them (audited); the patrol stays', async () => {
    // the track is 31 days old
    await t.db.query(`UPDATE patrol_track SET first_at = first_at - interval '31 days', last_at = last_at - interval '31 days' WHERE patrol_id = $1`, [id]);
    expect((await t.send('PUT', '/api/settings/patrols.trackRetentionDays', { value: 60 }, admin)).status).toBe(200);
    expect(await sweepTracks(t.db)).toMatchObject({ deleted: 0 });
    expect((await t.get(`/api/patrols/${id}/track`, w1)).body.points).toHaveLength(3);
    expect((await t.send('PUT', '/api/settings/patrols.trackRetentionDays', { value: 30 }, admin)).status).toBe(200);
    const r = await sweepTracks(t.db);
    expect(r).toMatchObject({ deleted: 2, points: 3 });
    expect((await t.get(`/api/patrols/${id}/track`, w1)).body).toEqual({ retentionDays: 30, points: [] });
    expect((await t.get(`/api/patrols/${id}`, w1)).body.points).toBe(3);
    expect((await audits('patrols.tracks.purge')).at(-1)).toMatchObject({ actor_username: 'job:patrols.tracks', detail: { deleted: 2, points: 3, days: 30 } });
    // nothing more to delete: no record
    const before = (await audits('patrols.tracks.purge')).length;
    await sweepTracks(t.db);
    expect((await audits('patrols.tracks.purge')).length).toBe(before);
  });

  it('a joint patrol records its members; a problem found becomes a linked case (source patrol, members named), once per clientRef', async () => {
    const bad = await t.send('POST', '/api/patrols', { kind: 'routine', members: [{ kind: 'person', name: '某物业' }] }, w2);
    expect(bad.body.error.code).toBe('patrol_members_joint_only');
    const unknown = await t.send('POST', '/api/patrols', { kind: 'joint', members: [{ kind: 'account', username: 'no-such-user' }] }, w2);
    expect(unknown.body.error.code).toBe('patrol_member_unknown');
    const s = await t.send('POST', '/api/patrols', { kind: 'joint', members: [{ kind: 'account', username: 'pcomm', name: '社区书记' }, { kind: 'person', name: '府城小区业委会' }, { kind: 'person', name: '府城物业' }] }, w2);
    expect(s.status, JSON.stringify(s.body)).toBe(201);
    const pid = s.body.id;
    const report = { categoryCode: '0403', description: '楼道内电动车充电', address: '府城小区3栋', clientRef: 'patrol-test-0001' };
    const c = await t.send('POST', `/api/patrols/${pid}/cases`, report, w2);
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    const again = await t.send('POST', `/api/patrols/${pid}/cases`, report, w2);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(c.body.id);
    // only the patroller files from it
    expect((await t.send('POST', `/api/patrols/${pid}/cases`, { ...report, clientRef: 'patrol-test-0002' }, w1)).body.error.code).toBe('patrol_not_found');

    const d = (await t.get(`/api/patrols/${pid}`, comm)).body;
    expect(d.kind).toBe('joint');
    expect(d.members).toEqual([{ kind: 'account', refId: expect.any(Number), name: '社区书记' }, { kind: 'person', refId: null, name: '府城小区业委会' }, { kind: 'person', refId: null, name: '府城物业' }]);
    expect(d.cases).toEqual([{ id: c.body.id, number: c.body.number }]);
    const kase = (await t.get(`/api/cases/${c.body.id}`, comm)).body;
    expect(kase.source).toBe('patrol');
    expect(JSON.stringify(kase)).toContain('府城物业');
    expect((await audits('patrols.report')).filter((a) => a.target_id === String(pid))).toHaveLength(1);
    expect((await t.send('POST', `/api/patrols/${pid}/end`, {}, w2)).status).toBe(200);
  });
});

describe('illegal structures (拆违)', () => {
  let sid: number, household: number;

  it('registers in the worker\'s grid with an owner household and a photo; others outside see nothing', async () => {
    household = (await t.send('POST', '/api/households', { gridCode: G1, address: '府城路拆违测试1号' }, w1)).body.id;
    const png = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#c33' } }).png().toBuffer();
    const { payload, contentType } = multipart({}, { name: 'a.png', content: png });
    const up = await t.app.fastify.inject({ method: 'POST', url: '/api/illegal-structures/photos', payload, headers: { 'content-type': contentType, cookie: w1.cookie, 'x-csrf-token': w1.csrf } });
    expect(up.statusCode, up.body).toBe(201);
    const photo = JSON.parse(up.body).id;

    // another worker's household, a future date, a zero size: refused, nothing written
    const h2 = (await t.send('POST', '/api/households', { gridCode: G2, address: '府城路拆违测试2号' }, w2)).body.id;
    const base = { address: '府城路12号院内彩钢房', areaM2: 18.5, foundOn: daysAgo(10) };
    expect((await t.send('POST', '/api/illegal-structures', { ...base, householdId: h2 }, w1)).body.error.code).toBe('structure_household_unknown');
    expect((await t.send('POST', '/api/illegal-structures', { ...base, foundOn: '2999-01-01' }, w1)).body.error.code).toBe('structure_date_future');
    expect((await t.send('POST', '/api/illegal-structures', { ...base, areaM2: 0 }, w1)).status).toBe(400);
    expect((await t.send('POST', '/api/illegal-structures', { ...base, lon: 2.35, lat: 48.85 }, w1)).body.error.code).toBe('patrol_point_outside_china');
    expect((await t.send('POST', '/api/illegal-structures', { ...base, grid: G2 }, w1)).body.error.code).toBe('grid_not_found');
    // a photo that is not the caller's own
    expect((await t.send('POST', '/api/illegal-structures', { ...base, photos: [photo] }, w2)).body.error.code).toBe('structure_photo_unknown');

    const r = await t.send('POST', '/api/illegal-structures', { ...base, householdId: household, photos: [photo], lon: 110.3521, lat: 19.9901, description: '未经规划许可' }, w1);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ state: 'registered', version: 1 });
    sid = r.body.id;
    const d = (await t.get(`/api/illegal-structures/${sid}`, comm)).body;
    expect(d).toMatchObject({ id: sid, gridCode: G1, communityCode: COMMUNITY, householdId: household, areaM2: 18.5, foundOn: base.foundOn, state: 'registered', photos: [photo], actions: ['visit', 'self_remove', 'assist_remove', 'hand_over'] });
    expect((await t.app.fastify.inject({ method: 'GET', url: `/api/illegal-structures/photos/${photo}`, headers: { cookie: comm.cookie } })).statusCode).toBe(200);
    expect((await t.app.fastify.inject({ method: 'GET', url: `/api/illegal-structures/photos/${photo}`, headers: { cookie: w2.cookie } })).statusCode).toBe(404);
    for (const s of [w2, comm2]) expect((await t.get(`/api/illegal-structures/${sid}`, s)).body.error.code).toBe('structure_not_found');
    expect((await t.get(`/api/illegal-structures/${sid}`, resident)).status).toBe(403);
    expect((await t.send('POST', `/api/illegal-structures/${sid}/steps`, { action: 'visit', on: today(), version: 1 }, w2)).status).toBe(404);
  });

  it('follows persuasion visits to an end; an end is final (409), a stale version is a 409, dates are checked', async () => {
    const stepOf = (body: object, s = w1) => t.send('POST', `/api/illegal-structures/${sid}/steps`, body, s);
    expect((await stepOf({ action: 'visit', on: daysAgo(11), version: 1 })).body.error.code).toBe('structure_date_before');
    expect((await stepOf({ action: 'visit', on: '2999-01-01', version: 1 })).body.error.code).toBe('structure_date_future');
    const v = await stepOf({ action: 'visit', on: daysAgo(8), note: '上门讲解政策', version: 1 });
    expect(v.body).toEqual({ id: sid, state: 'persuading', version: 2 });
    const stale = await stepOf({ action: 'visit', on: daysAgo(7), version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('structure_version_conflict');
    expect((await stepOf({ action: 'visit', on: daysAgo(9), version: 2 })).body.error.code).toBe('structure_date_before');
    expect((await stepOf({ action: 'visit', on: daysAgo(5), note: '户主表示理解', version: 2 }, comm)).body.state).toBe('persuading');
    const done = await stepOf({ action: 'self_remove', on: daysAgo(2), note: '户主已自行拆除', version: 3 });
    expect(done.body).toEqual({ id: sid, state: 'self_removed', version: 4 });
    for (const action of ['visit', 'assist_remove', 'hand_over', 'self_remove']) {
      const r = await stepOf({ action, on: today(), version: 4 });
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe('structure_transition_invalid');
    }
    const d = (await t.get(`/api/illegal-structures/${sid}`, w1)).body;
    expect(d).toMatchObject({ state: 'self_removed', closedOn: daysAgo(2), visits: 2, actions: [] });
    expect(d.events.map((e: any) => e.action)).toEqual(['register', 'visit', 'visit', 'self_remove']);
    expect((await audits('patrols.structure.step')).filter((a) => a.target_id === String(sid))).toHaveLength(3);
  });

  it('counts roll up grid → community → street, inside each caller\'s area', async () => {
    const reg = async (s: Session, n: number, end: string | null) => {
      for (let i = 0; i < n; i++) {
        const r = await t.send('POST', '/api/illegal-structures', { address: `计数测试${i}号`, areaM2: 5, foundOn: daysAgo(3) }, s);
        expect(r.status).toBe(201);
        if (end) expect((await t.send('POST', `/api/illegal-structures/${r.body.id}/steps`, { action: end, on: daysAgo(1), version: 1 }, s)).status).toBe(200);
      }
    };
    await reg(w1, 2, 'assist_remove'); // G1: 1 self-removed (above) + 2 assisted
    await reg(w2, 1, 'hand_over'); // G2: 1 enforcement + 1 open
    await reg(w2, 1, null);

    const c = (await t.get(`/api/illegal-structures/counts?region=${COMMUNITY}`, comm)).body;
    expect(c).toMatchObject({ code: COMMUNITY, level: 'community', total: 5, open: 1, selfRemoved: 1, assistedRemoved: 2, enforcement: 1 });
    expect(c.byChild.find((x: any) => x.code === G1)).toMatchObject({ total: 3, selfRemoved: 1, assistedRemoved: 2 });
    expect(c.byChild.find((x: any) => x.code === G2)).toMatchObject({ total: 2, open: 1, enforcement: 1 });
    const s = (await t.get(`/api/illegal-structures/counts?region=${STREET}`, street)).body;
    expect(s.byChild.find((x: any) => x.code === COMMUNITY)).toMatchObject({ total: 5, open: 1, selfRemoved: 1, assistedRemoved: 2, enforcement: 1 });
    expect(s.byChild.find((x: any) => x.code === OTHER)).toMatchObject({ total: 0 });
    // a grid worker counts their own grid only
    const mine = (await t.get(`/api/illegal-structures/counts?region=${COMMUNITY}`, w1)).body;
    expect(mine).toMatchObject({ total: 3 });
    expect(mine.byChild.map((x: any) => x.code)).toEqual([G1]);
    // another community's staff: out of scope
    expect((await t.get(`/api/illegal-structures/counts?region=${COMMUNITY}`, comm2)).status).toBe(403);
    expect((await t.get(`/api/illegal-structures/counts?region=${COMMUNITY}`, resident)).status).toBe(403);

    const list = (await t.get(`/api/illegal-structures?region=${COMMUNITY}&state=assisted_removed`, comm)).body;
    expect(list.total).toBe(2);
    expect((await t.get(`/api/illegal-structures?region=${COMMUNITY}`, w2)).body.total).toBe(2);
  });
});
