/**
 * Generated case history for demos and benchmarks: set-based SQL, so millions of rows take
 * seconds. Cases fall on the region's grids (at each grid's centre), spread over the last
 * `days`, with outcomes in realistic shares. Deadlines here are approximate (wall-clock:
 * working days × 7/5); cases filed through the API get exact working-calendar deadlines.
 */
import { likePrefix } from '../../core/access/policy.js';
import type { Db } from '../../core/db/pool.js';

export async function generateCases(db: Db, opts: { regionCode: string; count: number; days: number; seed?: number; batch?: number }, onProgress?: (done: number, total: number) => void): Promise<number> {
  const { rows: [region] } = await db.query(`SELECT path FROM region WHERE code = $1`, [opts.regionCode]);
  if (!region) throw new Error(`no region ${opts.regionCode}`);
  const batch = opts.batch ?? 100_000;
  let made = 0;
  for (let start = 0; start < opts.count; start += batch) {
    const n = Math.min(batch, opts.count - start);
    await db.tx(async (tx) => {
      await tx.query(`SELECT setseed($1)`, [((opts.seed ?? 42) + start) % 1000 / 1000]);
      await tx.query(`
        WITH g AS (
          SELECT row_number() OVER (ORDER BY g.code) - 1 AS i, g.code, g.community_code, r.name AS community_name, r.parent_code AS street_code, g.path,
                 (g.min_lon + g.max_lon) / 2 AS lon, (g.min_lat + g.max_lat) / 2 AS lat
            FROM grid g JOIN region r ON r.code = g.community_code WHERE g.path LIKE $1 AND g.kind = 'basic'),
        gc AS (SELECT count(*) AS n FROM g),
        cat AS (SELECT row_number() OVER (ORDER BY code) - 1 AS i, * FROM case_category c WHERE c.active AND NOT EXISTS (SELECT 1 FROM case_category k WHERE k.parent_code = c.code)),
        cc AS (SELECT count(*) AS n FROM cat),
        raw AS (
          SELECT s, random() AS rg, random() AS rc, random() AS rt, random() AS ro, random() AS rr, random() AS rs, random() AS rsrc
            FROM generate_series(1, $2::int) s),
        base AS (
          SELECT raw.*, g.code AS grid_code, g.community_code, g.community_name, g.street_code, g.path, g.lon + (raw.rg - 0.5) * 0.001 AS lon, g.lat + (raw.rc - 0.5) * 0.001 AS lat,
                 cat.code AS category_code, cat.level, cat.priority, cat.response_hours, cat.resolve_value, cat.resolve_unit,
                 now() - make_interval(secs => raw.rt * $3::int * 86400) AS created_at
            FROM raw, gc, cc,
                 LATERAL (SELECT * FROM g WHERE g.i = floor(raw.rg * gc.n)::bigint) g,
                 LATERAL (SELECT * FROM cat WHERE cat.i = floor(raw.rc * cc.n)::bigint) cat),
        timed AS (
          SELECT b.*, b.created_at + make_interval(secs => b.response_hours * 3600) AS response_due,
                 b.created_at + CASE b.resolve_unit WHEN 'working_days' THEN make_interval(days => ceil(b.resolve_value * 7.0 / 5)::int) ELSE make_interval(hours => b.resolve_value * 3) END AS resolve_due
            FROM base b),
        outcome AS (
          SELECT t.*,
            CASE WHEN t.ro < 0.04 THEN 'rejected'
                 WHEN t.resolve_due > now() AND t.ro < 0.30 THEN (ARRAY['reported','registered','dispatched','accepted','handled'])[1 + floor(t.rs * 5)::int]
                 WHEN t.ro < 0.09 THEN (ARRAY['accepted','dispatched'])[1 + floor(t.rs * 2)::int]
                 ELSE 'closed' END AS state
            FROM timed t)
        INSERT INTO cases (number, source, category_code, state, description, address, lon, lat, street_code, community_code, grid_code, path, level, priority,
                           registered_at, response_due, resolve_due, responded_at, handled_at, closed_at, rework_count, satisfaction, resolved, rated_at, rated_by,
                           handler_kind, handler_name,
                           reporter_name, created_at, updated_at)
        SELECT to_char(o.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || regexp_replace(lpad(nextval('case_number_seq')::text, 20, '0'), '^0{0,14}', ''), -- at least 6 digits, as nextNumber()
               (ARRAY['grid_worker','grid_worker','grid_worker','resident','resident','hotline','patrol','staff'])[1 + floor(o.rsrc * 8)::int],
               o.category_code, o.state, '生成的演示案件 Generated demo case', NULL, o.lon, o.lat, o.street_code, o.community_code, o.grid_code, o.path, o.level, o.priority,
               CASE WHEN o.state <> 'reported' THEN o.created_at + interval '20 minutes' END,
               o.response_due, o.resolve_due,
               CASE WHEN o.state IN ('accepted','handled','closed') THEN o.created_at + make_interval(secs => o.response_hours * 3600 * (0.2 + o.rr)) END,
               CASE WHEN o.state IN ('handled','closed') THEN o.created_at + (o.resolve_due - o.created_at) * (0.3 + o.rr * 0.8) END,
               CASE WHEN o.state = 'closed' THEN LEAST(now(), o.created_at + (o.resolve_due - o.created_at) * (0.35 + o.rr * 0.85)) END,
               CASE WHEN o.state IN ('closed','handled') AND o.rs < 0.05 THEN 1 ELSE 0 END,
               CASE WHEN o.state = 'closed' AND o.rs < 0.7 THEN (CASE WHEN o.rr < 0.72 THEN 'satisfied' WHEN o.rr < 0.92 THEN 'basic' ELSE 'dissatisfied' END) END,
               CASE WHEN o.state = 'closed' AND o.rs < 0.7 THEN o.rr < 0.9 END,
               CASE WHEN o.state = 'closed' AND o.rs < 0.7 THEN LEAST(now(), o.resolve_due) END,
               CASE WHEN o.state = 'closed' AND o.rs < 0.7 THEN '回访' END,
               CASE WHEN o.state IN ('dispatched','accepted','handled','closed') THEN 'community' END,
               CASE WHEN o.state IN ('dispatched','accepted','handled','closed') THEN o.community_name END,
               '演示', o.created_at, o.created_at
          FROM outcome o`, [likePrefix(region.path), n, opts.days]);
    });
    made += n;
    onProgress?.(made, opts.count);
  }
  return made;
}
