/**
 * The case queue at scale (issue #13): BENCH_QUEUE_CASES (default 2,000,000) generated cases in 府城街道, in a
 * database kept between runs — on the embedded engine a data folder of its own (BENCH_QUEUES_DIR, default
 * <tmp>/gz-bench-queues-2m), on DATABASE_URL's server the database gongzhi_bench_2m — generated once and reused
 * when it already holds the cases, so that a re-run takes seconds. Then, for each view staff open, the first page
 * and a later page (by cursor, 20 pages in) as listCases answers them (the capped count included): p50 / p99 over
 * BENCH_QUEUE_RUNS (default 50) runs each, printed as a table.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { prepareDb } from '../src/boot.js';
import { loadConfig } from '../src/core/config.js';
import { startEmbedded } from '../src/core/db/embedded.js';
import { createDb, ensureDatabase, poolConfigFor, type Db } from '../src/core/db/pool.js';
import { deriveKeys } from '../src/core/privacy/keys.js';
import { generateCases } from '../src/modules/cases/generate.js';
import { listCases, type CaseFilter } from '../src/modules/cases/queries.js';
import { indexCaseSearch, rebuildCaseSearch, searchLag } from '../src/modules/cases/search.js';

type Line = (name: string, value: string) => void;
const N = Number(process.env.BENCH_QUEUE_CASES ?? 2_000_000);
const RUNS = Math.max(30, Number(process.env.BENCH_QUEUE_RUNS ?? 50));
const REGION = '460107002';

/** The kept database on one engine, prepared (migrated, demo loaded) and holding N generated cases. */
export async function withQueueDb(engine: 'embedded' | 'external', line: Line, fn: (db: Db) => Promise<void>): Promise<void> {
  const config = { ...loadConfig({}), demo: true };
  const keys = deriveKeys(randomBytes(32)); // the queue reads no personal data; the demo's phones are never decrypted here
  let db: Db;
  if (engine === 'embedded') {
    const dir = process.env.BENCH_QUEUES_DIR ?? path.join(os.tmpdir(), 'gz-bench-queues-2m');
    fs.mkdirSync(dir, { recursive: true });
    const server = await startEmbedded({ dataDir: dir });
    await ensureDatabase(poolConfigFor(server), 'gongzhi');
    db = createDb(poolConfigFor(server), 'embedded', () => server.stop());
  } else {
    const name = 'gongzhi_bench_2m';
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    if (!(await c.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rowCount) await c.query(`CREATE DATABASE ${name}`);
    await c.end();
    const u = new URL(process.env.DATABASE_URL!);
    u.pathname = '/' + name;
    db = createDb(u.toString(), 'external');
  }
  try {
    await prepareDb(db, config, keys);
    const { rows: [{ n }] } = await db.query(`SELECT count(*)::int AS n FROM cases WHERE path LIKE '/46/4601/460107/460107002/%'`);
    if (n < N) {
      const t0 = performance.now();
      await generateCases(db, { regionCode: REGION, count: N - n, days: 365, seed: 13, events: false });
      await db.query('VACUUM ANALYZE cases');
      line(`generate ${(N - n).toLocaleString('en')} cases into the kept database (s)`, ((performance.now() - t0) / 1000).toFixed(1));
    } else {
      await db.query('ANALYZE cases');
      line(`kept database reused (${n.toLocaleString('en')} cases in ${REGION})`, '-');
    }
    // the keyword search's terms (the job cases.search, run until it has caught up): built with the cases
    const lag = await searchLag(db);
    if (lag > 0) {
      const t0 = performance.now();
      await rebuildCaseSearch(db, { bulk: true });
      await indexCaseSearch(db);
      await indexCaseSearch(db); // past its checkpoint: the watermark moves up
      await db.query('VACUUM ANALYZE case_search');
      line(`index ${lag.toLocaleString('en')} cases for keyword search (s)`, ((performance.now() - t0) / 1000).toFixed(1));
    } else {
      await db.query('ANALYZE case_search');
    }
    await fn(db);
  } finally {
    await db.close();
  }
}

function pct(xs: number[], p: number) { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; }

async function timed(n: number, fn: () => Promise<unknown>) {
  await fn(); // warm: the first run reads the pages into the cache
  const ms: number[] = [];
  for (let i = 0; i < n; i++) { const t0 = performance.now(); await fn(); ms.push(performance.now() - t0); }
  return { p50: pct(ms, 50), p99: pct(ms, 99) };
}

/** The views staff open first, each as queueFilter builds it for that caller. */
export async function benchQueues(db: Db, line: Line): Promise<{ view: string; first: { p50: number; p99: number }; later: { p50: number; p99: number }; total: string }[]> {
  const path = async (code: string) => (await db.query(`SELECT path FROM region WHERE code = $1`, [code])).rows[0].path as string;
  const street = await path(REGION), community = await path('460107002001');
  // the grid worker's scope: the grids they staff (grids/scope.ts)
  const { rows: [gw] } = await db.query(
    `SELECT s.account_id, array_agg(s.path ORDER BY s.path) AS paths FROM grid_staff s JOIN account a ON a.id = s.account_id
      WHERE a.username = 'gridworker' AND s.until IS NULL GROUP BY s.account_id`);
  const base = { regionPath: null, limit: 50, offset: 0 };
  // a case number's first ten digits (a day and the start of the counter): a few hundred cases
  const { rows: [{ number }] } = await db.query(`SELECT number FROM cases WHERE path LIKE $1 ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET 5000`, [street + '%']);
  const numberPrefix = String(number).slice(0, 10);
  const views: [string, Omit<CaseFilter, 'limit' | 'offset' | 'regionPath'>][] = [
    ['community open queue, no filter', { scope: [community], states: ['open'] }],
    ['street whole queue, no filter', { scope: [street] }],
    ['street closed cases of one category (06 公用设施)', { scope: [street], states: ['closed'], category: '06' }],
    ['street closed cases of one leaf category (0601)', { scope: [street], states: ['closed'], category: '0601' }],
    ['grid worker open queue (their grids)', { scope: gw?.paths ?? [community], states: ['open'] }],
    ['street overdue only (仅超期)', { scope: [street], overdue: true }],
    ['street keyword search (q=漏水)', { scope: [street], q: '漏水' }],
    ['street keyword search (q=噪音)', { scope: [street], q: '噪音' }],
    ['street keyword search, rare: an address (q=文庄路177号)', { scope: [street], q: '文庄路177号' }],
    ['street keyword search, no case (q=地震)', { scope: [street], q: '地震' }],
    ['community keyword search (q=漏水)', { scope: [community], q: '漏水' }],
    ['community open cases by keyword (q=井盖)', { scope: [community], states: ['open'], q: '井盖' }],
    ['grid worker keyword search (q=噪音)', { scope: gw?.paths ?? [community], q: '噪音' }],
    [`street case number prefix (q=${numberPrefix})`, { scope: [street], q: numberPrefix }],
    ['community open queue, category + overdue', { scope: [community], states: ['open'], category: '0601', overdue: true }],
    ['community open queue, source + grid', { scope: [community], states: ['open'], source: 'resident', grid: '460107002001001' }],
    ['grid worker 我的待办 (mine=true)', { scope: gw?.paths ?? [community], mine: { accountId: Number(gw?.account_id ?? 0), departments: [], resident: false, communityPaths: [], streetPaths: [], propertyPaths: [], gridWorker: true } }],
    ['community staff 我的待办 (mine=true)', { scope: [community], mine: { accountId: 0, departments: [], resident: false, communityPaths: [community], streetPaths: [], propertyPaths: [], gridWorker: false } }],
  ];
  if (process.env.BENCH_QUEUE_EXPLAIN === '1') {
    // EXPLAIN (ANALYZE, BUFFERS) of each view's count and first page, as listCases sends them
    const explaining = { query: async (sql: string, params?: unknown[]) => {
      if (/^(SELECT count|WITH [mp] )/.test(sql.trim())) {
        const plan = (await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params)).rows.map((r) => r['QUERY PLAN']).join('\n');
        console.log(plan);
      }
      return db.query(sql, params);
    } } as unknown as Db;
    for (const [view, f] of views) { console.log(`\n=== ${view}`); await listCases(explaining, { ...base, ...f }); }
  }
  const out = [];
  for (const [view, f] of views) {
    const filter: CaseFilter = { ...base, ...f };
    const firstPage = await listCases(db, filter);
    // a later page: 20 pages in, by cursor
    let cursor = firstPage.nextCursor;
    for (let i = 0; i < 19 && cursor; i++) cursor = (await listCases(db, { ...filter, cursor, count: false })).nextCursor;
    const first = await timed(RUNS, () => listCases(db, filter));
    const later = cursor ? await timed(RUNS, () => listCases(db, { ...filter, cursor: cursor! })) : { p50: NaN, p99: NaN };
    const total = `${firstPage.total}${firstPage.totalCapped ? '+' : ''}`;
    out.push({ view, first, later, total });
  }
  const w = Math.max(...out.map((o) => o.view.length));
  line(`case queue at ${N.toLocaleString('en')} cases, ms over ${RUNS} runs`, '');
  line(`  ${'view'.padEnd(w)}  ${'total'.padStart(6)}  first p50 / p99   page 21 p50 / p99`, '');
  for (const o of out) {
    line(`  ${o.view.padEnd(w)}  ${o.total.padStart(6)}  ${o.first.p50.toFixed(1).padStart(7)} / ${o.first.p99.toFixed(1).padEnd(7)}  ${Number.isNaN(o.later.p50) ? '(one page only)'.padStart(17) : `${o.later.p50.toFixed(1).padStart(7)} / ${o.later.p99.toFixed(1)}`}`, '');
  }
  return out;
}

/** The queue views on one engine, in the kept database. */
export async function benchQueuesOn(engine: 'embedded' | 'external', line: Line): Promise<void> {
  await withQueueDb(engine, line, async (db) => { await benchQueues(db, line); });
}

// `node --import tsx bench/queues.ts [embedded|external]` runs this part alone
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const engine = (process.argv[2] ?? 'embedded') as 'embedded' | 'external';
  await benchQueuesOn(engine, (n, v) => console.log(`${engine.padEnd(9)} ${n.padEnd(58)} ${v}`));
}
