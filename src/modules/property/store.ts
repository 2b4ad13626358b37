/** Property companies, outlets and contracts; owners' committees, their terms and members; compound documents. */
import type pg from 'pg';
import { Type } from '@sinclair/typebox';
import { assertInScope, likePrefix, scopeSql, visibleOr404 } from '../../core/access/policy.js';
import type { Queryable } from '../../core/db/pool.js';
import { AppError, type Lang } from '../../core/http/errors.js';
import { defineSetting } from '../settings/index.js';
import { compoundInScope } from '../people/api.js';
import { chinaToday } from '../../core/time.js';
import { checkDate, createPost, endPostsOnBody, holderInScope, localiseFindings, ruleToApp, termEnd } from '../party/api.js';
import { regionForScope } from '../regions/api.js';
import './units.js'; // owners' committees, companies and outlets as party units (party/units.ts)
import { assertCommitteeDates, COMMITTEE_RULE_DEFAULTS, committeeFindings, committeeSizeProblem, creditCodeProblem, normaliseCreditCode, termProblem, type CommitteeRuleConfig } from './rules.js';

export const committeeRules = defineSetting<CommitteeRuleConfig>({
  key: 'property.committeeRules',
  description: '业主委员会规则（业主大会和业主委员会指导规则）：委员人数（5–11 人、单数；小区户数不多时可设 3 人）、任期上限、到期提醒月数、首次会议天数、备案天数',
  schema: Type.Object({
    minMembers: Type.Integer({ minimum: 1 }), maxMembers: Type.Integer({ minimum: 1 }), oddOnly: Type.Boolean(),
    smallCompoundHouseholds: Type.Integer({ minimum: 1 }), smallCompoundMinMembers: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
    maxTermYears: Type.Integer({ minimum: 1, maximum: 10 }), expiryReminderMonths: Type.Integer({ minimum: 0, maximum: 24 }),
    firstMeetingDays: Type.Integer({ minimum: 1 }), filingDays: Type.Integer({ minimum: 1 }),
  }, { additionalProperties: false }),
  default: { ...COMMITTEE_RULE_DEFAULTS },
});

// ---- companies ----

export async function createCompany(tx: pg.PoolClient, c: { name: string; creditCode: string; regionCode: string; address?: string | null }, scope: string[]): Promise<number> {
  const code = normaliseCreditCode(c.creditCode);
  const problem = creditCodeProblem(code);
  if (problem) throw new AppError(problem, { code });
  const region = await regionForScope(tx, c.regionCode, scope);
  const dup = await tx.query('SELECT name FROM property_company WHERE credit_code = $1', [code]);
  if (dup.rows[0]) throw new AppError('credit_code_duplicate', { code, name: dup.rows[0].name });
  const { rows } = await tx.query('INSERT INTO property_company (name, credit_code, region_code, path, address) VALUES ($1, $2, $3, $4, $5) RETURNING id', [c.name.trim(), code, region.code, region.path, c.address?.trim() || null]);
  return rows[0].id;
}

/** A company the caller may see: registered in its scope, or with an outlet or a served compound there. */
export async function companyInScope(db: Queryable, id: number, scope: string[]) {
  const params: unknown[] = [id];
  const { rows } = await db.query(
    `SELECT c.id, c.path FROM property_company c WHERE c.id = $1 AND (${scopeSql(scope, 'c.path', params)}
        OR EXISTS (SELECT 1 FROM property_outlet o WHERE o.company_id = c.id AND ${scopeSql(scope, 'o.path', params)})
        OR EXISTS (SELECT 1 FROM property_contract k JOIN people_compound_v cp ON cp.id = k.compound_id WHERE k.company_id = c.id AND ${scopeSql(scope, 'cp.path', params)}))`,
    params,
  );
  if (!rows[0]) throw new AppError('company_not_found', { id });
  return rows[0] as { id: number; path: string };
}

export async function createOutlet(tx: pg.PoolClient, companyId: number, o: { name: string; regionCode: string; address?: string | null }, scope: string[]): Promise<number> {
  await companyInScope(tx, companyId, scope);
  const region = await regionForScope(tx, o.regionCode, scope);
  const dup = await tx.query('SELECT 1 FROM property_outlet WHERE company_id = $1 AND name = $2', [companyId, o.name.trim()]);
  if (dup.rowCount) throw new AppError('outlet_duplicate', { name: o.name.trim() });
  const { rows } = await tx.query('INSERT INTO property_outlet (company_id, name, region_code, path, address) VALUES ($1, $2, $3, $4, $5) RETURNING id', [companyId, o.name.trim(), region.code, region.path, o.address?.trim() || null]);
  return rows[0].id;
}

/** One change at a time to a compound's property arrangements (its contracts, its owners' committee): a lock of property's own, held to the end of the transaction. */
async function lockCompound(tx: pg.PoolClient, compoundId: number) {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`property-compound:${compoundId}`]);
}

export async function createContract(tx: pg.PoolClient, k: { compoundId: number; companyId: number; outletId?: number | null; startsOn: string; endsOn?: string | null }, scope: string[]): Promise<number> {
  checkDate(k.startsOn); checkDate(k.endsOn);
  if (k.endsOn && k.endsOn <= k.startsOn) throw new AppError('end_before_start', { from: k.startsOn });
  await compoundInScope(tx, k.compoundId, scope);
  await companyInScope(tx, k.companyId, scope);
  if (k.outletId) {
    const o = await tx.query('SELECT 1 FROM property_outlet WHERE id = $1 AND company_id = $2', [k.outletId, k.companyId]);
    if (!o.rowCount) throw new AppError('outlet_not_found', { id: k.outletId });
  }
  await lockCompound(tx, k.compoundId);
  const { rows: overlap } = await tx.query(
    `SELECT c.name, k.starts_on::text AS "from", k.ends_on::text AS "to" FROM property_contract k JOIN property_company c ON c.id = k.company_id
      WHERE k.compound_id = $1 AND daterange(k.starts_on, k.ends_on) && daterange($2::date, $3::date)`,
    [k.compoundId, k.startsOn, k.endsOn ?? null],
  );
  if (overlap[0]) throw new AppError('contract_overlap', { name: overlap[0].name, from: overlap[0].from, to: overlap[0].to ?? '—' });
  const { rows } = await tx.query('INSERT INTO property_contract (compound_id, company_id, outlet_id, starts_on, ends_on) VALUES ($1, $2, $3, $4, $5) RETURNING id', [k.compoundId, k.companyId, k.outletId ?? null, k.startsOn, k.endsOn ?? null]);
  return rows[0].id;
}

// party's tables are read through its views (party migration 1131)
const ORG_OF = (kind: string, ref: string) => `(SELECT json_build_object('id', v.org_id, 'name', v.name, 'kind', v.kind, 'joint', v.joint) FROM party_unit_org_v v WHERE v.unit_kind = '${kind}' AND v.unit_ref = ${ref} ORDER BY v.joint, v.org_id LIMIT 1)`;
const INSTRUCTOR_OF = (kind: string, ref: string) => `(SELECT json_build_object('id', v.id, 'holderId', v.holder_id, 'name', v.name) FROM party_unit_instructor_v v WHERE v.unit_kind = '${kind}' AND v.unit_ref = ${ref} LIMIT 1)`;

const COMPANY_COLS = `c.id, c.name, c.credit_code AS "creditCode", c.region_code AS "regionCode", r.name AS "regionName", c.address,
  (SELECT count(*) FROM property_outlet o WHERE o.company_id = c.id)::int AS outlets,
  (SELECT count(DISTINCT k.compound_id) FROM property_contract k WHERE k.company_id = c.id AND (k.ends_on IS NULL OR k.ends_on > CURRENT_DATE))::int AS compounds,
  (SELECT count(*) FROM party_active_post_v po WHERE po.body_kind IN ('property_company','property_outlet')
      AND (po.body_ref = c.id::text AND po.body_kind = 'property_company' OR po.body_kind = 'property_outlet' AND po.body_ref IN (SELECT o.id::text FROM property_outlet o WHERE o.company_id = c.id)))::int AS staff,
  (SELECT count(*) FROM party_active_post_v po WHERE po.party_status IS NOT NULL
      AND (po.body_ref = c.id::text AND po.body_kind = 'property_company' OR po.body_kind = 'property_outlet' AND po.body_ref IN (SELECT o.id::text FROM property_outlet o WHERE o.company_id = c.id)))::int AS "partyMembers",
  ${ORG_OF('property_company', 'c.id::text')} AS org, ${INSTRUCTOR_OF('property_company', 'c.id::text')} AS instructor`;

export async function listCompanies(db: Queryable, regionPath: string, scope: string[]) {
  const params: unknown[] = [likePrefix(regionPath)];
  const s1 = scopeSql(scope, 'c.path', params), s2 = scopeSql(scope, 'o.path', params), s3 = scopeSql(scope, 'cp.path', params);
  const { rows } = await db.query(
    `SELECT ${COMPANY_COLS} FROM property_company c JOIN region r ON r.code = c.region_code
      WHERE (c.path LIKE $1 AND ${s1})
         OR EXISTS (SELECT 1 FROM property_outlet o WHERE o.company_id = c.id AND o.path LIKE $1 AND ${s2})
         OR EXISTS (SELECT 1 FROM property_contract k JOIN people_compound_v cp ON cp.id = k.compound_id WHERE k.company_id = c.id AND cp.path LIKE $1 AND ${s3})
      ORDER BY c.name LIMIT 1000`,
    params,
  );
  return rows;
}

export async function companyDetail(db: Queryable, id: number, scope: string[]) {
  await companyInScope(db, id, scope);
  const { rows: [company] } = await db.query(`SELECT ${COMPANY_COLS} FROM property_company c JOIN region r ON r.code = c.region_code WHERE c.id = $1`, [id]);
  const outlets = await db.query(
    `SELECT o.id, o.name, o.region_code AS "regionCode", r.name AS "regionName", o.address, ${ORG_OF('property_outlet', 'o.id::text')} AS org, ${INSTRUCTOR_OF('property_outlet', 'o.id::text')} AS instructor
       FROM property_outlet o JOIN region r ON r.code = o.region_code WHERE o.company_id = $1 ORDER BY o.name`, [id]);
  const contracts = await db.query(
    `SELECT k.id, k.compound_id AS "compoundId", cp.name AS "compoundName", k.outlet_id AS "outletId", k.starts_on::text AS "startsOn", k.ends_on::text AS "endsOn"
       FROM property_contract k JOIN people_compound_v cp ON cp.id = k.compound_id WHERE k.company_id = $1 ORDER BY k.starts_on DESC`, [id]);
  const staff = await db.query(
    `SELECT po.post_id AS "postId", po.holder_id AS "holderId", po.name, po.title, po.body_kind AS "bodyKind", po.body_ref AS "bodyRef", po.from_on::text AS "from", po.party_status AS "partyStatus"
       FROM party_active_post_v po
      WHERE (po.body_kind = 'property_company' AND po.body_ref = $1::text OR po.body_kind = 'property_outlet' AND po.body_ref IN (SELECT o.id::text FROM property_outlet o WHERE o.company_id = $1::bigint))
      ORDER BY po.title, po.name`, [id]);
  return { ...company, outlets: outlets.rows, contracts: contracts.rows, staff: staff.rows };
}

// ---- owners' committees ----

export interface CommitteeMemberIn { holderId: number; title: 'chair' | 'vice_chair' | 'member'; }
export interface NewCommittee { compoundId: number; electedOn: string; termYears: number; households?: number | null; firstMeetingOn?: string | null; filedOn?: string | null; members: CommitteeMemberIn[]; }

async function checkCommittee(tx: pg.PoolClient, c: NewCommittee, scope: string[]) {
  const cfg = await committeeRules(tx);
  checkDate(c.electedOn); checkDate(c.firstMeetingOn); checkDate(c.filedOn);
  ruleToApp(() => assertCommitteeDates({ electedOn: c.electedOn, firstMeetingOn: c.firstMeetingOn ?? null, filedOn: c.filedOn ?? null }));
  if (c.electedOn > chinaToday()) throw new AppError('event_date_in_future');
  const holders = new Set(c.members.map((m) => m.holderId));
  if (holders.size !== c.members.length) throw new AppError('committee_member_twice');
  const size = committeeSizeProblem(c.members.length, c.households ?? null, cfg);
  if (size) throw new AppError(size.code, size.params);
  const term = termProblem(c.termYears, cfg);
  if (term) throw new AppError(term.code, term.params);
  const chairs = c.members.filter((m) => m.title === 'chair').length;
  if (chairs !== 1) throw new AppError('committee_chair_count', { count: chairs });
  for (const m of c.members) await holderInScope(tx, m.holderId, scope);
}

async function addCommitteeMembers(tx: pg.PoolClient, committeeId: number, c: NewCommittee, scope: string[]) {
  for (const m of c.members) await createPost(tx, { holderId: m.holderId, body: { kind: 'owners_committee', ref: String(committeeId) }, title: m.title, from: c.electedOn }, scope);
}

export async function createCommittee(tx: pg.PoolClient, c: NewCommittee, scope: string[]): Promise<number> {
  const compound = await compoundInScope(tx, c.compoundId, scope);
  await lockCompound(tx, c.compoundId);
  const existing = await tx.query('SELECT id FROM owners_committee WHERE compound_id = $1', [c.compoundId]);
  if (existing.rows[0]) throw new AppError('committee_exists', { id: existing.rows[0].id });
  await checkCommittee(tx, c, scope);
  const { rows } = await tx.query(
    `INSERT INTO owners_committee (compound_id, path, elected_on, term_years, households, first_meeting_on, filed_on) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [c.compoundId, compound.path, c.electedOn, c.termYears, c.households ?? null, c.firstMeetingOn ?? null, c.filedOn ?? null],
  );
  await addCommitteeMembers(tx, rows[0].id, c, scope);
  return rows[0].id;
}

export async function committeeInScope(db: Queryable, id: number, scope: string[], lock = false) {
  const { rows } = await db.query(`SELECT id, compound_id, path, version, elected_on::text AS "electedOn", term_years, first_meeting_on::text AS "firstMeetingOn", filed_on::text AS "filedOn" FROM owners_committee WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return visibleOr404(scope, rows[0], 'committee_not_found', { id });
}

/** A new term: the previous one goes to history, its members' posts end the day before. */
export async function reelectCommittee(tx: pg.PoolClient, id: number, c: Omit<NewCommittee, 'compoundId'> & { version: number }, scope: string[]) {
  const cur = await committeeInScope(tx, id, scope, true);
  if (cur.version !== c.version) throw new AppError('version_conflict', { current: cur.version });
  if (c.electedOn <= cur.electedOn) throw new AppError('date_order', { value: c.electedOn, electedOn: cur.electedOn });
  await checkCommittee(tx, { ...c, compoundId: cur.compound_id }, scope);
  await tx.query(`INSERT INTO owners_committee_term (committee_id, elected_on, term_years, first_meeting_on, filed_on, ended_on) SELECT id, elected_on, term_years, first_meeting_on, filed_on, $2 FROM owners_committee WHERE id = $1`, [id, c.electedOn]);
  await endPostsOnBody(tx, { kind: 'owners_committee', ref: String(id) }, c.electedOn);
  await tx.query(`UPDATE owners_committee SET elected_on = $2, term_years = $3, households = COALESCE($4, households), first_meeting_on = $5, filed_on = $6, version = version + 1 WHERE id = $1`,
    [id, c.electedOn, c.termYears, c.households ?? null, c.firstMeetingOn ?? null, c.filedOn ?? null]);
  await addCommitteeMembers(tx, id, { ...c, compoundId: cur.compound_id }, scope);
}

export async function updateCommittee(tx: pg.PoolClient, id: number, p: { version: number; firstMeetingOn?: string | null; filedOn?: string | null }, scope: string[]) {
  const cur = await committeeInScope(tx, id, scope, true);
  if (cur.version !== p.version) throw new AppError('version_conflict', { current: cur.version });
  checkDate(p.firstMeetingOn); checkDate(p.filedOn);
  const next = { electedOn: cur.electedOn, firstMeetingOn: p.firstMeetingOn !== undefined ? p.firstMeetingOn : cur.firstMeetingOn, filedOn: p.filedOn !== undefined ? p.filedOn : cur.filedOn };
  ruleToApp(() => assertCommitteeDates(next));
  const today = chinaToday();
  if ((next.firstMeetingOn && next.firstMeetingOn > today) || (next.filedOn && next.filedOn > today)) throw new AppError('event_date_in_future');
  await tx.query('UPDATE owners_committee SET first_meeting_on = $2, filed_on = $3, version = version + 1 WHERE id = $1', [id, next.firstMeetingOn, next.filedOn]);
}

export async function addDocument(tx: pg.PoolClient, committeeId: number, d: { kind: 'statute' | 'rules_of_procedure'; title: string; content: string; adoptedOn: string }, scope: string[]) {
  const c = await committeeInScope(tx, committeeId, scope, true);
  checkDate(d.adoptedOn);
  const { rows: [v] } = await tx.query('SELECT COALESCE(max(version), 0) + 1 AS v FROM compound_document WHERE compound_id = $1 AND kind = $2', [c.compound_id, d.kind]);
  const { rows } = await tx.query('INSERT INTO compound_document (compound_id, kind, title, content, version, adopted_on) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, version',
    [c.compound_id, d.kind, d.title.trim(), d.content, v.v, d.adoptedOn]);
  return rows[0] as { id: number; version: number };
}

const COMMITTEE_SELECT = `
  SELECT oc.id, oc.compound_id AS "compoundId", cp.name AS "compoundName", cp.community_code AS "communityCode", r.name AS "communityName", cp.demonstration,
         oc.elected_on::text AS "electedOn", oc.term_years AS "termYears", oc.households, oc.first_meeting_on::text AS "firstMeetingOn", oc.filed_on::text AS "filedOn", oc.version,
         COALESCE((SELECT json_agg(json_build_object('postId', po.post_id, 'holderId', po.holder_id, 'name', po.name, 'title', po.title, 'partyStatus', po.party_status)
                     ORDER BY array_position(ARRAY['chair','vice_chair','member'], po.title), po.name)
                     FROM party_active_post_v po WHERE po.body_kind = 'owners_committee' AND po.body_ref = oc.id::text), '[]') AS members,
         ${ORG_OF('owners_committee', 'oc.id::text')} AS org, ${INSTRUCTOR_OF('owners_committee', 'oc.id::text')} AS instructor,
         COALESCE((SELECT json_agg(json_build_object('id', d.id, 'kind', d.kind, 'title', d.title, 'version', d.version, 'adoptedOn', d.adopted_on::text) ORDER BY d.kind, d.version DESC)
                     FROM compound_document d WHERE d.compound_id = oc.compound_id), '[]') AS documents,
         (SELECT k.company_id FROM property_contract k WHERE k.compound_id = oc.compound_id AND k.starts_on <= CURRENT_DATE AND (k.ends_on IS NULL OR k.ends_on > CURRENT_DATE) LIMIT 1) AS "companyId"
    FROM owners_committee oc JOIN people_compound_v cp ON cp.id = oc.compound_id JOIN region r ON r.code = cp.community_code`;

async function shapeCommittees(db: Queryable, rows: any[], lang: Lang) {
  const cfg = await committeeRules(db);
  const today = chinaToday();
  return rows.map((c) => ({
    ...c,
    termEnd: termEnd(c.electedOn, c.termYears),
    findings: localiseFindings(lang, committeeFindings({ electedOn: c.electedOn, termYears: c.termYears, firstMeetingOn: c.firstMeetingOn, filedOn: c.filedOn }, today, cfg)),
  }));
}

export async function listCommittees(db: Queryable, regionPath: string, scope: string[], lang: Lang) {
  const params: unknown[] = [likePrefix(regionPath)];
  const { rows } = await db.query(`${COMMITTEE_SELECT} WHERE oc.path LIKE $1 AND ${scopeSql(scope, 'oc.path', params)} ORDER BY oc.path, cp.name LIMIT 2000`, params);
  return shapeCommittees(db, rows, lang);
}

export async function committeeDetail(db: Queryable, id: number, scope: string[], lang: Lang) {
  await committeeInScope(db, id, scope);
  const { rows } = await db.query(`${COMMITTEE_SELECT} WHERE oc.id = $1`, [id]);
  const [c] = await shapeCommittees(db, rows, lang);
  const terms = await db.query(`SELECT elected_on::text AS "electedOn", term_years AS "termYears", ended_on::text AS "endedOn" FROM owners_committee_term WHERE committee_id = $1 ORDER BY elected_on DESC`, [id]);
  return { ...c, previousTerms: terms.rows };
}

export async function documentText(db: Queryable, id: number, scope: string[]) {
  const { rows } = await db.query(`SELECT d.id, d.kind, d.title, d.version, d.adopted_on::text AS "adoptedOn", d.content, cp.path FROM compound_document d JOIN people_compound_v cp ON cp.id = d.compound_id WHERE d.id = $1`, [id]);
  if (!rows[0]) throw new AppError('document_not_found', { id });
  assertInScope(scope, rows[0].path);
  const { path: _p, ...d } = rows[0];
  return d;
}
