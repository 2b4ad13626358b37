/**
 * Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) at /open311/v2/, so any
 * Open311 client can file and follow cases. Case categories (leaves) are the services;
 * states map to open/closed with the fine state in status_notes. Its own error shape
 * (`[{ code, description }]`), its own formats (.json / .xml), its own keys (api_key,
 * issued by administrators as integrations of kind open311). jurisdiction_id is a street or
 * district code this deployment serves; a deployment serving several requires it.
 */
import formbody from '@fastify/formbody';
import { isRealDate, isRealDateTime } from '../../core/http/input.js';
import { XMLBuilder } from 'fast-xml-parser';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { likePrefix } from '../../core/access/policy.js';
import { cached } from '../../core/cache.js';
import { runCommand, systemActor } from '../../core/command.js';
import type { Db } from '../../core/db/pool.js';
import { AppError, messageFor } from '../../core/http/errors.js';
import type { Module } from '../../core/http/module.js';
import type { Config } from '../../core/config.js';
import type { Keys } from '../../core/privacy/keys.js';
import { leafCategory, listCategories, type Category } from '../cases/categories.js';
import { chinaIso } from '../../core/time.js';
import { integrationByToken, placeReport, reportCase, type IntakeInput } from '../cases/api.js';
import { GRID_CHANNEL } from '../grids/locator.js';
import { STATE_NAMES } from '../cases/labels.js';

export class Open311Error extends Error {
  constructor(public status: number, public description: string) { super(description); }
}

const REQUEST_TYPES = [['complaint', '投诉 Complaint'], ['help', '求助 Request for help'], ['suggestion', '建议 Suggestion'], ['report', '举报 Report of wrongdoing'], ['consult', '咨询 Enquiry']] as const;
const xml = new XMLBuilder({ format: false, suppressEmptyNode: false });

/** The specification's limit on a request's description, in characters. */
export const MAX_DESCRIPTION = 4000;
/** GET requests may span at most this many days (start_date to end_date). */
export const MAX_SPAN_DAYS = 90;

/** A media_url we accept and publish: an absolute http(s) URL, nothing else (no javascript:, data:, file:). */
export function publicMediaUrl(v: unknown): string | null {
  if (typeof v !== 'string' || v.length > 2000) return null;
  try {
    const u = new URL(v);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname ? v : null;
  } catch {
    return null;
  }
}

type Format = 'json' | 'xml';
function splitFile(file: string): { name: string; format: Format } {
  const m = /^(.+)\.(json|xml)$/.exec(file);
  if (!m) throw new Open311Error(404, 'Unknown format: use .json or .xml');
  return { name: m[1], format: m[2] as Format };
}

function send(reply: FastifyReply, format: Format, root: string, item: string, data: unknown[] | Record<string, unknown>, status = 200) {
  reply.status(status).header('access-control-allow-origin', '*');
  if (format === 'json') return reply.type('application/json; charset=utf-8').send(JSON.stringify(data));
  const body = Array.isArray(data) ? { [root]: { [item]: data.map(clean) } } : { [root]: clean(data) };
  return reply.type('text/xml; charset=utf-8').send(`<?xml version="1.0" encoding="utf-8"?>${xml.build(body)}`);
}

/** XML has no null: an absent value is an empty element. */
function clean(v: any): any {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(clean);
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clean(x)]));
  return v;
}

/** W3C datetime with the China Standard Time offset, as GeoReport shows times. */
export function w3c(d: Date | string | null): string | null {
  if (!d) return null;
  return chinaIso(d);
}

function parseW3c(v: unknown, name: string): Date | undefined {
  if (v === undefined || v === '') return undefined;
  const text = String(v);
  // a real date (2026-02-30 is refused, where Date would quietly make it 2 March)
  if (!isRealDate(text) && !isRealDateTime(text)) throw new Open311Error(400, `${name} is not a valid W3C datetime`);
  const d = new Date(text);
  return d;
}

/**
 * The districts and streets this deployment serves: those with grids (read off the grids' paths:
 * /province/city/district/street/…). Kept in memory until the grids change (NOTIFY gongzhi_grids).
 */
const jurisdictions = cached('open311.jurisdictions', async (db): Promise<Map<string, { code: string; path: string; level: string }>> => {
  const { rows } = await db.query(
    `SELECT r.code, r.path, r.level FROM region r
      WHERE r.level IN ('district','street')
        AND r.code IN (SELECT DISTINCT unnest(ARRAY[split_part(g.path, '/', 4), split_part(g.path, '/', 5)]) FROM grid g)`);
  return new Map(rows.map((r) => [r.code, r]));
}, { channel: GRID_CHANNEL });

async function jurisdiction(db: Db, id: unknown) {
  const all = await jurisdictions(db);
  if (id === undefined || id === '') {
    if (all.size === 1) return [...all.values()][0];
    throw new Open311Error(400, `jurisdiction_id is required: this endpoint serves several jurisdictions (e.g. ${[...all.keys()].slice(0, 3).join(', ')})`);
  }
  const j = all.get(String(id));
  if (!j) throw new Open311Error(404, `jurisdiction_id ${String(id)} is not served here`);
  return j;
}

function service(c: Category, parents: Map<string, Category>) {
  return {
    service_code: c.code, service_name: c.name, description: c.registration ?? `${c.name}（${c.nameEn}）`, metadata: true, type: 'realtime',
    keywords: [c.nameEn, c.departmentName].filter(Boolean).join(','), group: c.parent ? parents.get(c.parent)?.name ?? '' : '',
  };
}

/**
 * What outside clients see of a case (the reporter's consent decides): a request filed through
 * Open311 was made public by its filer, so its description, address, point and photo link are
 * shown. Any other case (a resident's report, a 12345 ticket, a worker's find) shows no
 * description and no typed address, and its point only as the centre of its grid (none without
 * a grid). Sensitive cases are not shown at all (see SENSITIVE_SQL).
 */
function requestOut(r: any) {
  const own = r.source === 'open311';
  const closed = ['closed', 'rejected', 'merged'].includes(r.state);
  const state = STATE_NAMES[r.state] ?? { zh: r.state, en: r.state };
  // staff's free-text rejection reason may quote the reporter: shown only to Open311 filers
  const note = r.state === 'rejected' ? (own ? r.reject_reason : null) : r.state === 'merged' ? r.merged_number : null;
  return {
    service_request_id: String(r.id), status: closed ? 'closed' : 'open',
    status_notes: `${state.zh} ${state.en}${note ? `: ${note}` : ''}`,
    service_name: r.category_name, service_code: r.category_code,
    description: own ? r.description : null,
    agency_responsible: r.agency, service_notice: r.number ? `案件编号 Case number ${r.number}` : null,
    requested_datetime: w3c(r.created_at), updated_datetime: w3c(r.updated_at), expected_datetime: w3c(r.resolve_due),
    address: own ? r.address : null, address_id: null, zipcode: null,
    lat: own ? r.lat : r.grid_lat ?? null, long: own ? r.lon : r.grid_lon ?? null,
    media_url: own ? publicMediaUrl(r.media_url) : null,
  };
}

// a grid worker is a person: outside clients see the community that answers for the grid, never the worker's name
const REQUEST_SQL = `SELECT c.id, c.number, c.state, c.source, c.category_code, cat.name AS category_name, c.description,
    CASE WHEN c.handler_kind = 'grid_worker' THEN (SELECT r.name FROM region r WHERE r.code = c.community_code) ELSE c.handler_name END AS agency, c.created_at, c.updated_at, c.resolve_due,
    c.address, c.lat, c.lon, (g.min_lat + g.max_lat) / 2 AS grid_lat, (g.min_lon + g.max_lon) / 2 AS grid_lon,
    (SELECT e.detail->>'mediaUrl' FROM case_event e WHERE e.case_id = c.id AND e.action = 'report' LIMIT 1) AS media_url,
    (SELECT e.note FROM case_event e WHERE e.case_id = c.id AND e.action = 'reject' ORDER BY e.id DESC LIMIT 1) AS reject_reason,
    (SELECT m.number FROM cases m WHERE m.id = c.merged_into) AS merged_number
  FROM cases c JOIN case_category cat ON cat.code = c.category_code LEFT JOIN grid g ON g.code = c.grid_code`;

/**
 * Cases never shown to outside clients: 举报 (a 12345 ticket of type 举报, or an Open311 request
 * filed with attribute request_type=report), and every case in a category flagged sensitive
 * (case_category.sensitive, set by administrators).
 */
const NOT_SENSITIVE_SQL = `NOT cat.sensitive AND c.hotline_type IS DISTINCT FROM 'report'
    AND NOT EXISTS (SELECT 1 FROM case_event e WHERE e.case_id = c.id AND e.action = 'report' AND e.detail->'open311'->'attributes'->>'request_type' = 'report')`;

function field(body: any, name: string): string | undefined {
  const v = body?.[name];
  return v === undefined || v === null || v === '' ? undefined : String(v);
}

async function postRequest(db: Db, keys: Keys, req: FastifyRequest) {
  const b: any = req.body ?? {};
  const q: any = req.query ?? {};
  const apiKey = field(b, 'api_key') ?? field(q, 'api_key');
  if (!apiKey) throw new Open311Error(403, 'api_key is required: ask the administrator of this deployment for one');
  const integ = await integrationByToken(db, 'open311', apiKey);
  if (!integ) throw new Open311Error(403, 'api_key is invalid or revoked');
  const j = await jurisdiction(db, field(b, 'jurisdiction_id') ?? field(q, 'jurisdiction_id'));
  if (!j.path.startsWith(integ.path) && !integ.path.startsWith(j.path)) throw new Open311Error(403, `this api_key may not file requests in jurisdiction ${j.code}`);
  const code = field(b, 'service_code');
  if (!code) throw new Open311Error(400, 'service_code is required');
  const svc = await leafCategory(db, code).catch(() => null);
  if (!svc) throw new Open311Error(404, `service_code ${code} not found`);
  const latS = field(b, 'lat'), lonS = field(b, 'long'), address = field(b, 'address_string') ?? field(b, 'address_id');
  if ((latS === undefined) !== (lonS === undefined)) throw new Open311Error(400, 'lat and long go together');
  if (latS === undefined && !address) throw new Open311Error(400, 'a location is required: lat and long, or address_string, or address_id');
  const lat = latS === undefined ? undefined : Number(latS), lon = lonS === undefined ? undefined : Number(lonS);
  if (lat !== undefined && (!Number.isFinite(lat) || !Number.isFinite(lon!))) throw new Open311Error(400, 'lat and long must be numbers (WGS-84 degrees)');
  const attrs: Record<string, string> = {};
  // attribute[code]=value, and attribute[code][]=v1&attribute[code][]=v2 for a multivaluelist
  for (const [k, v] of Object.entries(b)) { const m = /^attribute\[([^\]]+)\](\[\])?$/.exec(k); if (m) attrs[m[1]] = Array.isArray(v) ? v.map(String).join(',') : String(v); }
  if (b.attribute && typeof b.attribute === 'object') for (const [k, v] of Object.entries(b.attribute)) attrs[k] = String(v);
  if (attrs.request_type && !REQUEST_TYPES.some(([k]) => k === attrs.request_type)) throw new Open311Error(400, `attribute[request_type] must be one of ${REQUEST_TYPES.map(([k]) => k).join(', ')}`);
  const name = [field(b, 'last_name'), field(b, 'first_name')].filter(Boolean).join('') || undefined;
  const description = field(b, 'description') ?? '';
  if ([...description].length > MAX_DESCRIPTION) throw new Open311Error(400, `description is longer than ${MAX_DESCRIPTION} characters`);
  const mediaUrl = field(b, 'media_url');
  if (mediaUrl !== undefined && !publicMediaUrl(mediaUrl)) throw new Open311Error(400, 'media_url must be an http or https URL');
  const lang = 'en' as const;
  try {
    const input: IntakeInput = {
      source: 'open311', categoryCode: code, description: description || svc.name || code, lon, lat, address,
      regionCode: j.level === 'street' ? j.code : undefined, contactName: name, contactPhone: field(b, 'phone'),
    };
    const at = await placeReport(db, input, { scope: [j.path], fallbackRegion: j.level === 'street' ? j.code : null });
    const eventDetail = { open311: { email: field(b, 'email') ? '(given)' : undefined, deviceId: field(b, 'device_id'), accountId: field(b, 'account_id'), attributes: attrs }, ...(mediaUrl ? { mediaUrl } : {}) };
    const r = await runCommand(db, { ...systemActor(`integration:${integ.id}`, j.code), requestId: req.id }, reportCase, {
      ...input, at, keys, eventDetail, auditAction: 'cases.open311.report',
      reporter: { name: `Open311: ${integ.name}`, role: null, integrationId: Number(integ.id) },
    });
    return [{ service_request_id: String(r.id), service_notice: `案件编号 Case number ${r.number}`, account_id: field(b, 'account_id') ?? null }];
  } catch (e) {
    if (e instanceof AppError) throw new Open311Error(e.status === 403 ? 400 : e.status, messageFor(e.code, lang, e.params));
    throw e;
  }
}

/**
 * Service discovery (mandatory for GeoReport v2, in XML and JSON): where the endpoint is, which
 * formats it speaks, whom to ask and how to get an api_key. The changeset moves whenever the
 * services (the case categories) change, so clients know to refresh their cached lists.
 */
async function discovery(db: Db, config: Config, req: FastifyRequest, format: Format) {
  const { rows: [c] } = await db.query(`SELECT to_char(max(updated_at) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS changeset FROM case_category`);
  const changeset: string = c?.changeset ?? '2025-01-01 00:00';
  const url = `${req.protocol}://${req.headers.host ?? 'localhost'}/open311/v2`;
  const formats = ['text/xml', 'application/json'];
  const endpoint = { specification: 'http://wiki.open311.org/GeoReport_v2', url, changeset, type: config.demo ? 'test' : 'production' };
  const head = {
    changeset,
    contact: '共治 Gongzhi：请联系本部署的系统管理员（街道或区网格化服务管理中心）。 Contact the administrator of this deployment (the street or district grid management centre).',
    key_service: 'api_key 由系统管理员在控制台「接入管理」中签发（类型 open311），限定所服务的辖区。 An api_key (kind open311, limited to a jurisdiction) is issued by an administrator of this deployment on request.',
  };
  // JSON follows the Spark convention (arrays for the repeated elements); XML nests them
  return format === 'json'
    ? { ...head, endpoints: [{ ...endpoint, formats }] }
    : { ...head, endpoints: { endpoint: [{ ...endpoint, formats: { format: formats } }] } };
}

async function register(app: FastifyInstance, { db, keys, config }: { db: Db; keys: Keys; config: Config }) {
  await app.register(formbody);
  app.setErrorHandler((err: any, req, reply) => {
    const format: Format = /\.xml(\?|$)/.test(req.url) ? 'xml' : 'json';
    let status = 500, description = 'Internal error';
    if (err instanceof Open311Error) { status = err.status; description = err.description; }
    else if (err.validation || err.statusCode === 400 || err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') { status = 400; description = err.message; }
    else if (typeof err.statusCode === 'number' && err.statusCode < 500) { status = err.statusCode; description = err.message; }
    else console.error(`[open311 ${req.id}]`, err);
    return send(reply, format, 'errors', 'error', [{ code: status, description }], status);
  });

  app.get('/open311/v2/:file', async (req, reply) => {
    const { name, format } = splitFile((req.params as any).file);
    const q: any = req.query;
    if (name === 'discovery') return send(reply, format, 'discovery', '', await discovery(db, config, req, format));
    if (name === 'services') {
      await jurisdiction(db, q.jurisdiction_id);
      const cats = await listCategories(db);
      const byCode = new Map(cats.map((c) => [c.code, c]));
      return send(reply, format, 'services', 'service', cats.filter((c) => c.leaf && c.active).map((c) => service(c, byCode)));
    }
    if (name === 'requests') {
      const j = await jurisdiction(db, q.jurisdiction_id);
      const params: unknown[] = [likePrefix(j.path)];
      const where = [`c.path LIKE $1`, NOT_SENSITIVE_SQL];
      if (q.service_request_id) {
        const ids = String(q.service_request_id).split(',').map((s) => s.trim()).filter(Boolean);
        if (ids.some((s) => !/^\d{1,18}$/.test(s))) return send(reply, format, 'service_requests', 'request', []);
        params.push(ids); where.push(`c.id = ANY($${params.length}::bigint[])`);
      } else {
        // the spec's defaults: the last 90 days unless a range is given (never more than 90 days), at most 1000 requests
        const span = MAX_SPAN_DAYS * 86400_000;
        const endGiven = parseW3c(q.end_date, 'end_date'), startGiven = parseW3c(q.start_date, 'start_date');
        const end = endGiven ?? (startGiven ? new Date(startGiven.getTime() + span) : new Date());
        const start = startGiven ?? new Date(end.getTime() - span);
        if (start > end) throw new Open311Error(400, 'start_date is after end_date');
        if (end.getTime() - start.getTime() > span) throw new Open311Error(400, `start_date to end_date may span at most ${MAX_SPAN_DAYS} days`);
        params.push(start, end); where.push(`c.created_at >= $${params.length - 1} AND c.created_at <= $${params.length}`);
        if (q.service_code) { params.push(String(q.service_code).split(',').map((s) => s.trim())); where.push(`c.category_code = ANY($${params.length}::text[])`); }
        if (q.status) {
          const st = String(q.status).split(',').map((s) => s.trim());
          if (st.some((s) => s !== 'open' && s !== 'closed')) throw new Open311Error(400, 'status must be open or closed');
          if (st.length === 1) where.push(st[0] === 'open' ? `c.state NOT IN ('closed','rejected','merged')` : `c.state IN ('closed','rejected','merged')`);
        }
      }
      const { rows } = await db.query(`${REQUEST_SQL} WHERE ${where.join(' AND ')} ORDER BY c.created_at DESC LIMIT 1000`, params);
      return send(reply, format, 'service_requests', 'request', rows.map(requestOut));
    }
    throw new Open311Error(404, `No such resource: ${name}`);
  });

  app.get('/open311/v2/services/:file', async (req, reply) => {
    const { name: code, format } = splitFile((req.params as any).file);
    await jurisdiction(db, (req.query as any).jurisdiction_id);
    const c = (await listCategories(db)).find((x) => x.code === code && x.leaf && x.active);
    if (!c) throw new Open311Error(404, `service_code ${code} not found`);
    const def = {
      service_code: c.code,
      attributes: [{
        variable: true, code: 'request_type', datatype: 'singlevaluelist', required: false, datatype_description: 'The kind of request (as the 12345 hotline classifies tickets)',
        order: 1, description: '诉求类型 Request type', values: REQUEST_TYPES.map(([key, name]) => ({ key, name })),
      }],
    };
    if (format === 'json') return send(reply, format, '', '', def);
    const x = { ...def, attributes: { attribute: def.attributes.map((a) => ({ ...a, values: { value: a.values } })) } };
    return send(reply, format, 'service_definition', '', x);
  });

  app.get('/open311/v2/requests/:file', async (req, reply) => {
    const { name: id, format } = splitFile((req.params as any).file);
    const j = await jurisdiction(db, (req.query as any).jurisdiction_id);
    if (!/^\d{1,18}$/.test(id)) throw new Open311Error(404, `service_request_id ${id} not found`);
    const { rows } = await db.query(`${REQUEST_SQL} WHERE c.id = $1 AND c.path LIKE $2 AND ${NOT_SENSITIVE_SQL}`, [id, likePrefix(j.path)]);
    if (!rows[0]) throw new Open311Error(404, `service_request_id ${id} not found`);
    return send(reply, format, 'service_requests', 'request', rows.map(requestOut));
  });

  // requests are created at once, so a token is simply the request id it became
  app.get('/open311/v2/tokens/:file', async (req, reply) => {
    const { name: token, format } = splitFile((req.params as any).file);
    const j = await jurisdiction(db, (req.query as any).jurisdiction_id);
    const { rows } = /^\d{1,18}$/.test(token) ? await db.query(`SELECT id FROM cases WHERE id = $1 AND source = 'open311' AND path LIKE $2`, [token, likePrefix(j.path)]) : { rows: [] };
    if (!rows[0]) throw new Open311Error(404, `token ${token} not found`);
    return send(reply, format, 'service_requests', 'request', [{ service_request_id: String(rows[0].id), token }]);
  });

  app.post('/open311/v2/:file', async (req, reply) => {
    const { name, format } = splitFile((req.params as any).file);
    if (name !== 'requests') throw new Open311Error(404, `No such resource: ${name}`);
    return send(reply, format, 'service_requests', 'request', await postRequest(db, keys, req));
  });
}

export const open311Module: Module = {
  name: 'open311',
  title: 'Open311 GeoReport v2 at /open311/v2/ (services, requests, tokens; .json or .xml)',
  migrations: [], // case_category.sensitive (NOT_SENSITIVE_SQL) belongs to the cases module
  policy: {},
  routes: [],
  register,
};
