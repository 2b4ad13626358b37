/**
 * Cases at 2,000,000 cases (the queue bench's kept database, bench/queues.ts): GET /api/metrics/cases for a
 * street over a month and a year, and one deadline sweep. (Intake, beside pgbench on the same server: bench/intake.ts.)
 */
import type { Db } from '../src/core/db/pool.js';
import { caseMetrics } from '../src/modules/cases/metrics.js';
import { sweepIn } from '../src/modules/cases/sweep.js';

type Line = (name: string, value: string) => void;

function pct(xs: number[], p: number) { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; }

async function timed(n: number, fn: () => Promise<unknown>) {
  await fn(); // warm, as the queue views: the first run reads the table's pages into the cache
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
