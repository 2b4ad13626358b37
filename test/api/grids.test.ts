import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Session, type TestApp } from '../support/app.js';

let t: TestApp;
let admin: Session, street: Session, community: Session, gridworker: Session, xincheng: Session, resident: Session;
beforeAll(async () => {
  t = await testApp();
  [admin, street, community, gridworker, xincheng, resident] = await Promise.all(['admin', 'street', 'community', 'gridworker', 'xincheng', 'resident'].map((u) => t.login(u)));
});
afterAll(() => t.close());

const sq = (x: number, y: number, s = 0.002) => ({ type: 'Polygon', coordinates: [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]] });
const fc = (...features: unknown[]) => ({ type: 'FeatureCollection', features });
const feat = (props: Record<string, unknown>, geometry: unknown) => ({ type: 'Feature', properties: props, geometry });

/** A free spot east of all of 府城街道's grids (basic grids may not overlap any other basic grid). */
async function eastOf府城() {
  const { body } = await t.get('/api/grids?region=460107002', street);
  return { x: Math.max(...body.items.map((g: any) => g.bbox[2])) + 0.002, y: Math.min(...body.items.map((g: any) => g.bbox[1])) };
}

describe('GET /api/grids', () => {
  it('lists a community\'s grids with staff and WGS-84 geometry', async () => {
    const r = await t.get('/api/grids?region=460107002001', community);
    expect(r.status).toBe(200);
    const first = r.body.items[0];
    expect(first).toMatchObject({ code: '460107002001001', number: 1, kind: 'basic', communityCode: '460107002001', communityName: '府城社区', streetCode: '460107002', streetName: '府城街道' });
    expect(first.workers).toEqual([expect.objectContaining({ name: '府城社区网格员（第一网格）', employment: 'full_time', username: 'gridworker' })]);
    expect(first.geometry.type).toBe('Polygon');
    expect(first.bbox[0]).toBeGreaterThan(110);
    expect(r.body.items.some((g: any) => g.kind === 'dedicated' && g.administrators.length === 1)).toBe(true);
  });

  it('keeps to the caller\'s scope even when asked for a larger region', async () => {
    const r = await t.get('/api/grids?region=460107002', community);
    expect(r.status).toBe(200);
    expect(r.body.items.every((g: any) => g.communityCode === '460107002001')).toBe(true);
    expect((await t.get('/api/grids?region=460107002002', community)).status).toBe(403);
    expect((await t.get('/api/grids?region=460107002', street)).body.items.length).toBe(63);
  });

  it('filters by kind; refuses residents; 404 for an unknown region', async () => {
    const r = await t.get('/api/grids?region=150102&kind=dedicated', xincheng);
    expect(r.body.items).toHaveLength(149);
    expect((await t.get('/api/grids?region=460107002001', resident)).body.error.code).toBe('forbidden');
    expect((await t.get('/api/grids?region=460107999', admin)).status).toBe(404);
  });

  it('GET /api/grids/{code}: one grid, scoped', async () => {
    expect((await t.get('/api/grids/460107002001002', community)).body.workers[0].username).toBe('gridworker2');
    expect((await t.get('/api/grids/460107002002001', community)).status).toBe(403);
    expect((await t.get('/api/grids/460107002001999', community)).body.error.code).toBe('grid_not_found');
    expect((await t.get('/api/grids/abc', community)).status).toBe(400);
  });

  it('GET /api/grids/mine: a grid worker\'s own grid', async () => {
    const r = await t.get('/api/grids/mine', gridworker);
    expect(r.body.items.map((g: any) => g.code)).toEqual(['460107002001001']);
    expect((await t.get('/api/grids/mine', community)).status).toBe(403);
  });
});

describe('GET /api/grids/locate', () => {
  it('finds grid, community and street for a point inside a grid', async () => {
    const { body } = await t.get('/api/grids/460107002001003', community);
    const [x0, y0, x1, y1] = body.bbox;
    const r = await t.get(`/api/grids/locate?lon=${(x0 + x1) / 2}&lat=${(y0 + y1) / 2}`, gridworker);
    expect(r.body).toEqual({ grid: { code: '460107002001003', name: body.name, kind: 'basic' }, community: { code: '460107002001', name: '府城社区' }, street: { code: '460107002', name: '府城街道' } });
  });

  it('prefers the dedicated grid inside a basic one', async () => {
    const { body } = await t.get('/api/grids?region=460107002001&kind=dedicated', community);
    const [x0, y0, x1, y1] = body.items[0].bbox;
    const r = await t.get(`/api/grids/locate?lon=${(x0 + x1) / 2}&lat=${(y0 + y1) / 2}`, community);
    expect(r.body.grid).toMatchObject({ code: body.items[0].code, kind: 'dedicated' });
  });

  it('converts GCJ-02 input', async () => {
    const { body } = await t.get('/api/grids/460107002001001', community);
    const [x0, y0, x1, y1] = body.bbox;
    const [lon, lat] = [(x0 + x1) / 2, (y0 + y1) / 2];
    // the same place as a GCJ-02 map would give it (≈ 500 m off in WGS-84)
    const gcoord = (await import('gcoord')).default;
    const [gx, gy] = gcoord.transform([lon, lat], gcoord.WGS84, gcoord.GCJ02) as number[];
    expect((await t.get(`/api/grids/locate?lon=${gx}&lat=${gy}&crs=gcj02`, community)).body.grid.code).toBe('460107002001001');
    expect((await t.get(`/api/grids/locate?lon=${gx}&lat=${gy}`, community)).body.grid?.code).not.toBe('460107002001001');
  });

  it('a point in no grid: null grid, community/street where known, never an error', async () => {
    expect((await t.get('/api/grids/locate?lon=87.6&lat=43.8', community)).body).toEqual({ grid: null, community: null, street: null });
    const between = await t.get('/api/grids/locate?lon=111.70&lat=40.85', xincheng);
    expect(between.status).toBe(200);
    expect(between.body.street).not.toBeNull();
    expect((await t.get('/api/grids/locate?lon=200&lat=0', community)).status).toBe(400);
    expect((await t.get('/api/grids/locate?lon=abc&lat=0', community)).status).toBe(400);
  });
});

describe('GET /api/coverage/grids', () => {
  it('新城区: 965 grids, 816 basic each with one full-time worker, 149 dedicated all staffed', async () => {
    const r = await t.get('/api/coverage/grids?region=150102', xincheng);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ region: { code: '150102', name: '新城区', level: 'district' }, basic: { total: 816, withFullTimeWorker: 816, withoutWorker: 0 }, dedicated: { total: 149, staffed: 149 }, complete: true, workersWithSeveralGrids: 0, gaps: 0 });
    expect(r.body.rows.reduce((s: number, x: any) => s + x.basic.total, 0)).toBe(816);
    expect(r.body.rows[0].level).toBe('street');
  });

  it('府城街道 by community; a community by grid', async () => {
    const r = await t.get('/api/coverage/grids?region=460107002', street);
    expect(r.body.rows).toHaveLength(9);
    expect(r.body.rows[0]).toMatchObject({ code: '460107002001', name: '府城社区', level: 'community', complete: true });
    const c = await t.get('/api/coverage/grids?region=460107002001', community);
    expect(c.body.rows[0]).toMatchObject({ code: '460107002001001', level: 'grid' });
    expect((await t.get('/api/coverage/grids?region=150102', street)).status).toBe(403);
  });
});

describe('POST /api/grids/import', () => {
  it('a dry run reports the overlap, located by feature; a real run with errors writes nothing', async () => {
    const { x, y } = await eastOf府城();
    const bad = fc(feat({ number: 11, name: '东一' }, sq(x, y)), feat({ number: 12, name: '东二' }, sq(x + 0.001, y)));
    const dry = await t.send('POST', '/api/grids/import', { region: '460107002001', geojson: bad, dryRun: true }, community);
    expect(dry.status).toBe(200);
    expect(dry.body.overlaps).toEqual([{ a: '460107002001011', b: '460107002001012', aName: '东一', bName: '东二', areaM2: expect.any(Number) }]);
    expect(dry.body.errors[0]).toMatchObject({ feature: 1, code: 'grid_overlap', name: '东二' });
    expect(dry.body.errors[0].message).toMatch(/^与基础网格 460107002001011（东一）重叠约 \d+ 平方米/);
    const before = (await t.db.query('SELECT count(*)::int n FROM grid')).rows[0].n;
    const audits = (await t.db.query('SELECT count(*)::int n FROM audit_log')).rows[0].n;
    const real = await t.send('POST', '/api/grids/import', { region: '460107002001', geojson: bad, dryRun: false }, community, { 'accept-language': 'en' });
    expect(real.status).toBe(400);
    expect(real.body.error.code).toBe('grid_import_invalid');
    expect(real.body.error.details[0]).toMatchObject({ feature: 1, code: 'grid_overlap' });
    expect(real.body.error.details[0].message).toMatch(/^Overlaps basic grid 460107002001011/);
    expect((await t.db.query('SELECT count(*)::int n FROM grid')).rows[0].n).toBe(before);
    expect((await t.db.query('SELECT count(*)::int n FROM audit_log')).rows[0].n).toBe(audits);
  });

  it('imports the fixed file, audits it, and the locator knows the new grids at once', async () => {
    const { x, y } = await eastOf府城();
    const good = fc(feat({ number: 11, name: '东一' }, sq(x, y)), feat({ number: 12, name: '东二' }, sq(x + 0.002, y)));
    const r = await t.send('POST', '/api/grids/import', { region: '460107002001', geojson: good }, community);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ dryRun: false, crs: 'wgs84', crsSource: 'default', features: 2, created: 2, updated: 0, errors: [] });
    const loc = await t.get(`/api/grids/locate?lon=${x + 0.001}&lat=${y + 0.001}`, community);
    expect(loc.body.grid.code).toBe('460107002001011');
    const a = await t.db.query(`SELECT actor_username, target_id, detail FROM audit_log WHERE action = 'grids.import' ORDER BY id DESC LIMIT 1`);
    expect(a.rows[0]).toMatchObject({ actor_username: 'community', target_id: '460107002001' });
    // re-importing the same file updates, never duplicates
    const again = await t.send('POST', '/api/grids/import', { region: '460107002001', geojson: good }, community);
    expect(again.body).toMatchObject({ created: 0, updated: 2 });
  });

  it('says which coordinate system it used, from the request or the file', async () => {
    const { x, y } = await eastOf府城();
    const doc = { ...fc(feat({ name: '高德' }, sq(x + 0.01, y))), crs: { type: 'name', properties: { name: 'GCJ-02' } } };
    const r = await t.send('POST', '/api/grids/import', { region: '460107002001', geojson: doc, dryRun: true }, community);
    expect(r.body).toMatchObject({ crs: 'gcj02', crsSource: 'file', created: 1 });
    const q = await t.send('POST', '/api/grids/import', { region: '460107002001', geojson: doc, dryRun: true, crs: 'bd09' }, community);
    expect(q.body).toMatchObject({ crs: 'bd09', crsSource: 'request' });
  });

  it('bad input: broken GeoJSON, 3-point polygon, outside China — each a precise 4xx, nothing written', async () => {
    const cases: [unknown, string, number | null][] = [
      [{ type: 'Topology' }, 'geojson_invalid', null],
      [fc(feat({}, { type: 'Polygon', coordinates: [[[110.4, 20], [110.41, 20], [110.4, 20]]] })), 'ring_too_few_points', 0],
      [fc(feat({}, sq(110.5, 20)), feat({}, sq(20, 110.5))), 'coordinate_outside_china', 1],
    ];
    for (const [geojson, code, feature] of cases) {
      const r = await t.send('POST', '/api/grids/import', { region: '460107002001', geojson }, community);
      expect(r.status).toBe(400);
      expect(r.body.error.details[0]).toMatchObject({ code, feature });
    }
    const huge = await t.app.fastify.inject({ method: 'POST', url: '/api/grids/import', headers: { cookie: community.cookie, 'x-csrf-token': community.csrf, 'content-type': 'application/json' }, payload: '{"region":"460107002001","geojson":"' + 'x'.repeat(21 * 1024 * 1024) + '"}' });
    expect(huge.statusCode).toBe(413);
    expect(JSON.parse(huge.body).error.code).toBe('payload_too_large');
  });

  it('refuses a community outside the caller\'s scope and roles that may not edit', async () => {
    const doc = fc(feat({}, sq(110.5, 20)));
    expect((await t.send('POST', '/api/grids/import', { region: '460107002002', geojson: doc }, community)).status).toBe(403);
    expect((await t.send('POST', '/api/grids/import', { region: '460107002001', geojson: doc }, gridworker)).body.error.code).toBe('forbidden');
  });
});

describe('editing a grid', () => {
  it('creates with the next number, updates with optimistic versions, refuses an overlap', async () => {
    const { x, y } = await eastOf府城();
    const c = await t.send('POST', '/api/grids', { communityCode: '460107002001', name: '新绘网格', kind: 'basic', geometry: sq(x + 0.02, y) }, community);
    expect(c.status).toBe(201);
    const code = c.body.grid.code;
    expect(code).toMatch(/^460107002001\d{3}$/);
    const v = c.body.grid.version;
    const conflict = await t.send('PUT', `/api/grids/${code}`, { version: v + 5, name: 'x' }, community);
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe('version_conflict');
    const overlap = await t.send('PUT', `/api/grids/${code}`, { version: v, geometry: (await t.get('/api/grids/460107002001001', community)).body.geometry }, community);
    expect(overlap.status).toBe(400);
    expect(overlap.body.error).toMatchObject({ code: 'grid_overlap' });
    expect(overlap.body.error.details[0].params.other).toBe('460107002001001');
    expect(overlap.body.error.details[0].message).toMatch(/^与基础网格 460107002001001（.+）重叠约 \d+ 平方米/);
    const moved = await t.send('PUT', `/api/grids/${code}`, { version: v, name: '改名网格', geometry: sq(x + 0.03, y) }, community);
    expect(moved.status).toBe(200);
    expect(moved.body.grid).toMatchObject({ name: '改名网格', version: v + 1 });
    expect((await t.get(`/api/grids/locate?lon=${x + 0.031}&lat=${y + 0.001}`, community)).body.grid.code).toBe(code);
    const bow = await t.send('PUT', `/api/grids/${code}`, { version: v + 1, geometry: { type: 'Polygon', coordinates: [[[x, y], [x + 0.01, y + 0.01], [x + 0.01, y], [x, y + 0.01], [x, y]]] } }, community);
    expect(bow.body.error.code).toBe('ring_self_intersects');
    const del = await t.send('DELETE', `/api/grids/${code}?version=${v + 1}`, undefined, community);
    expect(del.status).toBe(200);
    expect((await t.get(`/api/grids/${code}`, community)).status).toBe(404);
  });

  it('staff: assign, refuse duplicates and wrong posts, end an assignment (kept in history)', async () => {
    const code = '460107002001011';
    const w = await t.send('POST', `/api/grids/${code}/staff`, { post: 'worker', name: '李娜', employment: 'full_time' }, community);
    expect(w.status).toBe(200);
    expect(w.body.workers).toEqual([expect.objectContaining({ name: '李娜', employment: 'full_time', username: null })]);
    expect((await t.send('POST', `/api/grids/${code}/staff`, { post: 'worker', name: '李娜', employment: 'full_time' }, community)).body.error.code).toBe('grid_staff_duplicate');
    expect((await t.send('POST', `/api/grids/${code}/staff`, { post: 'worker', name: '王五' }, community)).body.error.code).toBe('grid_staff_employment_missing');
    expect((await t.send('POST', `/api/grids/${code}/staff`, { post: 'administrator', name: '王五' }, community)).body.error.code).toBe('grid_admin_needs_dedicated');
    expect((await t.send('POST', `/api/grids/${code}/staff`, { post: 'leader', username: 'nobody' }, community)).body.error.code).toBe('account_not_found');
    const l = await t.send('POST', `/api/grids/${code}/staff`, { post: 'leader', username: 'community' }, community);
    expect(l.body.leader).toMatchObject({ name: '府城社区工作人员', username: 'community' });
    const staffId = w.body.workers[0].staffId;
    const ended = await t.send('DELETE', `/api/grids/${code}/staff/${staffId}`, undefined, community);
    expect(ended.body.workers).toEqual([]);
    expect((await t.db.query('SELECT until FROM grid_staff WHERE id = $1', [staffId])).rows[0].until).not.toBeNull();
    expect((await t.send('DELETE', `/api/grids/${code}/staff/${staffId}`, undefined, community)).status).toBe(404);
    const version = (await t.get(`/api/grids/${code}`, community)).body.version;
    expect((await t.send('DELETE', `/api/grids/${code}?version=${version}`, undefined, community)).body.error.code).toBe('grid_has_staff');
  });

  it('the staffing view turns complete once every basic grid has exactly one full-time worker', async () => {
    const before = await t.get('/api/coverage/grids?region=460107002001', community);
    expect(before.body.complete).toBe(false);
    for (const code of ['460107002001011', '460107002001012']) {
      const g = (await t.get(`/api/grids/${code}`, community)).body;
      if (!g.workers.some((w: any) => w.employment === 'full_time')) {
        expect((await t.send('POST', `/api/grids/${code}/staff`, { post: 'worker', name: `专职${code.slice(-2)}`, employment: 'full_time' }, community)).status).toBe(200);
      }
    }
    const after = await t.get('/api/coverage/grids?region=460107002001', community);
    expect(after.body.complete).toBe(true);
  });
});

describe('map settings', () => {
  it('no tiles by default, centred on the caller\'s grids', async () => {
    const r = await t.get('/api/map/settings', community);
    expect(r.body.tiles).toBe('none');
    expect(r.body.center[0]).toBeCloseTo(110.35, 1);
  });
});
