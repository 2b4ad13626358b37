/**
 * The case queue's paging and counting (issue #13): keyset cursors, the capped total, the category subtree and
 * scope, on cases this file makes itself (marked 队列夹具 in their description), not on the demo's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, queuePaths } from '../../src/modules/cases/queries.js';
import { indexCaseSearch } from '../../src/modules/cases/search.js';
import { testApp, type Session, type TestApp } from '../support/app.js';

let t: TestApp;
let street: Session, community: Session;
let ownGrid: string, otherGrid: string;
const MARK = '队列夹具';

beforeAll(async () => {
  t = await testApp();
  [street, community] = await Promise.all(['street', 'community'].map((u) => t.login(u)));
  ownGrid = (await t.db.query(`SELECT code FROM grid WHERE community_code = '460107002001' AND kind = 'basic' ORDER BY code LIMIT 1`)).rows[0].code;
  otherGrid = (await t.db.query(`SELECT code FROM grid WHERE community_code LIKE '460107002%' AND community_code <> '460107002001' AND kind = 'basic' ORDER BY code LIMIT 1`)).rows[0].code;
});
afterAll(() => t.close());

let seq = 0;
/**
 * n cases in a grid, one second apart going back from `newest`, three at a time sharing the same instant
 * (microseconds included) so that the order falls back on the id.
 */
async function makeCases(n: number, o: { grid: string; tag: string; category?: string; state?: string; newest?: string }): Promise<number[]> {
  const base = seq;
  seq += n;
  const { rows } = await t.db.query(
    `INSERT INTO cases (number, source, category_code, state, description, address, street_code, community_code, grid_code, path, level, priority, created_at, updated_at)
     SELECT 'QF' || lpad(($2::int + i)::text, 10, '0'), 'staff', $3, $4, $5 || ' ' || $6 || ' #' || i, '测试地址', r.parent_code, g.community_code, g.code, g.path, 'grid', 'normal',
            $7::timestamptz - make_interval(secs => (i / 3)), $7::timestamptz
       FROM generate_series(0, $1::int - 1) i, grid g JOIN region r ON r.code = g.community_code
      WHERE g.code = $8
     RETURNING id`,
    [n, base, o.category ?? '0601', o.state ?? 'registered', MARK, o.tag, o.newest ?? '2026-06-01 10:00:00.123456+08', o.grid]);
  await indexCaseSearch(t.db); // q searches the words the job cases.search indexed
  return rows.map((r) => Number(r.id));
}

/** Every page of a query by cursor; the pages' ids in order. */
async function walk(s: Session, query: string, limit: number) {
  const ids: number[] = [];
  const pages: any[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 1000; i++) {
    const r = await t.get(`/api/cases?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, s);
    expect(r.status).toBe(200);
    pages.push(r.body);
    ids.push(...r.body.items.map((c: any) => c.id));
    cursor = r.body.nextCursor;
    if (!cursor) break;
  }
  return { ids, pages };
}

const expectedOrder = async (tag: string) => (await t.db.query(
  `SELECT id FROM cases WHERE description LIKE $1 ORDER BY created_at DESC, id DESC`, [`${MARK} ${tag} #%`])).rows.map((r) => Number(r.id));

describe('keyset paging', () => {
  it('returns every case exactly once, newest first (ties by id), across pages', async () => {
    const made = await makeCases(23, { grid: ownGrid, tag: 'walk' });
    const { ids, pages } = await walk(street, `q=${encodeURIComponent(`${MARK} walk`)}`, 5);
    expect(pages).toHaveLength(5);
    expect(new Set(ids).size).toBe(23);
    expect(ids.sort()).toEqual([...made].sort());
    expect((await walk(street, `q=${encodeURIComponent(`${MARK} walk`)}`, 5)).ids).toEqual(await expectedOrder('walk'));
    for (const p of pages) expect(p).toMatchObject({ total: 23, totalCapped: false });
    expect(pages[4].nextCursor).toBeNull();
    expect(pages[4].items).toHaveLength(3);
    // past the oldest: an empty page that still counts the whole filter
    const past = await t.get(`/api/cases?q=${encodeURIComponent(`${MARK} walk`)}&limit=5&cursor=${encodeCursor('2000-01-01 00:00:00.000000', 1)}`, street);
    expect(past.body).toMatchObject({ items: [], total: 23, totalCapped: false, nextCursor: null });
    // offset still works for existing callers, in the same order
    const off = await t.get(`/api/cases?q=${encodeURIComponent(`${MARK} walk`)}&limit=5&offset=5`, street);
    expect(off.body.items.map((c: any) => c.id)).toEqual((await expectedOrder('walk')).slice(5, 10));
  });

  it('a case reported between two pages does not repeat a row on the next page', async () => {
    await makeCases(10, { grid: ownGrid, tag: 'between' });
    const q = `q=${encodeURIComponent(`${MARK} between`)}&limit=4`;
    const p1 = (await t.get(`/api/cases?${q}`, street)).body;
    // a newer case arrives, and one at exactly the last row's instant with a higher id (it sorts before that row)
    await makeCases(1, { grid: ownGrid, tag: 'between', newest: '2026-07-01 10:00:00+08' });
    const lastAt = (await t.db.query(`SELECT created_at FROM cases WHERE id = $1`, [p1.items[3].id])).rows[0].created_at;
    await t.db.query(
      `INSERT INTO cases (number, source, category_code, state, description, street_code, community_code, grid_code, path, level, priority, created_at)
       SELECT 'QFTIE0000001', source, category_code, state, description || ' tie', street_code, community_code, grid_code, path, level, priority, created_at FROM cases WHERE id = $1`,
      [p1.items[3].id]);
    expect(lastAt).toBeTruthy();
    const seen = [...p1.items.map((c: any) => c.id)];
    let cursor = p1.nextCursor;
    while (cursor) {
      const p = (await t.get(`/api/cases?${q}&cursor=${cursor}`, street)).body;
      seen.push(...p.items.map((c: any) => c.id));
      cursor = p.nextCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(10);
  });

  it('caps the count at 1,000 and says so', async () => {
    await makeCases(1003, { grid: ownGrid, tag: 'many', category: '0701' });
    const r = await t.get(`/api/cases?q=${encodeURIComponent(`${MARK} many`)}&limit=10`, street);
    expect(r.body).toMatchObject({ total: 1000, totalCapped: true });
    expect(r.body.items).toHaveLength(10);
    expect(r.body.nextCursor).toEqual(expect.any(String));
    // exactly the cap is not capped
    const few = await t.get(`/api/cases?q=${encodeURIComponent(`${MARK} many #99`)}&limit=1`, street);
    expect(few.body).toMatchObject({ total: 1, totalCapped: false }); // words: #99 only, not #990–#999 (search.ts)
  });

  it('a malformed cursor is 400 cursor_invalid, in Chinese and English', async () => {
    const good = encodeCursor('2026-06-01 02:00:00.123456', 5);
    expect(decodeCursor(good)).toEqual({ at: '2026-06-01 02:00:00.123456', id: '5' });
    const bad = ['!!', 'abc', Buffer.from('2026-02-30 10:00:00.000000|5').toString('base64url'), Buffer.from('2026-06-01 10:00:00|5').toString('base64url'),
      Buffer.from('2026-06-01 10:00:00.000000|0').toString('base64url'), Buffer.from('2026-06-01 10:00:00.000000|99999999999999999').toString('base64url'),
      Buffer.from("2026-06-01 10:00:00.000000|5' OR 1=1").toString('base64url')];
    for (const c of bad) {
      const zh = await t.get(`/api/cases?cursor=${encodeURIComponent(c)}`, street, { 'accept-language': 'zh-CN' });
      expect(zh.status, c).toBe(400);
      expect(zh.body.error.code).toBe('cursor_invalid');
      expect(zh.body.error.message).toMatch(/翻页/);
    }
    const en = await t.get(`/api/cases?cursor=abc`, street, { 'accept-language': 'en' });
    expect(en.body.error).toMatchObject({ code: 'cursor_invalid', message: expect.stringMatching(/cursor/) });
  });
});

describe('scope and filters', () => {
  it('a crafted cursor never shows a community staff another community\'s case', async () => {
    const theirs = await makeCases(6, { grid: otherGrid, tag: 'theirs', newest: '2026-06-02 10:00:00+08' });
    const mine = await makeCases(6, { grid: ownGrid, tag: 'ours', newest: '2026-06-02 09:59:57+08' });
    // a cursor just before (newer than) the other community's newest case
    const { rows: [top] } = await t.db.query(`SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS k, id FROM cases WHERE id = $1`, [theirs[0]]);
    const crafted = encodeCursor(top.k.replace(/\.\d+$/, '.999999'), Number(top.id) + 1);
    const r = await t.get(`/api/cases?cursor=${crafted}&limit=200`, community);
    expect(r.status).toBe(200);
    const ids = r.body.items.map((c: any) => c.id);
    for (const id of theirs) expect(ids).not.toContain(id);
    for (const id of mine) expect(ids).toContain(id);
    expect(r.body.items.every((c: any) => c.communityCode === '460107002001')).toBe(true);
    // and asking for the other community outright is refused
    const other = (await t.db.query(`SELECT community_code FROM grid WHERE code = $1`, [otherGrid])).rows[0].community_code;
    expect((await t.get(`/api/cases?region=${other}&cursor=${crafted}`, community)).status).toBe(403);
    // the street sees both
    const s = await t.get(`/api/cases?cursor=${crafted}&limit=200`, street);
    for (const id of [...theirs, ...mine]) expect(s.body.items.map((c: any) => c.id)).toContain(id);
  });

  it('a category filter takes in its sub-categories', async () => {
    const sewer = await makeCases(2, { grid: ownGrid, tag: 'cat', category: '0601' });
    const light = await makeCases(2, { grid: ownGrid, tag: 'cat', category: '0602' });
    const road = await makeCases(2, { grid: ownGrid, tag: 'cat', category: '0701' });
    const q = `q=${encodeURIComponent(`${MARK} cat`)}&limit=50`;
    const parent = (await t.get(`/api/cases?${q}&category=06`, street)).body;
    expect(parent.items.map((c: any) => c.id).sort()).toEqual([...sewer, ...light].sort());
    expect(parent.total).toBe(4);
    const leaf = (await t.get(`/api/cases?${q}&category=0602`, street)).body;
    expect(leaf.items.map((c: any) => c.id).sort()).toEqual([...light].sort());
    const other = (await t.get(`/api/cases?${q}&category=07`, street)).body;
    expect(other.items.map((c: any) => c.id).sort()).toEqual([...road].sort());
    expect((await t.get(`/api/cases?${q}&category=99`, street)).body).toMatchObject({ items: [], total: 0, totalCapped: false, nextCursor: null });
  });

  it('我的待办 (mine=true, a union of index-backed branches) pages by cursor like the rest', async () => {
    await makeCases(7, { grid: ownGrid, tag: 'todo', state: 'reported' });
    for (const who of ['community', 'gridworker', 'street', 'department']) {
      const s = who === 'community' ? community : who === 'street' ? street : await t.login(who);
      const whole = await walk(s, 'mine=true', 200);
      const { ids, pages } = await walk(s, 'mine=true', 7);
      expect(ids).toEqual(whole.ids);
      expect(new Set(ids).size).toBe(ids.length);
      expect(pages[0].total).toBe(whole.pages[0].total);
      if (!pages[0].totalCapped) expect(pages[0].total).toBe(ids.length);
      else expect(ids.length).toBeGreaterThan(1000);
      // newest first throughout
      const at = (await t.db.query(`SELECT id, created_at FROM cases WHERE id = ANY($1::bigint[])`, [ids])).rows;
      const when = new Map(at.map((r) => [Number(r.id), r.created_at.getTime()]));
      for (let i = 1; i < ids.length; i++) expect(when.get(ids[i - 1])! >= when.get(ids[i])!).toBe(true);
      if (who === 'community') for (const id of await expectedOrder('todo')) expect(ids).toContain(id);
    }
  });

  it('the scope and the region asked for are one path test', () => {
    const st = '/46/4601/460107/460107002/', c1 = `${st}460107002001/`, c2 = `${st}460107002002/`;
    expect(queuePaths([st], null)).toEqual([st]);
    expect(queuePaths([st], c1)).toEqual([c1]);
    expect(queuePaths([c1], st)).toEqual([c1]); // a region above the scope narrows nothing
    expect(queuePaths([c1, c2], st)).toEqual([c1, c2]);
    expect(queuePaths([c1], c2)).toEqual([]);
    expect(queuePaths([c1, `${c1}460107002001001/`], null)).toEqual([c1]);
  });

  it('the export walks the queue by keyset pages', async () => {
    const r = await t.app.fastify.inject({ method: 'GET', url: `/api/cases/export?q=${encodeURIComponent(`${MARK} walk`)}`, headers: { cookie: street.cookie } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('spreadsheetml');
  });
});
