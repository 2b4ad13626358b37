/**
 * Contact cards (网格连心卡, grids/cards.ts) over HTTP: a grid made here with a full-time worker who has a work number
 * and — as a resident of the registry — a private mobile; the community's hotline set through its command. The PDF
 * embeds a font subset and shows the grid, the worker, the work number and the hotline, never the private mobile;
 * the PNG's QR code decodes to the report page for the grid, absolute from the configured public address; the
 * community's sheet holds every basic grid; a report filed from the QR code lands in that grid.
 */
import jsQR from 'jsqr';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCheckChar } from '../../src/core/privacy/validate.js';
import { pdfText } from '../support/pdf-text.js';
import { multipart, testApp, type Session, type TestApp } from '../support/app.js';

const PUBLIC = 'https://gz.example.cn/gongzhi';
const COMMUNITY = '460107002001'; // 府城社区
const PRIVATE = '13912345678';
const WORK = '0898-66123456';
const HOTLINE = '0898-65300001';

let t: TestApp;
let admin: Session, community: Session, street: Session, gridworker: Session, other: Session, resident: Session;
let code: string;
let box: { x: number; y: number; s: number };

const sq = (x: number, y: number, s: number) => ({ type: 'Polygon', coordinates: [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]] });
const idFor = (birth: string, seq: string) => { const f = `460107${birth.replaceAll('-', '')}${seq}`; return f + idCheckChar(f); };

/** A file route's bytes (the helpers' get() reads text). */
async function file(url: string, s: Session | null) {
  const r = await t.app.fastify.inject({ method: 'GET', url, headers: s ? { cookie: s.cookie } : {} });
  return { status: r.statusCode, type: String(r.headers['content-type'] ?? ''), bytes: r.rawPayload, json: () => JSON.parse(r.body) };
}

async function qrOf(png: Buffer): Promise<string | null> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height)?.data ?? null;
}

beforeAll(async () => {
  t = await testApp({ config: { publicUrl: PUBLIC } });
  [admin, community, street, gridworker, other, resident] = await Promise.all(['admin', 'community', 'street', 'gridworker', 'xincheng', 'resident'].map((u) => t.login(u)));
  // a new basic grid east of all of 府城街道's grids (basic grids of any community may not overlap), with a full-time worker
  const { body } = await t.get('/api/grids?region=460107002', street);
  box = { x: Math.max(...body.items.map((g: any) => g.bbox[2])) + 0.01, y: Math.min(...body.items.map((g: any) => g.bbox[1])), s: 0.002 };
  const made = await t.send('POST', '/api/grids', { communityCode: COMMUNITY, name: '连心卡测试网格', kind: 'basic', geometry: sq(box.x, box.y, box.s) }, community);
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  code = made.body.grid.code;
  const staffed = await t.send('POST', `/api/grids/${code}/staff`, { post: 'worker', name: '李连心', employment: 'full_time' }, community);
  expect(staffed.status).toBe(200);
  const staffId = staffed.body.workers[0].staffId;
  // the worker's private mobile, as a resident of the registry
  const hh = await t.send('POST', '/api/households', { gridCode: code, address: '连心路1号' }, community);
  expect(hh.status).toBe(201);
  const res = await t.send('POST', '/api/residents', { name: '李连心', idNumber: idFor('1985-04-04', '321'), phone: PRIVATE, householdId: hh.body.id, relation: 'owner', movedIn: '2015-01-01' }, community);
  expect(res.status).toBe(201);
  const work = await t.send('PUT', `/api/grids/${code}/staff/${staffId}`, { workPhone: WORK }, community);
  expect(work.status).toBe(200);
  expect(work.body.workers[0]).toMatchObject({ name: '李连心', workPhone: WORK });
  const hot = await t.send('PUT', `/api/regions/${COMMUNITY}/hotline`, { hotline: HOTLINE }, community);
  expect(hot.status).toBe(200);
});
afterAll(() => t.close());

describe('the work number and the hotline', () => {
  it('are set through audited commands, checked, and read back', async () => {
    expect((await t.get(`/api/regions/${COMMUNITY}`, community)).body.hotline).toBe(HOTLINE);
    const audit = (await t.db.query(`SELECT action, detail FROM audit_log WHERE action IN ('grids.staff.profile', 'regions.hotline.set') AND target_id IN ($1, $2) ORDER BY id`, [code, COMMUNITY])).rows;
    expect(audit.map((a) => a.action)).toEqual(['grids.staff.profile', 'regions.hotline.set']);
    expect(typeof audit[0].detail === 'string' ? JSON.parse(audit[0].detail) : audit[0].detail).toMatchObject({ workPhone: WORK, before: null });
    const grid = (await t.get(`/api/grids/${code}`, community)).body;
    const bad = await t.send('PUT', `/api/grids/${code}/staff/${grid.workers[0].staffId}`, { workPhone: '打电话' }, community);
    expect(bad.status).toBe(400);
    expect((await t.send('PUT', `/api/grids/${code}/staff/999999`, { workPhone: WORK }, community)).body.error.code).toBe('grid_staff_not_found');
    expect((await t.send('PUT', '/api/regions/460107002002/hotline', { hotline: HOTLINE }, community)).status).toBe(404); // another community
    expect((await t.send('PUT', '/api/regions/460107/hotline', { hotline: HOTLINE }, admin)).body.error.code).toBe('region_hotline_level');
    expect((await t.send('PUT', `/api/regions/${COMMUNITY}/hotline`, { hotline: HOTLINE }, gridworker)).status).toBe(403);
  });
});

describe('GET /api/grids/{code}/card.pdf', () => {
  it('a business-card PDF with the font subset embedded: grid, worker, work number, hotline — never the private mobile', async () => {
    const r = await file(`/api/grids/${code}/card.pdf`, community);
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/pdf');
    expect(r.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const raw = r.bytes.toString('latin1');
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC/); // a subset (tag + name), embedded:
    expect(raw).toContain('/FontFile2');
    expect(r.bytes.length).toBeLessThan(150_000); // a subset, not the 10 MB font
    const text = pdfText(r.bytes).join('\n');
    for (const shown of ['网格连心卡', '连心卡测试网格', code, '李连心', WORK, HOTLINE, '府城社区']) expect(text).toContain(shown);
    expect(text.replace(/\s|-/g, '')).not.toContain(PRIVATE);
  });

  it('404 outside the caller\'s scope and for an unknown grid; 400 for a dedicated grid; 403 for residents', async () => {
    expect((await file(`/api/grids/${code}/card.pdf`, other)).status).toBe(404); // 新城区 staff
    expect((await file('/api/grids/460107002001002/card.pdf', gridworker)).status).toBe(404); // not their grid
    expect((await file('/api/grids/460107002001001/card.pdf', gridworker)).status).toBe(200); // their own
    expect((await file('/api/grids/460107002001999/card.pdf', community)).json().error.code).toBe('grid_not_found');
    const { body } = await t.get(`/api/grids?region=${COMMUNITY}&kind=dedicated`, community);
    expect((await file(`/api/grids/${body.items[0].code}/card.pdf`, community)).json().error.code).toBe('grid_card_basic_only');
    expect((await file(`/api/grids/${code}/card.pdf`, resident)).status).toBe(403);
    expect((await file(`/api/grids/${code}/card.pdf`, null)).status).toBe(401);
  });
});

describe('GET /api/grids/{code}/card.png', () => {
  it('a PNG whose QR code opens the report page for the grid, absolute from the public address', async () => {
    const r = await file(`/api/grids/${code}/card.png`, community);
    expect(r.status).toBe(200);
    expect(r.type).toBe('image/png');
    const meta = await sharp(r.bytes).metadata();
    expect([meta.width, meta.height]).toEqual([1063, 638]);
    expect(await qrOf(r.bytes)).toBe(`${PUBLIC}/m/report?grid=${code}`);
    expect((await file(`/api/grids/${code}/card.png`, other)).status).toBe(404);
  });
});

describe('GET /api/regions/{community}/grid-cards.pdf', () => {
  it('every basic grid of the community, ten to an A4 page', async () => {
    const r = await file(`/api/regions/${COMMUNITY}/grid-cards.pdf`, street);
    expect(r.status).toBe(200);
    expect(r.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const { body } = await t.get(`/api/grids?region=${COMMUNITY}`, community);
    const basic = body.items.filter((g: any) => g.kind === 'basic').map((g: any) => g.code);
    const dedicated = body.items.filter((g: any) => g.kind === 'dedicated').map((g: any) => g.code);
    expect(basic).toContain(code);
    const text = pdfText(r.bytes).join('\n');
    for (const c of basic) expect(text).toContain(`网格编号  ${c}`);
    for (const c of dedicated) expect(text).not.toContain(c);
    const pages = (r.bytes.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
    expect(pages).toBe(Math.ceil(basic.length / 10));
    expect(r.bytes.toString('latin1').match(/\/FontFile2/g)).toHaveLength(1); // one subset for the whole sheet
  });

  it('404 outside the scope, 400 for a region that is not a community', async () => {
    expect((await file(`/api/regions/${COMMUNITY}/grid-cards.pdf`, other)).status).toBe(404);
    expect((await file(`/api/regions/${COMMUNITY}/grid-cards.pdf`, gridworker)).status).toBe(404);
    expect((await file('/api/regions/460107002002/grid-cards.pdf', community)).status).toBe(404);
    expect((await file('/api/regions/460107002/grid-cards.pdf', street)).json().error.code).toBe('region_not_community');
  });
});

describe('a report from the card\'s QR code (POST /api/cases with grid)', () => {
  const report = (extra: Record<string, unknown>) => t.send('POST', '/api/cases', { categoryCode: '0601', description: '楼道灯坏了', ...extra }, resident);
  const gridOf = async (id: number) => (await t.db.query('SELECT grid_code, community_code FROM cases WHERE id = $1', [id])).rows[0];

  it('GET /api/grids/{code}/brief: what the card prints, for anyone signed in (the report page shows it)', async () => {
    const r = await t.get(`/api/grids/${code}/brief`, resident);
    expect(r.body).toEqual({ code, number: Number(code.slice(12)), name: '连心卡测试网格', communityName: '府城社区', streetName: '府城街道' });
    const { body } = await t.get(`/api/grids?region=${COMMUNITY}&kind=dedicated`, community);
    expect((await t.get(`/api/grids/${body.items[0].code}/brief`, resident)).status).toBe(404);
    expect((await t.get(`/api/grids/${code}/brief`, null)).status).toBe(401);
  });

  it('lands in the grid when it has no point (no address needed)', async () => {
    const r = await report({ grid: code });
    expect(r.status).toBe(201);
    expect(await gridOf(r.body.id)).toEqual({ grid_code: code, community_code: COMMUNITY });
  });

  it('lands in the grid when its point lies inside it', async () => {
    const r = await report({ grid: code, lon: box.x + box.s / 2, lat: box.y + box.s / 2 });
    expect((await gridOf(r.body.id)).grid_code).toBe(code);
  });

  it('a point in another grid decides: the point wins', async () => {
    const g = (await t.get('/api/grids/460107002001001', community)).body;
    const r = await report({ grid: code, lon: (g.bbox[0] + g.bbox[2]) / 2, lat: (g.bbox[1] + g.bbox[3]) / 2 });
    expect((await gridOf(r.body.id)).grid_code).toBe('460107002001001');
  });

  it('a grid that is not a real basic grid is not honoured', async () => {
    const { body } = await t.get(`/api/grids?region=${COMMUNITY}&kind=dedicated`, community);
    expect((await report({ grid: body.items[0].code })).body.error.code).toBe('case_location_required');
    expect((await report({ grid: '460107002001999' })).body.error.code).toBe('case_location_required');
    expect((await report({ grid: 'x' })).status).toBe(400);
  });
});

describe('the worker\'s photo (POST /api/grids/{code}/staff/{id}/photo)', () => {
  const put = async (s: Session, staffId: number, content: Buffer) => {
    const m = multipart({}, { name: 'me.jpg', content });
    const r = await t.app.fastify.inject({ method: 'POST', url: `/api/grids/${code}/staff/${staffId}/photo`, payload: m.payload, headers: { 'content-type': m.contentType, cookie: s.cookie, 'x-csrf-token': s.csrf } });
    return { status: r.statusCode, body: JSON.parse(r.body) };
  };

  it('is cut to 3:4, audited, and printed on the card in place of the placeholder', async () => {
    const staffId = (await t.get(`/api/grids/${code}`, community)).body.workers[0].staffId;
    const red = await sharp({ create: { width: 600, height: 900, channels: 3, background: '#d01010' } }).jpeg().toBuffer();
    expect((await put(community, staffId, Buffer.from('not an image'))).body.error.code).toBe('staff_photo_invalid');
    expect((await put(other, staffId, red)).status).toBe(403);
    const r = await put(community, staffId, red);
    expect(r.status).toBe(200);
    expect(r.body.workers[0].hasPhoto).toBe(true);
    const photo = await file(`/api/grids/${code}/staff/${staffId}/photo`, community);
    expect(await sharp(photo.bytes).metadata()).toMatchObject({ format: 'jpeg', width: 300, height: 400 });
    const audit = (await t.db.query(`SELECT detail FROM audit_log WHERE action = 'grids.staff.photo' AND target_id = $1`, [code])).rows;
    expect(audit).toHaveLength(1);
    // the photo's place on the card (4 mm from the left, 14 mm from the top, 15 × 20 mm) is red now
    const png = (await file(`/api/grids/${code}/card.png`, community)).bytes;
    const px = (mm: number) => Math.round((mm * 300) / 25.4);
    const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const at = (px(4 + 7.5) + px(14 + 10) * info.width) * 3;
    expect(data[at]).toBeGreaterThan(180);
    expect(data[at + 1]).toBeLessThan(80);
    expect(await qrOf(png)).toBe(`${PUBLIC}/m/report?grid=${code}`);
    const pdf = (await file(`/api/grids/${code}/card.pdf`, community)).bytes;
    expect(pdf.toString('latin1')).toContain('/Subtype /Image');
  });
});
