/**
 * Cases benchmarks (issue #4):
 *   intake through the API — native POST /api/cases and Open311 POST requests.json — at
 *   concurrency 32 for BENCH_CASES_SECONDS (default 20): cases/s and p50/p99, beside the raw
 *   PostgreSQL single-row INSERT transaction rate on the same server (pgbench, one-INSERT
 *   script, same concurrency) and the ratio of the two;
 *   at 2,000,000 cases (the queue bench's kept database, bench/queues.ts): GET /api/metrics/cases
 *   for a street over a month and a year, and one deadline sweep.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import type { Db } from '../src/core/db/pool.js';
import { caseMetrics } from '../src/modules/cases/metrics.js';
import { sweepIn } from '../src/modules/cases/sweep.js';

export const INTAKE_SECONDS = Number(process.env.BENCH_CASES_SECONDS ?? 20);
const CONC = 32;
type Line = (name: string, value: string) => void;

async function session(port: number, username: string) {
  const r = await fetch(`http://127.0.0.1:${port}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'gongzhi-demo' }) });
  const cookie = r.headers.getSetCookie().find((c) => c.startsWith('gz_session='))!.split(';')[0];
  return { cookie, csrf: (await r.json()).csrfToken as string };
}

/** Both intake paths against a running app; returns the native cases/s for the ratio. */
export async function benchIntake(port: number, line: Line): Promise<number> {
  const s = await session(port, 'gridworker');
  const grid = await (await fetch(`http://127.0.0.1:${port}/api/grids/460107002001001`, { headers: { cookie: s.cookie } })).json();
  const lon = (grid.bbox[0] + grid.bbox[2]) / 2, lat = (grid.bbox[1] + grid.bbox[3]) / 2;
  const native = await autocannon({
    url: `http://127.0.0.1:${port}/api/cases`, method: 'POST', connections: CONC, duration: INTAKE_SECONDS,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
    body: JSON.stringify({ categoryCode: '0601', description: '压测：下水道堵塞', lon, lat, address: '府城社区' }),
  });
  if (native.non2xx) throw new Error(`intake: ${native.non2xx} non-2xx responses`);
  const form = new URLSearchParams({ api_key: 'gongzhi-demo-open311', jurisdiction_id: '460107002', service_code: '0601', lat: String(lat), long: String(lon), description: 'Open311 load' }).toString();
  const o311 = await autocannon({
    url: `http://127.0.0.1:${port}/open311/v2/requests.json`, method: 'POST', connections: CONC, duration: INTAKE_SECONDS,
    headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form,
  });
  if (o311.non2xx) throw new Error(`open311: ${o311.non2xx} non-2xx responses`);
  line(`POST /api/cases intake (cases/s, ${CONC} conn, ${INTAKE_SECONDS} s)`, native.requests.average.toFixed(0));
  line('POST /api/cases p50 / p99 latency (ms)', `${native.latency.p50.toFixed(1)} / ${native.latency.p99.toFixed(1)}`);
  line(`POST /open311/v2/requests.json intake (cases/s, ${CONC} conn)`, o311.requests.average.toFixed(0));
  line('POST /open311/v2/requests.json p50 / p99 latency (ms)', `${o311.latency.p50.toFixed(1)} / ${o311.latency.p99.toFixed(1)}`);
  return native.requests.average;
}

/** Raw single-row INSERT transactions per second on a server, by pgbench at the same concurrency. */
export async function pgbenchInsert(db: Db, conn: { host: string; port: number; user: string; database: string; password?: string }, line: Line): Promise<number | null> {
  const bin = ['/usr/bin/pgbench', '/usr/lib/postgresql/15/bin/pgbench'].find((p) => fs.existsSync(p));
  if (!bin) { line('pgbench single-row INSERT (tps)', 'pgbench not installed (apt-get install postgresql-client)'); return null; }
  await db.query(`CREATE TABLE IF NOT EXISTS bench_insert (id bigserial PRIMARY KEY, payload text NOT NULL, at timestamptz NOT NULL DEFAULT now())`);
  const script = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gz-pgbench-')), 'insert.sql');
  fs.writeFileSync(script, `INSERT INTO bench_insert (payload) VALUES ('下水道堵塞');\n`);
  const out = execFileSync(bin, ['-n', '-c', String(CONC), '-j', '2', '-T', String(INTAKE_SECONDS), '-f', script, '-h', conn.host, '-p', String(conn.port), '-U', conn.user, conn.database],
    { env: { ...process.env, PGPASSWORD: conn.password ?? '' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1]);
  await db.query(`DROP TABLE bench_insert`);
  line(`pgbench one-INSERT transactions (tps, ${CONC} clients, ${INTAKE_SECONDS} s)`, tps.toFixed(0));
  return tps;
}

function pct(xs: number[], p: number) { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; }

async function timed(n: number, fn: () => Promise<unknown>) {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) { const t0 = performance.now(); await fn(); ms.push(performance.now() - t0); }
  return { p50: pct(ms, 50), p99: pct(ms, 99) };
}

/**
 * The reports and the sweep at scale, in the queue bench's kept database (bench/queues.ts: 2,000,000 cases in
 * 府城街道 over a year, generated once): GET /api/metrics/cases for the street over a month and a year, and one
 * deadline sweep of the backlog and the next one — both in a transaction rolled back afterwards, so that every
 * run sweeps the same backlog and the kept database does not change.
 */
export async function benchCasesAtScale(db: Db, line: Line): Promise<void> {
  const { rows: [street] } = await db.query(`SELECT code, path FROM region WHERE code = '460107002'`);
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const monthAgo = new Date(Date.now() + 8 * 3600_000 - 30 * 86400_000).toISOString().slice(0, 10);
  const yearAgo = new Date(Date.now() + 8 * 3600_000 - 365 * 86400_000).toISOString().slice(0, 10);
  const m = await timed(5, () => caseMetrics(db, street, monthAgo, today));
  line('GET /api/metrics/cases, street, one month (ms p50 / p99 of 5)', `${m.p50.toFixed(0)} / ${m.p99.toFixed(0)}`);
  const y = await timed(3, () => caseMetrics(db, street, yearAgo, today));
  line('GET /api/metrics/cases, street, one year (ms p50 / p99 of 3)', `${y.p50.toFixed(0)} / ${y.p99.toFixed(0)}`);
  const ROLLBACK = new Error('bench: roll the sweep back');
  await db.tx(async (tx) => {
    const s0 = performance.now();
    const r = await sweepIn(tx, new Date(), 500);
    line(`one deadline sweep (ms; warned ${r.warned}, overdue ${r.overdue}, escalated ${r.escalated})`, (performance.now() - s0).toFixed(0));
    const s1 = performance.now();
    await sweepIn(tx, new Date(), 500);
    line('a second sweep, the next batch of the backlog (ms)', (performance.now() - s1).toFixed(0));
    throw ROLLBACK;
  }).catch((e) => { if (e !== ROLLBACK) throw e; });
}
