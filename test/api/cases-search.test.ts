/**
 * Case keyword search through HTTP (GET /api/cases?q=, search.ts): a case is found by a word of its
 * description and of its address, by its number's prefix, never outside the caller's scope, as soon as the
 * job cases.search has run once after it was reported (it runs every 500 ms) — also a case whose id was
 * taken before another's but committed after it — and a bad q is a clean 400 or an empty list.
 * The cases are made here (marked with a token of this run), not the demo's.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { casesModule } from '../../src/modules/cases/index.js';
import { indexCaseSearch, reindexCase, SEARCH_ACTOR, searchLag, searchTuning } from '../../src/modules/cases/search.js';
import { testApp, type Session, type TestApp } from '../support/app.js';

let t: TestApp;
let worker: Session, street: Session, community: Session, elsewhere: Session;
let point: { lon: number; lat: number };
const TOKEN = 'zq' + randomBytes(4).toString('hex'); // a word no other case has

beforeAll(async () => {
  t = await testApp();
  [worker, street, community, elsewhere] = await Promise.all(['gridworker', 'street', 'community', 'nanchang'].map((u) => t.login(u)));
  const g = (await t.get('/api/grids/460107002001001', worker)).body;
  point = { lon: (g.bbox[0] + g.bbox[2]) / 2, lat: (g.bbox[1] + g.bbox[3]) / 2 };
  await indexCaseSearch(t.db); // the demo's cases, as the job does at start
});
afterAll(() => t.close());

const report = async (description: string, address: string) => {
  const r = await t.send('POST', '/api/cases', { categoryCode: '0601', description, address, ...point }, worker);
  expect(r.status).toBe(201);
  return r.body as { id: number; number: string };
};
const search = async (q: string, s: Session = street) => t.get(`/api/cases?q=${encodeURIComponent(q)}&limit=50`, s);
const ids = (r: { body: any }) => (r.body.items as { id: number }[]).map((c) => c.id);

describe('GET /api/cases?q= finds cases by words', () => {
  let leak: { id: number; number: string };
  beforeAll(async () => {
    leak = await report(`${TOKEN} 楼道的WiFi路由器旁边水管漏水，地面积水 NULL`, '文庄路177号小区北门');
    await report(`${TOKEN} 工地晚上施工噪音很大`, '忠介路12号');
    await indexCaseSearch(t.db);
  });

  // both ways the queue reads a word's matches: by id when they are few, window by window when they are many
  it.each<[string, boolean, number]>(([
    ['漏水', true], // a word of the description
    ['水管 漏水', true], // AND, any order
    ['漏水 水管', true],
    ['漏', true], // one character
    ['WIFI', true], // mixed Chinese/ASCII, any case
    ['路由器', true],
    ['文庄路', true], // a word of the address
    ['文庄路177号', true],
    ['177', true],
    ['北门', true],
    ['null', true], // a word like any other (not an SQL NULL in the terms)
    ['噪音', false], // the other case's word
    ['漏水 噪音', false], // AND: both words needed
    ['17', false], // numbers are whole words
  ] as [string, boolean][]).flatMap(([w, f]): [string, boolean, number][] => [[w, f, 2000], [w, f, 0]]))('%j: %s (few = %i)', async (word, found, few) => {
    searchTuning.few = few;
    try {
      const r = await search(`${TOKEN} ${word}`);
      expect(r.status).toBe(200);
      expect(ids(r).includes(leak.id)).toBe(found);
      if (found) expect(r.body.total).toBe(1);
    } finally { searchTuning.few = 2000; }
  });

  it('by its number and a prefix of it', async () => {
    expect(ids(await search(leak.number))).toEqual([leak.id]);
    const prefix = await search(leak.number.slice(0, -1));
    expect(ids(prefix)).toContain(leak.id);
    expect(prefix.body.items.every((c: any) => c.number.startsWith(leak.number.slice(0, -1)))).toBe(true);
  });

  it('a long number is also a word (a phone number), a short one only a word', async () => {
    const tag = String(100000 + (Date.now() % 900000)); // six digits, as the console's e2e test uses
    const c = await report(`${TOKEN} 联系电话13912345678，测试${tag}`, '崇德路2号');
    await indexCaseSearch(t.db);
    expect(ids(await search('13912345678'))).toContain(c.id);
    expect(ids(await search(tag))).toContain(c.id);
    expect(ids(await search(`${TOKEN} ${tag}`))).toEqual([c.id]);
  });

  it('never outside the caller\'s scope', async () => {
    expect(ids(await search(`${TOKEN} 漏水`, community))).toEqual([leak.id]);
    const other = await search(`${TOKEN} 漏水`, elsewhere);
    expect(other.status).toBe(200);
    expect(other.body).toMatchObject({ items: [], total: 0 });
    expect(ids(await search(leak.number, elsewhere))).toEqual([]);
  });

  it('bad q: too long is 400; only punctuation or hostile characters is an empty list, not an error', async () => {
    const long = await search('漏'.repeat(51));
    expect(long.status).toBe(400);
    for (const q of ['？！。', '%', '_', '\\', "'", '"', '%_\\\'"', '--', '*']) {
      const r = await search(q);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ items: [], total: 0 });
    }
    // hostile characters beside a word are ignored, the word is searched
    expect(ids(await search(`%${TOKEN}_'" \\漏水%`))).toEqual([leak.id]);
    expect(ids(await search(`${TOKEN}' OR '1'='1`))).toEqual([]); // or and 1 are words too: AND
    // an empty q is no filter
    expect((await t.get('/api/cases?q=&limit=1', street)).body.total).toBeGreaterThan(1);
  });
});

describe('search keys qualified by region (migration 1230, search.ts scopedKeys)', () => {
  it('the database keys each term after the codes of the case\'s community and grid', async () => {
    const keys = async (path: string) => ((await t.db.query(`SELECT case_search_scoped(ARRAY['漏水', 'wifi'], $1) AS k`, [path])).rows[0].k as string[]).sort();
    expect(await keys('/46/4601/460107/460107002/460107002001/460107002001001/')).toEqual([
      '460107002001:漏水', '460107002001:wifi', '460107002001001:漏水', '460107002001001:wifi'].sort());
    expect(await keys('/46/4601/460107/460107002/')).toEqual([]);
  });

  it('weekly keys (migration 1231): a week runs from Monday 00:00 China time; a window names its weeks up to the next one', async () => {
    const week = async (at: string) => (await t.db.query(`SELECT case_search_weekly(ARRAY['漏水'], $1::timestamptz) AS k`, [at])).rows[0].k[0] as string;
    const n = (k: string) => Number(k.split('@')[1]);
    expect(await week('1970-01-05 00:00:00+08')).toBe('漏水@0');
    expect(await week('1970-01-04 23:59:59+08')).toBe('漏水@-1');
    expect(n(await week('2026-12-07 00:00:00+08')) - n(await week('2026-12-06 23:59:59+08'))).toBe(1); // Sunday → Monday
    expect(await week('2026-12-06 23:59:59+08')).toBe(await week('2026-11-30 00:00:00+08')); // Monday → Sunday: one week
    const { rows: [r] } = await t.db.query(`SELECT case_search_week_keys('漏水', now() - interval '14 days') AS k, case_search_weekly(ARRAY['漏水'], now()) AS now`);
    expect(r.k.length).toBeGreaterThanOrEqual(4); // 3 or 4 weeks back to now, and the next
    expect(r.k).toContain(r.now[0]);
  });

  it('a case is found by a word in its grid, its community and its street, and not in another grid or community', async () => {
    const c = await report(`${TOKEN} 路灯整夜不亮`, '府城社区');
    await indexCaseSearch(t.db);
    const { rows: [{ path }] } = await t.db.query(`SELECT path FROM cases WHERE id = $1`, [c.id]);
    const codes = path.split('/').filter(Boolean);
    expect(codes.length).toBe(6);
    const scoped = async (paths: string[]) => {
      const { listCases } = await import('../../src/modules/cases/queries.js');
      return (await listCases(t.db, { scope: paths, regionPath: null, q: `${TOKEN} 路灯`, limit: 10, offset: 0 })).items.map((i) => i.id);
    };
    const up = (n: number) => '/' + codes.slice(0, n).join('/') + '/';
    for (const n of [3, 4, 5, 6]) expect(await scoped([up(n)]), up(n)).toEqual([c.id]);
    expect(await scoped([up(5) + '460107002001999/'])).toEqual([]);
    expect(await scoped([up(4) + codes[3] + '999/'])).toEqual([]);
    expect(await scoped([up(5) + '460107002001999/', up(6)])).toEqual([c.id]); // two grids, one of them the case's
  });
});

describe('the job cases.search', () => {
  it('is declared to run at least every second', () => {
    const job = casesModule.jobs!.find((j) => j.name === 'cases.search');
    expect(job?.everyMs).toBeLessThanOrEqual(1000);
  });

  it('a reported case is found after one run of the job (not before: the intake writes no terms)', async () => {
    const c = await report(`${TOKEN} 刚刚报告的井盖缺失`, '凤翔路8号');
    expect(ids(await search(`${TOKEN} 井盖缺失`))).toEqual([]);
    expect(await searchLag(t.db)).toBeGreaterThan(0);
    const before = (await t.get('/api/health')).body.search;
    expect(before.unindexed).toBe(await searchLag(t.db));
    expect(before.oldestSeconds).toBeGreaterThanOrEqual(0);
    await indexCaseSearch(t.db);
    expect(ids(await search(`${TOKEN} 井盖缺失`))).toEqual([c.id]);
    expect(await searchLag(t.db)).toBe(0);
    // /api/health shows the lag: none once the job has run
    expect((await t.get('/api/health')).body.search).toEqual({ unindexed: 0, oldestSeconds: null });
  });

  it('a case whose id was taken before another\'s but committed after it is still found', async () => {
    const late = await t.db.pool.connect(); // a connection of its own, its transaction left open
    try {
      await late.query('BEGIN');
      const { rows: [g] } = await late.query(`SELECT g.code, g.community_code, g.path, r.parent_code FROM grid g JOIN region r ON r.code = g.community_code WHERE g.code = '460107002001001'`);
      const { rows: [{ id: lateId }] } = await late.query(
        `INSERT INTO cases (number, source, category_code, state, description, address, street_code, community_code, grid_code, path, level, priority)
         VALUES ($1, 'staff', '0601', 'reported', $2, '鼓楼街3号', $3, $4, $5, $6, 'grid', 'normal') RETURNING id`,
        ['LATE' + TOKEN, `${TOKEN} 迟到的路灯不亮`, g.parent_code, g.community_code, g.code, g.path]);
      // a later case commits first, and the job runs twice (a checkpoint, then past it) while the first is open
      const early = await report(`${TOKEN} 先提交的路灯不亮`, '鼓楼街5号');
      await indexCaseSearch(t.db);
      await indexCaseSearch(t.db);
      expect(ids(await search(`${TOKEN} 路灯不亮`))).toEqual([early.id]);
      const { rows: [st] } = await t.db.query(`SELECT watermark FROM case_search_state`);
      expect(Number(st.watermark)).toBeLessThan(Number(lateId));
      await late.query('COMMIT');
      await indexCaseSearch(t.db);
      expect(ids(await search(`${TOKEN} 路灯不亮`)).sort()).toEqual([early.id, Number(lateId)].sort());
    } finally {
      late.release();
    }
  });

  it('a changed description is indexed again (reindexCase), and an older text never replaces a newer one', async () => {
    const c = await report(`${TOKEN} 绿化带杂草丛生`, '高登街1号');
    await indexCaseSearch(t.db);
    await t.db.tx(async (tx) => {
      await tx.query(`UPDATE cases SET description = $2, version = version + 1 WHERE id = $1`, [c.id, `${TOKEN} 大树倒伏压住围墙`]);
      await reindexCase(tx, SEARCH_ACTOR, c.id);
    });
    expect(ids(await search(`${TOKEN} 大树倒伏`))).toEqual([c.id]);
    expect(ids(await search(`${TOKEN} 杂草丛生`))).toEqual([]);
    // a rebuild batch carrying the old version's terms changes nothing
    const { indexCases } = await import('../../src/modules/cases/commands/index-cases.js');
    const { runCommand } = await import('../../src/core/command.js');
    await runCommand(t.db, SEARCH_ACTOR, indexCases, { cases: [{ id: c.id, version: 1, createdAt: new Date(), path: '/46/', terms: ['杂草'] }], rebuild: false });
    expect(ids(await search(`${TOKEN} 大树倒伏`))).toEqual([c.id]);
  });
});

describe('open cases by word: their own copy of the terms (migration 1240, syncOpenCopies)', () => {
  let resident: Session;
  const WORD = TOKEN + ' 井盖松动';
  const openSearch = (s: Session = community) => t.get(`/api/cases?state=open&q=${encodeURIComponent(WORD)}&limit=50`, s);
  const act = (s: Session, id: number, version: number, action: string, extra: Record<string, unknown> = {}) =>
    t.send('POST', `/api/cases/${id}/actions`, { action, version, ...extra }, s);
  const copies = async (ids: number[]) => (await t.db.query(`SELECT case_id FROM case_search_open WHERE case_id = ANY($1) ORDER BY case_id`, [ids])).rows.map((r) => Number(r.case_id));
  beforeAll(async () => { resident = await t.login('resident'); });

  it('a closed or rejected case leaves the open queue\'s search, a reopened one comes back; counts follow', async () => {
    const a = await report(`${WORD}，有行人绊倒`, '文庄路3号');
    const r0 = await t.send('POST', '/api/cases', { categoryCode: '0601', description: `${WORD}，车辆经过响声很大`, address: '文庄路5号', ...point }, resident);
    expect(r0.status).toBe(201);
    const b = r0.body as { id: number };
    await indexCaseSearch(t.db);
    expect(await copies([a.id, b.id])).toEqual([a.id, b.id].sort((x, y) => x - y));
    let r = await openSearch();
    expect(ids(r).sort()).toEqual([a.id, b.id].sort());
    expect(r.body.total).toBe(2);
    // rejected: final — gone from the open search, still found without the state filter
    const ga = (await t.get(`/api/cases/${a.id}`, community)).body;
    expect((await act(community, a.id, ga.version, 'reject', { reason: '重复反映' })).status).toBe(200);
    r = await openSearch();
    expect(ids(r)).toEqual([b.id]);
    expect(r.body.total).toBe(1);
    expect(ids(await search(WORD, community))).toContain(a.id);
    // walked to closed: gone; reopened by the resident's rating: back
    let c = await act(community, b.id, (await t.get(`/api/cases/${b.id}`, community)).body.version, 'register');
    const gw = c.body.dispatchTargets.gridWorkers.find((w: any) => w.gridCode === '460107002001001');
    c = await act(community, b.id, c.body.version, 'dispatch', { dispatchTo: { kind: 'grid_worker', accountId: gw.accountId } });
    c = await act(worker, b.id, c.body.version, 'accept');
    c = await act(worker, b.id, c.body.version, 'handle', { result: '已更换井盖' });
    c = await act(community, b.id, c.body.version, 'verify_pass');
    c = await act(community, b.id, c.body.version, 'close');
    expect(c.body.state).toBe('closed');
    r = await openSearch();
    expect(r.body).toMatchObject({ items: [], total: 0 });
    expect(await copies([a.id, b.id])).toEqual([]);
    c = await t.send('POST', `/api/cases/${b.id}/rating`, { satisfaction: 'dissatisfied', reopen: true, reason: '又松了' }, resident);
    expect(c.body.state).toBe('accepted');
    r = await openSearch();
    expect(ids(r)).toEqual([b.id]);
    // a named open state and 仅超期 read the same copy; a final state the whole index
    expect(ids(await t.get(`/api/cases?state=accepted&q=${encodeURIComponent(WORD)}`, community))).toEqual([b.id]);
    expect(ids(await t.get(`/api/cases?state=rejected&q=${encodeURIComponent(WORD)}`, community))).toEqual([a.id]);
    expect(ids(await t.get(`/api/cases?state=open&q=${encodeURIComponent(WORD)}`, street))).toEqual([b.id]);
  });

  it('a case closed before the job indexes it gets no copy; the job\'s second look mends a copy missing or left over', async () => {
    const spot = await t.send('POST', '/api/cases', { categoryCode: '0101', description: `${WORD} 旁边有垃圾`, address: '文庄路7号', ...point, onTheSpot: { result: '已清理' } }, worker);
    expect(spot.body.state).toBe('closed');
    const open = await report(`${WORD} 在人行道上`, '文庄路9号');
    await indexCaseSearch(t.db);
    expect(await copies([spot.body.id, open.id])).toEqual([open.id]);
    // as if a change of state had committed while the job's batch was being written: the copies the wrong way round
    await t.db.query(`DELETE FROM case_search_open WHERE case_id = $1`, [open.id]);
    await t.db.query(`INSERT INTO case_search_open (case_id, created_at, path, terms) SELECT case_id, created_at, path, terms FROM case_search WHERE case_id = $1`, [spot.body.id]);
    const { syncOpenCases } = await import('../../src/modules/cases/commands/index-cases.js');
    const { runCommand } = await import('../../src/core/command.js');
    await runCommand(t.db, SEARCH_ACTOR, syncOpenCases, { ids: [spot.body.id, open.id] });
    expect(await copies([spot.body.id, open.id])).toEqual([open.id]);
    // a copy left over is never shown: the queue tests the case's own state
    await t.db.query(`INSERT INTO case_search_open (case_id, created_at, path, terms) SELECT case_id, created_at, path, terms FROM case_search WHERE case_id = $1`, [spot.body.id]);
    expect(ids(await t.get(`/api/cases?state=open&q=${encodeURIComponent(WORD + ' 垃圾')}`, community))).toEqual([]);
  });
});
