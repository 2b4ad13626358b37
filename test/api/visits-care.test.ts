/**
 * Visits (入户走访、社情民意、代办) and care plans (关爱计划) over HTTP on a real database. The fixtures
 * are made here: households and residents aged 70 living alone in 府城社区's grid 001 (gridworker's),
 * one in grid 002 (gridworker2's).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCheckChar } from '../../src/core/privacy/validate.js';
import { addDays, chinaToday } from '../../src/core/time.js';
import { sweepCareOverdue } from '../../src/modules/care/store.js';
import { periodOf } from '../../src/modules/care/rules.js';
import { contactOfCase } from '../../src/modules/visits/api.js';
import { testApp, type Session, type TestApp } from '../support/app.js';

let t: TestApp;
let community: Session, gridworker: Session, gridworker2: Session, street: Session, admin: Session, nanchang: Session;
const G1 = '460107002001001', G2 = '460107002001002';
let seq = 100;
const idFor = (birth: string) => { const f = `460107${birth.replaceAll('-', '')}${String(seq++).padStart(3, '0')}`; return f + idCheckChar(f); };

async function household(grid: string) {
  const r = await t.send('POST', '/api/households', { gridCode: grid, address: `走访路${Math.random().toString(36).slice(2, 7)}号` }, community);
  expect(r.status).toBe(201);
  return r.body.id as number;
}
async function resident(hh: number, name: string, birth = '1955-03-04') {
  const r = await t.send('POST', '/api/residents', { name, idNumber: idFor(birth), householdId: hh, relation: 'owner', movedIn: '2010-01-01' }, community);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id as number;
}
/** A leaf category of the catalogue, active. */
const leafCat = async () => (await t.db.query(`SELECT code FROM case_category c WHERE active AND NOT EXISTS (SELECT 1 FROM case_category k WHERE k.parent_code = c.code) ORDER BY code LIMIT 1`)).rows[0].code as string;
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const visit = (s: Session, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  t.send('POST', '/api/visits', { at: minutesAgo(5), kind: 'phone', durationMin: 5, ...body }, s, headers);

let hh1: number, zhang: number, hh2: number, li: number, hhPair: number, wang: number, wangSon: number;
beforeAll(async () => {
  t = await testApp();
  [community, gridworker, gridworker2, street, admin, nanchang] = await Promise.all(['community', 'gridworker', 'gridworker2', 'street', 'admin', 'nanchang'].map((u) => t.login(u)));
  hh1 = await household(G1); zhang = await resident(hh1, '张桂兰');
  hh2 = await household(G2); li = await resident(hh2, '李秀英');
  hhPair = await household(G1); wang = await resident(hhPair, '王建国', '1950-01-01'); wangSon = await resident(hhPair, '王小军', '1980-01-01');
});
afterAll(() => t.close());

describe('logging a visit', () => {
  it('logs a call with sentiment records, idempotent on clientRef; a different body with it is a 409, nothing half-written', async () => {
    const body = { householdId: hh1, met: [zhang], kind: 'home_visit', durationMin: 20, notes: '身体尚好', clientRef: 'visit-abc-1', at: minutesAgo(10),
      sentiments: [{ topics: ['housing', 'safety'], text: '楼道灯不亮', urgency: 'normal' }, { topics: ['elderly_care'], text: '想办老年卡', urgency: 'low' }] };
    const first = await visit(gridworker, body);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ householdId: hh1, kind: 'home_visit', durationMin: 20, nobodyHome: false, gridCode: G1, met: [{ residentId: zhang, name: '张桂兰' }] });
    expect(first.body.sentiments.map((s: any) => s.text)).toEqual(['楼道灯不亮', '想办老年卡']);
    const again = await visit(gridworker, body);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    const other = await visit(gridworker, { ...body, notes: '不同的内容' });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('visit_client_ref_conflict');
    const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM visit WHERE client_ref = 'visit-abc-1'`);
    expect(rows[0].n).toBe(1);
    const { rows: s } = await t.db.query(`SELECT count(*)::int AS n FROM sentiment WHERE visit_id = $1`, [first.body.id]);
    expect(s[0].n).toBe(2);
    // the same clientRef from two phones at once: one visit
    const both = await Promise.all([visit(gridworker, { ...body, clientRef: 'visit-race' }), visit(gridworker, { ...body, clientRef: 'visit-race' })]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 201]);
    expect(both[0].body.id).toBe(both[1].body.id);
  });

  it('finds the household from the resident met', async () => {
    const r = await visit(gridworker, { met: [zhang] });
    expect(r.status).toBe(201);
    expect(r.body.householdId).toBe(hh1);
  });

  it('refuses bad input with a precise 4xx in zh-CN and en, writing nothing', async () => {
    const before = (await t.db.query(`SELECT count(*)::int AS n FROM visit`)).rows[0].n;
    const future = await visit(gridworker, { met: [zhang], at: new Date(Date.now() + 3600_000).toISOString() }, { 'accept-language': 'en' });
    expect(future.status).toBe(400);
    expect(future.body.error).toMatchObject({ code: 'visit_in_future', message: 'A visit cannot be dated in the future.' });
    const zh = await visit(gridworker, { met: [zhang], durationMin: -1 });
    expect(zh.body.error).toMatchObject({ code: 'visit_duration_invalid', message: '时长应为 0 到 1440 分钟。' });
    expect((await visit(gridworker, { householdId: hh1, met: [zhang], kind: 'phone', nobodyHome: true })).body.error.code).toBe('visit_nobody_home_kind');
    expect((await visit(gridworker, { householdId: hh1, met: [zhang], kind: 'home_visit', nobodyHome: true })).body.error.code).toBe('visit_nobody_home_met');
    expect((await visit(gridworker, { householdId: hh1 })).body.error.code).toBe('visit_met_required');
    expect((await visit(gridworker, {})).body.error.code).toBe('visit_target_required');
    expect((await visit(gridworker, { householdId: hhPair, met: [zhang] })).body.error.code).toBe('visit_met_not_member');
    expect((await visit(gridworker, { met: [zhang], sentiments: [{ topics: ['nonsense'], text: 'x', urgency: 'low' }] })).body.error.code).toBe('visit_topic_unknown');
    expect((await visit(gridworker, { met: [zhang], kind: 'teleport' })).status).toBe(400);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM visit`)).rows[0].n).toBe(before);
  });

  it('a household or resident outside the worker\'s grids does not exist for them', async () => {
    const r = await visit(gridworker2, { householdId: hh1, met: [zhang] });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('resident_not_found');
    const h = await visit(gridworker2, { householdId: hh1, kind: 'home_visit', nobodyHome: true });
    expect(h.status).toBe(404);
    expect(h.body.error.code).toBe('household_not_found');
    // the same answer as for a household that does not exist
    const none = await visit(gridworker2, { householdId: 987654321, kind: 'home_visit', nobodyHome: true });
    expect(none.body.error).toEqual({ ...h.body.error, message: expect.any(String), details: none.body.error.details });
    expect((await visit(street, { met: [zhang] })).status).toBe(403);
  });

  it('records a nobody-home visit', async () => {
    const r = await visit(gridworker, { householdId: hhPair, kind: 'home_visit', nobodyHome: true, durationMin: 2 });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ nobodyHome: true, met: [] });
  });
});

describe('reads', () => {
  it('today\'s visits of the worker, and nobody else\'s', async () => {
    const mine = await t.get(`/api/visits?date=${chinaToday()}&mine=true`, gridworker);
    expect(mine.status).toBe(200);
    expect(mine.body.items.length).toBeGreaterThanOrEqual(4);
    expect(mine.body.items.every((v: any) => v.gridCode === G1)).toBe(true);
    expect((await t.get(`/api/visits?date=${chinaToday()}&mine=true`, gridworker2)).body.items).toEqual([]);
    expect((await t.get(`/api/visits?date=${chinaToday()}`, community)).body.items.length).toBe(mine.body.items.length);
    expect((await t.get(`/api/visits?date=${addDays(chinaToday(), -3)}&mine=true`, gridworker)).body.items).toEqual([]);
    expect((await t.get(`/api/visits?date=2026-02-30&mine=true`, gridworker)).status).toBe(400);
  });

  it('a household\'s and a resident\'s contact history, scope-checked', async () => {
    const h = await t.get(`/api/contacts?household=${hhPair}`, gridworker);
    expect(h.status).toBe(200);
    expect(h.body.visits.some((v: any) => v.nobodyHome)).toBe(true);
    const r = await t.get(`/api/contacts?resident=${zhang}`, community);
    expect(r.body.visits.length).toBeGreaterThanOrEqual(3);
    expect((await t.get(`/api/contacts?resident=${zhang}`, gridworker2)).body.error.code).toBe('resident_not_found');
    expect((await t.get(`/api/contacts?household=${hh1}`, gridworker2)).body.error.code).toBe('household_not_found');
    expect((await t.get(`/api/contacts`, gridworker)).body.error.code).toBe('visit_query_required');
    const v = r.body.visits[0];
    expect((await t.get(`/api/visits/${v.id}`, gridworker)).body.id).toBe(v.id);
    expect((await t.get(`/api/visits/${v.id}`, gridworker2)).body.error.code).toBe('visit_not_found');
  });
});

describe('from a visit to a case', () => {
  it('a sentiment record becomes a case once, linked both ways', async () => {
    const v = (await visit(gridworker, { met: [zhang], kind: 'home_visit', sentiments: [{ topics: ['environment'], text: '楼下垃圾堆放多日无人清运', urgency: 'high' }] })).body;
    const sid = v.sentiments[0].id;
    const c = await t.send('POST', `/api/sentiments/${sid}/case`, { categoryCode: await leafCat() }, gridworker);
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect(c.body).toMatchObject({ id: expect.any(Number), number: expect.any(String), state: 'reported' });
    const again = await t.send('POST', `/api/sentiments/${sid}/case`, { categoryCode: 'x' }, gridworker);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('visit_case_exists');
    expect(again.body.error.message).toContain(c.body.number);
    const after = (await t.get(`/api/visits/${v.id}`, gridworker)).body;
    expect(after.sentiments[0]).toMatchObject({ caseId: c.body.id, caseNumber: c.body.number });
    expect(await contactOfCase(t.db, c.body.id)).toEqual({ visitId: v.id, sentimentId: sid });
    const { rows } = await t.db.query(`SELECT detail FROM case_event WHERE case_id = $1 ORDER BY id LIMIT 1`, [c.body.id]);
    expect(rows[0].detail).toMatchObject({ sentimentId: sid, visitId: v.id });
    const kase = await t.get(`/api/cases/${c.body.id}`, gridworker);
    expect(kase.body.gridCode ?? kase.body.grid?.code ?? G1).toBe(G1);
    // out of scope: nothing revealed
    expect((await t.send('POST', `/api/sentiments/${sid}/case`, { categoryCode: 'x' }, gridworker2)).body.error.code).toBe('sentiment_not_found');
  });

  it('a thing fixed on the spot is a case handled on the spot', async () => {
    const cat = await leafCat();
    const v = (await visit(gridworker, { met: [zhang], kind: 'home_visit', notes: '暖气管道漏水，已关阀并联系维修' })).body;
    const c = await t.send('POST', `/api/visits/${v.id}/case`, { categoryCode: cat, onTheSpot: { result: '已关阀门，更换垫圈' } }, gridworker);
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect(['handled', 'closed']).toContain(c.body.state); // a grid-level category closes at once (自处自结)
    expect((await t.get(`/api/visits/${v.id}`, gridworker)).body.caseNumber).toBe(c.body.number);
    const bad = await t.send('POST', `/api/visits/${v.id}/case`, { categoryCode: 'nope' }, gridworker);
    expect(bad.status).toBe(409);
    const v2 = (await visit(gridworker, { met: [zhang] })).body;
    expect((await t.send('POST', `/api/visits/${v2.id}/case`, { categoryCode: cat, onTheSpot: { result: 'x' } }, community)).body.error.code).toBe('case_action_forbidden');
    expect((await t.send('POST', `/api/visits/${v2.id}/case`, { categoryCode: cat }, gridworker)).body.error.code).toBe('visit_case_description_required');
    expect((await t.send('POST', `/api/visits/${v2.id}/case`, { categoryCode: 'nope', description: '某事' }, gridworker)).status).toBeGreaterThanOrEqual(400);
  });
});

describe('proxy services and topics', () => {
  it('records a proxy service for a resident and shows it in the history', async () => {
    const body = { residentId: zhang, matter: '老年卡办理', result: '已办结，卡已送到家', doneOn: chinaToday(), clientRef: 'proxy-1' };
    const r = await t.send('POST', '/api/proxy-services', body, gridworker);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect((await t.send('POST', '/api/proxy-services', body, gridworker)).status).toBe(200);
    expect((await t.send('POST', '/api/proxy-services', { ...body, result: '未办结' }, gridworker)).status).toBe(409);
    expect((await t.send('POST', '/api/proxy-services', { ...body, clientRef: undefined, doneOn: addDays(chinaToday(), 2) }, gridworker)).body.error.code).toBe('proxy_date_in_future');
    expect((await t.send('POST', '/api/proxy-services', { ...body, clientRef: undefined }, gridworker2)).body.error.code).toBe('resident_not_found');
    const h = await t.get(`/api/contacts?resident=${zhang}`, gridworker);
    expect(h.body.proxyServices).toEqual([expect.objectContaining({ matter: '老年卡办理', residentName: '张桂兰' })]);
  });

  it('the topic list is editable by administrators only, audited', async () => {
    const list = await t.get('/api/visit-topics', gridworker);
    expect(list.body.items.map((x: any) => x.nameZh)).toEqual(expect.arrayContaining(['住房', '就业', '养老', '安全', '环境', '矛盾纠纷']));
    expect((await t.send('PUT', '/api/visit-topics/heating', { nameZh: '供暖', nameEn: 'Heating' }, gridworker)).status).toBe(403);
    const put = await t.send('PUT', '/api/visit-topics/heating', { nameZh: '供暖', nameEn: 'Heating', sort: 35 }, admin);
    expect(put.status).toBe(200);
    expect((await visit(gridworker, { met: [zhang], sentiments: [{ topics: ['heating'], text: '暖气不热', urgency: 'normal' }] })).status).toBe(201);
    await t.send('PUT', '/api/visit-topics/heating', { nameZh: '供暖', nameEn: 'Heating', active: false }, admin);
    expect((await visit(gridworker, { met: [zhang], sentiments: [{ topics: ['heating'], text: '暖气不热', urgency: 'normal' }] })).body.error.code).toBe('visit_topic_unknown');
    const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'visits.topic'`);
    expect(rows[0].n).toBe(2);
  });
});

describe('care plans', () => {
  it('the due list names who needs a call and a visit; items disappear as contacts are logged', async () => {
    const today = chinaToday();
    // a fresh resident aged 75, alone; nothing logged yet
    const hh = await household(G1);
    const zhao = await resident(hh, '赵淑珍', '1951-06-01');
    // this period's items (the registry says zhao has lived alone for years: last week's missed slots are overdue items too)
    const due = async (s: Session) => (await t.get(`/api/care/due?grid=${G1}&date=${today}`, s)).body.items.filter((i: any) => i.residentId === zhao && !i.overdue);
    const items = await due(gridworker);
    expect(items.map((i: any) => [i.kind, i.period, i.done, i.needed, i.overdue]).sort()).toEqual([
      ['phone', periodOf('iso_week', today).label, 0, 2, false], ['visit', periodOf('half_month', today).label, 0, 1, false]].sort());
    expect(items[0].name).toBe('赵淑珍');
    expect((await due(street))[0].name).toBe('赵**');
    expect((await due(community))[0].name).toBe('赵淑珍');
    expect((await t.get(`/api/care/due?grid=${G1}`, gridworker2)).body.error.code).toBe('grid_not_found');
    expect((await t.get(`/api/care/due?grid=${G1}`, nanchang)).body.error.code).toBe('grid_not_found');
    // a call: still one short this week; the wang pair's household is not in the plan (two members)
    await visit(gridworker, { met: [zhao], at: minutesAgo(3) });
    expect((await due(gridworker)).find((i: any) => i.kind === 'phone')).toMatchObject({ done: 1, needed: 2 });
    // a home visit counts as the second call and as the half-month's visit
    await visit(gridworker, { met: [zhao], kind: 'home_visit', at: minutesAgo(2) });
    expect(await due(gridworker)).toEqual([]);
    const all = (await t.get(`/api/care/due?grid=${G1}&date=${today}`, gridworker)).body.items;
    expect(all.some((i: any) => i.residentId === wang || i.residentId === wangSon)).toBe(false);
    // sorted by urgency: overdue first
    const firstFresh = all.findIndex((i: any) => !i.overdue);
    expect(all.slice(firstFresh).some((i: any) => i.overdue)).toBe(false);
  });

  it('a missed slot becomes overdue the day after its period, told to the worker and the grid leader exactly once', async () => {
    const hh = await household(G1);
    const sun = await resident(hh, '孙玉梅', '1948-09-09');
    const leader = (await t.db.query(`SELECT id FROM account WHERE username = 'community'`)).rows[0].id;
    await t.db.query(`INSERT INTO grid_staff (grid_code, path, post, name, account_id) SELECT code, path, 'leader', '网格长', $1 FROM grid WHERE code = $2`, [leader, G1]);
    const worker = (await t.db.query(`SELECT id FROM account WHERE username = 'gridworker'`)).rows[0].id;
    const today = chinaToday();
    const asOf = addDays(periodOf('iso_week', today).end, 1); // next Monday: this week has ended
    const runs = await Promise.all([sweepCareOverdue(t.db, asOf), sweepCareOverdue(t.db, asOf)]);
    await sweepCareOverdue(t.db, asOf);
    expect(runs.some((r) => r.ran && r.flagged > 0)).toBe(true);
    const week = periodOf('iso_week', today).label;
    const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM care_overdue WHERE resident_id = $1 AND period = $2`, [sun, week]);
    expect(rows[0].n).toBe(1);
    const notes = await t.db.query(`SELECT account_id, text FROM notification WHERE kind = 'care_overdue' AND account_id = ANY($1::bigint[]) AND text LIKE $2`, [[leader, worker], `%${week}%`]);
    const byAccount = new Map<number, number>();
    for (const n of notes.rows) byAccount.set(Number(n.account_id), (byAccount.get(Number(n.account_id)) ?? 0) + 1);
    // one notice per rule and period for each of the two: the weekly calls of this week (the week before too, if it was missed)
    expect(byAccount.get(Number(worker))).toBeGreaterThanOrEqual(1);
    expect(byAccount.get(Number(leader))).toBe(byAccount.get(Number(worker)));
    expect(notes.rows.every((n) => !n.text.includes('孙玉梅'))).toBe(true);
    const { rows: au } = await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'care.overdue'`);
    expect(au[0].n).toBe(1);
    // the due list of that Monday shows the missed week first
    const items = (await t.get(`/api/care/due?grid=${G1}&date=${asOf}`, gridworker)).body.items.filter((i: any) => i.residentId === sun);
    expect(items).toContainEqual(expect.objectContaining({ overdue: true, period: week, kind: 'phone' }));
    expect(items[0].overdue).toBe(true);
  });

  it('compliance for a community, with its grids, and for a street; scope-checked', async () => {
    const today = chinaToday();
    const from = addDays(today, -40);
    const c = await t.get(`/api/care/compliance?region=460107002001&from=${from}&to=${today}`, community);
    expect(c.status, JSON.stringify(c.body)).toBe(200);
    expect(c.body.region).toMatchObject({ code: '460107002001', level: 'community' });
    expect(c.body.due).toBeGreaterThan(0);
    expect(c.body.due).toBe(c.body.done + c.body.overdue + c.body.open);
    expect(c.body.byChild.map((x: any) => x.level)).toContain('grid');
    const g1 = c.body.byChild.find((x: any) => x.code === G1);
    expect(g1).toBeTruthy();
    for (const k of ['due', 'done', 'overdue']) expect(c.body.byChild.reduce((s: number, x: any) => s + x[k], 0)).toBe(c.body[k]);
    const grid = await t.get(`/api/care/compliance?region=${G1}&from=${from}&to=${today}`, community);
    expect(grid.body).toMatchObject({ due: g1.due, done: g1.done, overdue: g1.overdue, byChild: [] });
    const s = await t.get(`/api/care/compliance?region=460107002&from=${from}&to=${today}`, street);
    expect(s.body.byChild.find((x: any) => x.code === '460107002001')).toMatchObject({ due: c.body.due, level: 'community' });
    expect((await t.get(`/api/care/compliance?region=460107002001`, nanchang)).status).toBe(403);
    expect((await t.get(`/api/care/compliance?region=460107002001&from=${today}&to=${from}`, community)).body.error.code).toBe('care_range_invalid');
  });

  it('the rules are data, changed by administrators with the version they saw', async () => {
    const rules = (await t.get('/api/care/rules', gridworker)).body.items;
    const weekly = rules.find((r: any) => r.careGroup === 'living_alone_65' && r.kind === 'phone');
    expect(weekly).toMatchObject({ per: 'iso_week', times: 2, active: true, label: '独居老人（65岁及以上）：每周电话联系 2 次' });
    expect((await t.send('PUT', `/api/care/rules/${weekly.id}`, { version: weekly.version, times: 3 }, gridworker)).status).toBe(403);
    const ch = await t.send('PUT', `/api/care/rules/${weekly.id}`, { version: weekly.version, times: 3 }, admin);
    expect(ch.body).toMatchObject({ times: 3, version: weekly.version + 1 });
    expect((await t.send('PUT', `/api/care/rules/${weekly.id}`, { version: weekly.version, times: 2 }, admin)).body.error.code).toBe('care_rule_version_conflict');
    await t.send('PUT', `/api/care/rules/${weekly.id}`, { version: weekly.version + 1, times: 2 }, admin);
    const add = await t.send('POST', '/api/care/rules', { careGroup: 'disabled', kind: 'visit', per: 'month', times: 1 }, admin);
    expect(add.status).toBe(201);
    expect((await t.send('POST', '/api/care/rules', { careGroup: 'disabled', kind: 'visit', per: 'month', times: 2 }, admin)).body.error.code).toBe('care_rule_exists');
    expect((await t.send('PUT', '/api/care/rules/999999', { version: 1 }, admin)).body.error.code).toBe('care_rule_not_found');
  });
});

describe('the demo (曙光社区)', () => {
  it('王伟 has about 30 residents aged 65+ living alone, weeks of contacts, some slots missed', async () => {
    const wangwei = await t.login('wangwei');
    const due = await t.get('/api/care/due?grid=150102005002001', wangwei);
    expect(due.status).toBe(200);
    const residents = new Set(due.body.items.map((i: any) => i.residentId));
    expect(residents.size).toBeGreaterThan(0);
    expect(due.body.items.some((i: any) => i.overdue)).toBe(true);
    const c = await t.get(`/api/care/compliance?region=150102005002&from=${addDays(chinaToday(), -28)}&to=${chinaToday()}`, await t.login('shuguang'));
    expect(c.status).toBe(200);
    expect(c.body.done).toBeGreaterThan(50);
    expect(c.body.overdue).toBeGreaterThan(0);
    expect(c.body.rate).toBeGreaterThan(0.7);
    const { rows } = await t.db.query(`SELECT count(DISTINCT p.resident_id)::int AS n FROM visit_person p JOIN visit v ON v.id = p.visit_id WHERE v.grid_code = '150102005002001'`);
    expect(rows[0].n).toBe(30);
  });
});
