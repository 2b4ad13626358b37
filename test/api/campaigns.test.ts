/**
 * Campaigns down the grids (issue 14), through HTTP on a real database, with fixtures made here: a
 * street of 琼山区 with no demo homes, two communities, three grids with a worker each, ten households
 * in four buildings of three compounds. Starting a campaign (scope, region level, deadline, checklist),
 * the live roll-up street → community → grid, a worker's items, answering (resend, the 409 naming the
 * first answer, revision, stale revision, bad answers, another grid's item), a problem turned into a
 * case both ways, the export (doors masked), closing.
 */
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/modules/accounts/accounts.js';
import { DEMO_PASSWORD, testApp, type Session, type TestApp } from '../support/app.js';

let t: TestApp;
let street: Session, staff1: Session, w1: Session, w1b: Session, w2: Session, w3: Session, otherStreet: Session, admin: Session;
let S: { code: string; path: string; name: string }, C1: { code: string; path: string }, C2: { code: string; path: string };
const grid = (c: { code: string }, n: number) => `${c.code}${String(n).padStart(3, '0')}`;
const tomorrow = () => new Date(Date.now() + 8 * 3600_000 + 86_400_000).toISOString().slice(0, 10);
const checklist = [
  { key: 'extinguisher', label: '灭火器有效', type: 'yesno', problemWhen: false },
  { key: 'floors', label: '楼层数', type: 'number', required: false },
  { key: 'remark', label: '说明', type: 'text', required: false },
  { key: 'photo', label: '照片', type: 'photo', required: false },
];
const body = (over: Record<string, unknown> = {}) => ({ region: S.code, title: '消防安全检查', kind: 'fire_safety', targetUnit: 'household', checklist, deadline: tomorrow(), ...over });
const count = async (table: string) => Number((await t.db.query(`SELECT count(*) FROM ${table}`)).rows[0].count);

async function upload(s: Session, content: Buffer) {
  const boundary = '----gz' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`), content, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  const r = await t.app.fastify.inject({ method: 'POST', url: '/api/case-photos', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: s.cookie, 'x-csrf-token': s.csrf } });
  return JSON.parse(r.body);
}

beforeAll(async () => {
  t = await testApp();
  const s = (await t.db.query(
    `SELECT r.code, r.path, r.name FROM region r WHERE r.parent_code = '460107' AND r.level = 'street' AND r.code <> '460107002'
        AND NOT EXISTS (SELECT 1 FROM grid g WHERE g.path LIKE r.path || '%')
        AND (SELECT count(*) FROM region c WHERE c.parent_code = r.code) >= 2 ORDER BY r.code LIMIT 1`)).rows[0];
  S = s;
  [C1, C2] = (await t.db.query(`SELECT code, path FROM region WHERE parent_code = $1 ORDER BY code LIMIT 2`, [S.code])).rows;
  await t.db.tx(async (tx) => {
    const acct = (username: string, role: string, regionCode: string) => createAccount(tx, { username, displayName: username, password: DEMO_PASSWORD, roles: [{ role, regionCode }] });
    await acct('cp-street', 'street_command', S.code);
    await acct('cp-staff1', 'community_staff', C1.code);
    const workers: [string, { code: string; path: string }, number][] = [['cp-w1', C1, 1], ['cp-w1b', C1, 1], ['cp-w2', C1, 2], ['cp-w3', C2, 1]];
    for (const [c, n] of [[C1, 1], [C1, 2], [C2, 1]] as const) {
      await tx.query(`INSERT INTO grid (code, community_code, number, path, name, kind) VALUES ($1, $2, $3, $4, $5, 'basic')`, [grid(c, n), c.code, n, `${c.path}${grid(c, n)}/`, `第${n}网格`]);
    }
    for (const [u, c, n] of workers) {
      const id = await acct(u, 'grid_worker', c.code);
      await tx.query(`INSERT INTO grid_staff (grid_code, path, post, employment, name, account_id) VALUES ($1, $2, 'worker', 'full_time', $3, $4)`, [grid(c, n), `${c.path}${grid(c, n)}/`, u, id]);
    }
    // compound → buildings → one unit each → dwellings with a household each
    const homes: [community: { code: string; path: string }, gridNo: number, compound: string, building: string, rooms: string[]][] = [
      [C1, 1, '甲小区', '1栋', ['101', '102', '201']], [C1, 1, '甲小区', '2栋', ['101', '102']],
      [C1, 2, '乙小区', '1栋', ['301', '302']], [C2, 1, '丙小区', '1栋', ['101', '201', '301']],
    ];
    for (const [c, n, cpName, bName, rooms] of homes) {
      const cp = (await tx.query(`INSERT INTO compound (community_code, path, name) VALUES ($1, $2, $3) ON CONFLICT (community_code, name) DO UPDATE SET name = EXCLUDED.name RETURNING id`, [c.code, c.path, cpName])).rows[0].id;
      const b = (await tx.query(`INSERT INTO building (compound_id, name) VALUES ($1, $2) RETURNING id`, [cp, bName])).rows[0].id;
      const u = (await tx.query(`INSERT INTO building_unit (building_id, name) VALUES ($1, '1单元') RETURNING id`, [b])).rows[0].id;
      for (const room of rooms) {
        const d = (await tx.query(`INSERT INTO dwelling (unit_id, room) VALUES ($1, $2) RETURNING id`, [u, room])).rows[0].id;
        await tx.query(`INSERT INTO household (grid_code, path, dwelling_id) VALUES ($1, $2, $3)`, [grid(c, n), `${c.path}${grid(c, n)}/`, d]);
      }
    }
  });
  [street, staff1, w1, w1b, w2, w3, otherStreet, admin] = await Promise.all(['cp-street', 'cp-staff1', 'cp-w1', 'cp-w1b', 'cp-w2', 'cp-w3', 'street', 'admin'].map((u) => t.login(u)));
});
afterAll(() => t.close());

describe('starting a campaign', () => {
  it('a street starts one over its area: an item per household, in its grid; per building and per compound too', async () => {
    const r = await t.send('POST', '/api/campaigns', body(), street);
    expect(r.status).toBe(201);
    expect(r.body.items).toBe(10);
    const b = await t.send('POST', '/api/campaigns', body({ targetUnit: 'building', title: '楼栋检查' }), street);
    expect(b.body.items).toBe(4);
    const c = await t.send('POST', '/api/campaigns', body({ targetUnit: 'compound', title: '小区检查', region: C1.code }), staff1);
    expect(c.status).toBe(201);
    expect(c.body.items).toBe(2);
    const items = (await t.get(`/api/campaigns/${b.body.id}/items?limit=50`, street)).body;
    expect(items.total).toBe(4);
    expect(items.items.map((i: any) => i.place).sort()).toEqual(['丙小区 1栋', '乙小区 1栋', '甲小区 1栋', '甲小区 2栋']);
    expect(items.items.find((i: any) => i.place === '乙小区 1栋').gridCode).toBe(grid(C1, 2));
    // the audit record names the campaign and its size
    const a = (await t.db.query(`SELECT target_id, detail::jsonb AS detail FROM audit_log WHERE action = 'campaigns.create' AND target_id = $1`, [String(r.body.id)])).rows[0];
    expect(a.detail).toMatchObject({ region: S.code, items: 10, targetUnit: 'household' });
  });

  it('refuses a region outside the creator\'s scope, a level other than street or community, a past deadline, a bad checklist — writing nothing', async () => {
    const before = [await count('campaign'), await count('campaign_item')];
    const cases: [Session, Record<string, unknown>, number, string][] = [
      [street, { region: '460107002' }, 403, 'out_of_scope'], // another street
      [staff1, { region: S.code }, 403, 'out_of_scope'], // a community staff over its street
      [staff1, { region: C2.code }, 403, 'out_of_scope'], // the next community
      [otherStreet, { region: C1.code }, 403, 'out_of_scope'],
      [street, { region: '469999999999' }, 404, 'region_not_found'],
      [admin, { region: '460107' }, 400, 'campaign_region_level'],
      [street, { deadline: '2020-01-01' }, 400, 'campaign_deadline_invalid'],
      [street, { deadline: '2999-01-01' }, 400, 'campaign_deadline_invalid'],
      [street, { checklist: [{ key: 'a', label: 'x', type: 'yesno' }, { key: 'a', label: 'y', type: 'text' }] }, 400, 'campaign_checklist_invalid'],
      [street, { checklist: [{ label: '  ', type: 'yesno' }] }, 400, 'campaign_checklist_invalid'],
      [street, { checklist: [{ label: '人数', type: 'number', problemWhen: true }] }, 400, 'campaign_checklist_invalid'],
      [street, { checklist: [{ label: '人数', type: 'video' }] }, 400, 'validation_failed'],
      [street, { title: '   ' }, 400, 'campaign_checklist_invalid'],
    ];
    for (const [s, over, status, code] of cases) {
      const r = await t.send('POST', '/api/campaigns', body(over), s, { 'accept-language': 'en' });
      expect([over, r.status, r.body.error?.code]).toEqual([over, status, code]);
      expect(r.body.error.message).not.toMatch(/\{\w+\}/);
    }
    // a street with no homes: nothing to check
    const empty = (await t.db.query(`SELECT code FROM region WHERE parent_code = $1 ORDER BY code OFFSET 2 LIMIT 1`, [S.code])).rows[0];
    if (empty) expect((await t.send('POST', '/api/campaigns', body({ region: empty.code }), street)).body.error.code).toBe('campaign_no_targets');
    expect([await count('campaign'), await count('campaign_item')]).toEqual(before);
  });
});

describe('working a campaign', () => {
  let id: number;
  const itemsOf = async (s: Session, q = '') => (await t.get(`/api/campaigns/${id}/items?limit=100${q}`, s)).body.items as any[];
  beforeAll(async () => { id = (await t.send('POST', '/api/campaigns', body({ title: '入户排查', emergency: true }), street)).body.id; });

  it('each grid worker gets their grid\'s items; the emergency campaign first on the phone', async () => {
    const mine = (await t.get('/api/campaigns/mine', w1)).body.items;
    expect(mine[0].campaign).toMatchObject({ id, emergency: true, total: 5, done: 0, todo: 5 });
    expect(mine[0].items).toHaveLength(5);
    expect(mine[0].items.every((i: any) => i.gridCode === grid(C1, 1))).toBe(true);
    expect((await t.get('/api/campaigns/mine', w3)).body.items.find((x: any) => x.campaign.id === id).items).toHaveLength(3);
    // the street's campaign is seen from below; a worker of another street does not see it
    expect((await t.get(`/api/campaigns/${id}`, w2)).status).toBe(200);
    expect((await t.get(`/api/campaigns/${id}`, otherStreet)).body.error.code).toBe('campaign_not_found');
    expect((await t.get('/api/campaigns', otherStreet)).body.items.some((c: any) => c.id === id)).toBe(false);
  });

  it('answers: a resend is harmless, a second phone gets 409 naming the first, a revision needs the version', async () => {
    const item = (await itemsOf(w1))[0];
    const ref1 = randomUUID();
    const audits = async () => Number((await t.db.query(`SELECT count(*) FROM audit_log WHERE target_type = 'campaign_item' AND target_id = $1`, [String(item.id)])).rows[0].count);
    const first = await t.send('POST', `/api/campaign-items/${item.id}/answer`, { clientRef: ref1, answers: { extinguisher: true, floors: 6 } }, w1);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ id: item.id, version: 1, problem: false, repeated: false });
    // the same phone sends it again (lost reply): the stored answer, no new version, no new audit record
    const again = await t.send('POST', `/api/campaign-items/${item.id}/answer`, { clientRef: ref1, answers: { extinguisher: false } }, w1);
    expect(again.body).toEqual({ id: item.id, version: 1, problem: false, repeated: true });
    expect(await audits()).toBe(1);
    // another phone of the same grid answers it too
    const second = await t.send('POST', `/api/campaign-items/${item.id}/answer`, { clientRef: randomUUID(), answers: { extinguisher: false } }, w1b, { 'accept-language': 'en' });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('campaign_item_answered');
    expect(second.body.error.message).toContain('cp-w1');
    expect(second.body.error.details[0]).toMatchObject({ version: 1, answeredBy: 'cp-w1', answers: { extinguisher: true, floors: 6 } });
    // an explicit revision with the version seen
    const rev = await t.send('POST', `/api/campaign-items/${item.id}/answer`, { clientRef: randomUUID(), answers: { extinguisher: false }, revise: true, version: 1 }, w1b);
    expect(rev.body).toEqual({ id: item.id, version: 2, problem: true, repeated: false });
    // a revision from a stale screen
    const stale = await t.send('POST', `/api/campaign-items/${item.id}/answer`, { clientRef: randomUUID(), answers: { extinguisher: true }, revise: true, version: 1 }, w1);
    expect([stale.status, stale.body.error.code, stale.body.error.message]).toEqual([409, 'campaign_item_version_conflict', expect.stringContaining('2')]);
    const now = (await itemsOf(street, `&grid=${grid(C1, 1)}&status=done`)).find((i) => i.id === item.id);
    expect(now).toMatchObject({ version: 2, problem: true, answeredBy: 'cp-w1b', answers: { extinguisher: false } });
    expect((await t.db.query(`SELECT version, answers FROM campaign_answer WHERE item_id = $1 ORDER BY version`, [item.id])).rows.map((r) => r.version)).toEqual([1, 2]);
    expect(await audits()).toBe(2);
    // revising what was never answered is refused
    const fresh = (await itemsOf(w1, '&status=todo'))[0];
    expect((await t.send('POST', `/api/campaign-items/${fresh.id}/answer`, { clientRef: randomUUID(), answers: { extinguisher: true }, revise: true, version: 0 }, w1)).body.error.code).toBe('campaign_item_not_answered');
  });

  it('refuses bad answers and another grid\'s item, writing nothing', async () => {
    const item = (await itemsOf(w1, '&status=todo'))[0];
    const before = await count('campaign_answer');
    const bad: [Record<string, unknown>, string][] = [
      [{ extinguisher: 'yes' }, 'campaign_answers_invalid'],
      [{ floors: 3 }, 'campaign_answers_invalid'], // the required yes/no missing
      [{ extinguisher: true, nope: 1 }, 'campaign_answers_invalid'],
      [{ extinguisher: true, floors: '六' }, 'campaign_answers_invalid'],
      [{ extinguisher: true, floors: 1e12 }, 'campaign_answers_invalid'],
      [{ extinguisher: true, remark: 'x'.repeat(1001) }, 'campaign_answers_invalid'],
      [{ extinguisher: true, photo: ['not-a-uuid'] }, 'campaign_answers_invalid'],
      [{ extinguisher: true, photo: [randomUUID()] }, 'campaign_answers_invalid'], // not an upload of the caller
      [{ extinguisher: true, remark: { a: 1 } }, 'campaign_answers_invalid'],
    ];
    for (const [answers, code] of bad) {
      const r = await t.send('POST', `/api/campaign-items/${item.id}/answer`, { clientRef: randomUUID(), answers }, w1);
      expect([answers, r.status, r.body.error?.code]).toEqual([answers, 400, code]);
    }
    const foreign = await t.send('POST', `/api/campaign-items/${item.id}/answer`, { clientRef: randomUUID(), answers: { extinguisher: true } }, w2);
    expect([foreign.status, foreign.body.error.code]).toEqual([404, 'campaign_item_not_found']);
    expect((await t.send('POST', `/api/campaign-items/${item.id}/answer`, { clientRef: 'x', answers: {} }, w1)).status).toBe(400);
    expect(await count('campaign_answer')).toBe(before);
  });

  it('rolls up live: street by community, community by grid, each caller only its part', async () => {
    // answer every item of grid 2 (one with a problem) and one of community 2
    const g2 = await itemsOf(w2);
    for (const [i, it] of g2.entries()) {
      expect((await t.send('POST', `/api/campaign-items/${it.id}/answer`, { clientRef: randomUUID(), answers: { extinguisher: i !== 0 } }, w2)).status).toBe(200);
    }
    const c2 = (await itemsOf(w3))[0];
    await t.send('POST', `/api/campaign-items/${c2.id}/answer`, { clientRef: randomUUID(), answers: { extinguisher: true }, problem: true, note: '楼道堆物' }, w3);

    const s = (await t.get(`/api/campaigns/${id}`, street)).body;
    expect(s.by).toBe('community');
    expect(s.totals).toEqual({ total: 10, done: 4, todo: 6, problems: 3, rate: 0.4 });
    expect(s.children.map((c: any) => [c.code, c.total, c.done, c.problems])).toEqual([[C1.code, 7, 3, 2], [C2.code, 3, 1, 1]]);
    expect(s.campaign).toMatchObject({ id, total: 10, done: 4, status: 'running', emergency: true });

    const c = (await t.get(`/api/campaigns/${id}?region=${C1.code}`, street)).body;
    expect(c.by).toBe('grid');
    expect(c.children.map((x: any) => [x.code, x.name, x.total, x.done, x.problems])).toEqual([[grid(C1, 1), '第1网格', 5, 1, 1], [grid(C1, 2), '第2网格', 2, 2, 1]]);
    // the community's staff sees its own community only, even at the street's level
    const mine = (await t.get(`/api/campaigns/${id}`, staff1)).body;
    expect(mine.children.map((x: any) => x.code)).toEqual([C1.code]);
    expect(mine.totals.total).toBe(7);
    expect((await t.get(`/api/campaigns/${id}?region=${C2.code}`, staff1)).status).toBe(403);
    // a grid worker: their grid's figures
    expect((await t.get(`/api/campaigns/${id}`, w2)).body.totals).toEqual({ total: 2, done: 2, todo: 0, problems: 1, rate: 1 });
    // a region outside the campaign's area
    expect((await t.get(`/api/campaigns/${id}?region=460107002`, admin)).body.error.code).toBe('campaign_region_outside');
  });

  it('a problem becomes a case in one step, linked both ways (with the answerer\'s photo)', async () => {
    const jpeg = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#c33' } }).jpeg().toBuffer();
    const photo = await upload(w3, jpeg);
    const item = (await itemsOf(w3, '&status=todo'))[0];
    expect((await t.send('POST', `/api/campaign-items/${item.id}/answer`, { clientRef: randomUUID(), answers: { extinguisher: false, photo: [photo.id] }, note: '灭火器过期' }, w3)).body.problem).toBe(true);
    const r = await t.send('POST', `/api/campaign-items/${item.id}/case`, { categoryCode: '0601' }, w3);
    expect(r.status).toBe(201);
    const theCase = (await t.db.query(`SELECT id, number, description, community_code FROM cases WHERE id = $1`, [r.body.caseId])).rows[0];
    expect(theCase).toMatchObject({ number: r.body.caseNumber, community_code: C2.code });
    expect(theCase.description).toContain('灭火器过期');
    const ev = (await t.db.query(`SELECT detail FROM case_event WHERE case_id = $1 ORDER BY id LIMIT 1`, [r.body.caseId])).rows[0];
    expect(ev.detail).toMatchObject({ campaignId: id, campaignItemId: item.id });
    expect((await t.db.query(`SELECT count(*)::int AS n FROM case_photo WHERE case_id = $1`, [r.body.caseId])).rows[0].n).toBe(1);
    const after = (await itemsOf(street, '&status=problem')).find((i) => i.id === item.id);
    expect(after).toMatchObject({ caseId: r.body.caseId, caseNumber: r.body.caseNumber });
    // once only; not from an item without a problem; not a category that does not exist
    expect((await t.send('POST', `/api/campaign-items/${item.id}/case`, { categoryCode: '0601' }, w3)).body.error.code).toBe('campaign_item_case_exists');
    const ok = (await itemsOf(w2)).find((i) => !i.problem);
    expect((await t.send('POST', `/api/campaign-items/${ok.id}/case`, { categoryCode: '0601' }, w2)).body.error.code).toBe('campaign_item_no_problem');
    const p = (await itemsOf(w2)).find((i) => i.problem);
    const bad = await t.send('POST', `/api/campaign-items/${p.id}/case`, { categoryCode: '9999' }, w2);
    expect(bad.status).toBe(400);
    expect((await itemsOf(w2)).find((i) => i.id === p.id).caseId).toBeNull();
  });

  it('exports the results to .xlsx with the doors masked', async () => {
    const r = await t.app.fastify.inject({ method: 'GET', url: `/api/campaigns/${id}/export`, headers: { cookie: street.cookie } });
    expect(r.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as any);
    const ws = wb.worksheets[0];
    const rows = ws.getSheetValues().filter(Boolean).map((row: any) => row.slice(1).map((v: any) => (v === undefined || v === null ? '' : String(v))));
    expect(rows[0]).toEqual(['社区', '网格', '位置', '门牌', '状态', '发现问题', '灭火器有效', '楼层数', '说明', '照片', '备注', '填报人', '填报时间', '案件编号']);
    expect(rows).toHaveLength(11);
    const rooms = rows.slice(1).map((x) => x[3]);
    expect(rooms.every((x) => /^\d\*\*$/.test(x))).toBe(true);
    expect(rows.slice(1).some((x) => x[5] === '是' && x[6] === '否')).toBe(true);
    // a community's export holds its own rows only; a worker may not export
    const mine = await t.app.fastify.inject({ method: 'GET', url: `/api/campaigns/${id}/export`, headers: { cookie: staff1.cookie } });
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(mine.rawPayload as any);
    expect(wb2.worksheets[0].rowCount).toBe(8);
    expect((await t.get(`/api/campaigns/${id}/export`, w1)).status).toBe(403);
  });

  it('closing: only the campaign\'s own level, then no more answers (a resend still gets its answer)', async () => {
    const item = (await itemsOf(w1, '&status=todo'))[0];
    const ref = randomUUID();
    await t.send('POST', `/api/campaign-items/${item.id}/answer`, { clientRef: ref, answers: { extinguisher: true } }, w1);
    expect((await t.send('POST', `/api/campaigns/${id}/close`, {}, staff1)).body.error.code).toBe('campaign_not_found');
    expect((await t.send('POST', `/api/campaigns/${id}/close`, {}, street)).body).toEqual({ ok: true });
    expect((await t.send('POST', `/api/campaigns/${id}/close`, {}, street)).body.error.code).toBe('campaign_closed');
    const next = (await itemsOf(w1, '&status=todo'))[0];
    expect((await t.send('POST', `/api/campaign-items/${next.id}/answer`, { clientRef: randomUUID(), answers: { extinguisher: true } }, w1)).body.error.code).toBe('campaign_closed');
    expect((await t.send('POST', `/api/campaign-items/${item.id}/answer`, { clientRef: ref, answers: { extinguisher: true } }, w1)).body.repeated).toBe(true);
    expect((await t.get('/api/campaigns/mine', w1)).body.items.some((x: any) => x.campaign.id === id)).toBe(false);
    const closed = (await t.get('/api/campaigns?state=closed', street)).body.items.find((c: any) => c.id === id);
    expect(closed).toMatchObject({ state: 'closed', status: 'closed' });
  });

  it('the per-grid figures the answers kept equal a count of the items (after answers, revisions both ways, refusals)', async () => {
    // one more revision that takes a problem back
    const p = (await itemsOf(street, '&status=problem')).find((i) => !i.caseId)!;
    await t.db.query(`UPDATE campaign SET state = 'running', closed_at = NULL WHERE id = $1`, [id]);
    const w = p.gridCode === grid(C1, 2) ? w2 : p.gridCode === grid(C2, 1) ? w3 : w1;
    expect((await t.send('POST', `/api/campaign-items/${p.id}/answer`, { clientRef: randomUUID(), answers: { extinguisher: true }, revise: true, version: p.version }, w)).body.problem).toBe(false);
    const direct = (await t.db.query(
      `SELECT grid_code, count(*)::int AS total, count(*) FILTER (WHERE version > 0)::int AS done, count(*) FILTER (WHERE problem)::int AS problems
         FROM campaign_item WHERE campaign_id = $1 GROUP BY 1 ORDER BY 1`, [id])).rows;
    const kept = (await t.db.query(`SELECT grid_code, total, done, problems FROM campaign_grid WHERE campaign_id = $1 ORDER BY 1`, [id])).rows;
    expect(kept).toEqual(direct);
    expect(direct.reduce((n: number, r: any) => n + r.problems, 0)).toBe((await t.get(`/api/campaigns/${id}`, street)).body.totals.problems);
  });
});

describe('the demo', () => {
  it('府城街道 has a finished and a running campaign', async () => {
    const fucheng = await t.login('street');
    const list = (await t.get('/api/campaigns', fucheng)).body.items;
    const running = list.find((c: any) => c.kind === 'fire_safety');
    const finished = list.find((c: any) => c.kind === 'door_to_door');
    expect(running).toMatchObject({ state: 'running', emergency: true, regionCode: '460107002' });
    expect(running.done).toBeGreaterThan(0);
    expect(running.todo).toBeGreaterThan(0);
    expect(finished).toMatchObject({ state: 'closed', todo: 0 });
    expect(finished.total).toBeGreaterThan(0);
  });
});
