/** Credit rating periods: schemes, appraisals, surveys, records, evidence gathering, compute, publish, fix, public lists. */
import type pg from 'pg';
import { assertInScope, likePrefix, visibleOr404 } from '../../core/access/policy.js';
import type { Queryable } from '../../core/db/pool.js';
import { AppError } from '../../core/http/errors.js';
import { COUNTS as CASE_COUNTS, toCounts } from '../cases/metrics.js';
import { rates, type Rates } from '../cases/rates.js';
import { checkDate } from '../party/api.js';
import { chinaToday } from '../../core/time.js';
import { accountHousehold, compoundBrief } from '../people/api.js';
import { isMemberOfKind } from '../departments/api.js';
import { findRegion } from '../regions/api.js';
import { addDays, covers, disclosureObligations, periodOf, PUBLISHER, type Category } from '../property/api.js';
import {
  APPRAISERS, appraisalMax, appraisersOf, caseScore, localizeBreakdown, NANCHANG_STARS, SCORER_NAMES, SCORER_NAMES_EN, schemeProblems, scorePoints, scoreStars, surveyScore, YANTAI_POINTS,
  type Breakdown, type CreditRecord, type Evidence, type Scheme, type Scorer, type SourceScore,
} from './rules.js';
import { definitionShapeProblems } from './schemas.js';

export interface SchemeRow { id: number; code: string; version: number; name: string; kind: 'stars' | 'points'; definition: any; }

/** Reference data: the two shipped presets, version 1 (an administrator adds later versions). */
export async function seedSchemes(db: Queryable) {
  await db.query(
    `INSERT INTO credit_scheme (code, version, name, kind, definition) VALUES
       ('nanchang-stars', 1, '南昌市物业服务企业信用星级评价（五星）', 'stars', $1),
       ('yantai-points', 1, '烟台市物业服务企业信用评价（基础分 + 加减分）', 'points', $2)
     ON CONFLICT (code, version) DO NOTHING`,
    [JSON.stringify(NANCHANG_STARS), JSON.stringify(YANTAI_POINTS)],
  );
}

export async function listSchemes(db: Queryable): Promise<SchemeRow[]> {
  const { rows } = await db.query('SELECT id, code, version, name, kind, definition FROM credit_scheme ORDER BY code, version DESC');
  return rows;
}

export async function schemeById(db: Queryable, id: number): Promise<SchemeRow> {
  const { rows } = await db.query('SELECT id, code, version, name, kind, definition FROM credit_scheme WHERE id = $1', [id]);
  if (!rows[0]) throw new AppError('scheme_not_found', { id });
  return rows[0];
}

/** 'dimensions[0].weight: above 0' → 'definition.dimensions.0.weight'. */
function problemField(message: string): string {
  const m = /^([A-Za-z]+(?:\[\d+\])?(?:\.[A-Za-z]+)*):/.exec(message);
  return m ? `definition.${m[1].replace(/\[(\d+)\]/g, '.$1')}` : 'definition';
}

export async function createScheme(tx: pg.PoolClient, s: { code: string; name: string; kind: 'stars' | 'points'; definition: any }, accountId: number) {
  // the shape first (field paths), then consistency (weights, shares, bands)
  const shape = definitionShapeProblems(s.kind, s.definition);
  if (shape.length) throw new AppError('scheme_invalid', {}, shape);
  const problems = schemeProblems({ kind: s.kind, definition: s.definition } as Scheme);
  if (problems.length) throw new AppError('scheme_invalid', {}, problems.map((message) => ({ field: problemField(message), message })));
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`credit-scheme:${s.code}`]);
  const { rows: [v] } = await tx.query('SELECT COALESCE(max(version), 0) + 1 AS v FROM credit_scheme WHERE code = $1', [s.code]);
  const { rows } = await tx.query('INSERT INTO credit_scheme (code, version, name, kind, definition, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
    [s.code, v.v, s.name.trim(), s.kind, JSON.stringify(s.definition), accountId]);
  return rows[0].id as number;
}

// ---- periods ----

export interface PeriodRow { id: number; scheme_id: number; region_code: string; path: string; name: string; starts_on: string; ends_on: string; state: string; appeal_until: string | null; version: number; }

const PERIOD_COLS = `p.id, p.scheme_id, p.region_code, p.path, p.name, p.starts_on::text, p.ends_on::text, p.state, p.appeal_until::text, p.version`;

/** A period the caller may see: inside its scope, or (for a community) a street/district period above it. */
export async function periodInScope(db: Queryable, id: number, scope: string[], opts: { manage?: boolean; lock?: boolean } = {}): Promise<PeriodRow> {
  const { rows } = await db.query(`SELECT ${PERIOD_COLS} FROM credit_period p WHERE p.id = $1${opts.lock ? ' FOR UPDATE' : ''}`, [id]);
  return visibleOr404(scope, rows[0] as PeriodRow | undefined, 'period_not_found', { id }, { above: !opts.manage });
}

export async function createPeriod(tx: pg.PoolClient, b: { schemeId: number; regionCode: string; name: string; startsOn: string; endsOn: string }, scope: string[]) {
  checkDate(b.startsOn); checkDate(b.endsOn);
  if (b.endsOn < b.startsOn) throw new AppError('end_before_start', { from: b.startsOn });
  await schemeById(tx, b.schemeId);
  const region = await findRegion(tx, b.regionCode);
  if (!region) throw new AppError('region_not_found', { code: b.regionCode });
  if (!['street', 'district', 'city'].includes(region.level)) throw new AppError('period_region_level');
  assertInScope(scope, region.path);
  const ins = await tx.query('INSERT INTO credit_period (scheme_id, region_code, path, name, starts_on, ends_on) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
    [b.schemeId, b.regionCode, region.path, b.name.trim(), b.startsOn, b.endsOn]);
  return ins.rows[0].id as number;
}

/** The companies rated in a period: registered in its region, or serving a compound there during it. */
async function periodCompanies(db: Queryable, p: PeriodRow) {
  const { rows } = await db.query(
    `SELECT c.id, c.name, c.credit_code AS "creditCode" FROM property_company_v c
      WHERE c.path LIKE $1
         OR EXISTS (SELECT 1 FROM property_service_v k
                     WHERE k.company_id = c.id AND k.compound_path LIKE $1 AND k.starts_on <= $3::date AND (k.ends_on IS NULL OR k.ends_on > $2::date))
      ORDER BY c.name`,
    [likePrefix(p.path), p.starts_on, p.ends_on],
  );
  return rows as { id: number; name: string; creditCode: string }[];
}

/** Whether an account is staff of a housing department (住房和城乡建设 / 房产管理), the body that rates property companies. */
export async function housingBureauMember(db: Queryable, accountId: number): Promise<boolean> {
  return isMemberOfKind(db, accountId, 'housing');
}

const SCORER_OF_ROLE: Record<string, Scorer> = { department_staff: 'housing_bureau', street_command: 'street', community_staff: 'community_party_org' };

/** Which appraisal dimensions an account scores as itself, and whether it may score any on another's behalf (an administrator). */
export function appraiserOf(roles: string[]): { scorers: Scorer[]; onBehalf: boolean } {
  return { scorers: [...new Set(roles.map((r) => SCORER_OF_ROLE[r]).filter((x): x is Scorer => !!x))], onBehalf: roles.includes('admin') };
}

function editable(p: PeriodRow, action: string) {
  if (p.state !== 'open' && p.state !== 'computed') throw new AppError('period_state', { state: p.state, action });
}

export async function setAppraisal(tx: pg.PoolClient, periodId: number, a: { companyId: number; dimension: string; score: number; note?: string | null; scorer?: Scorer }, ctx: { roles: string[]; scope: string[]; accountId: number }) {
  const p = await periodInScope(tx, periodId, ctx.scope, { lock: true });
  editable(p, 'appraise');
  const scheme = await schemeById(tx, p.scheme_id);
  const s = { kind: scheme.kind, definition: scheme.definition } as Scheme;
  const max = appraisalMax(s, a.dimension);
  if (max === null) throw new AppError('dimension_unknown', { dimension: a.dimension });
  const allowed = appraisersOf(s, a.dimension);
  const mine = ctx.roles.includes('admin') ? (a.scorer ?? allowed[0]) : ctx.roles.map((r) => SCORER_OF_ROLE[r]).find((x) => x && allowed.includes(x));
  if (!mine || !allowed.includes(mine)) throw new AppError('appraisal_not_yours', { dimension: (s.kind === 'stars' ? s.definition.dimensions.find((d) => d.key === a.dimension)?.name : '基础分') ?? a.dimension, scorers: allowed.map((x) => SCORER_NAMES[x]).join('、') || '—' });
  if (!Number.isFinite(a.score) || a.score < 0 || a.score > max || Math.round(a.score * 100) !== a.score * 100) throw new AppError('score_out_of_band', { max, score: a.score });
  const companies = await periodCompanies(tx, p);
  if (!companies.some((c) => c.id === a.companyId)) throw new AppError('company_not_in_period', { id: a.companyId });
  if (mine === 'community_party_org' && !ctx.roles.includes('admin')) {
    // a community's party organisation appraises the companies serving its own compounds
    const { rowCount } = await tx.query(
      `SELECT 1 FROM property_service_v k WHERE k.company_id = $1 AND k.compound_path = ANY($2::text[]) AND k.starts_on <= $4::date AND (k.ends_on IS NULL OR k.ends_on > $3::date)`,
      [a.companyId, ctx.scope, p.starts_on, p.ends_on]);
    if (!rowCount) throw new AppError('company_not_in_period', { id: a.companyId });
  }
  await tx.query(
    `INSERT INTO credit_appraisal (period_id, company_id, dimension, scorer, score, note, by_account) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (period_id, company_id, dimension, scorer) DO UPDATE SET score = EXCLUDED.score, note = EXCLUDED.note, by_account = EXCLUDED.by_account, at = now()`,
    [periodId, a.companyId, a.dimension, mine, a.score, a.note?.trim() || null, ctx.accountId]);
  // the computed scores no longer reflect the evidence
  await tx.query(`UPDATE credit_period SET state = 'open', version = version + 1 WHERE id = $1`, [periodId]);
  return mine;
}

export async function addRecord(tx: pg.PoolClient, r: { companyId: number; kind: 'good' | 'bad'; points: number; serious?: boolean; reason: string; occurredOn: string; validDays?: number | null }, scope: string[], accountId: number) {
  checkDate(r.occurredOn);
  if (r.occurredOn > chinaToday()) throw new AppError('event_date_in_future');
  if (!(r.points > 0) || r.points > 100) throw new AppError('record_invalid', { problem: '分值应大于 0 且不超过 100 / points are above 0 and at most 100' });
  if (r.serious && r.kind !== 'bad') throw new AppError('record_invalid', { problem: '只有不良记录可以标记为严重 / only a bad record can be serious' });
  const { rows } = await tx.query(
    `SELECT 1 FROM property_company_v c WHERE c.id = $1 AND (c.path LIKE ANY($2::text[])
        OR EXISTS (SELECT 1 FROM property_service_v k WHERE k.company_id = c.id AND k.compound_path LIKE ANY($2::text[])))`,
    [r.companyId, scope.map(likePrefix)]);
  if (!rows[0]) throw new AppError('company_not_found', { id: r.companyId });
  const ins = await tx.query('INSERT INTO credit_record (company_id, kind, points, serious, reason, occurred_on, valid_days, by_account) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id',
    [r.companyId, r.kind, r.points, !!r.serious, r.reason.trim(), r.occurredOn, r.validDays ?? null, accountId]);
  return ins.rows[0].id as number;
}

// ---- surveys ----

const householdKey = (householdId: number) => `household:${householdId}`;

/**
 * Open surveys for a resident: the periods covering their compound and the company serving it in
 * the period. The household is the one the account is bound to (实名绑定); unbound, there is nothing
 * to answer yet and the caller is told so.
 */
export async function openSurveys(db: Queryable, accountId: number) {
  const h = await accountHousehold(db, accountId);
  if (!h || h.compoundId === null) return { household: h ? { bound: true, compound: null } : { bound: false, compound: null }, items: [] };
  const { rows } = await db.query(
    `SELECT p.id AS "periodId", p.name AS "periodName", c.id AS "companyId", c.name AS "companyName", k.compound_id AS "compoundId", k.compound_name AS "compoundName",
            EXISTS (SELECT 1 FROM credit_survey s WHERE s.period_id = p.id AND s.company_id = c.id AND s.household_key = $2) AS answered
       FROM property_service_v k
       JOIN credit_period p ON k.compound_path LIKE p.path || '%' AND k.starts_on <= p.ends_on AND (k.ends_on IS NULL OR k.ends_on > p.starts_on)
       JOIN property_company_v c ON c.id = k.company_id
      WHERE k.compound_id = $1 AND p.state IN ('open','computed')
      ORDER BY p.id DESC, c.name`,
    [h.compoundId, householdKey(h.householdId)]);
  const cp = await compoundBrief(db, h.compoundId);
  return { household: { bound: true, compound: cp && { id: cp.id, name: cp.name } }, items: rows };
}

/** One answer per household, per company, per period: the household's compound decides which company it rates. */
export async function answerSurvey(tx: pg.PoolClient, periodId: number, a: { companyId: number; compoundId?: number; score: number; comment?: string | null }, accountId: number, scope: string[]) {
  const p = await periodInScope(tx, periodId, scope);
  if (p.state !== 'open' && p.state !== 'computed') throw new AppError('survey_not_open');
  const h = await accountHousehold(tx, accountId);
  if (!h) throw new AppError('survey_household_required');
  if (h.compoundId === null || (a.compoundId !== undefined && a.compoundId !== h.compoundId)) throw new AppError('survey_not_your_compound');
  const cp = await compoundBrief(tx, h.compoundId);
  if (!cp?.path.startsWith(p.path)) throw new AppError('survey_not_your_compound');
  const { rowCount } = await tx.query(`SELECT 1 FROM property_service_v k WHERE k.compound_id = $1 AND k.company_id = $2 AND k.starts_on <= $4::date AND (k.ends_on IS NULL OR k.ends_on > $3::date)`,
    [h.compoundId, a.companyId, p.starts_on, p.ends_on]);
  if (!rowCount) throw new AppError('survey_not_your_compound');
  const ins = await tx.query(
    `INSERT INTO credit_survey (period_id, company_id, compound_id, household_key, account_id, score, comment) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (period_id, company_id, household_key) DO NOTHING RETURNING id`,
    [periodId, a.companyId, h.compoundId, householdKey(h.householdId), accountId, a.score, a.comment?.trim() || null]);
  if (!ins.rows[0]) throw new AppError('survey_already_answered');
  return ins.rows[0].id as number;
}

// ---- evidence and scores ----

const CATEGORY_NAMES: Record<Category, string> = {
  service: '服务事项与人员', fees: '收费项目和标准', maintenance_fund: '维修资金使用', common_income: '共有部分经营收支', committee_decision: '业委会决定', committee_accounts: '业委会账目',
};
const CATEGORY_NAMES_EN: Record<Category, string> = {
  service: 'services and staff', fees: 'fees', maintenance_fund: 'maintenance fund', common_income: 'common-parts income', committee_decision: 'committee decisions', committee_accounts: 'committee accounts',
};
const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

/** Everything that feeds the scores of a period, gathered per company. */
async function gatherEvidence(db: Queryable, p: PeriodRow, only?: number) {
  const companies = (await periodCompanies(db, p)).filter((c) => only === undefined || c.id === only);
  const ids = companies.map((c) => c.id);
  const region = likePrefix(p.path);
  // one after another: they share one client (a transaction), which runs one query at a time anyway
  const appraisals = await db.query(`SELECT company_id, dimension, scorer, score::float8 AS score, note FROM credit_appraisal WHERE period_id = $1`, [p.id]);
  const surveys = await db.query(`SELECT company_id, count(*)::int AS n, avg(score)::float8 AS avg, count(DISTINCT compound_id)::int AS compounds FROM credit_survey WHERE period_id = $1 GROUP BY company_id`, [p.id]);
  const cases = await db.query(
      `SELECT k.company_id, ${CASE_COUNTS}
         FROM cases c
         JOIN property_service_v k ON k.compound_id = c.compound_id AND c.created_at >= k.starts_on AND (k.ends_on IS NULL OR c.created_at < k.ends_on)
        WHERE c.compound_id IS NOT NULL AND k.compound_path LIKE $1 AND c.created_at >= ($2::date::timestamp AT TIME ZONE 'Asia/Shanghai') AND c.created_at < (($3::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai') AND c.state <> 'merged'
          AND ($4::bigint IS NULL OR k.company_id = $4)
        GROUP BY k.company_id`, [region, p.starts_on, p.ends_on, only ?? null]);
  const served = await db.query(
      `SELECT k.company_id, k.compound_id, k.compound_name AS name FROM property_service_v k
        WHERE k.compound_path LIKE $1 AND k.starts_on <= $3::date AND (k.ends_on IS NULL OR k.ends_on > $2::date) AND ($4::bigint IS NULL OR k.company_id = $4)`, [region, p.starts_on, p.ends_on, only ?? null]);
  const records = await db.query(`SELECT company_id, kind, points::float8 AS points, serious, reason, occurred_on::text AS "occurredOn", valid_days AS "validDays" FROM credit_record WHERE company_id = ANY($1::bigint[]) AND occurred_on <= $2::date ORDER BY occurred_on`, [ids, p.ends_on]);
  const disclosed = await db.query(
    `SELECT d.compound_id, d.category, d.period_start::text AS start, d.period_end::text AS "end" FROM property_disclosure_v d
      WHERE d.path LIKE $1 AND d.publisher_kind = 'property_company' AND d.period_end >= $2::date AND d.period_start <= $3::date`, [region, p.starts_on, p.ends_on]);
  const ob = await disclosureObligations(db);
  // obligation periods lying inside the rating period, per property category
  const obligations = (Object.keys(PUBLISHER) as Category[]).filter((c) => PUBLISHER[c] === 'property' && ob.months[c] > 0).flatMap((cat) => {
    const out = [];
    for (let q = periodOf(p.starts_on, ob.months[cat]); q.end <= p.ends_on; q = periodOf(addDays(q.end, 1), ob.months[cat])) if (q.start >= p.starts_on) out.push({ cat, q });
    return out;
  });
  const by = <T extends { company_id: number }>(rows: T[]) => {
    const m = new Map<number, T[]>();
    for (const r of rows) m.set(Number(r.company_id), [...(m.get(Number(r.company_id)) ?? []), r]);
    return m;
  };
  const disclosedBy = new Map<number, { category: string; start: string; end: string }[]>();
  for (const d of disclosed.rows) disclosedBy.set(Number(d.compound_id), [...(disclosedBy.get(Number(d.compound_id)) ?? []), d]);
  return { companies, appraisals: by(appraisals.rows), surveys: by(surveys.rows), cases: by(cases.rows), served: by(served.rows), records: by(records.rows), disclosedBy, obligations };
}

type Gathered = Awaited<ReturnType<typeof gatherEvidence>>;

export interface Figures {
  cases: ({ total: number; overdue: number; overdueRate: number | null } & Rates) | null;
  disclosure: { required: number; met: number; missing: number } | null;
  survey: { households: number; compounds: number; average: number } | null;
}

function scoreCompany(scheme: SchemeRow, g: Gathered, companyId: number, asOf: string): { b: Breakdown; figures: Figures } {
  const appraisals = g.appraisals.get(companyId) ?? [];
  const appraisal = (dimension: string, scorer: Scorer): SourceScore => {
    const a = appraisals.find((x) => x.dimension === dimension && x.scorer === scorer);
    return a ? { score: a.score, evidence: [{ kind: 'appraisal', label: `${SCORER_NAMES[scorer]}评分`, value: a.score, detail: a.note ?? undefined, en: { label: `${SCORER_NAMES_EN[scorer]}'s appraisal`, detail: a.note ?? undefined } }] } : { score: null, evidence: [] };
  };
  if (scheme.kind === 'points') {
    // the record as rules.ts knows it (the breakdown keeps each one as it was counted), not the row's company_id
    const records = ((g.records.get(companyId) ?? []) as unknown as CreditRecord[]).map(({ kind, points, serious, reason, occurredOn, validDays }) => ({ kind, points, serious, reason, occurredOn, validDays }));
    return { b: scorePoints(scheme.definition, appraisal('base', 'housing_bureau'), records, asOf), figures: { cases: null, disclosure: null, survey: null } };
  }
  const s = g.surveys.get(companyId)?.[0];
  const raw = g.cases.get(companyId)?.[0];
  const counts = raw ? toCounts(raw) : null;
  const c = counts ? { total: counts.total, overdue: counts.overdue, overdueRate: counts.total ? counts.overdue / counts.total : null, ...rates(counts) } : null;
  const compounds = g.served.get(companyId) ?? [];
  let required = 0, met = 0;
  const missing: string[] = [];
  const missingEn: string[] = [];
  for (const cp of compounds) for (const o of g.obligations) {
    required++;
    if ((g.disclosedBy.get(Number(cp.compound_id)) ?? []).some((d) => d.category === o.cat && covers(o.q, d))) met++;
    else {
      missing.push(`${cp.name} ${o.q.label} ${CATEGORY_NAMES[o.cat]}`);
      missingEn.push(`${cp.name} ${o.q.label} ${CATEGORY_NAMES_EN[o.cat]}`);
    }
  }
  const sources: Partial<Record<Scorer, SourceScore>> = {
    owners: s ? {
      score: surveyScore([s.avg]),
      evidence: [{
        kind: 'survey', label: '业主满意度测评', value: Math.round(s.avg * 100) / 100, detail: `${s.n} 户参评（${s.compounds} 个小区），平均 ${s.avg.toFixed(2)} 分（满分 5 分），折合 ${(s.avg * 20).toFixed(1)} 分`,
        en: { label: 'Owners\' satisfaction survey', detail: `${s.n} household(s) in ${s.compounds} compound(s) answered; average ${s.avg.toFixed(2)} of 5, i.e. ${(s.avg * 20).toFixed(1)}` },
      }],
    } : { score: null, evidence: [] },
    cases: c ? {
      score: caseScore(c),
      evidence: [{
        kind: 'cases', label: '服务小区案件', value: c.total,
        detail: `投诉/诉求 ${c.total} 件，逾期 ${c.overdue} 件（逾期率 ${pct(c.overdueRate)}）；响应率 ${pct(c.responseRate)}，解决率 ${pct(c.resolutionRate)}，满意率 ${pct(c.satisfactionRate)}，按期结案率 ${pct(c.onTimeRate)}`,
        en: { label: 'Cases in the compounds served', detail: `${c.total} complaint(s) or request(s), ${c.overdue} overdue (${pct(c.overdueRate)}); response ${pct(c.responseRate)}, resolution ${pct(c.resolutionRate)}, satisfaction ${pct(c.satisfactionRate)}, closed on time ${pct(c.onTimeRate)}` },
      }],
    } : { score: null, evidence: [] },
    disclosure: required ? {
      score: Math.round((met / required) * 10000) / 100,
      evidence: [{
        kind: 'disclosure', label: '应公示事项', value: `${met}/${required}`,
        detail: missing.length ? `未公示：${missing.slice(0, 10).join('；')}${missing.length > 10 ? ` 等 ${missing.length} 项` : ''}` : '均已按期公示',
        en: { label: 'Disclosures due', detail: missingEn.length ? `Not disclosed: ${missingEn.slice(0, 10).join('; ')}${missingEn.length > 10 ? ` and more (${missingEn.length} in all)` : ''}` : 'All disclosed on time' },
      }],
    } : { score: null, evidence: [] },
  };
  const figures: Figures = {
    cases: c,
    disclosure: required ? { required, met, missing: missing.length } : null,
    survey: s ? { households: s.n, compounds: s.compounds, average: Math.round(s.avg * 100) / 100 } : null,
  };
  return { b: scoreStars(scheme.definition, (dimension, scorer) => ((APPRAISERS as readonly string[]).includes(scorer) ? appraisal(dimension, scorer) : sources[scorer])), figures };
}

export async function computePeriod(tx: pg.PoolClient, periodId: number, scope: string[]) {
  const p = await periodInScope(tx, periodId, scope, { manage: true, lock: true });
  editable(p, 'compute');
  const scheme = await schemeById(tx, p.scheme_id);
  const g = await gatherEvidence(tx, p);
  if (!g.companies.length) throw new AppError('period_no_companies');
  const asOf = p.ends_on;
  const scored = g.companies.map((c) => ({ c, ...scoreCompany(scheme, g, c.id, asOf) }));
  await tx.query('DELETE FROM credit_score WHERE period_id = $1', [periodId]);
  await tx.query(
    `INSERT INTO credit_score (period_id, company_id, score, grade, list, breakdown, figures)
     SELECT $1, * FROM unnest($2::bigint[], $3::numeric[], $4::text[], $5::text[], $6::jsonb[], $7::jsonb[])`,
    [periodId, scored.map((x) => x.c.id), scored.map((x) => x.b.total), scored.map((x) => x.b.grade), scored.map((x) => x.b.list), scored.map((x) => JSON.stringify(x.b)), scored.map((x) => JSON.stringify(x.figures))]);
  await tx.query(`UPDATE credit_period SET state = 'computed', computed_at = now(), version = version + 1 WHERE id = $1`, [periodId]);
  return { companies: scored.length, red: scored.filter((x) => x.b.list === 'red').length, black: scored.filter((x) => x.b.list === 'black').length };
}

/** One company's score computed again from the period's evidence (after an upheld appeal corrected it); the breakdown names the appeal. */
export async function rescoreCompany(tx: pg.PoolClient, p: PeriodRow, companyId: number, appeal: { appealId: number; reply: string }) {
  const scheme = await schemeById(tx, p.scheme_id);
  const g = await gatherEvidence(tx, p, companyId);
  const { b, figures } = scoreCompany(scheme, g, companyId, p.ends_on);
  b.reasons.push(`经申诉复核更正（申诉 ${appeal.appealId}）：${appeal.reply}`);
  b.reasonsEn = [...(b.reasonsEn ?? []), `Corrected after appeal ${appeal.appealId} was upheld: ${appeal.reply}`];
  await tx.query('UPDATE credit_score SET score = $3, grade = $4, list = $5, breakdown = $6, figures = $7, computed_at = now() WHERE period_id = $1 AND company_id = $2',
    [p.id, companyId, b.total, b.grade, b.list, JSON.stringify(b), JSON.stringify(figures)]);
  return { score: b.total, grade: b.grade };
}

export async function publishPeriod(tx: pg.PoolClient, periodId: number, appealDays: number, scope: string[]) {
  const p = await periodInScope(tx, periodId, scope, { manage: true, lock: true });
  if (p.state !== 'computed') throw new AppError('period_state', { state: p.state, action: 'publish' });
  const until = addDays(chinaToday(), appealDays);
  await tx.query(`UPDATE credit_period SET state = 'published', published_at = now(), appeal_until = $2, version = version + 1 WHERE id = $1`, [periodId, until]);
  return until;
}

export async function fixPeriod(tx: pg.PoolClient, periodId: number, scope: string[]) {
  const p = await periodInScope(tx, periodId, scope, { manage: true, lock: true });
  if (p.state !== 'published') throw new AppError('period_state', { state: p.state, action: 'fix' });
  if (p.appeal_until && chinaToday() <= p.appeal_until) throw new AppError('appeal_window_open', { until: p.appeal_until });
  const { rows: [pending] } = await tx.query(`SELECT count(*)::int AS n FROM credit_appeal WHERE period_id = $1 AND state = 'pending'`, [periodId]);
  if (pending.n) throw new AppError('appeals_pending', { count: pending.n });
  await tx.query(`UPDATE credit_period SET state = 'fixed', fixed_at = now(), version = version + 1 WHERE id = $1`, [periodId]);
}

const PERIOD_OUT = `p.id, p.name, p.region_code AS "regionCode", r.name AS "regionName",
  json_build_object('id', s.id, 'code', s.code, 'version', s.version, 'name', s.name, 'kind', s.kind) AS scheme,
  p.starts_on::text AS "startsOn", p.ends_on::text AS "endsOn", p.state, p.computed_at AS "computedAt", p.published_at AS "publishedAt",
  p.appeal_until::text AS "appealUntil", p.fixed_at AS "fixedAt", p.version`;

export async function listPeriods(db: Queryable, regionPath: string, scope: string[]) {
  const { rows } = await db.query(
    `SELECT ${PERIOD_OUT} FROM credit_period p JOIN region r ON r.code = p.region_code JOIN credit_scheme s ON s.id = p.scheme_id
      WHERE (p.path LIKE $1 OR $2 LIKE p.path || '%') AND (p.path LIKE ANY($3::text[]) OR EXISTS (SELECT 1 FROM unnest($3::text[]) x WHERE x LIKE p.path || '%'))
      ORDER BY p.ends_on DESC, p.id DESC`,
    [likePrefix(regionPath), regionPath, scope.map(likePrefix)]);
  return rows;
}

export async function periodDetail(db: Queryable, id: number, scope: string[], lang: 'zh-CN' | 'en' = 'zh-CN') {
  const p = await periodInScope(db, id, scope);
  const { rows: [period] } = await db.query(`SELECT ${PERIOD_OUT} FROM credit_period p JOIN region r ON r.code = p.region_code JOIN credit_scheme s ON s.id = p.scheme_id WHERE p.id = $1`, [id]);
  const scheme = await schemeById(db, p.scheme_id);
  const companies = await periodCompanies(db, p);
  const [appraisals, surveys, scores] = await Promise.all([
    db.query(`SELECT a.company_id, a.dimension, a.scorer, a.score::float8 AS score, a.note, acc.display_name AS by, a.at FROM credit_appraisal a LEFT JOIN account acc ON acc.id = a.by_account WHERE a.period_id = $1 ORDER BY a.dimension, a.scorer`, [id]),
    db.query(`SELECT company_id, count(*)::int AS count, round(avg(score), 2)::float8 AS average FROM credit_survey WHERE period_id = $1 GROUP BY company_id`, [id]),
    db.query(`SELECT s.company_id, s.score::float8 AS score, s.grade, s.list, s.breakdown, s.figures, a.state AS appeal FROM credit_score s
                LEFT JOIN credit_appeal a ON a.period_id = s.period_id AND a.company_id = s.company_id WHERE s.period_id = $1`, [id]),
  ]);
  return {
    ...period, definition: scheme.definition,
    companies: companies.map((c) => {
      const sc = scores.rows.find((x) => Number(x.company_id) === c.id);
      return {
        companyId: c.id, name: c.name, creditCode: c.creditCode,
        appraisals: appraisals.rows.filter((a) => Number(a.company_id) === c.id).map(({ company_id: _c, ...a }) => a),
        surveys: (({ company_id: _c, ...s }) => s)(surveys.rows.find((x) => Number(x.company_id) === c.id) ?? { company_id: 0, count: 0, average: null }),
        score: sc?.score ?? null, grade: sc?.grade ?? null, list: sc?.list ?? null, breakdown: sc?.breakdown ? localizeBreakdown(sc.breakdown, lang) : null,
        figures: sc?.figures ?? null, appeal: sc?.appeal ?? null,
      };
    }),
  };
}

// ---- public ----

export async function publicLists(db: Queryable, regionCode: string) {
  const region = await findRegion(db, regionCode);
  if (!region) throw new AppError('region_not_found', { code: regionCode });
  const { rows: periods } = await db.query(
    `SELECT p.id, p.name, p.published_at AS "publishedAt", p.state, p.appeal_until::text AS "appealUntil", r.name AS "regionName", s.name AS scheme, s.kind
       FROM credit_period p JOIN credit_scheme s ON s.id = p.scheme_id JOIN region r ON r.code = p.region_code
      WHERE p.state IN ('published','fixed') AND p.path LIKE $1 ORDER BY p.published_at DESC, p.id DESC`, [likePrefix(region.path)]);
  const out = [];
  for (const p of periods) {
    const { rows } = await db.query(
      `SELECT c.id AS "companyId", c.name AS company, c.credit_code AS "creditCode", s.grade, s.score::float8 AS score, s.list, a.state AS appeal
         FROM credit_score s JOIN property_company_v c ON c.id = s.company_id LEFT JOIN credit_appeal a ON a.period_id = s.period_id AND a.company_id = s.company_id
        WHERE s.period_id = $1 AND s.list IS NOT NULL ORDER BY s.score DESC, c.name`, [p.id]);
    out.push({
      periodId: p.id, period: p.name, region: p.regionName, publishedAt: p.publishedAt, state: p.state, appealUntil: p.appealUntil, scheme: p.scheme, kind: p.kind,
      red: rows.filter((r) => r.list === 'red').map(({ list: _l, ...r }) => r),
      black: rows.filter((r) => r.list === 'black').map(({ list: _l, ...r }) => r),
    });
  }
  return { periods: out };
}

export async function publicBreakdown(db: Queryable, periodId: number, companyId: number, lang: 'zh-CN' | 'en' = 'zh-CN') {
  const { rows } = await db.query(
    `SELECT p.name AS period, p.state, sc.name AS scheme, sc.kind, c.name AS company, c.credit_code AS "creditCode", s.score::float8 AS score, s.grade, s.list, s.breakdown,
            CASE WHEN a.id IS NULL THEN NULL ELSE json_build_object('state', a.state, 'filedAt', a.filed_at, 'decidedAt', a.decided_at, 'reply', a.reply,
              'scoreBefore', a.score_before::float8, 'gradeBefore', a.grade_before) END AS appeal
       FROM credit_score s JOIN credit_period p ON p.id = s.period_id JOIN credit_scheme sc ON sc.id = p.scheme_id JOIN property_company_v c ON c.id = s.company_id
       LEFT JOIN credit_appeal a ON a.period_id = s.period_id AND a.company_id = s.company_id
      WHERE s.period_id = $1 AND s.company_id = $2 AND p.state IN ('published','fixed')`, [periodId, companyId]);
  if (!rows[0]) throw new AppError('company_not_in_period', { id: companyId });
  return { ...rows[0], breakdown: localizeBreakdown(rows[0].breakdown, lang) };
}

export type { Evidence };
