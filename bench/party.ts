/**
 * Red-property benchmarks (issue #5), on a database that already holds the demo:
 *  - a rating period for a city of BENCH_COMPANIES (2,000) companies serving BENCH_COMPOUNDS
 *    (10,000) compounds with BENCH_PARTY_CASES (5,000,000) cases: time to compute and to publish;
 *  - GET /api/coverage/party for the city (the query behind it): p50 / p99.
 */
import type { Db } from '../src/core/db/pool.js';
import { partyCoverage } from '../src/modules/party/coverage.js';
import { decideAppeal } from '../src/modules/credit/appeals.js';
import { sweepOverdueDisclosures } from '../src/modules/property/disclosure-overdue.js';
import { computePeriod, createPeriod, publishPeriod } from '../src/modules/credit/store.js';
import { makeCreditCode } from '../src/modules/property/demo.js';

type Line = (name: string, value: string) => void;
const CITY = '3601';

function pct(xs: number[], p: number) { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; }

export async function benchPartyAtScale(db: Db, line: Line): Promise<void> {
  const companies = Number(process.env.BENCH_COMPANIES ?? 2000);
  const compounds = Number(process.env.BENCH_COMPOUNDS ?? 10_000);
  const cases = Number(process.env.BENCH_PARTY_CASES ?? 5_000_000);
  const t0 = performance.now();
  await db.tx(async (tx) => {
    await tx.query(`CREATE TEMP TABLE comm ON COMMIT DROP AS SELECT row_number() OVER (ORDER BY code) - 1 AS i, code, path FROM region WHERE level = 'community' AND path LIKE '/36/3601/%'`);
    await tx.query(`
      INSERT INTO compound (community_code, path, name, demonstration)
      SELECT c.code, c.path, '压测小区' || g, g % 50 = 0 FROM generate_series(1, $1::int) g JOIN comm c ON c.i = g % (SELECT count(*) FROM comm)`, [compounds]);
    const codes = Array.from({ length: companies }, (_, i) => makeCreditCode('360100', 9_000_000 + i));
    await tx.query(`
      INSERT INTO property_company (name, credit_code, region_code, path)
      SELECT '压测物业' || u.g, u.cc, c.code, c.path FROM unnest($1::text[]) WITH ORDINALITY AS u(cc, g) JOIN comm c ON c.i = u.g % (SELECT count(*) FROM comm)`, [codes]);
    await tx.query(`
      INSERT INTO property_contract (compound_id, company_id, starts_on)
      SELECT cp.id, co.id, '2020-01-01' FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM compound WHERE name LIKE '压测小区%') cp
        JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM property_company WHERE name LIKE '压测物业%') co ON co.n = cp.n % $1`, [companies]);
    // owners' committees for most compounds, a branch for one in three, an instructor for one in five of the rest
    await tx.query(`INSERT INTO owners_committee (compound_id, path, elected_on, term_years) SELECT id, path, '2024-01-01', 5 FROM compound WHERE name LIKE '压测小区%' AND id % 10 <> 0`);
    await tx.query(`
      WITH o AS (INSERT INTO party_org (name, kind, region_code, path, attached_kind, attached_ref)
                 SELECT '压测支部' || oc.id, 'branch', split_part(rtrim(oc.path, '/'), '/', -1), oc.path, 'owners_committee', oc.id::text FROM owners_committee oc JOIN compound cp ON cp.id = oc.compound_id AND cp.name LIKE '压测小区%' WHERE oc.id % 3 = 0 RETURNING id, attached_kind, attached_ref)
      INSERT INTO party_org_unit (org_id, unit_kind, unit_ref) SELECT id, attached_kind, attached_ref FROM o`);
    await tx.query(`INSERT INTO post_holder (region_code, path, name) SELECT split_part(rtrim(oc.path, '/'), '/', -1), oc.path, '指导员' || oc.id FROM owners_committee oc JOIN compound cp ON cp.id = oc.compound_id AND cp.name LIKE '压测小区%' WHERE oc.id % 3 <> 0 AND oc.id % 5 = 0`);
    await tx.query(`INSERT INTO party_instructor (holder_id, unit_kind, unit_ref, path, from_on)
                    SELECT h.id, 'owners_committee', substr(h.name, 4), h.path, '2024-01-01' FROM post_holder h WHERE h.name LIKE '指导员%'`);
    // the cases, spread over the compounds and 2026
    await tx.query(`
      INSERT INTO cases (number, source, category_code, state, description, community_code, path, level, priority, compound_id, response_due, resolve_due, responded_at, closed_at, satisfaction, resolved, created_at)
      SELECT 'B' || g, 'resident', '0902', CASE WHEN g % 10 < 8 THEN 'closed' ELSE 'dispatched' END, '压测', cp.community_code, cp.path, 'community', 'normal', cp.id,
             t + interval '1 day', t + interval '7 days', t + interval '2 hours', CASE WHEN g % 10 < 8 THEN t + make_interval(days => 2 + g % 9) END,
             CASE WHEN g % 10 < 6 THEN (ARRAY['satisfied','basic','dissatisfied'])[1 + g % 3] END, CASE WHEN g % 10 < 6 THEN g % 3 <> 2 END, t
        FROM generate_series(1, $1::int) g
        JOIN LATERAL (SELECT timestamptz '2026-01-01 08:00+08' + make_interval(secs => (g * 6.3) % (330 * 86400))) x(t) ON true
        JOIN (SELECT id, community_code, path, row_number() OVER (ORDER BY id) - 1 AS n FROM compound WHERE name LIKE '压测小区%') cp ON cp.n = g % $2`, [cases, compounds]);
  });
  await db.query('ANALYZE');
  line(`generate ${companies.toLocaleString('en')} companies, ${compounds.toLocaleString('en')} compounds, ${cases.toLocaleString('en')} cases (s)`, ((performance.now() - t0) / 1000).toFixed(1));

  const ms: number[] = [];
  const { rows: [city] } = await db.query(`SELECT code, name, level, path FROM region WHERE code = $1`, [CITY]);
  for (let i = 0; i < 20; i++) { const s = performance.now(); await partyCoverage(db, city, ['/']); ms.push(performance.now() - s); }
  line('GET /api/coverage/party, 南昌市 (ms p50 / p99 of 20)', `${pct(ms, 50).toFixed(0)} / ${pct(ms, 99).toFixed(0)}`);

  const periodId = await db.tx(async (tx) => {
    const { rows: [scheme] } = await tx.query(`SELECT id FROM credit_scheme WHERE code = 'nanchang-stars' AND version = 1`);
    return createPeriod(tx, { schemeId: scheme.id, regionCode: CITY, name: '压测年度', startsOn: '2026-01-01', endsOn: '2026-12-31' }, ['/']);
  });
  // every company appraised by its three appraisers (written directly: this measures the run, not the entry)
  await db.query(`
    INSERT INTO credit_appraisal (period_id, company_id, dimension, scorer, score)
    SELECT $1, c.id, d.dim, d.scorer, 60 + (c.id * 7 + d.k) % 40 FROM property_company c,
      (VALUES ('basic_service', 'housing_bureau', 1), ('sanitation', 'street', 2), ('appearance', 'street', 3), ('community_building', 'community_party_org', 4)) d(dim, scorer, k)`, [periodId]);
  await db.query(`
    INSERT INTO credit_survey (period_id, company_id, compound_id, household_key, score)
    SELECT $1, k.company_id, k.compound_id, 'bench:' || k.compound_id || ':' || n, 1 + (k.compound_id + n) % 5
      FROM property_contract k JOIN compound cp ON cp.id = k.compound_id AND cp.name LIKE '压测小区%', generate_series(1, 10) n`, [periodId]);
  const c0 = performance.now();
  const r = await db.tx((tx) => computePeriod(tx, periodId, ['/']));
  line(`compute a rating period: ${r.companies.toLocaleString('en')} companies, ${compounds.toLocaleString('en')} compounds, ${cases.toLocaleString('en')} cases (s)`, ((performance.now() - c0) / 1000).toFixed(2));
  const p0 = performance.now();
  await db.tx((tx) => publishPeriod(tx, periodId, 15, ['/']));
  line('publish it (ms)', (performance.now() - p0).toFixed(0));

  // an upheld appeal: one company's appraisal corrected and its score computed again from the period's evidence
  const { rows: [busiest] } = await db.query(`SELECT company_id FROM property_contract GROUP BY company_id ORDER BY count(*) DESC LIMIT 1`);
  const { rows: [appeal] } = await db.query(`INSERT INTO credit_appeal (period_id, company_id, reason) VALUES ($1, $2, '压测申诉：环境卫生评分与实际不符') RETURNING id`, [periodId, busiest.company_id]);
  const a0 = performance.now();
  await db.tx((tx) => decideAppeal(tx, Number(appeal.id), { decision: 'upheld', reply: '复核属实，更正评分', corrections: [{ dimension: 'sanitation', scorer: 'street', score: 95 }] }, null, ['/']));
  line('decide an upheld appeal: recompute the busiest company (ms)', (performance.now() - a0).toFixed(0));

  // the overdue-disclosure sweep over the whole city (nothing disclosed: every compound is overdue once per category)
  const o0 = performance.now();
  const sweep = await sweepOverdueDisclosures(db);
  line(`overdue-disclosure sweep: ${sweep.flagged.toLocaleString('en')} items in ${sweep.compounds.toLocaleString('en')} compounds flagged (s)`, ((performance.now() - o0) / 1000).toFixed(2));
  const o1 = performance.now();
  await sweepOverdueDisclosures(db);
  line('the next sweep, nothing new (s)', ((performance.now() - o1) / 1000).toFixed(2));
}
