/**
 * The case loop and its figures (issue #12): 我的待办 agrees with the actions offered, a higher
 * level oversees every case below it, satisfaction comes from the reporter, one number per
 * figure, and generated cases read like real ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCases } from '../../src/modules/cases/generate.js';
import { testApp, type Session, type TestApp } from '../support/app.js';

let t: TestApp;
let community: Session, gridworker: Session, street: Session, resident: Session, department: Session;
let point: { lon: number; lat: number };
let deps: Record<string, number>;
let workerId: number;

beforeAll(async () => {
  t = await testApp();
  [community, gridworker, street, resident, department] = await Promise.all(['community', 'gridworker', 'street', 'resident', 'department'].map((u) => t.login(u)));
  const g = (await t.get('/api/grids/460107002001001', community)).body;
  point = { lon: (g.bbox[0] + g.bbox[2]) / 2, lat: (g.bbox[1] + g.bbox[3]) / 2 };
  const d = await t.get('/api/departments?region=460107002', street);
  deps = Object.fromEntries(d.body.items.map((x: any) => [x.kind, x.id]));
  workerId = Number((await t.db.query(`SELECT id FROM account WHERE username = 'gridworker'`)).rows[0].id);
});
afterAll(() => t.close());

const report = (s: Session, body: Record<string, unknown> = {}) => t.send('POST', '/api/cases', { categoryCode: '0601', description: '小区门口下水道堵塞，污水外溢', ...point, ...body }, s, { prefer: 'return=representation' });
const act = (s: Session, id: number, version: number, action: string, extra: Record<string, unknown> = {}) => t.send('POST', `/api/cases/${id}/actions`, { action, version, ...extra }, s);
const get = async (s: Session, id: number) => (await t.get(`/api/cases/${id}`, s)).body;

async function mineIds(s: Session): Promise<Set<number>> {
  const ids = new Set<number>();
  for (let offset = 0; ; offset += 200) {
    const r = await t.get(`/api/cases?mine=true&limit=200&offset=${offset}`, s);
    expect(r.status).toBe(200);
    for (const c of r.body.items) ids.add(c.id);
    if (r.body.items.length < 200) return ids;
  }
}

/** A resident's report the community escalated to the street, which dispatched it: a street-level case. */
async function streetDispatched(to: Record<string, unknown>) {
  const c = (await report(resident)).body;
  let r = await act(community, c.id, c.version, 'register');
  r = await act(community, c.id, r.body.version, 'escalate', { reason: '涉及多个小区，需街道协调' });
  expect(r.body).toMatchObject({ level: 'street', state: 'registered' });
  r = await act(street, c.id, r.body.version, 'dispatch', { dispatchTo: to });
  expect(r.status).toBe(200);
  return r.body;
}

const overdue = (id: number) => t.db.query(`UPDATE cases SET resolve_due = now() - interval '6 days', overdue_at = now() - interval '6 days' WHERE id = $1`, [id]);

describe('我的待办 (mine=true) holds every case the caller is waited on for, whatever level dispatched it', () => {
  it.each([
    ['community staff', () => community, { kind: 'community' }],
    ['the grid worker', () => gridworker, { kind: 'grid_worker', accountId: -1 }],
    ['a department', () => department, { kind: 'department', departmentId: -1 }],
  ])('a street-dispatched case handled by %s: in their to-do until they report back, then in the street\'s to verify', async (_n, who, target) => {
    const s = who();
    const to = target.kind === 'grid_worker' ? { ...target, accountId: workerId } : target.kind === 'department' ? { ...target, departmentId: deps.urban_management } : target;
    const c = await streetDispatched(to);
    await overdue(c.id);
    let d = await get(s, c.id);
    expect((await mineIds(s)).has(c.id)).toBe(true);
    expect(d.todo).toEqual(['accept']);
    let r = await act(s, c.id, d.version, 'accept');
    // 处置中, overdue: 处置反馈 is offered and the case is in their to-do (it was not, for the community)
    expect(r.body.state).toBe('accepted');
    expect(r.body.actions).toContain('handle');
    expect(r.body.overdue).toBe(true);
    expect((await mineIds(s)).has(c.id)).toBe(true);
    expect(r.body.todo).toContain('handle');
    // the street oversees it but is not waited on
    d = await get(street, c.id);
    expect(d.actions).toEqual(expect.arrayContaining(['supervise', 'urge', 'reassign']));
    expect(d.todo).toEqual([]);
    expect((await mineIds(street)).has(c.id)).toBe(false);
    r = await act(s, c.id, r.body.version, 'handle', { result: '已疏通，现场清理完毕' });
    expect(r.body.state).toBe('handled');
    expect((await mineIds(s)).has(c.id)).toBe(false);
    d = await get(street, c.id);
    expect(d.todo).toEqual(['verify_pass']);
    expect((await mineIds(street)).has(c.id)).toBe(true);
  });

  it('for every role, a case is in mine=true exactly when its detail says so (the to-do and the actions come from one rule)', async () => {
    const sessions = { community, gridworker, street, department };
    for (const [name, s] of Object.entries(sessions)) {
      const mine = await mineIds(s);
      const all = (await t.get('/api/cases?limit=80&state=open', s)).body.items.map((c: any) => c.id);
      const closed = (await t.get('/api/cases?limit=20&state=closed', s)).body.items.map((c: any) => c.id);
      const ids = [...new Set([...all, ...closed, ...mine])];
      expect(ids.length).toBeGreaterThan(0);
      const wrong: string[] = [];
      for (const id of ids) {
        const d = await get(s, id);
        if (d.mine !== mine.has(id)) wrong.push(`${name} #${id} ${d.state} level=${d.level} handler=${d.handler?.kind} todo=${d.todo} mine=${mine.has(id)}`);
        if (d.todo.length && !mine.has(id)) wrong.push(`${name} #${id}: to-do ${d.todo} but not in mine`);
      }
      expect(wrong).toEqual([]);
    }
  });
});

describe('a higher level supervises, hurries and reassigns every case in its subtree, at any level', () => {
  it('the street on a street-level case a community handles: 督办, 催办, 改派; the community cannot', async () => {
    const c = await streetDispatched({ kind: 'community' });
    let r = await act(community, c.id, c.version, 'accept');
    await overdue(c.id);
    const d = await get(street, c.id);
    expect(d.actions).toEqual(expect.arrayContaining(['supervise', 'urge', 'reassign', 'whistle', 'suspend']));
    expect(d.dispatchTargets.gridWorkers.length).toBeGreaterThan(0);
    expect((await act(community, c.id, d.version, 'urge', { reason: '请尽快处置' })).status).toBe(403);
    expect((await act(street, c.id, d.version, 'urge', {})).body.error.code).toBe('case_reason_required');
    r = await act(street, c.id, d.version, 'urge', { reason: '已超期，请今日内处置完毕' });
    expect(r.status).toBe(200);
    expect(r.body.state).toBe('accepted');
    const n = await t.get('/api/notifications?unread=true', community);
    expect(n.body.items.some((x: any) => x.caseId === c.id && x.kind === 'urged')).toBe(true);
    r = await act(street, c.id, r.body.version, 'supervise', { reason: '督办：超期六天' });
    expect(r.body.supervised).toBe(true);
    r = await act(street, c.id, r.body.version, 'reassign', { reason: '改由网格员现场处置', dispatchTo: { kind: 'grid_worker', accountId: workerId } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ state: 'dispatched', handler: { kind: 'grid_worker', accountId: workerId } });
    expect(r.body.timeline.at(-1)).toMatchObject({ action: 'reassign', note: '改由网格员现场处置' });
    expect((await mineIds(gridworker)).has(c.id)).toBe(true);
    expect((await mineIds(community)).has(c.id)).toBe(false);
    // reassigning still follows the dispatch catalogue
    expect((await act(street, c.id, r.body.version, 'reassign', { reason: '改派', dispatchTo: { kind: 'property', name: ' ' } })).status).toBe(400);
  });
});

describe('satisfaction comes from the reporter', () => {
  it('a grid worker cannot rate a case they discovered and closed on the spot; it has no rating and stays out of 满意率', async () => {
    const before = (await t.get('/api/metrics/cases?region=460107002&from=2020-01-01&to=2099-12-31', street)).body;
    const c = (await report(gridworker, { categoryCode: '0101', description: '路边暴露垃圾', onTheSpot: { result: '已清理' } })).body;
    expect(c.state).toBe('closed');
    expect(c.actions).not.toContain('rate');
    expect(c.rateable).toBe(false);
    const r = await t.send('POST', `/api/cases/${c.id}/rating`, { satisfaction: 'satisfied', resolved: true }, gridworker);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('case_not_rateable');
    expect((await t.send('POST', `/api/cases/${c.id}/rating`, { satisfaction: 'satisfied' }, community)).body.error.code).toBe('case_not_rateable');
    // an old rating on such a case (before this rule) does not count either
    await t.db.query(`UPDATE cases SET satisfaction = 'satisfied', resolved = true, rated_at = now(), rated_by = 'x' WHERE id = $1`, [c.id]);
    const after = (await t.get('/api/metrics/cases?region=460107002&from=2020-01-01&to=2099-12-31', street)).body;
    expect(after.counts.calledBack).toBe(before.counts.calledBack);
    expect(after.counts.total).toBe(before.counts.total + 1);
  });

  it('a resident\'s case: the handler may not call back; someone else records who called, when and the answer', async () => {
    const c = (await report(resident, { description: '楼下下水道堵了' })).body;
    const h = await act(gridworker, c.id, c.version, 'on_the_spot', { result: '已疏通' });
    let r = await act(community, c.id, h.body.version, 'verify_pass');
    r = await act(community, c.id, r.body.version, 'close');
    expect(r.body.state).toBe('closed');
    const w = await t.send('POST', `/api/cases/${c.id}/rating`, { satisfaction: 'satisfied', resolved: true }, gridworker);
    expect(w.status).toBe(403);
    expect(w.body.error.code).toBe('case_callback_by_handler');
    expect((await get(gridworker, c.id)).actions).not.toContain('rate');
    expect((await t.send('POST', `/api/cases/${c.id}/rating`, { satisfaction: 'satisfied', calledAt: '2099-01-01T00:00:00Z' }, community)).body.error.code).toBe('case_callback_time_invalid');
    const before = (await t.get('/api/metrics/cases?region=460107002&from=2020-01-01&to=2099-12-31', street)).body.counts.calledBack;
    const at = new Date(Date.now() - 10_000).toISOString();
    r = await t.send('POST', `/api/cases/${c.id}/rating`, { satisfaction: 'basic', resolved: true, note: '居民表示已经通了', calledAt: at }, community);
    expect(r.status).toBe(200);
    expect(r.body.rating).toMatchObject({ satisfaction: 'basic', byReporter: false, by: '府城社区工作人员' });
    expect(new Date(r.body.callback.at).toISOString()).toBe(at);
    expect(r.body.timeline.at(-1)).toMatchObject({ action: 'callback', actor: '府城社区工作人员', note: '居民表示已经通了', detail: { satisfaction: 'basic', caller: '府城社区工作人员', calledAt: at } });
    expect((await t.get('/api/metrics/cases?region=460107002&from=2020-01-01&to=2099-12-31', street)).body.counts.calledBack).toBe(before + 1);
  });

  it('states the rule in the metrics\' definitions', async () => {
    const doc = (await t.get('/api/openapi.json', street)).body;
    const text = JSON.stringify(doc.paths['/api/metrics/cases']);
    expect(text).toContain('满意度只来自反映人');
    expect(text).toContain('当前超期');
    const m = (await t.get('/api/metrics/cases?region=460107002&from=2026-12-01&to=2026-12-01', street)).body;
    expect(m.definitions.join('\n')).toMatch(/满意度只来自反映人[\s\S]*本期超期[\s\S]*当前超期/);
  });
});

describe('one definition per figure', () => {
  it('the metrics\' open-overdue figure is the queue\'s 仅超期 count for the same region', async () => {
    const m = (await t.get('/api/metrics/cases?region=460107002&from=2026-12-01&to=2026-12-01', street)).body;
    const q = (await t.get('/api/cases?region=460107002&overdue=true&limit=1', street)).body;
    expect(q.total).toBeGreaterThan(0);
    expect(m.openOverdue).toBe(q.total);
    const c = (await t.get('/api/metrics/cases?region=460107002001&from=2020-01-01&to=2099-12-31', community)).body;
    expect(c.openOverdue).toBe((await t.get('/api/cases?region=460107002001&overdue=true&limit=1', community)).body.total);
    // the rows the queue marks overdue are the rows it counts
    const page = (await t.get('/api/cases?region=460107002&state=open&limit=200', street)).body.items;
    const marked = page.filter((c: any) => c.overdue);
    expect(marked.every((c: any) => !['verified', 'suspended'].includes(c.state))).toBe(true);
    // the period's figure is its own: cases reported in the period that went overdue
    expect(m.overdue).toBeLessThanOrEqual(m.total);
  });
});

describe('generated cases read like real ones', () => {
  it('have addresses, varied descriptions for their category, a reporter and a timeline that matches their state', async () => {
    const { rows: [{ max }] } = await t.db.query(`SELECT COALESCE(max(id), 0) AS max FROM cases`);
    const n = await generateCases(t.db, { regionCode: '460107002', count: 400, days: 60, seed: 3 });
    expect(n).toBe(400);
    const { rows } = await t.db.query(
      `SELECT c.id, c.state, c.description, c.address, c.reporter_name, c.source, cat.name AS category, r.name AS community,
              COALESCE((SELECT array_agg(e.action ORDER BY e.id) FROM case_event e WHERE e.case_id = c.id), '{}') AS events
         FROM cases c JOIN case_category cat ON cat.code = c.category_code JOIN region r ON r.code = c.community_code WHERE c.id > $1`, [max]);
    expect(rows.length).toBe(400);
    for (const c of rows) {
      expect(c.address, `#${c.id}`).toMatch(/海口市琼山区府城街道.+(路|街|大道|巷|坊|道).*号/);
      expect(c.address).toContain(c.community);
      expect(c.description).not.toMatch(/Generated|演示/);
      expect(c.description.length).toBeGreaterThan(8);
      expect(c.reporter_name).not.toBe('演示');
      expect(c.reporter_name).toBeTruthy();
      const ev: string[] = c.events;
      expect(ev[0], `#${c.id} ${c.state} ${ev}`).toBe('report');
      const want: Record<string, string[]> = {
        reported: ['report'], rejected: ['report', 'reject'], registered: ['report', 'register'], dispatched: ['report', 'register', 'dispatch'],
        accepted: ['report', 'register', 'dispatch', 'accept'], handled: ['report', 'register', 'dispatch', 'accept', 'handle'],
        closed: ['report', 'register', 'dispatch', 'accept', 'handle', 'verify_pass', 'close'],
      };
      expect(ev.slice(0, want[c.state].length), `#${c.id} ${c.state}`).toEqual(want[c.state]);
    }
    // varied: many distinct texts, and each category's texts are about that category
    expect(new Set(rows.map((r) => r.description)).size).toBeGreaterThan(100);
    expect(new Set(rows.map((r) => r.address)).size).toBeGreaterThan(100);
    const sewer = rows.filter((r) => r.category === '下水道堵塞');
    for (const r of sewer) expect(r.description).toMatch(/下水|污水|排水|管道|井/);
  });
});
