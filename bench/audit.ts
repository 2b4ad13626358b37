/**
 * The audit log's write path (issue #13): appends/s at concurrency 32 — each client doing
 * BEGIN; appendAudit; COMMIT — with the chainer running beside them as the app runs it (every
 * 250 ms), the largest lag it let build up (records written and not yet linked, and the age of the
 * oldest), and the chainer's own throughput (rows/s) linking a backlog; beside them, for comparison,
 * the same load on the design it replaced (a global advisory lock, then last hash, nextval and
 * INSERT, held until COMMIT) in a scratch table. BENCH_AUDIT_SECONDS (default 10).
 */
import pg from 'pg';
import { canonicalJson, GENESIS, recordHash } from '../src/core/audit/chain.js';
import { appendAudit, chainAudit, chainAuditAll, verifyAudit } from '../src/core/audit/chain.js';
import type { Db } from '../src/core/db/pool.js';

const CONC = 32;
type Line = (name: string, value: string) => void;
type Conn = { host: string; port: number; user: string; database: string; password?: string };

const entry = (i: number) => ({ actorId: null, actorUsername: 'bench', role: null, scopeCode: null, action: 'bench.append', targetType: 'case', targetId: String(i), requestId: null, detail: { i } });

/** Clients each doing BEGIN; append(c, i); COMMIT for `seconds`: count, elapsed, latencies. */
async function load(pool: pg.Pool, seconds: number, append: (c: pg.PoolClient, i: number) => Promise<void>) {
  const latencies: number[] = [];
  let n = 0;
  const until = performance.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONC }, async () => {
    const c = await pool.connect();
    try {
      while (performance.now() < until) {
        const s = performance.now();
        await c.query('BEGIN');
        await append(c, n);
        await c.query('COMMIT');
        latencies.push(performance.now() - s);
        n++;
      }
    } finally { c.release(); }
  }));
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))].toFixed(1);
  const elapsed = (performance.now() - t0) / 1000;
  return { n, elapsed, text: `${Math.round(n / elapsed)} /s   p50 ${pct(0.5)} ms  p99 ${pct(0.99)} ms  (${n} in ${elapsed.toFixed(1)} s)` };
}

/** The append this design replaced: one global lock, then three round trips, held until COMMIT. */
async function lockedAppend(c: pg.PoolClient, i: number) {
  await c.query('SELECT pg_advisory_xact_lock(73052099)');
  const last = await c.query('SELECT hash FROM bench_audit_locked ORDER BY id DESC LIMIT 1');
  const { rows } = await c.query(`SELECT nextval('bench_audit_locked_id_seq')::bigint AS id`);
  const rec = { id: rows[0].id, at: new Date().toISOString(), actor_id: null, actor_username: 'bench', role: null, scope_code: null, action: 'bench.append', target_type: 'case', target_id: String(i), request_id: null, detail: canonicalJson({ i }), prev_hash: last.rows[0]?.hash ?? GENESIS };
  await c.query(`INSERT INTO bench_audit_locked (id, at, actor_username, action, target_type, target_id, detail, prev_hash, hash) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
    [rec.id, rec.at, rec.actor_username, rec.action, rec.target_type, rec.target_id, rec.detail, rec.prev_hash, recordHash(rec)]);
}

async function lagNow(db: Db): Promise<{ n: number; ms: number }> {
  const { rows } = await db.query(`SELECT count(*)::int AS n, coalesce(extract(epoch FROM clock_timestamp() - min(at)) * 1000, 0)::float8 AS ms FROM audit_log WHERE chain_seq IS NULL`);
  return rows[0];
}

export async function benchAudit(db: Db, conn: Conn, line: Line, seconds = Number(process.env.BENCH_AUDIT_SECONDS ?? 10)): Promise<void> {
  await chainAuditAll(db);
  const pool = new pg.Pool({ ...conn, max: CONC });
  try {
    // warm the connections
    await Promise.all(Array.from({ length: CONC }, async () => { const c = await pool.connect(); c.release(); }));

    // 0. for comparison: the design this replaced, on a scratch table of the old shape
    await db.query(`CREATE TABLE bench_audit_locked (LIKE audit_log INCLUDING DEFAULTS EXCLUDING CONSTRAINTS EXCLUDING INDEXES)`);
    await db.query(`ALTER TABLE bench_audit_locked ALTER COLUMN id DROP DEFAULT, ADD PRIMARY KEY (id)`);
    await db.query(`CREATE INDEX ON bench_audit_locked (actor_username, id); CREATE INDEX ON bench_audit_locked (action, id)`);
    await db.query(`CREATE SEQUENCE bench_audit_locked_id_seq`);
    const old = await load(pool, seconds, lockedAppend);
    line(`audit appends/s, replaced design (global lock + 3 round trips)`, old.text);
    await db.query(`DROP TABLE bench_audit_locked; DROP SEQUENCE bench_audit_locked_id_seq`);

    // 1. appends at concurrency 32, the chainer beside them every 250 ms
    let stop = false;
    let maxUnchained = 0, maxLagMs = 0, chainerRuns = 0;
    const chainer = (async () => {
      while (!stop) {
        await chainAudit(db);
        chainerRuns++;
        const lag = await lagNow(db);
        maxUnchained = Math.max(maxUnchained, lag.n);
        maxLagMs = Math.max(maxLagMs, lag.ms);
        await new Promise((r) => setTimeout(r, 250));
      }
    })();
    const run = await load(pool, seconds, (c, i) => appendAudit(c, entry(i)));
    const n = run.n;
    stop = true;
    await chainer;
    line(`audit appends/s (conc ${CONC}, BEGIN; append; COMMIT; chainer on)`, run.text);
    line('audit chain lag during that run (max)', `${maxUnchained} records unlinked, oldest ${Math.round(maxLagMs)} ms  (${chainerRuns} chainer runs)`);

    // 2. the chainer alone on a backlog: as many records written with no chainer running
    const backlog = Math.max(20_000, Math.min(n, 100_000));
    const per = Math.ceil(backlog / CONC);
    await Promise.all(Array.from({ length: CONC }, async (_, k) => {
      const c = await pool.connect();
      try {
        for (let i = 0; i < per; i += 500) {
          await c.query(
            `INSERT INTO audit_log (at, actor_username, action, target_type, target_id, detail, xid)
             SELECT now(), 'bench', 'bench.backlog', 'case', g::text, '{"i":' || g || '}', pg_current_xact_id() FROM generate_series($1::int, $2::int) g`,
            [k * per + i, k * per + Math.min(i + 500, per) - 1]);
        }
      } finally { c.release(); }
    }));
    const before = (await lagNow(db)).n;
    const c0 = performance.now();
    await chainAuditAll(db, 120_000);
    const chainSec = (performance.now() - c0) / 1000;
    line('audit chainer throughput (backlog, batches of 1000)', `${Math.round(before / chainSec)} rows/s  (${before} in ${chainSec.toFixed(2)} s)`);
    const v0 = performance.now();
    const v = await verifyAudit(db);
    line('audit verify (whole chain)', `${v.ok ? 'ok' : 'BROKEN'}  ${v.checked} records in ${((performance.now() - v0) / 1000).toFixed(2)} s`);
  } finally {
    await pool.end();
  }
}
