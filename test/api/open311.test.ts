/** Open311 GeoReport v2, as a client would use it: form-encoded POST, .json and .xml, the spec's error shape. */
import { XMLParser } from 'fast-xml-parser';
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
    ['no api_key', { service_code: '0601' }, 400, /api_key/],
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
