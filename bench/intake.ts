/**
 * Intake at the speed of the database (issue #13), on one engine:
 *   the app is started as its own process (src/main.ts, demo data) with bench/count-statements.ts
 *   preloaded, then, at concurrency 32 for BENCH_INTAKE_SECONDS (default 20) each:
 *     POST /api/cases (a grid worker's report) and POST /open311/v2/requests.json — cases/s, p50/p99,
 *     statements per case (every statement the app's pg clients sent during the run, background jobs
 *     included, ÷ cases), CPU per case of the Node process (process.cpuUsage) and of the PostgreSQL
 *     backends serving the app's database (/proc/<pid>/stat);
 *     pgbench's one-INSERT transactions (`INSERT INTO t(x) VALUES (1)`) on the same server and the ratio;
 *     GET /api/regions/{code} signed in (req/s, p99).
 * `node --import tsx bench/intake.ts` runs it alone (BENCH_ENGINES=embedded,external as in run.ts);
 * bench/run.ts calls benchIntakeEngine(). BENCH_APP_ROOT runs another checkout's app (for before/after).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';

const here = path.dirname(new URL(import.meta.url).pathname);
const appRoot = path.resolve(process.env.BENCH_APP_ROOT ?? path.join(here, '..'));
export const INTAKE_SECONDS = Number(process.env.BENCH_INTAKE_SECONDS ?? 20);
const CONC = 32;
const TICK = 100; // clock ticks per second (getconf CLK_TCK on Linux)
type Line = (name: string, value: string) => void;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

interface App { child: ChildProcess; port: number; stats(): Promise<{ statements: number; cpuUs: number }>; warnings: string[]; }

async function startApp(env: Record<string, string>): Promise<App> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--trace-deprecation', '--import', 'tsx', '--import', path.join(here, 'count-statements.ts'), path.join(appRoot, 'src/main.ts')], {
    cwd: appRoot, env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', GONGZHI_NOTIFY_LOG: '0' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const warnings: string[] = [];
  const waiting: ((s: { statements: number; cpuUs: number }) => void)[] = [];
  child.stdout!.on('data', (d) => { out += d; if (out.length > 100_000) out = out.slice(-50_000); });
  child.stderr!.on('data', (d) => {
    const text = String(d);
    for (const m of text.matchAll(/GZ_STATEMENTS (\d+) (\d+)/g)) waiting.shift()?.({ statements: Number(m[1]), cpuUs: Number(m[2]) });
    out += text.replace(/GZ_STATEMENTS \d+ \d+\n?/g, '');
    if (/already executing a query/.test(text)) warnings.push(text.slice(0, 3000));
  });
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${out}`);
    if (Date.now() > deadline) throw new Error(`server not ready in 180 s:\n${out}`);
    try { if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) break; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    child, port, warnings,
    stats: () => new Promise((resolve) => { waiting.push(resolve); child.kill('SIGUSR2'); }),
  };
}

async function stopApp(a: App) {
  a.child.kill('SIGINT');
  await new Promise((res) => (a.child.exitCode !== null ? res(null) : a.child.once('exit', res)));
}

async function session(port: number, username: string) {
  const r = await fetch(`http://127.0.0.1:${port}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'gongzhi-demo' }) });
  if (!r.ok) throw new Error(`login ${username}: ${r.status}`);
  const cookie = r.headers.getSetCookie().find((c) => c.startsWith('gz_session='))!.split(';')[0];
  return { cookie, csrf: (await r.json()).csrfToken as string };
}

/** utime + stime (+ the reaped children's, for a postmaster) of a process, in clock ticks. */
function ticks(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]);
  } catch { return 0; }
}

interface Conn { host: string; port: number; user: string; password: string; database: string; }

/** CPU of the PostgreSQL backends serving the app's database (the bench's own connection left out). */
async function backendTicks(client: pg.Client): Promise<Map<number, number>> {
  const { rows } = await client.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
  return new Map(rows.map((r) => [Number(r.pid), ticks(Number(r.pid))]));
}

async function measured(app: App, client: pg.Client, run: () => Promise<any>) {
  const s0 = await app.stats();
  const b0 = await backendTicks(client);
  const result = await run();
  const s1 = await app.stats();
  const b1 = await backendTicks(client);
  let pgTicks = 0;
  for (const [pid, t] of b1) pgTicks += t - (b0.get(pid) ?? 0);
  const cases = Math.max(1, result.requests.total);
  return { result, statements: (s1.statements - s0.statements) / cases, nodeMs: (s1.cpuUs - s0.cpuUs) / 1000 / cases, pgMs: (pgTicks * 1000) / TICK / cases };
}

function pgbenchInsert(conn: Conn): number | null {
  const bin = ['/usr/lib/postgresql/15/bin/pgbench', '/usr/bin/pgbench'].find((p) => fs.existsSync(p));
  if (!bin) return null;
  const env = { ...process.env, PGPASSWORD: conn.password };
  const args = ['-h', conn.host, '-p', String(conn.port), '-U', conn.user];
  const psql = ['/usr/lib/postgresql/15/bin/psql', '/usr/bin/psql'].find((p) => fs.existsSync(p))!;
  execFileSync(psql, [...args, '-d', conn.database, '-q', '-c', 'DROP TABLE IF EXISTS t; CREATE TABLE t (id bigserial PRIMARY KEY, x int)'], { env, stdio: 'ignore' });
  const script = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gz-pgbench-')), 'insert.sql');
  fs.writeFileSync(script, 'INSERT INTO t(x) VALUES (1);\n');
  const out = execFileSync(bin, ['-n', '-c', String(CONC), '-j', '2', '-T', String(INTAKE_SECONDS), '-f', script, ...args, conn.database], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  execFileSync(psql, [...args, '-d', conn.database, '-q', '-c', 'DROP TABLE t'], { env, stdio: 'ignore' });
  return Number(/tps = ([\d.]+)/.exec(out)?.[1]);
}

export interface IntakeFigures { native: number; open311: number; pgbench: number | null; }

/** The whole intake bench on one engine: a fresh data folder (embedded) or a fresh database on DATABASE_URL (external). */
export async function benchIntakeEngine(engine: 'embedded' | 'external', line: Line): Promise<IntakeFigures> {
  const env: Record<string, string> = { GONGZHI_DEMO: '1', LOG_LEVEL: 'error' };
  let conn: Conn;
  let cleanup = async () => {};
  if (engine === 'embedded') {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gz-intake-'));
    env.GONGZHI_DATA_DIR = dataDir;
    env.DATABASE_URL = '';
    conn = { host: path.join(dataDir, 'pg'), port: 5432, user: 'gongzhi', password: '', database: 'gongzhi' };
    cleanup = async () => { fs.rmSync(dataDir, { recursive: true, force: true }); };
  } else {
    const base = process.env.DATABASE_URL!;
    const name = `gongzhi_intake_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect(); await admin.query(`CREATE DATABASE ${name}`); await admin.end();
    const u = new URL(base); u.pathname = '/' + name;
    env.DATABASE_URL = u.toString();
    conn = { host: u.hostname, port: Number(u.port || 5432), user: decodeURIComponent(u.username) || 'postgres', password: decodeURIComponent(u.password), database: name };
    cleanup = async () => { const c = new pg.Client({ connectionString: base }); await c.connect(); await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`); await c.end(); };
  }
  let app: App | null = null;
  let client: pg.Client | null = null;
  try {
    app = await startApp(env);
    if (engine === 'embedded') conn.password = fs.readFileSync(path.join(env.GONGZHI_DATA_DIR, 'pg-password'), 'utf8').trim();
    client = new pg.Client(conn);
    await client.connect();
    const port = app.port;
    const street = await session(port, 'street');
    const regions = () => autocannon({ url: `http://127.0.0.1:${port}/api/regions/460107002`, connections: CONC, duration: Math.min(10, INTAKE_SECONDS), headers: { cookie: street.cookie } });
    await autocannon({ url: `http://127.0.0.1:${port}/api/regions/460107002`, connections: CONC, duration: 2, headers: { cookie: street.cookie } }); // warm-up
    const reg = await regions();
    if (reg.non2xx) throw new Error(`regions: ${reg.non2xx} non-2xx responses`);
    line(`GET /api/regions/{code} signed in (req/s, ${CONC} conn)`, reg.requests.average.toFixed(0));
    line('GET /api/regions/{code} p50 / p99 latency (ms)', `${reg.latency.p50.toFixed(1)} / ${reg.latency.p99.toFixed(1)}`);

    const s = await session(port, 'gridworker');
    const grid = await (await fetch(`http://127.0.0.1:${port}/api/grids/460107002001001`, { headers: { cookie: s.cookie } })).json();
    const lon = (grid.bbox[0] + grid.bbox[2]) / 2, lat = (grid.bbox[1] + grid.bbox[3]) / 2;
    const nativeOpts = {
      url: `http://127.0.0.1:${port}/api/cases`, method: 'POST', connections: CONC,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ categoryCode: '0601', description: '压测：下水道堵塞', lon, lat, address: '府城社区' }),
    };
    await autocannon({ ...nativeOpts, duration: 2 }); // warm-up: caches, prepared statements, JIT
    const native = await measured(app, client, () => autocannon({ ...nativeOpts, duration: INTAKE_SECONDS }));
    if (native.result.non2xx) throw new Error(`intake: ${native.result.non2xx} non-2xx responses`);
    line(`POST /api/cases intake (cases/s, ${CONC} conn, ${INTAKE_SECONDS} s)`, native.result.requests.average.toFixed(0));
    line('POST /api/cases p50 / p99 latency (ms)', `${native.result.latency.p50.toFixed(1)} / ${native.result.latency.p99.toFixed(1)}`);
    line('POST /api/cases statements per case (app\'s pg clients, jobs included)', native.statements.toFixed(1));
    line('POST /api/cases CPU per case, Node / PostgreSQL backends (ms)', `${native.nodeMs.toFixed(2)} / ${native.pgMs.toFixed(2)}`);

    const form = new URLSearchParams({ api_key: 'gongzhi-demo-open311', jurisdiction_id: '460107002', service_code: '0601', lat: String(lat), long: String(lon), description: 'Open311 load' }).toString();
    const o311Opts = { url: `http://127.0.0.1:${port}/open311/v2/requests.json`, method: 'POST', connections: CONC, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form };
    await autocannon({ ...o311Opts, duration: 2 });
    const o311 = await measured(app, client, () => autocannon({ ...o311Opts, duration: INTAKE_SECONDS }));
    if (o311.result.non2xx) throw new Error(`open311: ${o311.result.non2xx} non-2xx responses`);
    line(`POST /open311/v2/requests.json intake (cases/s, ${CONC} conn)`, o311.result.requests.average.toFixed(0));
    line('POST /open311/v2/requests.json p50 / p99 latency (ms)', `${o311.result.latency.p50.toFixed(1)} / ${o311.result.latency.p99.toFixed(1)}`);
    line('POST /open311/v2/requests.json statements per case', o311.statements.toFixed(1));
    line('POST /open311/v2/requests.json CPU per case, Node / PostgreSQL (ms)', `${o311.nodeMs.toFixed(2)} / ${o311.pgMs.toFixed(2)}`);

    const tps = pgbenchInsert(conn);
    if (tps) {
      line(`pgbench one-INSERT transactions, same server (tps, ${CONC} clients)`, tps.toFixed(0));
      line('intake ÷ pgbench one-INSERT, native / Open311', `${(native.result.requests.average / tps).toFixed(3)} / ${(o311.result.requests.average / tps).toFixed(3)}`);
    } else line('pgbench one-INSERT transactions', 'pgbench not installed (apt-get install postgresql-client)');
    line('pg "client is already executing a query" warnings (app process)', String(app.warnings.length));
    for (const w of app.warnings) console.error(w);
    return { native: native.result.requests.average, open311: o311.result.requests.average, pgbench: tps };
  } finally {
    await client?.end().catch(() => {});
    if (app) await stopApp(app);
    await cleanup();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(here, 'intake.ts')) {
  const engines = (process.env.BENCH_ENGINES ?? 'embedded,external').split(',').filter((e) => e === 'embedded' || (e === 'external' && process.env.DATABASE_URL)) as ('embedded' | 'external')[];
  console.log(`Gongzhi intake bench — ${os.cpus().length} cores, Node ${process.version}, app ${appRoot}`);
  for (const e of engines) await benchIntakeEngine(e, (n, v) => console.log(`${e.padEnd(9)} ${n.padEnd(66)} ${v}`));
}
