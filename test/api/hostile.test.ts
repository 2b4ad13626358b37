/**
 * The hostile-value sweep: every route of the OpenAPI document (and Open311) gets hostile values in
 * every path parameter, query parameter and body field — huge and non-finite numbers, negative and
 * out-of-int4 integers, NUL bytes, very long strings, impossible dates, wrong types, null, deep
 * objects, path values such as 1e309, %00 and ../ — as an administrator with the CSRF header (or,
 * where the administrator is refused, an account the route lets through), so validation and the
 * code behind it are really reached, and once anonymously. Any 5xx fails the test; each is printed
 * with method, url and body. The number of requests per route is bounded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Session, type TestApp } from '../support/app.js';

const HUGE = '\u0001HUGE\u0001';
const NEG_HUGE = '\u0001NEGHUGE\u0001';
const PER_ROUTE = 20;
const MAX_PER_ROUTE = 40;
/** Routes that are slow by design (password hashing, a region import): fewer requests. */
const SLOW: Record<string, number> = { '/api/auth/login': 8, '/api/regions/import': 6, '/api/intake/hotline': 12 };
const LONG = 'x'.repeat(20_000);
const NUL = 'a\u0000b';

type Json = any;
interface Req { method: string; url: string; payload?: string; contentType?: string; who: string; headers?: Record<string, string>; }
/** Routes that authenticate otherwise too (the 12345 hotline's bearer token). */
const EXTRA_HEADERS: Record<string, Record<string, string>> = { '/api/intake/hotline': { authorization: 'Bearer gongzhi-demo-hotline' } };
interface Hit { method: string; url: string; body?: string; who: string; status: number; code?: string; }

/** JSON text in which the HUGE markers become the numbers JSON.stringify cannot write. */
function jsonText(v: Json): string {
  return JSON.stringify(v).replaceAll(JSON.stringify(HUGE), '1e309').replaceAll(JSON.stringify(NEG_HUGE), '-1e309');
}

function typesOf(s: Json): string[] {
  if (!s || typeof s !== 'object') return [];
  if (Array.isArray(s.type)) return s.type;
  if (typeof s.type === 'string') return [s.type];
  for (const k of ['anyOf', 'oneOf']) if (Array.isArray(s[k])) return [...new Set(s[k].flatMap(typesOf))] as string[];
  if (s.const !== undefined) return [typeof s.const];
  if (Array.isArray(s.enum)) return [...new Set(s.enum.map((x: unknown) => typeof x))] as string[];
  return [];
}

/** The first non-null branch of a union. */
function main(s: Json): Json {
  for (const k of ['anyOf', 'oneOf']) if (Array.isArray(s?.[k])) return main(s[k].find((x: Json) => x.type !== 'null') ?? s[k][0]);
  return s ?? {};
}

const BY_NAME: Record<string, Json> = {
  region: '460107002', regionCode: '460107002', community: '460107002001', communityCode: '460107002001', street: '460107002', under: '460107',
  code: '460107002', username: 'hostile', password: 'gongzhi-demo-x', categoryCode: 'city_appearance', lon: 110.35, lat: 20.0,
  idNumber: '360111197803122158', phone: '13800000000', mobile: '13800000000', ticket: 'HOSTILE-1', content: '路灯不亮', description: '路灯不亮',
};

/** Codes of that many digits that exist in the demo (regions, a grid). */
const DIGITS: Record<number, string> = { 6: '460107', 9: '460107002', 12: '460107002001', 15: '460107002001001' };

/** A plausible valid value for a schema (the baseline the hostile value is put into). */
function sample(schema: Json, name = ''): Json {
  const s = main(schema);
  if (s.const !== undefined) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  if (s.default !== undefined) return s.default;
  const t = typesOf(s)[0];
  if (name in BY_NAME && (t === typeof BY_NAME[name] || (t === 'integer' && typeof BY_NAME[name] === 'number'))) return BY_NAME[name];
  switch (t) {
    case 'integer': case 'number': {
      const lo = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1);
      return Math.min(Math.max(1, lo), s.maximum ?? 1);
    }
    case 'boolean': return false;
    case 'array': return Array.from({ length: s.minItems ?? 0 }, () => sample(s.items ?? {}));
    case 'object': {
      const out: Record<string, Json> = {};
      // the required fields, and the optional ones with a known good value (a case's category and point)
      for (const [k, sub] of Object.entries<Json>(s.properties ?? {})) if ((s.required ?? []).includes(k) || k in BY_NAME) out[k] = sample(sub, k);
      return out;
    }
    case 'string': {
      if (s.format === 'date') return '2026-03-02';
      if (s.format === 'date-time') return '2026-03-02T08:00:00+08:00';
      if (s.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
      const digits = /^\^(?:\\d|\[0-9\])\{(\d+)(?:,\d+)?\}\$$/.exec(s.pattern ?? '');
      if (digits) return DIGITS[+digits[1]] ?? '9'.repeat(+digits[1]);
      if (s.pattern) return 'ab-12';
      return 'x'.repeat(Math.max(s.minLength ?? 1, Math.min(2, s.maxLength ?? 2)));
    }
    default: return 'x';
  }
}

/** Hostile values for a field of this schema, the most telling first. */
function hostile(schema: Json): Json[] {
  const s = main(schema);
  const t = typesOf(schema);
  const nums = [HUGE, NEG_HUGE, -1, 2147483648, 9007199254740993, 1e20, 1.5, 0];
  const strs = [NUL, LONG, '2026-02-30', '../../etc/passwd', '0000-00-00', '9999-12-31T23:59:60Z'];
  const types = [null, true, 'abc', 12, [], {}, { a: { b: { c: { d: [NUL] } } } }];
  if (t.includes('integer') || t.includes('number')) return [...nums, ...types];
  if (t.includes('string')) {
    if (s.format === 'date') return ['2026-02-30', '2026-13-01', '0000-01-01', '2025-02-29', NUL, '9999-12-31', ...types];
    if (s.format === 'date-time') return ['2026-02-30T00:00:00Z', '2026-01-01T24:00:00Z', '0000-01-01T00:00:00Z', '9999-12-31T23:59:59-23:59', NUL, ...types];
    return [...strs, ...types];
  }
  if (t.includes('array')) return [[NUL], [HUGE], [null], Array.from({ length: 5000 }, () => 1), ...types];
  if (t.includes('object')) return [{ [NUL]: 1 }, { a: NUL }, { x: HUGE }, ...types];
  if (t.includes('boolean')) return [...types];
  return [NUL, HUGE, -1, LONG, ...types];
}

const PATH_VALUES = ['1e309', '%00', 'a%00b', '..%2F..%2Fetc%2Fpasswd', '-1', '2147483648', '99999999999999999999', 'Infinity', 'NaN', '2026-02-30', '0x10', '%E0%A4%A', '1.5'];
/** Hostile query values for a parameter of this schema, the most telling first (raw: already URL-encoded where they hold %). */
function queryHostile(schema: Json): string[] {
  const s = main(schema);
  const t = typesOf(schema);
  if (t.includes('integer') || t.includes('number')) return ['1e309', '2147483648', '-1', 'Infinity', '%00', '99999999999999999999', '-1e309', 'NaN', '1.5', ''];
  if (s.format === 'date' || s.pattern === '^\\d{4}-\\d{2}-\\d{2}$') return ['2026-02-30', '%00', '0000-01-01', '2026-13-45', '2025-02-29', '1e309', ''];
  if (s.format === 'date-time') return ['2026-02-30T00:00:00Z', '%00', '2026-01-01T24:00:00Z', '0000-01-01T00:00:00Z', '1e309', ''];
  if (t.includes('boolean')) return ['%00', 'maybe', '1e309', ''];
  return ['%00', 'x'.repeat(5000), '1e309', '2026-02-30', '..%2F..%2F', '-1', '2147483648', '%E0%A4%A', 'a%00b', ''];
}

const QUERY_VALUES = ['1e309', '-1e309', '%00', 'a%00b', '-1', '2147483648', '9007199254740993', '99999999999999999999', 'NaN', 'Infinity', '2026-02-30', '2026-13-45', '0000-01-01', '..%2F..%2F', 'x'.repeat(5000), '', '%E0%A4%A', 'true'];

/** Interleave the lists (each field's first value, then each field's second, …) and keep the first n. */
function roundRobin<T>(lists: T[][], n: number): T[] {
  const out: T[] = [];
  for (let i = 0; out.length < n && lists.some((l) => i < l.length); i++) for (const l of lists) if (i < l.length && out.length < n) out.push(l[i]);
  return out;
}

describe('hostile values on every route', () => {
  let t: TestApp;
  const sessions = new Map<string, Session>();
  const hits: Hit[] = [];
  let sent = 0;
  const valid: Record<string, string> = {};

  async function session(who: string): Promise<Session> {
    if (!sessions.has(who)) sessions.set(who, await t.login(who));
    return sessions.get(who)!;
  }

  async function send(r: Req): Promise<{ status: number; code?: string }> {
    sent++;
    const s = r.who === 'anonymous' ? null : await session(r.who);
    const headers: Record<string, string> = {};
    if (s) { headers.cookie = s.cookie; headers['x-csrf-token'] = s.csrf; }
    if (r.payload !== undefined) headers['content-type'] = r.contentType ?? 'application/json';
    Object.assign(headers, EXTRA_HEADERS[r.url.split('?')[0]] ?? {});
    let res = await t.app.fastify.inject({ method: r.method as any, url: r.url, payload: r.payload, headers });
    if (res.statusCode === 401 && s) { // a sweep request ended the session (e.g. a password change): sign in again
      sessions.delete(r.who);
      const again = await session(r.who);
      res = await t.app.fastify.inject({ method: r.method as any, url: r.url, payload: r.payload, headers: { ...headers, cookie: again.cookie, 'x-csrf-token': again.csrf } });
    }
    let code: string | undefined;
    try { code = JSON.parse(res.body)?.error?.code ?? JSON.parse(res.body)?.[0]?.description; } catch { /* not JSON */ }
    if (res.statusCode >= 500) hits.push({ method: r.method, url: r.url.length > 300 ? r.url.slice(0, 300) + '…' : r.url, body: r.payload && (r.payload.length > 400 ? r.payload.slice(0, 400) + '…' : r.payload), who: r.who, status: res.statusCode, code });
    return { status: res.statusCode, code };
  }

  const one = async (sql: string, params: unknown[] = []) => { const { rows } = await t.db.query(sql, params); return rows[0] ? String(Object.values(rows[0])[0]) : '1'; };

  beforeAll(async () => {
    t = await testApp();
    const fucheng = '/46/4601/460107/460107002/';
    const task = (await t.db.query(`SELECT case_id, id FROM case_task ORDER BY id LIMIT 1`)).rows[0];
    const member = (await t.db.query(`SELECT org_id, id FROM party_membership ORDER BY id LIMIT 1`)).rows[0];
    const staff = (await t.db.query(`SELECT grid_code, id FROM grid_staff ORDER BY id LIMIT 1`)).rows[0];
    const score = (await t.db.query(`SELECT s.period_id, s.company_id FROM credit_score s JOIN credit_period p ON p.id = s.period_id WHERE p.state IN ('published','fixed') LIMIT 1`).catch(() => ({ rows: [] as any[] }))).rows[0];
    const g = (await t.db.query(`SELECT (min_lon + max_lon) / 2 AS lon, (min_lat + max_lat) / 2 AS lat FROM grid WHERE code = '460107002001001'`)).rows[0];
    if (g) Object.assign(BY_NAME, { lon: Number(g.lon), lat: Number(g.lat) });
    BY_NAME.type = '投诉';
    BY_NAME.categoryCode = await one(`SELECT c.code FROM case_category c WHERE c.active AND NOT EXISTS (SELECT 1 FROM case_category k WHERE k.parent_code = c.code) ORDER BY c.code LIMIT 1`);
    Object.assign(valid, {
      cases: task ? String(task.case_id) : await one(`SELECT id FROM cases WHERE path LIKE $1 ORDER BY id LIMIT 1`, [fucheng + '%']),
      taskId: task ? String(task.id) : '1',
      'compound-documents': await one(`SELECT id FROM compound_document ORDER BY id LIMIT 1`),
      compounds: await one(`SELECT id FROM compound ORDER BY id LIMIT 1`),
      campaigns: await one(`SELECT id FROM campaign ORDER BY id DESC LIMIT 1`),
      'campaign-items': await one(`SELECT i.id FROM campaign_item i JOIN campaign c ON c.id = i.campaign_id WHERE c.state = 'running' ORDER BY i.id LIMIT 1`),
      'credit-periods': await one(`SELECT id FROM credit_period ORDER BY id LIMIT 1`),
      'credit-appeals': await one(`SELECT id FROM credit_appeal ORDER BY id LIMIT 1`),
      'disclosure-files': await one(`SELECT id FROM disclosure_file ORDER BY uploaded_at LIMIT 1`),
      disclosures: await one(`SELECT id FROM disclosure ORDER BY id LIMIT 1`),
      grids: staff ? staff.grid_code : await one(`SELECT code FROM grid ORDER BY code LIMIT 1`),
      staffId: staff ? String(staff.id) : '1',
      households: await one(`SELECT id FROM household WHERE path LIKE $1 ORDER BY id LIMIT 1`, [fucheng + '%']),
      integrations: await one(`SELECT id FROM integration ORDER BY id LIMIT 1`),
      notifications: await one(`SELECT n.id FROM notification n JOIN account a ON a.id = n.account_id WHERE a.username = 'admin' LIMIT 1`),
      'owners-committees': await one(`SELECT id FROM owners_committee ORDER BY id LIMIT 1`),
      'party-orgs': member ? String(member.org_id) : await one(`SELECT id FROM party_org ORDER BY id LIMIT 1`),
      memberId: member ? String(member.id) : '1',
      'party-center-households': await one(`SELECT id FROM party_center_household ORDER BY id LIMIT 1`),
      'party-instructors': await one(`SELECT id FROM party_instructor ORDER BY id LIMIT 1`),
      posts: await one(`SELECT id FROM post ORDER BY id LIMIT 1`),
      'post-holders': await one(`SELECT id FROM post_holder ORDER BY id LIMIT 1`),
      'property-companies': await one(`SELECT id FROM property_company ORDER BY id LIMIT 1`),
      periodId: score ? String(score.period_id) : '1',
      companyId: score ? String(score.company_id) : '1',
      regions: '460107002',
      residents: await one(`SELECT id FROM resident WHERE path LIKE $1 ORDER BY id LIMIT 1`, [fucheng + '460107002001/%']),
      group: 'living_alone',
      calendar: '2026-10-01',
      'case-categories': await one(`SELECT code FROM case_category WHERE parent_code IS NOT NULL ORDER BY code LIMIT 1`),
      settings: await one(`SELECT key FROM setting ORDER BY key LIMIT 1`),
      'case-photos': await one(`SELECT id FROM case_photo LIMIT 1`),
    });
  }, 120_000);

  afterAll(async () => { await t?.close(); });

  /** A valid value for a path parameter: by its own name, else by the collection it follows. */
  function validParam(url: string, name: string): string {
    if (valid[name] && name !== 'id' && name !== 'code') return valid[name];
    const segs = url.split('/');
    const i = segs.findIndex((s) => s === `{${name}}`);
    const coll = segs[i - 1];
    if (coll === 'settings') return (valid.settingKey ?? valid.settings);
    return valid[coll] ?? (name === 'code' ? '460107002' : '1');
  }

  const raw = async (method: string, url: string, payload?: string, who: string | null = 'admin', headers: Record<string, string> = {}) => {
    const s = who ? await session(who) : null;
    const r = await t.app.fastify.inject({
      method: method as any, url, payload,
      headers: { ...(s ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : {}), ...(payload !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    });
    let body: any = r.body;
    try { body = JSON.parse(r.body); } catch { /* not JSON */ }
    return { status: r.statusCode, body };
  };

  it('integers out of bounds are a 400, in path, query and body, signed in or not', async () => {
    for (const v of ['1e309', 'Infinity', '-1', '99999999999999999999']) {
      const r = await raw('GET', `/api/cases/${v}`);
      expect([r.status, r.body.error.code, v]).toEqual([400, 'validation_failed', v]);
    }
    const anon = await raw('GET', '/api/public/credit-lists/1e309/companies/1', undefined, null);
    expect([anon.status, anon.body.error.code, anon.body.error.details[0].field]).toEqual([400, 'validation_failed', 'params.periodId']);
    expect((await raw('GET', '/api/audit?before=1e309')).status).toBe(400);
    expect((await raw('GET', '/api/audit?before=2147483648')).status).toBe(400);
    const body = await raw('POST', '/api/credit-records', '{"companyId":1e309,"kind":"good","points":1e309,"reason":"hostile","occurredOn":"2026-03-02"}');
    expect(body.status).toBe(400);
    expect(body.body.error.details.map((d: any) => d.field)).toEqual(expect.arrayContaining(['body.companyId', 'body.points']));
    // the bounds are in the OpenAPI document too: bigint ids, int4 otherwise
    const doc = (await raw('GET', '/api/openapi.json')).body;
    expect(doc.paths['/api/cases/{id}'].get.parameters.find((x: any) => x.name === 'id').schema).toMatchObject({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
    expect(doc.paths['/api/audit'].get.parameters.find((x: any) => x.name === 'before').schema).toMatchObject({ minimum: 1, maximum: 2147483647 });
  });

  it('a NUL byte anywhere is a 400 text_nul, in Chinese or English; Open311 answers in its own shape', async () => {
    const r = await raw('POST', '/api/post-holders', JSON.stringify({ name: NUL, regionCode: '460107002001' }));
    expect([r.status, r.body.error.code, r.body.error.details[0].field]).toEqual([400, 'text_nul', 'body.name']);
    expect(r.body.error.message).toContain('空字符');
    const en = await raw('POST', '/api/post-holders', JSON.stringify({ name: 'x', regionCode: '460107002001', phone: NUL }), 'admin', { 'accept-language': 'en' });
    expect([en.status, en.body.error.code]).toEqual([400, 'text_nul']);
    expect(en.body.error.message).toContain('NUL');
    expect((await raw('GET', '/api/cases?region=460107002&q=%00')).body.error.code).toBe('text_nul');
    expect((await raw('GET', '/api/regions/4601%0007')).body.error.code).toBe('text_nul');
    expect((await raw('POST', '/api/post-holders', 'name=a%00b&regionCode=460107002001', 'admin', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBeLessThan(500);
    // policy still comes first: an anonymous caller learns nothing from a 400
    expect((await raw('POST', '/api/post-holders', JSON.stringify({ name: NUL }), null)).status).toBe(401);
    // multipart: a field or a file name with NUL
    const boundary = 'gzhostile';
    const mp = (name: string, filename: string) => [`--${boundary}`, `Content-Disposition: form-data; name="${name}"; filename="${filename}"`, 'Content-Type: image/jpeg', '', 'xx', `--${boundary}--`, ''].join('\r\n');
    const photo = await raw('POST', '/api/case-photos', mp('file', 'a\u0000.jpg'), 'community', { 'content-type': `multipart/form-data; boundary=${boundary}` });
    expect([photo.status, photo.body.error.code]).toEqual([400, 'text_nul']);
    const field = [`--${boundary}`, 'Content-Disposition: form-data; name="note"', '', NUL, `--${boundary}--`, ''].join('\r\n');
    const file = await raw('POST', '/api/disclosure-files', field, 'admin', { 'content-type': `multipart/form-data; boundary=${boundary}` });
    expect([file.status, file.body.error.code]).toEqual([400, 'text_nul']);
    // Open311: query and form body, its error shape
    const o = await raw('GET', '/open311/v2/requests.json?jurisdiction_id=460107002&service_code=%00', undefined, null);
    expect(o.status).toBe(400);
    expect(o.body).toEqual([{ code: 400, description: expect.stringContaining('NUL') }]);
    const post = await raw('POST', '/open311/v2/requests.json', 'api_key=gongzhi-demo-open311&jurisdiction_id=460107002&service_code=0101&lat=20.0&long=110.35&description=a%00b', null, { 'content-type': 'application/x-www-form-urlencoded' });
    expect([post.status, post.body[0]?.code]).toEqual([400, 400]);
    const xml = await raw('GET', '/open311/v2/services.xml?jurisdiction_id=%00', undefined, null);
    expect(xml.status).toBe(400);
  });

  it('impossible dates are refused, possible ones accepted', async () => {
    const r = await raw('GET', '/api/cases?region=460107002&from=2026-02-30');
    expect([r.status, r.body.error.code, r.body.error.details[0].field]).toEqual([400, 'date_invalid', 'querystring.from']);
    expect(r.body.error.message).toContain('2026-02-30');
    expect((await raw('GET', '/api/cases?region=460107002&from=2024-02-29')).status).toBe(200);
    expect((await raw('GET', '/api/cases?region=460107002&to=2026-13-01')).body.error.code).toBe('date_invalid');
    expect((await raw('POST', '/api/cases/sweep', JSON.stringify({ asOf: '2026-02-30T08:00:00+08:00' }))).body.error.code).toBe('validation_failed');
    expect((await raw('POST', '/api/cases/sweep', JSON.stringify({ asOf: '2026-01-01T24:00:00Z' }))).status).toBe(400);
    expect((await raw('PUT', '/api/calendar/2027-02-29', JSON.stringify({ kind: 'holiday', name: 'x' }))).body.error.code).toBe('date_invalid');
  });

  it('a credit scheme definition is checked against its kind\'s shape, with field paths', async () => {
    const post = (kind: string, definition: unknown) => raw('POST', '/api/credit-schemes', JSON.stringify({ code: 'hostile-x', name: '测试', kind, definition }));
    const nul = await post('stars', null);
    expect([nul.status, nul.body.error.details[0].field]).toEqual([400, 'body.definition']);
    const empty = await post('stars', {});
    expect([empty.status, empty.body.error.code]).toEqual([400, 'scheme_invalid']);
    expect(empty.body.error.details.map((d: any) => d.field)).toEqual(expect.arrayContaining(['definition.dimensions', 'definition.bands']));
    const points = await post('points', {});
    expect(points.body.error.details.map((d: any) => d.field)).toEqual(expect.arrayContaining(['definition.baseMax', 'definition.recordValidityDays', 'definition.bands']));
    const stars = (await raw('GET', '/api/credit-schemes')).body.items.find((x: any) => x.code === 'nanchang-stars').definition;
    const noSources = structuredClone(stars); delete noSources.dimensions[1].sources;
    expect((await post('stars', noSources)).body.error.details.map((d: any) => d.field)).toContain('definition.dimensions.1.sources');
    const weights = structuredClone(stars); weights.dimensions[0].weight = 0.5;
    const w = await post('stars', weights);
    expect([w.status, w.body.error.code]).toEqual([400, 'scheme_invalid']);
    expect(w.body.error.details[0].field).toBe('definition.dimensions');
    expect((await post('points', stars)).status).toBe(400);
    expect((await post('stars', stars)).status).toBe(201);
  });

  it('answers no hostile value with a 5xx', async () => {
    const started = Date.now();
    const doc = (await t.get('/api/openapi.json')).body;
    const settingsKeys = ((await t.get('/api/settings', await session('admin'))).body?.items ?? []).map((x: any) => x.key).filter(Boolean);
    if (settingsKeys.length) valid.settingKey = settingsKeys[0];
    const ops: { method: string; path: string; op: Json }[] = [];
    for (const [p, item] of Object.entries<any>(doc.paths)) for (const [m, op] of Object.entries<any>(item)) if (['get', 'post', 'put', 'patch', 'delete'].includes(m)) ops.push({ method: m.toUpperCase(), path: p, op });
    // deletions last, so the rest of the sweep still finds its rows; logout only anonymously
    ops.sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));
    const fallbacks = ['admin', 'community', 'resident', 'street', 'property', 'owners', 'gridworker', 'wufang', 'department', 'housing'];
    let routes = 0;

    for (const { method, path: p, op } of ops) {
      routes++;
      const params: Json[] = (op.parameters ?? []);
      const pathParams = params.filter((x) => x.in === 'path');
      const queryParams = params.filter((x) => x.in === 'query');
      const bodySchema = op.requestBody?.content?.['application/json']?.schema;
      const baseQuery: Record<string, string> = {};
      for (const q of queryParams) if (q.required) { const v = sample(q.schema, q.name); baseQuery[q.name] = String(Array.isArray(v) ? v[0] ?? '' : v); }
      if (p === '/api/party-grid-chain') baseQuery.community = '460107002001';
      if (p === '/api/disclosures') baseQuery.region = '460107002';
      const pathWith = (over: Record<string, string> = {}) => p.replace(/\{(\w+)\}/g, (_, n) => over[n] ?? encodeURIComponent(validParam(p, n)));
      const qs = (q: Record<string, string>, raw: Record<string, string> = {}) => {
        const parts = [...Object.entries(q).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`), ...Object.entries(raw).map(([k, v]) => `${encodeURIComponent(k)}=${v}`)];
        return parts.length ? `?${parts.join('&')}` : '';
      };
      const baseBody = bodySchema ? sample(bodySchema) : undefined;
      const isWrite = method !== 'GET';
      const baseUrl = pathWith() + qs(baseQuery);
      if (p === '/api/auth/logout') { await send({ method, url: baseUrl, who: 'anonymous' }); continue; }

      // whom to send as: the administrator, or the first demo account the route's policy lets through
      let who = 'admin';
      let baseStatus: { status: number; code?: string } = { status: 0 };
      for (const w of fallbacks) {
        const r = baseStatus = await send({ method, url: baseUrl, payload: isWrite ? jsonText(baseBody ?? {}) : undefined, who: w });
        who = w;
        if (r.status !== 403 || (r.code !== 'forbidden' && r.code !== 'not_housing_bureau')) break;
      }

      const variants: Req[][] = [];
      for (const pp of pathParams) variants.push(PATH_VALUES.map((v) => ({ method, url: pathWith({ [pp.name]: v }) + qs(baseQuery), payload: isWrite ? jsonText(baseBody ?? {}) : undefined, who })));
      for (const q of queryParams) {
        variants.push(queryHostile(q.schema).map((v) => { const rest = { ...baseQuery }; delete rest[q.name]; return { method, url: pathWith() + qs(rest, { [q.name]: /%/.test(v) ? v : encodeURIComponent(v) }), payload: isWrite ? jsonText(baseBody ?? {}) : undefined, who }; }));
        variants.push([{ method, url: pathWith() + qs(baseQuery, { [q.name]: `${encodeURIComponent(String(sample(q.schema, q.name)))}&${encodeURIComponent(q.name)}=2026-02-30` }), who }]);
      }
      if (bodySchema) {
        const root = main(bodySchema);
        const fields: [string[], Json][] = [];
        const walk = (s: Json, at: string[], depth: number) => {
          const m = main(s);
          for (const [k, sub] of Object.entries<Json>(m.properties ?? {})) {
            fields.push([[...at, k], sub]);
            const mm = main(sub);
            if (depth < 2 && typesOf(mm).includes('object')) walk(mm, [...at, k], depth + 1);
            if (depth < 2 && typesOf(mm).includes('array') && mm.items && typesOf(main(mm.items)).includes('object')) walk(main(mm.items), [...at, k, '0'], depth + 1);
          }
        };
        walk(root, [], 0);
        for (const [at, sub] of fields) {
          variants.push(hostile(sub).map((v) => {
            const body = structuredClone(baseBody ?? {});
            let o = body;
            for (let i = 0; i < at.length - 1; i++) {
              const k = at[i];
              if (o[k] === undefined || o[k] === null || typeof o[k] !== 'object') o[k] = /^\d+$/.test(at[i + 1]) ? [{}] : {};
              o = o[k];
            }
            o[at[at.length - 1]] = v;
            return { method, url: baseUrl, payload: jsonText(body), who };
          }));
        }
        variants.push(['null', '[]', '"x"', '1e309', '{}', jsonText({ ...baseBody, [NUL]: 1 }), '{"a":' .repeat(500) + '1' + '}'.repeat(500)].map((payload) => ({ method, url: baseUrl, payload, who })));
      } else if (isWrite) {
        // routes without a JSON body (uploads and commands): a form, a multipart form with NUL in its field and file names, a JSON body
        const boundary = 'hostileboundary';
        const mp = [`--${boundary}`, `Content-Disposition: form-data; name="note"`, '', NUL, `--${boundary}`, `Content-Disposition: form-data; name="file"; filename="a\u0000b.pdf"`, 'Content-Type: application/pdf', '', '%PDF-1.4 x', `--${boundary}--`, ''].join('\r\n');
        variants.push([
          { method, url: baseUrl, payload: mp, contentType: `multipart/form-data; boundary=${boundary}`, who },
          { method, url: baseUrl, payload: jsonText({ a: NUL, n: HUGE }), who },
          { method, url: baseUrl, payload: 'a=%00', contentType: 'application/x-www-form-urlencoded', who },
        ]);
      }
      const t0 = Date.now();
      const statuses: Record<string, number> = {};
      // every field gets at least its two most telling values, within a bound per route
      for (const r of roundRobin(variants, (SLOW[p] ?? Math.min(MAX_PER_ROUTE, Math.max(PER_ROUTE, 2 * variants.length + 2))) - 1)) { const x = await send(r); const key = `${x.status}:${x.code}`; statuses[key] = (statuses[key] ?? 0) + 1; }
      if (process.env.HOSTILE_DEBUG) console.log(`DBG ${method} ${p} who=${who} base=${baseStatus.status}:${baseStatus.code} ${Date.now() - t0}ms ${JSON.stringify(statuses)}`);
      // anonymously too: huge path values, then a NUL in the query and body
      if (pathParams.length) await send({ method, url: pathWith(Object.fromEntries(pathParams.map((x) => [x.name, '1e309']))) + qs(baseQuery), payload: isWrite ? jsonText(baseBody ?? {}) : undefined, who: 'anonymous' });
      await send({ method, url: baseUrl + (baseUrl.includes('?') ? '&' : '?') + 'q=%00', payload: isWrite ? '{"a":"a\\u0000b"}' : undefined, who: 'anonymous' });
    }

    const routesSeconds = (Date.now() - started) / 1000;
    // Open311 (its own scope and error shape): services, requests, one request, tokens, filing
    const j = 'jurisdiction_id=460107002';
    const o311: Req[] = [];
    for (const f of ['services.json', 'services.xml', 'requests.json', 'requests.xml', 'discovery.json', '%00.json', '..%2F..%2Fetc.json']) {
      o311.push({ method: 'GET', url: `/open311/v2/${f}?${j}`, who: 'anonymous' });
      const keys = f === 'requests.json' ? ['jurisdiction_id', 'service_code', 'start_date', 'end_date', 'status', 'service_request_id'] : ['jurisdiction_id', 'service_code'];
      for (const v of f === 'requests.json' ? QUERY_VALUES : QUERY_VALUES.slice(0, 9)) for (const k of keys) o311.push({ method: 'GET', url: `/open311/v2/${f}?${k === 'jurisdiction_id' ? '' : j + '&'}${k}=${/%/.test(v) ? v : encodeURIComponent(v)}`, who: 'anonymous' });
    }
    for (const prefix of ['services', 'requests', 'tokens']) for (const v of PATH_VALUES) o311.push({ method: 'GET', url: `/open311/v2/${prefix}/${v}.json?${j}`, who: 'anonymous' });
    const good: Record<string, string> = { api_key: 'gongzhi-demo-open311', jurisdiction_id: '460107002', service_code: valid['case-categories'], lat: '20.0', long: '110.35', description: 'hostile sweep' };
    const form = (o: Record<string, string>) => Object.entries(o).map(([k, v]) => `${encodeURIComponent(k)}=${/%/.test(v) ? v : encodeURIComponent(v)}`).join('&');
    for (const k of [...Object.keys(good), 'address_string', 'media_url', 'first_name', 'email', 'device_id', 'account_id', 'attribute[request_type]']) {
      for (const v of ['%00', 'a%00b', '1e309', '-1e309', 'NaN', '2147483648', 'x'.repeat(5000), '', '..%2F..%2F']) {
        o311.push({ method: 'POST', url: '/open311/v2/requests.json', payload: form({ ...good, [k]: v }), contentType: 'application/x-www-form-urlencoded', who: 'anonymous' });
      }
      o311.push({ method: 'POST', url: '/open311/v2/requests.json', payload: jsonText({ ...good, [k]: NUL }), who: 'anonymous' });
      o311.push({ method: 'POST', url: '/open311/v2/requests.json', payload: jsonText({ ...good, [k]: HUGE }), who: 'anonymous' });
    }
    for (const r of o311) await send(r);

    const seconds = (Date.now() - started) / 1000;
    console.log(`hostile sweep: ${routes} routes + Open311, ${sent} requests in ${seconds.toFixed(1)} s (routes ${routesSeconds.toFixed(1)} s), ${hits.length} answered 5xx`);
    if (hits.length) console.log(hits.map((h) => `${h.status} ${h.method} ${h.url} [${h.who}]${h.body ? ` body=${JSON.stringify(h.body)}` : ''}`).join('\n'));
    expect(routes).toBeGreaterThan(100);
    expect(hits).toEqual([]);
  }, 300_000);
});
