/** Open311 GeoReport v2, as a client would use it: form-encoded POST, .json and .xml, the spec's error shape. */
import { XMLParser } from 'fast-xml-parser';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';

let t: TestApp;
let point: { lon: number; lat: number };
const J = 'jurisdiction_id=460107002';
const xml = new XMLParser();

beforeAll(async () => {
  t = await testApp();
  const s = await t.login('community');
  const g = (await t.get('/api/grids/460107002001001', s)).body;
  point = { lon: (g.bbox[0] + g.bbox[2]) / 2, lat: (g.bbox[1] + g.bbox[3]) / 2 };
});
afterAll(() => t.close());

const get = async (url: string) => {
  const r = await t.app.fastify.inject({ method: 'GET', url });
  return { status: r.statusCode, type: String(r.headers['content-type']), text: r.body, json: () => JSON.parse(r.body), xml: () => xml.parse(r.body) };
};
const post = async (file: string, form: Record<string, string | number>) => {
  const r = await t.app.fastify.inject({ method: 'POST', url: `/open311/v2/${file}`, payload: new URLSearchParams(Object.entries(form).map(([k, v]) => [k, String(v)])).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' } });
  return { status: r.statusCode, text: r.body, json: () => JSON.parse(r.body), xml: () => xml.parse(r.body) };
};

describe('GeoReport v2', () => {
  it('lists services (categories) in JSON and XML; a service definition has its attributes', async () => {
    const j = await get(`/open311/v2/services.json?${J}`);
    expect(j.status).toBe(200);
    const list = j.json();
    const sewer = list.find((s: any) => s.service_code === '0601');
    expect(sewer).toMatchObject({ service_name: '下水道堵塞', metadata: true, type: 'realtime', group: '公用设施' });
    expect(Object.keys(sewer).sort()).toEqual(['description', 'group', 'keywords', 'metadata', 'service_code', 'service_name', 'type']);
    expect(list.every((s: any) => s.service_code.length > 2)).toBe(true); // leaves only
    const x = await get(`/open311/v2/services.xml?${J}`);
    expect(x.type).toContain('text/xml');
    expect(x.text.startsWith('<?xml version="1.0" encoding="utf-8"?><services><service>')).toBe(true);
    expect(x.xml().services.service.length).toBe(list.length);
    const def = (await get(`/open311/v2/services/0601.json?${J}`)).json();
    expect(def.service_code).toBe('0601');
    expect(def.attributes[0]).toMatchObject({ variable: true, code: 'request_type', datatype: 'singlevaluelist', required: false, order: 1 });
    const defx = (await get(`/open311/v2/services/0601.xml?${J}`)).xml();
    expect(defx.service_definition.attributes.attribute.values.value.length).toBe(5);
  });

  it('files a request with an api_key and reads it back by id, in a list, and from a token', async () => {
    const r = await post('requests.json', { api_key: 'gongzhi-demo-open311', jurisdiction_id: '460107002', service_code: '0601', lat: point.lat, long: point.lon, address_string: '府城街道府城社区', description: 'Open311: 下水道堵塞', first_name: '明', last_name: '李', phone: '13700001111', 'attribute[request_type]': 'complaint', media_url: 'https://example.org/p.jpg' });
    expect(r.status).toBe(200);
    const [created] = r.json();
    expect(created.service_request_id).toMatch(/^\d+$/);
    expect(created).not.toHaveProperty('token');
    const one = await get(`/open311/v2/requests/${created.service_request_id}.json?${J}`);
    expect(one.status).toBe(200);
    const [req] = one.json();
    expect(req).toMatchObject({ service_request_id: created.service_request_id, status: 'open', service_code: '0601', service_name: '下水道堵塞', description: 'Open311: 下水道堵塞', media_url: 'https://example.org/p.jpg' });
    expect(req.status_notes).toContain('待立案');
    expect(req.requested_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    expect(req.lat).toBeCloseTo(point.lat, 6);
    expect(req.long).toBeCloseTo(point.lon, 6);
    // the case is a first-class case with source open311, in the right grid
    const s = await t.login('community');
    const c = (await t.get(`/api/cases/${created.service_request_id}`, s)).body;
    expect(c).toMatchObject({ source: 'open311', gridCode: '460107002001001' });
    const list = (await get(`/open311/v2/requests.json?${J}&service_code=0601&status=open`)).json();
    expect(list.map((x: any) => x.service_request_id)).toContain(created.service_request_id);
    const closed = (await get(`/open311/v2/requests.json?${J}&status=closed&service_request_id=${created.service_request_id}`)).json();
    expect(closed).toHaveLength(1); // service_request_id overrides the other filters, as the spec says
    const old = (await get(`/open311/v2/requests.json?${J}&start_date=2001-01-01T00:00:00Z&end_date=2001-02-01T00:00:00Z`)).json();
    expect(old).toEqual([]);
    const tok = (await get(`/open311/v2/tokens/${created.service_request_id}.json?${J}`)).json();
    expect(tok).toEqual([{ service_request_id: created.service_request_id, token: created.service_request_id }]);
    const x = (await get(`/open311/v2/requests/${created.service_request_id}.xml?${J}`)).xml();
    expect(String(x.service_requests.request.service_request_id)).toBe(created.service_request_id);
    // closing the case closes the request
    await t.db.query(`UPDATE cases SET state = 'closed', closed_at = now() WHERE id = $1`, [created.service_request_id]);
    const [after] = (await get(`/open311/v2/requests/${created.service_request_id}.json?${J}`)).json();
    expect(after).toMatchObject({ status: 'closed' });
    expect(after.status_notes).toContain('已结案');
  });

  it.each([
    ['no api_key', { service_code: '0601' }, 403, /api_key/],
    ['a description over 4,000 characters', { api_key: 'gongzhi-demo-open311', jurisdiction_id: '460107002', service_code: '0601', lat: 20, long: 110.3, description: '堵'.repeat(4001) }, 400, /description/],
    ['a javascript: media_url', { api_key: 'gongzhi-demo-open311', jurisdiction_id: '460107002', service_code: '0601', lat: 20, long: 110.3, media_url: 'javascript:alert(document.cookie)' }, 400, /media_url/],
    ['a data: media_url', { api_key: 'gongzhi-demo-open311', jurisdiction_id: '460107002', service_code: '0601', lat: 20, long: 110.3, media_url: 'data:text/html,<script>alert(1)</script>' }, 400, /media_url/],
    ['a relative media_url', { api_key: 'gongzhi-demo-open311', jurisdiction_id: '460107002', service_code: '0601', lat: 20, long: 110.3, media_url: '/p.jpg' }, 400, /media_url/],
    ['a wrong api_key', { api_key: 'nope', service_code: '0601' }, 403, /api_key/],
    ['no jurisdiction on a multi-jurisdiction server', { api_key: 'gongzhi-demo-open311', service_code: '0601', lat: 20, long: 110.3 }, 400, /jurisdiction_id/],
    ['an unknown jurisdiction', { api_key: 'gongzhi-demo-open311', jurisdiction_id: '999999', service_code: '0601' }, 404, /jurisdiction_id/],
    ['no service_code', { api_key: 'gongzhi-demo-open311', jurisdiction_id: '460107002' }, 400, /service_code/],
    ['an unknown service_code', { api_key: 'gongzhi-demo-open311', jurisdiction_id: '460107002', service_code: '9999', lat: 20, long: 110.3 }, 404, /service_code/],
    ['no location', { api_key: 'gongzhi-demo-open311', jurisdiction_id: '460107002', service_code: '0601' }, 400, /location/],
    ['a point outside China', { api_key: 'gongzhi-demo-open311', jurisdiction_id: '460107002', service_code: '0601', lat: 110.3, long: 20 }, 400, /outside China/],
    ['a bad attribute value', { api_key: 'gongzhi-demo-open311', jurisdiction_id: '460107002', service_code: '0601', lat: 20, long: 110.3, 'attribute[request_type]': 'x' }, 400, /request_type/],
  ])('refuses %s in the spec\'s error shape', async (_n, form, status, re) => {
    const before = (await t.db.query(`SELECT count(*)::int AS n FROM cases`)).rows[0].n;
    const r = await post('requests.json', form as any);
    expect(r.status).toBe(status);
    const body = r.json();
    expect(body).toEqual([{ code: status, description: expect.stringMatching(re) }]);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM cases`)).rows[0].n).toBe(before);
    const x = await post('requests.xml', form as any);
    expect(x.xml().errors.error.code).toBe(status);
  });

  it('404s in the spec\'s shape for unknown requests, services and formats', async () => {
    expect((await get(`/open311/v2/requests/999999999.json?${J}`)).json()).toEqual([{ code: 404, description: expect.any(String) }]);
    expect((await get(`/open311/v2/services/9999.json?${J}`)).status).toBe(404);
    expect((await get(`/open311/v2/services.html?${J}`)).status).toBe(404);
    expect((await get(`/open311/v2/requests.json?${J}&start_date=yesterday`)).status).toBe(400);
  });
});

describe('service discovery', () => {
  it('is served as discovery.json and discovery.xml with every field the specification requires', async () => {
    const j = await get('/open311/v2/discovery.json');
    expect(j.status).toBe(200);
    expect(j.type).toContain('application/json');
    const d = j.json();
    expect(Object.keys(d).sort()).toEqual(['changeset', 'contact', 'endpoints', 'key_service']);
    expect(d.changeset).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(d.contact).toEqual(expect.any(String));
    expect(d.key_service).toContain('api_key');
    expect(d.endpoints).toHaveLength(1);
    expect(d.endpoints[0]).toEqual({
      specification: 'http://wiki.open311.org/GeoReport_v2', url: expect.stringMatching(/^https?:\/\/[^/]+\/open311\/v2$/),
      changeset: d.changeset, type: expect.stringMatching(/^(production|test)$/), formats: ['text/xml', 'application/json'],
    });
    const x = await get('/open311/v2/discovery.xml');
    expect(x.status).toBe(200);
    expect(x.type).toContain('text/xml');
    expect(x.text.startsWith('<?xml version="1.0" encoding="utf-8"?><discovery><changeset>')).toBe(true);
    const dx = x.xml().discovery;
    expect(dx.changeset).toBe(d.changeset);
    expect(dx.key_service).toBe(d.key_service);
    expect(dx.endpoints.endpoint).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', url: d.endpoints[0].url, type: d.endpoints[0].type });
    expect(dx.endpoints.endpoint.formats.format).toEqual(['text/xml', 'application/json']);
  });
});

describe('limits of the specification', () => {
  const base = () => ({ api_key: 'gongzhi-demo-open311', jurisdiction_id: '460107002', service_code: '0601', lat: point.lat, long: point.lon });

  it('accepts a description of exactly 4,000 characters and keeps all of it', async () => {
    const text = '堵'.repeat(3999) + 'x';
    const r = await post('requests.json', { ...base(), description: text });
    expect(r.status).toBe(200);
    const [req] = (await get(`/open311/v2/requests/${r.json()[0].service_request_id}.json?${J}`)).json();
    expect(req.description).toBe(text);
  });

  it('refuses a start_date–end_date span over 90 days with 400; 90 days exactly is fine', async () => {
    const over = await get(`/open311/v2/requests.json?${J}&start_date=2026-01-01T00:00:00Z&end_date=2026-04-01T00:00:01Z`);
    expect(over.status).toBe(400);
    expect(over.json()).toEqual([{ code: 400, description: expect.stringMatching(/90 days/) }]);
    expect((await get(`/open311/v2/requests.xml?${J}&start_date=2025-01-01T00:00:00Z&end_date=2026-01-01T00:00:00Z`)).status).toBe(400);
    expect((await get(`/open311/v2/requests.json?${J}&start_date=2026-01-01T00:00:00Z&end_date=2026-04-01T00:00:00Z`)).status).toBe(200);
    // an impossible date is refused, not quietly moved to another day
    expect((await get(`/open311/v2/requests.json?${J}&start_date=2026-02-30T00:00:00Z`)).status).toBe(400);
    expect((await get(`/open311/v2/requests.json?${J}&end_date=2026-02-30`)).status).toBe(400);
    expect((await get(`/open311/v2/requests.json?${J}&start_date=2026-02-28`)).status).toBe(200);
    // a start_date alone reaches 90 days from it; an end_date alone, 90 days back
    expect((await get(`/open311/v2/requests.json?${J}&start_date=2001-01-01T00:00:00Z`)).status).toBe(200);
    expect((await get(`/open311/v2/requests.json?${J}&end_date=2001-01-01T00:00:00Z`)).status).toBe(200);
  });

  it('never publishes a stored media_url that is not http(s)', async () => {
    const r = await post('requests.json', { ...base(), description: 'photo', media_url: 'https://example.org/ok.jpg' });
    const id = r.json()[0].service_request_id;
    // one written before the check existed
    await t.db.query(`UPDATE case_event SET detail = detail || '{"mediaUrl":"javascript:alert(document.cookie)"}'::jsonb WHERE case_id = $1 AND action = 'report'`, [id]);
    const [req] = (await get(`/open311/v2/requests/${id}.json?${J}`)).json();
    expect(req.media_url).toBeNull();
    const list = (await get(`/open311/v2/requests.json?${J}&service_request_id=${id}`)).text;
    expect(list).not.toContain('javascript:');
    expect((await get(`/open311/v2/requests/${id}.xml?${J}`)).text).not.toContain('javascript:');
  });
});

describe('privacy: outside clients see only what the reporter made public', () => {
  const typed = '府城社区文庄路 12 号 502 室';
  const hook = (body: unknown) => t.send('POST', '/api/intake/hotline', body, null, { authorization: 'Bearer gongzhi-demo-hotline' });
  const one = (id: string | number, fmt = 'json') => get(`/open311/v2/requests/${id}.${fmt}?${J}`);
  const listed = async () => (await get(`/open311/v2/requests.json?${J}`)).json().map((r: any) => r.service_request_id);
  let grid: { lat: number; lon: number };

  beforeAll(async () => {
    const { rows: [g] } = await t.db.query(`SELECT (min_lat + max_lat) / 2 AS lat, (min_lon + max_lon) / 2 AS lon FROM grid WHERE code = '460107002001001'`);
    grid = g;
  });

  it('a resident\'s report: no typed address, no description, the point only as its grid\'s centre', async () => {
    const s = await t.login('resident');
    const exact = { lon: point.lon + 0.0001, lat: point.lat - 0.0001 };
    const c = await t.send('POST', '/api/cases', { categoryCode: '0601', description: `下水道堵了，我家在${typed}`, address: typed, ...exact }, s);
    expect(c.status).toBe(201);
    const r = await one(c.body.id);
    expect(r.status).toBe(200);
    const [req] = r.json();
    expect(req).toMatchObject({ service_request_id: String(c.body.id), service_code: '0601', address: null, description: null, media_url: null });
    expect(req.lat).toBeCloseTo(grid.lat, 9);
    expect(req.long).toBeCloseTo(grid.lon, 9);
    expect(req.lat).not.toBeCloseTo(exact.lat, 6);
    expect(r.text).not.toContain('文庄路');
    expect((await one(c.body.id, 'xml')).text).not.toContain('文庄路');
    const all = (await get(`/open311/v2/requests.json?${J}`)).text;
    expect(all).not.toContain('文庄路');
    expect(await listed()).toContain(String(c.body.id));
    // a rejection's free-text reason may quote the reporter: only the state is shown
    await t.db.query(`INSERT INTO case_event (case_id, actor_name, action, from_state, to_state, note) VALUES ($1, '府城社区', 'reject', 'reported', 'rejected', $2)`, [c.body.id, `重复上报（${typed}）`]);
    await t.db.query(`UPDATE cases SET state = 'rejected' WHERE id = $1`, [c.body.id]);
    const [rejected] = (await one(c.body.id)).json();
    expect(rejected.status).toBe('closed');
    expect(rejected.status_notes).not.toContain('文庄路');
  });

  it('a 12345 ticket: no typed address; a 举报 ticket is not shown at all', async () => {
    const base = { categoryCode: '0601', content: `来电反映下水道堵塞，地址${typed}`, address: typed, region: '460107002001', lon: point.lon, lat: point.lat };
    const complaint = await hook({ ...base, ticket: 'T-PRIV-1', type: '投诉' });
    expect(complaint.status).toBe(201);
    const [c] = (await one(complaint.body.id)).json();
    expect(c).toMatchObject({ address: null, description: null });
    expect(c.lat).toBeCloseTo(grid.lat, 9);
    const report = await hook({ ...base, ticket: 'T-PRIV-2', type: '举报', content: `举报：${typed} 有人违规群租` });
    expect(report.status).toBe(201);
    const r = await one(report.body.id);
    expect(r.status).toBe(404);
    expect(await listed()).not.toContain(String(report.body.id));
    expect((await get(`/open311/v2/requests.json?${J}&service_request_id=${report.body.id},${complaint.body.id}`)).json().map((x: any) => x.service_request_id)).toEqual([String(complaint.body.id)]);
    expect((await get(`/open311/v2/requests.xml?${J}`)).text).not.toContain('文庄路');
  });

  it('an Open311 request filed as a report of wrongdoing (request_type=report) is not shown either', async () => {
    const r = await post('requests.json', { api_key: 'gongzhi-demo-open311', jurisdiction_id: '460107002', service_code: '0601', lat: point.lat, long: point.lon, description: '举报', 'attribute[request_type]': 'report' });
    expect(r.status).toBe(200);
    const id = r.json()[0].service_request_id;
    expect((await one(id)).status).toBe(404);
    expect(await listed()).not.toContain(id);
  });

  it('nothing of a case in a category flagged sensitive', async () => {
    const s = await t.login('gridworker');
    const c = await t.send('POST', '/api/cases', { categoryCode: '0902', description: '物业纠纷', lon: point.lon, lat: point.lat }, s);
    expect(c.status).toBe(201);
    expect((await one(c.body.id)).status).toBe(200);
    const admin = await t.login('admin');
    const flagged = await t.send('PUT', '/api/case-categories/0902', { sensitive: true }, admin);
    expect(flagged.status).toBe(200);
    expect(flagged.body.sensitive).toBe(true);
    try {
      expect((await one(c.body.id)).status).toBe(404);
      expect(await listed()).not.toContain(String(c.body.id));
      expect((await get(`/open311/v2/requests.json?${J}&service_code=0902`)).json()).toEqual([]);
    } finally {
      expect((await t.send('PUT', '/api/case-categories/0902', { sensitive: false }, admin)).body.sensitive).toBe(false);
    }
  });

  it('a case a grid worker handles names the community that answers for the grid, never the worker', async () => {
    const s = await t.login('gridworker');
    const c = await t.send('POST', '/api/cases', { categoryCode: '0602', description: '路灯不亮', lon: point.lon, lat: point.lat }, s);
    expect(c.status).toBe(201);
    const { rows: [w] } = await t.db.query(`SELECT display_name FROM account WHERE username = 'gridworker'`);
    await t.db.query(`UPDATE cases SET handler_kind = 'grid_worker', handler_account_id = (SELECT id FROM account WHERE username = 'gridworker'), handler_name = $2 WHERE id = $1`, [c.body.id, w.display_name]);
    const [req] = (await one(c.body.id)).json();
    expect(req.agency_responsible).toBe('府城社区');
    expect(JSON.stringify(req)).not.toContain(w.display_name);
  });

  it('a request filed through Open311 shows what its filer sent', async () => {
    const r = await post('requests.json', { api_key: 'gongzhi-demo-open311', jurisdiction_id: '460107002', service_code: '0601', lat: point.lat, long: point.lon, address_string: '府城街道府城社区 公共厕所旁', description: '井口冒水' });
    const [req] = (await one(r.json()[0].service_request_id)).json();
    expect(req).toMatchObject({ address: '府城街道府城社区 公共厕所旁', description: '井口冒水' });
    expect(req.lat).toBeCloseTo(point.lat, 6);
  });
});

describe('api keys are checked in memory, and a revoked key stops at once', () => {
  const issue = async (admin: any) => {
    // the integrations cache in use and its channel listened, as in a running app
    expect((await post('requests.json', { api_key: 'gongzhi-demo-open311', jurisdiction_id: '460107002', service_code: '0601', lat: point.lat, long: point.lon, description: '预热' })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    const issued = await t.send('POST', '/api/integrations', { kind: 'open311', name: '测试客户端', region: '460107002' }, admin);
    expect(issued.status).toBe(201);
    const form = { api_key: issued.body.token, jurisdiction_id: '460107002', service_code: '0601', lat: point.lat, long: point.lon, description: '吊销测试' };
    expect((await post('requests.json', form)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300)); // the cache's listener is up: the key is now answered from memory
    expect((await post('requests.json', form)).status).toBe(200);
    return { id: issued.body.id as number, form };
  };

  it('revoked by the administrator: refused at once in this process', async () => {
    const admin = await t.login('admin');
    const { id, form } = await issue(admin);
    expect((await t.send('DELETE', `/api/integrations/${id}`, undefined, admin)).status).toBe(200);
    expect((await post('requests.json', form)).status).toBe(403);
  });

  it('revoked by any other writer (another process, the CLI, SQL): the table trigger tells every process within moments', async () => {
    const admin = await t.login('admin');
    const { id, form } = await issue(admin);
    const o = (t.db.pool as any).options;
    const other = new pg.Client({ ...o, password: o.password }); // stands for another process; password is not enumerable on pg's options
    await other.connect();
    try {
      await other.query(`UPDATE integration SET revoked_at = now() WHERE id = $1`, [id]);
    } finally {
      await other.end();
    }
    let status = 0;
    for (let i = 0; i < 30 && (status = (await post('requests.json', form)).status) !== 403; i++) await new Promise((r) => setTimeout(r, 50));
    expect(status).toBe(403);
  });
});
