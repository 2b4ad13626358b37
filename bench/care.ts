/**
 * Care plans at district scale (issue #14), on a database that already holds the demo: BENCH_CARE_RESIDENTS
 * (100,000) residents aged 65+ living alone spread over 呼和浩特新城区's 816 basic grids, each with a month of
 * contacts (two calls a week, a home visit a half-month, one in ten slots missed), written directly (this measures
 * the reads, not the entry). Then:
 *  - one worker's due list (GET /api/care/due, the query behind it): p50 / p99 of 20, over different grids;
 *  - the district's compliance for a month (GET /api/care/compliance?region=150102): seconds.
 */
import type { Db } from '../src/core/db/pool.js';
import { addDays, chinaToday } from '../src/core/time.js';
import { compliance, dueList } from '../src/modules/care/store.js';

type Line = (name: string, value: string) => void;
const DISTRICT = '150102';

function pct(xs: number[], p: number) { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; }

export async function benchCareAtScale(db: Db, line: Line): Promise<void> {
  const residents = Number(process.env.BENCH_CARE_RESIDENTS ?? 100_000);
  const today = chinaToday();
  const first = addDays(today, -35);
  const t0 = performance.now();
  await db.tx(async (tx) => {
    await tx.query(`CREATE TEMP TABLE g ON COMMIT DROP AS SELECT row_number() OVER (ORDER BY code) - 1 AS i, code, path FROM grid WHERE kind = 'basic' AND path LIKE '/15/1501/150102/%'`);
    await tx.query(`CREATE TEMP TABLE hh ON COMMIT DROP AS
      WITH n AS (SELECT g AS k FROM generate_series(1, $1::int) g)
      SELECT n.k, g.code, g.path FROM n JOIN g ON g.i = n.k % (SELECT count(*) FROM g)`, [residents]);
    await tx.query(`ALTER TABLE hh ADD COLUMN hid bigint, ADD COLUMN rid bigint`);
    await tx.query(`UPDATE hh SET hid = nextval('household_id_seq'), rid = nextval('resident_id_seq')`);
    await tx.query(`INSERT INTO household (id, grid_code, path, address) SELECT hid, code, path, '压测路' || k || '号' FROM hh`);
    await tx.query(`INSERT INTO resident (id, path, household_id, name, gender, birth_date, id_enc, id_hash, id_masked)
                    SELECT rid, path, hid, '压测' || k, CASE WHEN k % 2 = 0 THEN 'female' ELSE 'male' END, date '1950-01-01' + (k % 3000), 'x', 'bench:' || k, '***' FROM hh`);
    await tx.query(`INSERT INTO household_member (household_id, resident_id, relation, moved_in) SELECT hid, rid, 'owner', '2010-01-01' FROM hh`);
    // calls on Tuesdays and Fridays, a home visit on the 5th and the 20th; every tenth resident misses one call a week
    await tx.query(`CREATE TEMP TABLE vv ON COMMIT DROP AS
      SELECT nextval('visit_id_seq') AS id, hh.rid, hh.hid, hh.code, hh.path, d::date AS day,
             CASE WHEN extract(day FROM d) IN (5, 20) THEN 'home_visit' ELSE 'phone' END AS kind
        FROM hh, generate_series($1::date, $2::date, interval '1 day') d
       WHERE (extract(isodow FROM d) = 2 OR (extract(isodow FROM d) = 5 AND hh.k % 10 <> 0) OR extract(day FROM d) IN (5, 20))`, [first, addDays(today, -1)]);
    await tx.query(`INSERT INTO visit (id, account_id, worker_name, household_id, grid_code, path, at, kind, duration_min, body_hash)
                    SELECT id, (SELECT min(id) FROM account), '压测', hid, code, path, day + time '10:00' - interval '8 hours', kind, 5, 'bench' FROM vv`);
    await tx.query(`INSERT INTO visit_person (visit_id, resident_id) SELECT id, rid FROM vv`);
  });
  await db.query('ANALYZE');
  const { rows: [n] } = await db.query(`SELECT count(*)::int AS n FROM visit`);
  line(`generate ${residents.toLocaleString('en')} residents living alone aged 65+, ${n.n.toLocaleString('en')} contacts (s)`, ((performance.now() - t0) / 1000).toFixed(1));

  const { rows: grids } = await db.query(`SELECT path FROM grid WHERE kind = 'basic' AND path LIKE '/15/1501/150102/%' ORDER BY code LIMIT 20`);
  const ms: number[] = [];
  let items = 0;
  for (const g of grids) { const s = performance.now(); items += (await dueList(db, g.path, today, true, 'zh-CN')).length; ms.push(performance.now() - s); }
  line(`GET /api/care/due, one grid of ~${Math.round(residents / 816)} plan residents (ms p50 / p99 of ${grids.length})`, `${pct(ms, 50).toFixed(0)} / ${pct(ms, 99).toFixed(0)} (${Math.round(items / grids.length)} items)`);

  const { rows: [d] } = await db.query(`SELECT path FROM region WHERE code = $1`, [DISTRICT]);
  const monthStart = `${addDays(today, -30).slice(0, 8)}01`;
  const monthEnd = addDays(`${today.slice(0, 8)}01`, -1);
  const c0 = performance.now();
  const r = await compliance(db, d.path, monthStart, monthEnd, today, (p) => p.slice(d.path.length).split('/')[0] || null);
  line(`GET /api/care/compliance, 新城区 for ${monthStart.slice(0, 7)} (s)`, `${((performance.now() - c0) / 1000).toFixed(2)} (due ${r.total.due.toLocaleString('en')}, rate ${r.total.rate})`);
}
