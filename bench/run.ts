/**
 * npm run bench — the foundation's figures, on the embedded server and, when
 * DATABASE_URL is set, on that server too (in a fresh database, dropped afterwards):
 *   cold start to ready (s): first start on an empty data folder (initdb, migrations, demo) and a restart
 *   resident-set memory after start (MB): the Node process, and the embedded PostgreSQL processes
 *   GET /api/regions/{code}: p50 / p99 latency (ms) and throughput (req/s), autocannon, 10 s, 16 connections, loopback
 *   phone pages (BENCH_WEB=0 skips): bytes transferred and time to shown of the public 红黑榜 and the resident's
 *   report page (and the console's sign-in page), cold and warm cache, headless Chromium on a throttled network (bench/web.ts)
 *   campaigns (BENCH_CAMPAIGNS=0 skips): a campaign over a street of 50,000 households, roll-up read p50 / p99 while 8 connections record items (bench/campaigns.ts)
 *   contact cards (BENCH_CARDS=0 skips): a community of 60 grids' cards as one PDF, seconds and bytes (bench/cards.ts)
 *   audit log (BENCH_AUDIT=0 skips): appends/s at concurrency 32 with the chainer beside them, the chain's largest lag, the chainer's rows/s (bench/audit.ts)
 *   care plans (BENCH_CARE=0 skips): a grid's due list p50 / p99 and a district's compliance for a month at 100,000 plan residents (bench/care.ts)
 *   the case queue's views at 2,000,000 cases (BENCH_QUEUES=0 skips): first and later page p50 / p99 (bench/queues.ts),
 *   in a database kept between runs (not dropped: generated once, reused)
 * Every load is bounded in time and goes only to 127.0.0.1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { GridLocator } from '../src/modules/grids/locator.js';
import { layoutGrids } from '../src/modules/grids/demo.js';
import { PolygonIndex } from '../src/core/geo/spatial-index.js';
import { bboxOf } from '../src/core/geo/polygon.js';
import { benchImport, benchResidentSearch } from './people.js';
import { benchCasesAtScale } from './cases.js';
import { benchIntakeEngine } from './intake.js';
import { benchQueues, withQueueDb } from './queues.js';
import { benchPartyAtScale } from './party.js';
import { benchCareAtScale } from './care.js';
import { benchAudit } from './audit.js';
import { benchCampaigns } from './campaigns.js';
import { benchCards } from './cards.js';
import { benchWebPages, WEB_PROFILE } from './web.js';
import { buildWeb } from '../bin/build-web.js';
import { loadConfig } from '../src/core/config.js';
import { startEmbedded } from '../src/core/db/embedded.js';
import { createDb, ensureDatabase, poolConfigFor } from '../src/core/db/pool.js';
import { prepareDb } from '../src/boot.js';
import { deriveKeys } from '../src/core/privacy/keys.js';
import { randomBytes } from 'node:crypto';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 16;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

interface Running { child: ChildProcess; port: number; seconds: number; }

async function start(env: Record<string, string>): Promise<Running> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/main.ts')], {
    cwd: root, env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${out}`);
    if (Date.now() > deadline) throw new Error(`server not ready in 120 s:\n${out}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (r.ok) break;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 25));
  }
  return { child, port, seconds: (performance.now() - t0) / 1000 };
}

async function stop(r: Running) {
  r.child.kill('SIGINT');
  await new Promise((res) => (r.child.exitCode !== null ? res(null) : r.child.once('exit', res)));
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

function postgresRssMb(dataDir: string): number {
  let total = 0;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const ppidLine = /PPid:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      const isMaster = cmd.includes(path.join(dataDir, 'pg'));
      const parentCmd = ppidLine ? fs.readFileSync(`/proc/${ppidLine[1]}/cmdline`, 'utf8') : '';
      if (isMaster || parentCmd.includes(path.join(dataDir, 'pg'))) total += rssMb(Number(pid));
    } catch { /* process gone */ }
  }
  return total;
}

async function login(port: number, username: string): Promise<string> {
  const r = await fetch(`http://127.0.0.1:${port}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'gongzhi-demo' }) });
  if (!r.ok) throw new Error(`login failed: ${r.status}`);
  return r.headers.getSetCookie().find((c) => c.startsWith('gz_session='))!.split(';')[0];
}

async function load(port: number, cookie: string, url: string) {
  const result = await autocannon({ url: `http://127.0.0.1:${port}${url}`, connections: CONNECTIONS, duration: DURATION, headers: { cookie } });
  if (result.non2xx) throw new Error(`${result.non2xx} non-2xx responses`);
  return { p50: result.latency.p50, p99: result.latency.p99, rps: result.requests.average, total: result.requests.total };
}

const line = (engine: string, name: string, value: string) => console.log(`${engine.padEnd(9)} ${name.padEnd(58)} ${value}`);

async function benchEngine(engine: 'embedded' | 'external') {
  const env: Record<string, string> = { GONGZHI_DEMO: '1', LOG_LEVEL: 'error' };
  let dataDir = '';
  let dropDb: (() => Promise<void>) | null = null;
  if (engine === 'embedded') {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gz-bench-'));
    env.GONGZHI_DATA_DIR = dataDir;
  } else {
    const base = process.env.DATABASE_URL!;
    const name = `gongzhi_bench_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(base);
    u.pathname = '/' + name;
    env.DATABASE_URL = u.toString();
    dropDb = async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  const childEnv = engine === 'embedded' ? { ...env, DATABASE_URL: '' } : env;
  try {
    const first = await start(childEnv);
    line(engine, 'cold start to ready, empty database (s)', first.seconds.toFixed(2));
    await stop(first);
    const again = await start(childEnv);
    line(engine, 'cold start to ready, existing database (s)', again.seconds.toFixed(2));
    await new Promise((r) => setTimeout(r, 1000));
    line(engine, 'resident memory after start, Node process (MB)', rssMb(again.child.pid!).toFixed(0));
    if (engine === 'embedded') line(engine, 'resident memory after start, embedded PostgreSQL (MB)', postgresRssMb(dataDir).toFixed(0));
    const cookie = await login(again.port, 'street');
    await load(again.port, cookie, '/api/regions/460107002'); // warm-up (not reported)
    const r = await load(again.port, cookie, '/api/regions/460107002');
    line(engine, `GET /api/regions/{code} p50 latency (ms, ${CONNECTIONS} conn, ${DURATION} s)`, r.p50.toFixed(1));
    line(engine, `GET /api/regions/{code} p99 latency (ms)`, r.p99.toFixed(1));
    line(engine, `GET /api/regions/{code} throughput (req/s)`, r.rps.toFixed(0));
    const grid = await (await fetch(`http://127.0.0.1:${again.port}/api/grids/460107002001003`, { headers: { cookie } })).json();
    const [x0, y0, x1, y1] = grid.bbox;
    const locateUrl = `/api/grids/locate?lon=${(x0 + x1) / 2}&lat=${(y0 + y1) / 2}`;
    await load(again.port, cookie, locateUrl);
    const l = await load(again.port, cookie, locateUrl);
    line(engine, `GET /api/grids/locate p50 latency (ms)`, l.p50.toFixed(1));
    line(engine, `GET /api/grids/locate p99 latency (ms)`, l.p99.toFixed(1));
    line(engine, `GET /api/grids/locate throughput (req/s)`, l.rps.toFixed(0));
    line(engine, 'resident memory after load, Node process (MB)', rssMb(again.child.pid!).toFixed(0));
    await stop(again);
    // intake beside pgbench, statements and CPU per case, and the signed-in read rate: its own app process and database (bench/intake.ts)
    if (process.env.BENCH_INTAKE !== '0') await benchIntakeEngine(engine, (n, v) => line(engine, n, v));
  } finally {
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    await dropDb?.();
  }
}

/** Point → grid in process: 10,000 grid polygons, 200,000 random points over their extent. */
function benchInProcessLocate() {
  const communities = Array.from({ length: 500 }, (_, i) => ({ code: String(150102000000 + i * 7 + 1).padStart(12, '0'), name: `社区${i}`, streetCode: `s${Math.floor(i / 25)}`, path: `/c${i}/` }));
  const grids = layoutGrids(communities, { center: [111.7, 40.85], basic: 8500, dedicated: 1500 });
  const entries = grids.map((g) => ({ bbox: bboxOf(g.geometry), geometry: g.geometry, item: { code: g.code, name: g.name, kind: g.kind, communityCode: g.communityCode } }));
  const t0 = performance.now();
  const index = new PolygonIndex(entries);
  const buildMs = performance.now() - t0;
  const box = entries.reduce((b, e) => [Math.min(b[0], e.bbox[0]), Math.min(b[1], e.bbox[1]), Math.max(b[2], e.bbox[2]), Math.max(b[3], e.bbox[3])], [Infinity, Infinity, -Infinity, -Infinity]);
  const N = 200_000;
  const pts = new Float64Array(N * 2);
  for (let i = 0; i < N; i++) { pts[2 * i] = box[0] + Math.random() * (box[2] - box[0]); pts[2 * i + 1] = box[1] + Math.random() * (box[3] - box[1]); }
  const state = { grids: index, communities: { containing: () => [] }, streets: { containing: () => [] }, communityByCode: new Map(communities.map((c) => [c.code, c])), streetByCode: new Map() } as any;
  let hits = 0;
  const t1 = performance.now();
  for (let i = 0; i < N; i++) if (GridLocator.lookup(state, pts[2 * i], pts[2 * i + 1]).grid) hits++;
  const secs = (performance.now() - t1) / 1000;
  line('process', `point → grid index build, ${grids.length} grids (ms)`, buildMs.toFixed(1));
  line('process', `point → grid lookups per second (${grids.length} grids, ${(hits / N * 100).toFixed(0)}% hits)`, (N / secs).toFixed(0));
}

console.log(`Gongzhi benchmarks — ${os.cpus().length} cores, Node ${process.version}`);
benchInProcessLocate();
if (process.env.BENCH_CARDS !== '0') await benchCards((n, v) => line('process', n, v));
/** BENCH_ENGINES=embedded|external|embedded,external (default both, external only with DATABASE_URL); BENCH_FOUNDATION=0 skips start/regions/intake. */
const engines = (process.env.BENCH_ENGINES ?? 'embedded,external').split(',').filter((e) => e === 'embedded' || (e === 'external' && process.env.DATABASE_URL)) as ('embedded' | 'external')[];
if (process.env.BENCH_FOUNDATION !== '0') for (const e of engines) await benchEngine(e);

/**
 * Page weight and load time (bench/web.ts): the built pages (rebuilt first if older than web/) served by
 * the app on a fresh embedded database with the demo, one Chromium, about a minute in all. The pages do
 * not depend on the engine, so this runs once.
 */
async function benchWeb() {
  if (!fs.existsSync('/usr/bin/chromium') && !process.env.CHROMIUM_PATH) {
    line('web', 'phone pages: skipped (no Chromium at /usr/bin/chromium; set CHROMIUM_PATH)', '-');
    return;
  }
  buildWeb();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gz-bench-web-'));
  const server = await start({ GONGZHI_DEMO: '1', LOG_LEVEL: 'error', GONGZHI_DATA_DIR: dataDir, DATABASE_URL: '' });
  try {
    line('web', `network profile: ${WEB_PROFILE.downMbit} Mbit/s down, ${WEB_PROFILE.upMbit} up, ${WEB_PROFILE.latencyMs} ms round trip`, '');
    await benchWebPages(`http://127.0.0.1:${server.port}`, (n, v) => line('web', n, v));
  } finally {
    await stop(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
if (process.env.BENCH_WEB !== '0') await benchWeb();

/** People: a fresh database per engine, the demo loaded, then 1,000,000 residents. */
async function benchPeople(engine: 'embedded' | 'external') {
  await withFreshDb(engine, 'people', async (db, _conn, keys) => {
    const l = (name: string, value: string) => line(engine, name, value);
    await benchImport(db, keys, l, Number(process.env.BENCH_IMPORT_ROWS ?? 100_000));
    await benchResidentSearch(db, keys, l, Number(process.env.BENCH_RESIDENTS ?? 1_000_000));
  });
}
if (process.env.BENCH_PEOPLE !== '0') for (const e of engines) await benchPeople(e);

/** A fresh database with the demo on one engine: an embedded server in a temporary folder, or a new database on DATABASE_URL; dropped afterwards. */
async function withFreshDb(engine: 'embedded' | 'external', prefix: string, fn: (db: ReturnType<typeof createDb>, conn: { host: string; port: number; user: string; database: string; password?: string }, keys: ReturnType<typeof deriveKeys>) => Promise<void>) {
  const keys = deriveKeys(randomBytes(32));
  const config = { ...loadConfig({}), demo: true };
  if (engine === 'embedded') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `gz-bench-${prefix}-`));
    const server = await startEmbedded({ dataDir: dir });
    await ensureDatabase(poolConfigFor(server), 'gongzhi');
    const db = createDb(poolConfigFor(server), 'embedded', () => server.stop());
    try {
      await prepareDb(db, config, keys);
      await fn(db, { host: server.socketDir, port: server.port, user: server.user, password: server.password, database: 'gongzhi' }, keys);
    } finally { await db.close(); fs.rmSync(dir, { recursive: true, force: true }); }
  } else {
    const name = `gongzhi_bench_${prefix}_${Date.now().toString(36)}`;
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL }); await c.connect(); await c.query(`CREATE DATABASE ${name}`); await c.end();
    const u = new URL(process.env.DATABASE_URL!); u.pathname = '/' + name;
    const db = createDb(u.toString(), 'external');
    try {
      await prepareDb(db, config, keys);
      await fn(db, { host: u.hostname, port: Number(u.port || 5432), user: decodeURIComponent(u.username) || 'postgres', password: decodeURIComponent(u.password), database: name }, keys);
    } finally {
      await db.close();
      const d = new pg.Client({ connectionString: process.env.DATABASE_URL }); await d.connect(); await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`); await d.end();
    }
  }
}


/**
 * At 2,000,000 cases, in a database kept between runs (bench/queues.ts): the case queue's views, first and later
 * pages; then (BENCH_CASES=0 skips) the street's metrics and the deadline sweep (bench/cases.ts).
 */
if (process.env.BENCH_QUEUES !== '0') {
  for (const e of engines) {
    await withQueueDb(e, (n, v) => line(e, n, v), async (db) => {
      await benchQueues(db, (n, v) => line(e, n, v));
      if (process.env.BENCH_CASES !== '0') await benchCasesAtScale(db, (n, v) => line(e, n, v));
    });
  }
}

/** Party organisations and red property at city scale (issue #5). */
if (process.env.BENCH_PARTY !== '0') for (const e of engines) await withFreshDb(e, 'party', (db) => benchPartyAtScale(db, (n, v) => line(e, n, v)));

/** A campaign over a street of 50,000 households: roll-up read p50 / p99 while 8 connections record items (issue 14). */
if (process.env.BENCH_CAMPAIGNS !== '0') for (const e of engines) await withFreshDb(e, 'campaigns', (db) => benchCampaigns(db, (n, v) => line(e, n, v)));
/** Care plans at district scale (issue #14): one worker's due list, the district's compliance for a month. */
if (process.env.BENCH_CARE !== '0') for (const e of engines) await withFreshDb(e, 'care', (db) => benchCareAtScale(db, (n, v) => line(e, n, v)));

/** The audit log's write path: appends/s at concurrency 32, the chain's lag, the chainer's rows/s (issue #13). */
if (process.env.BENCH_AUDIT !== '0') for (const e of engines) await withFreshDb(e, 'audit', (db, conn) => benchAudit(db, conn, (n, v) => line(e, n, v)));
