/**
 * cases.report (src/modules/cases/commands/report-case.ts): the one intake for every channel —
 * console and phone (POST /api/cases), the 12345 hotline, Open311, a disclosure question — each
 * writes one case, its first event, its notices and one audit record; a repeat is idempotent;
 * bad input is a 4xx that writes nothing; a new case is one statement.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, chainAuditAll, verifyAudit } from '../../src/core/audit/chain.js';
import { runCommand, runInTx, systemActor } from '../../src/core/command.js';
import { AppError } from '../../src/core/http/errors.js';
import { placeReport, reportCase } from '../../src/modules/cases/api.js';
import type { IntakeInput } from '../../src/modules/cases/intake.js';
import { testKeys } from '../support/global-setup.js';
import { testApp, type Session, type TestApp } from '../support/app.js';

let t: TestApp;
let worker: Session, resident: Session;
let point: { lon: number; lat: number };

beforeAll(async () => {
  t = await testApp();
  [worker, resident] = await Promise.all([t.login('gridworker'), t.login('resident')]);
  const g = (await t.get('/api/grids/460107002001001', worker)).body;
  point = { lon: (g.bbox[0] + g.bbox[2]) / 2, lat: (g.bbox[1] + g.bbox[3]) / 2 };
});
afterAll(() => t.close());

const audits = async (caseId: number) => (await t.db.query(`SELECT action, actor_username FROM audit_log WHERE target_type = 'case' AND target_id = $1 ORDER BY id`, [String(caseId)])).rows;
const caseRow = async (id: number) => (await t.db.query(`SELECT id, number, source, state, grid_code, compound_id, integration_id, client_ref FROM cases WHERE id = $1`, [id])).rows[0];
const notices = async (id: number) => ({
  notifications: Number((await t.db.query(`SELECT count(*) AS n FROM notification WHERE case_id = $1 AND kind = 'new'`, [id])).rows[0].n),
  outbox: Number((await t.db.query(`SELECT count(*) AS n FROM outbox WHERE (payload->>'caseId')::bigint = $1 AND payload->>'kind' = 'new'`, [id])).rows[0].n),
});
const counts = async () => (await t.db.query(`SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM case_event) AS events, (SELECT count(*) FROM notification) AS notes, (SELECT count(*) FROM audit_log) AS audit`)).rows[0];

describe('every channel through reportCase', () => {
  it('console: 201 {id, number, state}; the full case only with Prefer: return=representation', async () => {
    const body = { categoryCode: '0601', description: '井盖缺失', ...point };
    const short = await t.send('POST', '/api/cases', body, worker);
    expect(short.status).toBe(201);
    expect(Object.keys(short.body).sort()).toEqual(['id', 'number', 'state']);
    expect(short.body.state).toBe('reported');
    expect(short.body.number).toMatch(/^\d{8}\d{6,}$/);
    expect(await caseRow(short.body.id)).toMatchObject({ source: 'grid_worker', grid_code: '460107002001001' });
    expect(await audits(short.body.id)).toEqual([{ action: 'cases.report', actor_username: 'gridworker' }]);
    // the grid's other worker and the community are told, once each, in both tables; the reporter is not
    const n = await notices(short.body.id);
    expect(n.notifications).toBeGreaterThan(0);
    expect(n.outbox).toBe(n.notifications);
    const me = (await t.db.query(`SELECT count(*) AS n FROM notification n JOIN account a ON a.id = n.account_id WHERE n.case_id = $1 AND a.username = 'gridworker'`, [short.body.id])).rows[0].n;
    expect(Number(me)).toBe(0);

    const full = await t.send('POST', '/api/cases', body, worker, { prefer: 'return=representation' });
    expect(full.status).toBe(201);
    expect(full.body).toMatchObject({ id: full.body.id, state: 'reported', gridCode: '460107002001001', categoryCode: '0601' });
    expect(full.body.timeline?.length ?? full.body.events?.length ?? 1).toBeGreaterThan(0);
  });

  it('phone: the same clientRef twice is one case and one audit record (201, then 200)', async () => {
    const body = { categoryCode: '0601', description: '楼下下水道堵塞', ...point, clientRef: `phone-${Date.now()}` };
    const before = await counts();
    const a = await t.send('POST', '/api/cases', body, resident);
    const b = await t.send('POST', '/api/cases', body, resident);
    expect([a.status, b.status]).toEqual([201, 200]);
    expect(b.body).toEqual(a.body);
    const after = await counts();
    expect(Number(after.cases) - Number(before.cases)).toBe(1);
    expect(Number(after.events) - Number(before.events)).toBe(1);
    expect(await audits(a.body.id)).toEqual([{ action: 'cases.report', actor_username: 'resident' }]);
    expect(await caseRow(a.body.id)).toMatchObject({ source: 'resident', client_ref: body.clientRef });
  });

  it('hotline: one case per ticket, audited as the integration; the ticket again is 409 naming the case', async () => {
    const ticket = `T${Date.now()}`;
    const send = () => t.app.fastify.inject({ method: 'POST', url: '/api/intake/hotline', headers: { authorization: 'Bearer gongzhi-demo-hotline' }, payload: { ticket, type: '投诉', categoryCode: '0601', content: '下水道反味', ...point } });
    const r = await send();
    expect(r.statusCode).toBe(201);
    const c = r.json();
    expect(Object.keys(c).sort()).toEqual(['id', 'number', 'state']);
    const again = await send();
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'hotline_ticket_duplicate' });
    expect(again.json().error.message).toContain(c.number);
    const rows = await audits(c.id);
    expect(rows).toHaveLength(1);
    expect(rows[0].action).toBe('cases.hotline');
    expect(rows[0].actor_username).toMatch(/^integration:\d+$/);
  });

  it('Open311: the report event carries the request\'s metadata, written by the command itself; one audit record', async () => {
    const form = new URLSearchParams({ api_key: 'gongzhi-demo-open311', jurisdiction_id: '460107002', service_code: '0601', lat: String(point.lat), long: String(point.lon), description: 'Open311 井盖', device_id: 'dev-1', 'attribute[request_type]': 'complaint', media_url: 'https://example.org/a.jpg' }).toString();
    const r = await t.app.fastify.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(r.statusCode).toBe(200);
    const id = Number(r.json()[0].service_request_id);
    expect(await caseRow(id)).toMatchObject({ source: 'open311' });
    const { rows: [ev] } = await t.db.query(`SELECT detail FROM case_event WHERE case_id = $1 AND action = 'report'`, [id]);
    expect(ev.detail).toMatchObject({ source: 'open311', mediaUrl: 'https://example.org/a.jpg', open311: { deviceId: 'dev-1', attributes: { request_type: 'complaint' } } });
    const rows = await audits(id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'cases.open311.report' });
  });

  it('a disclosure question: the case is born with its compound (no patch afterwards), audited by property and by cases', async () => {
    const changjiu = await t.login('changjiu');
    const { rows: [cp] } = await t.db.query(`SELECT id FROM compound WHERE name = '昌九小区'`);
    const d = (await t.get(`/api/disclosures?compound=${cp.id}`, changjiu)).body.items[0];
    const q = await t.send('POST', `/api/disclosures/${d.id}/questions`, { text: '公共收益去向？' }, changjiu);
    expect(q.status).toBe(201);
    expect(await caseRow(q.body.caseId)).toMatchObject({ source: 'resident', compound_id: cp.id });
    expect((await audits(q.body.caseId)).map((a) => a.action)).toEqual(['cases.report']);
    const { rows } = await t.db.query(`SELECT detail FROM audit_log WHERE action = 'property.disclosure.question' AND target_id = $1`, [String(d.id)]);
    expect(rows.some((r) => r.detail.includes(q.body.caseNumber))).toBe(true);
  });
});

describe('the command itself', () => {
  const input = async (over: Record<string, unknown> = {}) => {
    const base = { source: 'staff' as const, categoryCode: '0601', description: '命令直接立案', ...point, ...over };
    const at = await placeReport(t.db, base as any, { scope: null, fallbackRegion: null });
    return { ...base, at, keys: testKeys(), reporter: { name: '系统测试', role: null } };
  };

  it('runs outside HTTP with a named actor (a job, the CLI)', async () => {
    const r = await runCommand(t.db, systemActor('job:test'), reportCase, await input());
    expect(r).toMatchObject({ state: 'reported', created: true });
    expect(await audits(r.id)).toEqual([{ action: 'cases.report', actor_username: 'job:test' }]);
  });

  it('a new case is one statement (reference data in memory, the row, event, reporter and notices in one CTE)', async () => {
    await runCommand(t.db, systemActor('job:test'), reportCase, await input()); // caches warm
    const ready = await input();
    const statements: string[] = [];
    const r = await t.db.tx(async (tx) => {
      const spy = new Proxy(tx, {
        get(target, key) {
          if (key === 'query') return (q: any, v?: any) => { statements.push(typeof q === 'string' ? q : q.text); return (target as pg.PoolClient).query(q, v); };
          const x = (target as any)[key];
          return typeof x === 'function' ? x.bind(target) : x;
        },
      });
      return reportCase.run(spy as pg.PoolClient, systemActor('job:test'), ready);
    });
    expect(r.created).toBe(true);
    expect(statements).toHaveLength(1);
  });

  it('through runCommand a new case is ONE round trip (no BEGIN/COMMIT), its audit record written by that statement exactly as the transaction path writes it', async () => {
    // caches warm: the first use of a cache starts listening on its channel, and it keeps values once the listener hears it
    await runCommand(t.db, systemActor('job:test'), reportCase, await input());
    await new Promise((r) => setTimeout(r, 300));
    await runCommand(t.db, systemActor('job:test'), reportCase, await input());
    const ready = await input({ clientRef: 'once-audit-1' });
    const calls: string[] = [];
    const spy = new Proxy(t.db, {
      get(target, key) {
        if (key === 'query') return (q: any, v?: any) => { calls.push(typeof q === 'string' ? q : q.text); return target.query(q, v); };
        if (key === 'tx') return (fn: any) => { calls.push('BEGIN'); return target.tx(fn); };
        const x = (target as any)[key];
        return typeof x === 'function' ? x.bind(target) : x;
      },
    });
    const gw = Number((await t.db.query(`SELECT id FROM account WHERE username = 'gridworker'`)).rows[0].id);
    const actor = { accountId: gw, username: 'gridworker', role: 'grid_worker', scopeCode: '460107002001', requestId: 'req-once' };
    const once = await runCommand(spy, actor, reportCase, ready);
    expect(calls, calls.map((c) => c.slice(0, 80)).join('\n')).toHaveLength(1);
    expect(calls[0]).toMatch(/INSERT INTO audit_log/);
    // the same report through the transaction path (as property's question does)
    const viaTx = await t.db.tx((tx) => runInTx(tx, actor, reportCase, { ...ready, clientRef: 'once-audit-2' }));
    const rec = async (id: number) => (await t.db.query(
      `SELECT action, actor_id, actor_username, role, scope_code, target_type, target_id, request_id, detail FROM audit_log WHERE target_type = 'case' AND target_id = $1`, [String(id)])).rows;
    const [a] = await rec(once.id), [b] = await rec(viaTx.id);
    expect(a).toEqual({ action: 'cases.report', actor_id: gw, actor_username: 'gridworker', role: 'grid_worker', scope_code: '460107002001', target_type: 'case', target_id: String(once.id), request_id: 'req-once',
      detail: canonicalJson({ number: once.number, source: 'staff', created: true, clientRef: 'once-audit-1' }) });
    expect({ ...b, target_id: 'x', detail: JSON.parse(b.detail).number ? 'x' : b.detail }).toEqual({ ...a, target_id: 'x', detail: 'x' });
    expect(b.detail).toBe(canonicalJson({ number: viaTx.number, source: 'staff', created: true, clientRef: 'once-audit-2' }));
    // the repeat writes nothing and no record
    const again = await runCommand(t.db, actor, reportCase, ready);
    expect(again).toMatchObject({ id: once.id, created: false });
    expect(await rec(once.id)).toHaveLength(1);
    await chainAuditAll(t.db);
    expect(await verifyAudit(t.db)).toMatchObject({ ok: true });
  });

  it('a photo that is not the reporter\'s own unattached upload: photo_unknown, nothing written, the photo untouched', async () => {
    const other = (await t.db.query(`SELECT id FROM account WHERE username = 'community'`)).rows[0].id;
    const photo = '0b6f3c1e-2222-4222-8333-944445555666';
    await t.db.query(`INSERT INTO case_photo (id, uploaded_by, file, mime, size, width, height, sha256) VALUES ($1, $2, 'x.jpg', 'image/jpeg', 1, 1, 1, 'x')`, [photo, other]);
    const before = await counts();
    const e = await runCommand(t.db, systemActor('job:test'), reportCase, { ...(await input()), photos: [photo] }).then(() => null, (x) => x);
    expect(e).toMatchObject({ code: 'photo_unknown', params: { id: photo } });
    expect(await counts()).toEqual(before);
    expect((await t.db.query(`SELECT case_id FROM case_photo WHERE id = $1`, [photo])).rows[0].case_id).toBeNull();
  });

  it.each([
    [{ categoryCode: '9999' }, 400, 'case_category_unknown'],
    [{ contactPhone: '12345' }, 400, 'phone_invalid'],
    [{ photos: ['not-a-uuid'] }, 400, 'photo_unknown'],
    [{ photos: ['0b6f3c1e-1111-4222-8333-944445555666'] }, 400, 'photo_unknown'],
  ])('bad input %j → %i %s, nothing written', async (over, status, code) => {
    const before = await counts();
    const e = await (async () => {
      const base = await input();
      return runCommand(t.db, systemActor('job:test'), reportCase, { ...base, ...over } as any).then(() => null, (x) => x);
    })().catch((x) => x);
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({ status, code });
    expect(await counts()).toEqual(before);
  });

  it('over HTTP, bad input is a 4xx with a stable code', async () => {
    for (const [body, code] of [
      [{ categoryCode: '9999', description: 'x', ...point }, 'case_category_unknown'],
      [{ categoryCode: '0601', description: 'x' }, 'case_location_required'],
      [{ categoryCode: '0601', description: 'x', lon: 0, lat: 0 }, 'point_outside_china'],
      [{ categoryCode: '0601', description: 'x', ...point, photos: ['0b6f3c1e-1111-4222-8333-944445555666'] }, 'photo_unknown'],
    ] as const) {
      const r = await t.send('POST', '/api/cases', body, worker);
      expect(r.status, JSON.stringify(r.body)).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(r.body.error.code).toBe(code);
    }
  });
});

describe('group commit: reports that arrive together share one statement', () => {
  const input = async (over: Record<string, unknown> = {}) => {
    const base: IntakeInput = { source: 'staff', categoryCode: '0601', description: '并发立案', ...point, ...over };
    const at = await placeReport(t.db, base, { scope: null, fallbackRegion: null });
    return { ...base, at, keys: testKeys(), reporter: { name: '并发测试', role: null } };
  };
  const spyDb = (calls: string[]) => new Proxy(t.db, {
    get(target, key) {
      if (key === 'query') return (q: any, v?: any) => { calls.push(typeof q === 'string' ? q : q.text); return target.query(q, v); };
      const x = (target as any)[key];
      return typeof x === 'function' ? x.bind(target) : x;
    },
  });

  it('40 reports at once: fewer statements than reports, each case whole — its event, reporter, notices and ONE audit record with its own number', async () => {
    const ready = await Promise.all(Array.from({ length: 40 }, (_, i) => input({ description: `并发立案 ${i}`, clientRef: `group-${i}-${Date.now()}` })));
    const calls: string[] = [];
    const db = spyDb(calls);
    const results = await Promise.all(ready.map((r, i) => runCommand(db, systemActor(`job:group-${i}`), reportCase, r)));
    expect(new Set(results.map((r) => r.id)).size).toBe(40);
    expect(new Set(results.map((r) => r.number)).size).toBe(40);
    expect(calls.length).toBeLessThan(40);
    for (const [i, r] of results.entries()) {
      expect(await caseRow(r.id)).toMatchObject({ number: r.number, client_ref: ready[i].clientRef, state: 'reported' });
      const ev = (await t.db.query(`SELECT note FROM case_event WHERE case_id = $1`, [r.id])).rows;
      expect(ev).toEqual([{ note: `并发立案 ${i}` }]);
      const rec = (await t.db.query(`SELECT actor_username, target_id, detail FROM audit_log WHERE target_type = 'case' AND target_id = $1`, [String(r.id)])).rows;
      expect(rec).toEqual([{ actor_username: `job:group-${i}`, target_id: String(r.id), detail: canonicalJson({ number: r.number, source: 'staff', created: true, clientRef: ready[i].clientRef }) }]);
      const n = await notices(r.id);
      expect(n.notifications).toBeGreaterThan(0);
      expect(n.outbox).toBe(n.notifications);
    }
    await chainAuditAll(t.db);
    expect(await verifyAudit(t.db)).toMatchObject({ ok: true });
  });

  it('the same clientRef many times at once is one case: every call answers it, one audit record', async () => {
    const ready = await input({ clientRef: `same-${Date.now()}` });
    const actor = { ...systemActor('job:same'), accountId: Number((await t.db.query(`SELECT id FROM account WHERE username = 'gridworker'`)).rows[0].id) };
    const results = await Promise.all(Array.from({ length: 12 }, () => runCommand(t.db, actor, reportCase, ready)));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await audits(results[0].id)).toHaveLength(1);
  });

  it('the same hotline ticket at once: one case, every other call 409 naming it', async () => {
    const ticket = `G${Date.now()}`;
    const send = () => t.app.fastify.inject({ method: 'POST', url: '/api/intake/hotline', headers: { authorization: 'Bearer gongzhi-demo-hotline' }, payload: { ticket, type: '投诉', categoryCode: '0601', content: '同一工单并发', ...point } });
    const rs = await Promise.all(Array.from({ length: 8 }, send));
    const ok = rs.filter((r) => r.statusCode === 201);
    expect(ok).toHaveLength(1);
    for (const r of rs.filter((x) => x.statusCode !== 201)) {
      expect(r.statusCode).toBe(409);
      expect(r.json().error.code).toBe('hotline_ticket_duplicate');
    }
  });

  it('two reports naming the same photo at once: one gets it, the other photo_unknown with nothing written; a bad report does not sink the others', async () => {
    const gw = Number((await t.db.query(`SELECT id FROM account WHERE username = 'gridworker'`)).rows[0].id);
    const photo = '0b6f3c1e-3333-4222-8333-944445555777';
    await t.db.query(`INSERT INTO case_photo (id, uploaded_by, file, mime, size, width, height, sha256) VALUES ($1, $2, 'y.jpg', 'image/jpeg', 1, 1, 1, 'y')`, [photo, gw]);
    const actor = { ...systemActor('job:photo'), accountId: gw };
    const before = await counts();
    const [a, b, c, d] = await Promise.all([
      runCommand(t.db, actor, reportCase, await input({ photos: [photo] })).then((r) => r, (e) => e),
      runCommand(t.db, actor, reportCase, await input({ photos: [photo] })).then((r) => r, (e) => e),
      runCommand(t.db, actor, reportCase, await input()).then((r) => r, (e) => e),
      runCommand(t.db, actor, reportCase, await input({ photos: ['0b6f3c1e-4444-4222-8333-944445555888'] })).then((r) => r, (e) => e),
    ]);
    const [won, lost] = a instanceof AppError ? [b, a] : [a, b];
    expect(won).toMatchObject({ created: true });
    expect(lost).toMatchObject({ code: 'photo_unknown', params: { id: photo } });
    expect(c).toMatchObject({ created: true });
    expect(d).toMatchObject({ code: 'photo_unknown' });
    expect(Number((await t.db.query(`SELECT case_id FROM case_photo WHERE id = $1`, [photo])).rows[0].case_id)).toBe(won.id);
    const after = await counts();
    expect(Number(after.cases) - Number(before.cases)).toBe(2);
    expect(Number(after.audit) - Number(before.audit)).toBe(2);
  });
});
