/**
 * Commands and queries of the party-org registry: people who hold posts, organisations and
 * the units they cover, memberships, officers and other posts, instructors.
 */
import type pg from 'pg';
import { assertInScope, likePrefix, scopeSql, visibleOr404 } from '../../core/access/policy.js';
import type { Queryable } from '../../core/db/pool.js';
import { AppError, messageFor, type Lang } from '../../core/http/errors.js';
import { blindIndex, decrypt, encrypt } from '../../core/privacy/cipher.js';
import type { Keys } from '../../core/privacy/keys.js';
import { maskPhone } from '../../core/privacy/mask.js';
import { parseMobile } from '../../core/privacy/validate.js';
import { defineSetting } from '../settings/index.js';
import { chinaToday } from '../../core/time.js';
import { unitKind } from './units.js';
import { countResidentPartyMembers } from '../people/api.js';
import { regionForScope } from '../regions/api.js';
import { Type } from '@sinclair/typebox';
import { assertJointBranchCapacity, checkOrganisation, PARTY_RULE_DEFAULTS, RuleError, termEnd, termYearsFor, type AttachedKind, type Finding, type OrgKind, type PartyRuleConfig } from './rules.js';

export const partyRules = defineSetting<PartyRuleConfig>({
  key: 'party.rules',
  description: '党组织设置规则（中国共产党支部工作条例）：成立支部的正式党员数、设支委会的人数与支委会规模、党总支/党委的人数、任期（社区 5 年，其他 3 年）、换届提醒天数、联合党支部最多覆盖单位数',
  schema: Type.Object({
    branchMinFull: Type.Integer({ minimum: 1 }), committeeFrom: Type.Integer({ minimum: 1 }), committeeMin: Type.Integer({ minimum: 1 }),
    committeeMax: Type.Integer({ minimum: 1 }), committeeHardMax: Type.Integer({ minimum: 1 }), generalBranchOver: Type.Integer({ minimum: 1 }),
    primaryCommitteeOver: Type.Integer({ minimum: 1 }), termYearsCommunity: Type.Integer({ minimum: 1, maximum: 10 }), termYearsOther: Type.Integer({ minimum: 1, maximum: 10 }),
    reelectionReminderDays: Type.Integer({ minimum: 0, maximum: 730 }), jointBranchMaxUnits: Type.Integer({ minimum: 2, maximum: 20 }),
  }, { additionalProperties: false }),
  default: { ...PARTY_RULE_DEFAULTS },
});

/** A real calendar date (YYYY-MM-DD), or date_invalid. */
export function checkDate(s: string | null | undefined): string | null {
  if (s === null || s === undefined) return null;
  const d = new Date(`${s}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s) throw new AppError('date_invalid', { value: s });
  return s;
}

/** RuleError (pure rules) → AppError (HTTP). */
export function ruleToApp<T>(fn: () => T): T {
  try { return fn(); } catch (e) {
    if (e instanceof RuleError) throw new AppError(e.code, e.params as Record<string, string | number>);
    throw e;
  }
}

export const localiseFindings = (lang: Lang, fs: Finding[]) => fs.map((f) => ({ ...f, message: messageFor(f.code, lang, f.params) }));

// ---- post holders ----

export interface NewHolder { name: string; gender?: 'male' | 'female' | null; phone?: string | null; regionCode: string; partyStatus?: 'full' | 'probationary' | null; }

export async function createHolder(tx: pg.PoolClient, keys: Keys, h: NewHolder, scope: string[]): Promise<number> {
  const region = await regionForScope(tx, h.regionCode, scope);
  let phone: string | null = null;
  if (h.phone) {
    phone = parseMobile(h.phone);
    if (!phone) throw new AppError('phone_invalid');
  }
  const { rows } = await tx.query(
    `INSERT INTO post_holder (region_code, path, name, gender, phone_enc, phone_hash, phone_masked, party_status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [region.code, region.path, h.name.trim(), h.gender ?? null, phone && encrypt(keys, phone), phone && blindIndex(keys, 'phone', phone), phone && maskPhone(phone), h.partyStatus ?? null],
  );
  return rows[0].id;
}

/** The party status of a holder: its membership here, else what was recorded for a membership elsewhere. */
export const PARTY_STATUS = `COALESCE((SELECT m.status FROM party_membership m WHERE m.holder_id = h.id AND m.left_on IS NULL), h.party_status)`;

const HOLDER_COLS = `h.id, h.name, h.gender, h.phone_masked AS "phoneMasked", h.region_code AS "regionCode", r.name AS "regionName", ${PARTY_STATUS} AS "partyStatus"`;

export async function holderInScope(db: Queryable, id: number, scope: string[]) {
  const { rows } = await db.query(`SELECT ${HOLDER_COLS}, h.path FROM post_holder h JOIN region r ON r.code = h.region_code WHERE h.id = $1`, [id]);
  return visibleOr404(scope, rows[0] as { id: number; name: string; partyStatus: string | null; path: string } | undefined, 'holder_not_found', { id });
}

const POSTS_OF = `COALESCE((SELECT json_agg(json_build_object('postId', po.id, 'bodyKind', po.body_kind, 'bodyRef', po.body_ref, 'title', po.title, 'from', po.from_on::text) ORDER BY po.from_on)
                    FROM post po WHERE po.holder_id = h.id AND po.to_on IS NULL), '[]')`;

export async function listHolders(db: Queryable, regionPath: string, scope: string[], q?: string) {
  const params: unknown[] = [likePrefix(regionPath)];
  let where = `h.path LIKE $1 AND ${scopeSql(scope, 'h.path', params)}`;
  if (q?.trim()) { params.push(likePrefix(q.trim())); where += ` AND h.name LIKE $${params.length}`; }
  const { rows } = await db.query(`SELECT ${HOLDER_COLS}, ${POSTS_OF} AS posts FROM post_holder h JOIN region r ON r.code = h.region_code WHERE ${where} ORDER BY h.name, h.id LIMIT 200`, params);
  return rows;
}

export async function holderById(db: Queryable, id: number) {
  const { rows } = await db.query(`SELECT ${HOLDER_COLS}, ${POSTS_OF} AS posts FROM post_holder h JOIN region r ON r.code = h.region_code WHERE h.id = $1`, [id]);
  return rows[0];
}

export async function revealHolderPhone(tx: pg.PoolClient, keys: Keys, id: number, scope: string[]): Promise<string> {
  await holderInScope(tx, id, scope);
  const { rows } = await tx.query('SELECT phone_enc FROM post_holder WHERE id = $1', [id]);
  if (!rows[0].phone_enc) throw new AppError('field_not_set');
  return decrypt(keys, rows[0].phone_enc);
}

// ---- units ----

export type UnitKind = AttachedKind;
export interface Unit { kind: UnitKind; ref: string; }
export interface ResolvedUnit extends Unit { name: string; path: string | null; }

/** The name and region path of a unit (through the unit registry, units.ts); 404 for one that does not exist. */
export async function resolveUnit(db: Queryable, u: Unit, lang: Lang = 'zh-CN'): Promise<ResolvedUnit> {
  const ref = u.ref.trim();
  const def = unitKind(u.kind);
  const found = def && ref ? (await def.resolve(db, [ref], lang)).get(ref) : undefined;
  if (!found) throw new AppError('party_unit_not_found', { kind: u.kind, ref });
  return { kind: u.kind, ref, name: found.name, path: found.path };
}

/** Names for many units at once (lists), keyed `kind:ref`; a unit that does not resolve is named by its ref. */
export async function unitNames(db: Queryable, units: Unit[], lang: Lang = 'zh-CN'): Promise<Map<string, string>> {
  const key = (k: string, r: string) => `${k}:${r}`;
  const out = new Map<string, string>();
  const kinds = [...new Set(units.map((u) => u.kind))];
  for (const kind of kinds) {
    const def = unitKind(kind);
    const refs = [...new Set(units.filter((u) => u.kind === kind).map((u) => u.ref))];
    if (!def || !refs.length) continue;
    for (const [ref, info] of await def.resolve(db, refs, lang)) out.set(key(kind, ref), info.name);
  }
  for (const u of units) if (!out.has(key(u.kind, u.ref))) out.set(key(u.kind, u.ref), u.ref);
  return out;
}

// ---- organisations ----

export interface NewOrg {
  name: string; kind: OrgKind; parentId?: number | null; regionCode: string; attached: Unit;
  joint?: boolean; units?: Unit[]; termStart?: string | null; approvalRef?: string | null;
}

/** An organisation's own (non-joint) organisation on a unit, if any. */
async function orgOnUnit(db: Queryable, u: Unit, except?: number) {
  const { rows } = await db.query(
    `SELECT o.id, o.name, o.joint FROM party_org_unit pu JOIN party_org o ON o.id = pu.org_id
      WHERE pu.unit_kind = $1 AND pu.unit_ref = $2 AND o.dissolved_on IS NULL AND o.id IS DISTINCT FROM $3 ORDER BY o.joint, o.id`,
    [u.kind, u.ref, except ?? null],
  );
  return rows as { id: number; name: string; joint: boolean }[];
}

/** Units that are bodies (owners' committees, companies, outlets) take one organisation of their own; a joint branch may cover them only if they have none. */
const BODY_KINDS = new Set(['owners_committee', 'property_company', 'property_outlet']);

async function checkUnitFree(db: Queryable, u: Unit, joint: boolean, except?: number) {
  if (!BODY_KINDS.has(u.kind)) return;
  const existing = await orgOnUnit(db, u, except);
  const own = existing.find((o) => !o.joint);
  if (own) throw new AppError('party_unit_taken', { name: own.name });
  if (!joint && existing.length === 0) return;
  if (joint && existing.length) throw new AppError('party_unit_taken', { name: existing[0].name });
}

async function checkParent(db: Queryable, parentId: number | null | undefined, path: string, scope: string[], selfId?: number) {
  if (parentId === null || parentId === undefined) return;
  const { rows } = await db.query('SELECT id, kind, path FROM party_org WHERE id = $1 AND dissolved_on IS NULL', [parentId]);
  if (!rows[0]) throw new AppError('party_parent_invalid', { reason: `#${parentId}` });
  if (rows[0].kind === 'group') throw new AppError('party_parent_invalid', { reason: '党小组不能有下级组织 / a group has no sub-organisations' });
  if (!path.startsWith(rows[0].path) && !rows[0].path.startsWith(path)) {
    // a superior is in the same region or above it (a street working committee over community committees)
    throw new AppError('party_parent_invalid', { reason: '上级组织应在同一区域或上级区域 / the superior sits in the same region or above' });
  }
  if (selfId !== undefined) {
    // no cycles: walk up from the new parent
    let cur: number | null = parentId;
    for (let i = 0; cur !== null && i < 50; i++) {
      if (cur === selfId) throw new AppError('party_parent_invalid', { reason: '不能形成循环 / that makes a cycle' });
      const r: pg.QueryResult = await db.query('SELECT parent_id FROM party_org WHERE id = $1', [cur]);
      cur = r.rows[0]?.parent_id ?? null;
    }
  }
  void scope;
}

export async function createOrg(tx: pg.PoolClient, o: NewOrg, scope: string[]): Promise<number> {
  const cfg = await partyRules(tx);
  const region = await regionForScope(tx, o.regionCode, scope);
  checkDate(o.termStart);
  const joint = !!o.joint;
  if (joint && o.kind !== 'branch') throw new AppError('party_joint_kind');
  const units = [o.attached, ...(o.units ?? [])].map((u) => ({ kind: u.kind, ref: u.ref.trim() }));
  const unique = [...new Map(units.map((u) => [`${u.kind}:${u.ref}`, u])).values()];
  if (!joint && unique.length > 1) throw new AppError('party_not_joint');
  if (joint) ruleToApp(() => assertJointBranchCapacity(unique.length - 1, cfg));
  for (const u of unique) {
    const r = await resolveUnit(tx, u);
    if (r.path && !r.path.startsWith(region.path) && !region.path.startsWith(r.path)) throw new AppError('party_unit_out_of_region');
    // a grid branch or a building group belongs to the grid's or building's own community (网格党建)
    if ((u.kind === 'grid' || u.kind === 'building') && (region.level !== 'community' || !r.path?.startsWith(region.path))) throw new AppError('party_unit_out_of_region');
    // lock the unit's organisations for this transaction so two registrations cannot both pass
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`party-unit:${u.kind}:${u.ref}`]);
    await checkUnitFree(tx, u, joint);
  }
  await checkParent(tx, o.parentId, region.path, scope);
  const { rows } = await tx.query(
    `INSERT INTO party_org (name, kind, parent_id, region_code, path, attached_kind, attached_ref, joint, term_start, approval_ref)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [o.name.trim(), o.kind, o.parentId ?? null, region.code, region.path, o.attached.kind, o.attached.ref.trim(), joint, o.termStart ?? null, o.approvalRef?.trim() || null],
  );
  const id = rows[0].id as number;
  for (const u of unique) await tx.query('INSERT INTO party_org_unit (org_id, unit_kind, unit_ref) VALUES ($1, $2, $3)', [id, u.kind, u.ref]);
  return id;
}

export async function orgInScope(db: Queryable, id: number, scope: string[], lock = false) {
  const { rows } = await db.query(`SELECT id, kind, joint, path, version, name FROM party_org WHERE id = $1 AND dissolved_on IS NULL${lock ? ' FOR UPDATE' : ''}`, [id]);
  return visibleOr404(scope, rows[0] as { id: number; kind: OrgKind; joint: boolean; path: string; version: number; name: string } | undefined, 'party_org_not_found', { id });
}

export async function updateOrg(tx: pg.PoolClient, id: number, p: { version: number; name?: string; termStart?: string | null; approvalRef?: string | null; parentId?: number | null }, scope: string[]) {
  const org = await orgInScope(tx, id, scope, true);
  if (org.version !== p.version) throw new AppError('version_conflict', { current: org.version });
  checkDate(p.termStart);
  if (p.parentId !== undefined) await checkParent(tx, p.parentId, org.path, scope, id);
  await tx.query(
    `UPDATE party_org SET name = COALESCE($2, name),
        term_start = CASE WHEN $3 THEN $4::date ELSE term_start END,
        approval_ref = CASE WHEN $5 THEN $6 ELSE approval_ref END,
        parent_id = CASE WHEN $7 THEN $8::bigint ELSE parent_id END,
        version = version + 1 WHERE id = $1`,
    [id, p.name?.trim() ?? null, p.termStart !== undefined, p.termStart ?? null, p.approvalRef !== undefined, p.approvalRef?.trim() || null, p.parentId !== undefined, p.parentId ?? null],
  );
}

export async function addOrgUnit(tx: pg.PoolClient, id: number, u: Unit, scope: string[]) {
  const org = await orgInScope(tx, id, scope, true);
  if (!org.joint) throw new AppError('party_not_joint');
  const cfg = await partyRules(tx);
  const { rows } = await tx.query('SELECT count(*)::int AS n FROM party_org_unit WHERE org_id = $1', [id]);
  ruleToApp(() => assertJointBranchCapacity(rows[0].n, cfg));
  const r = await resolveUnit(tx, u);
  if (r.path && !r.path.startsWith(org.path) && !org.path.startsWith(r.path)) throw new AppError('party_unit_out_of_region');
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`party-unit:${r.kind}:${r.ref}`]);
  await checkUnitFree(tx, r, true, id);
  await tx.query('INSERT INTO party_org_unit (org_id, unit_kind, unit_ref) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [id, r.kind, r.ref]);
  await tx.query('UPDATE party_org SET version = version + 1 WHERE id = $1', [id]);
}

export async function addMember(tx: pg.PoolClient, orgId: number, m: { holderId: number; status: 'full' | 'probationary'; joinedOn: string }, scope: string[]) {
  const org = await orgInScope(tx, orgId, scope, true);
  checkDate(m.joinedOn);
  const holder = await holderInScope(tx, m.holderId, scope);
  await tx.query('SELECT 1 FROM post_holder WHERE id = $1 FOR UPDATE', [m.holderId]);
  const { rows } = await tx.query(`SELECT o.name FROM party_membership m JOIN party_org o ON o.id = m.org_id WHERE m.holder_id = $1 AND m.left_on IS NULL`, [m.holderId]);
  if (rows[0]) throw new AppError('member_elsewhere', { name: holder.name, org: rows[0].name });
  const ins = await tx.query('INSERT INTO party_membership (org_id, holder_id, status, joined_on) VALUES ($1, $2, $3, $4) RETURNING id', [org.id, m.holderId, m.status, m.joinedOn]);
  await tx.query('UPDATE party_org SET version = version + 1 WHERE id = $1', [org.id]);
  return ins.rows[0].id as number;
}

export async function endMember(tx: pg.PoolClient, orgId: number, memberId: number, e: { on: string; reason: string }, scope: string[]) {
  await orgInScope(tx, orgId, scope, true);
  checkDate(e.on);
  const { rows } = await tx.query('SELECT joined_on::text AS "joinedOn" FROM party_membership WHERE id = $1 AND org_id = $2 AND left_on IS NULL FOR UPDATE', [memberId, orgId]);
  if (!rows[0]) throw new AppError('member_not_found', { id: memberId });
  if (e.on < rows[0].joinedOn) throw new AppError('end_before_start', { from: rows[0].joinedOn });
  await tx.query('UPDATE party_membership SET left_on = $2, left_reason = $3 WHERE id = $1', [memberId, e.on, e.reason.trim()]);
  await tx.query('UPDATE party_org SET version = version + 1 WHERE id = $1', [orgId]);
}

export async function setMemberStatus(tx: pg.PoolClient, orgId: number, memberId: number, status: 'full' | 'probationary', scope: string[]) {
  await orgInScope(tx, orgId, scope, true);
  const r = await tx.query('UPDATE party_membership SET status = $3 WHERE id = $1 AND org_id = $2 AND left_on IS NULL', [memberId, orgId, status]);
  if (!r.rowCount) throw new AppError('member_not_found', { id: memberId });
  await tx.query('UPDATE party_org SET version = version + 1 WHERE id = $1', [orgId]);
}

// ---- posts ----

export type BodyKind = 'party_org' | 'residents_committee' | 'owners_committee' | 'property_company' | 'property_outlet';
export const POST_TITLES: Record<BodyKind, string[]> = {
  party_org: ['secretary', 'deputy_secretary', 'committee_member'],
  residents_committee: ['director', 'deputy_director', 'member'],
  owners_committee: ['chair', 'vice_chair', 'member'],
  property_company: ['manager', 'staff'],
  property_outlet: ['manager', 'staff'],
};
const BODY_NAMES: Record<BodyKind, string> = { party_org: '党组织 party organisation', residents_committee: '居委会 residents\' committee', owners_committee: '业委会 owners\' committee', property_company: '物业企业 property company', property_outlet: '物业网点 outlet' };

async function bodyPath(db: Queryable, kind: BodyKind, ref: string, scope: string[]): Promise<string> {
  if (kind === 'party_org') {
    if (!/^\d{1,15}$/.test(ref)) throw new AppError('party_org_not_found', { id: ref });
    return (await orgInScope(db, Number(ref), scope)).path;
  }
  const r = await resolveUnit(db, { kind: kind === 'residents_committee' ? 'community' : kind, ref });
  assertInScope(scope, r.path!);
  return r.path!;
}

export async function createPost(tx: pg.PoolClient, p: { holderId: number; body: { kind: BodyKind; ref: string }; title: string; from: string }, scope: string[]): Promise<number> {
  checkDate(p.from);
  if (!POST_TITLES[p.body.kind].includes(p.title)) throw new AppError('post_title_invalid', { title: p.title, body: BODY_NAMES[p.body.kind] });
  const holder = await holderInScope(tx, p.holderId, scope);
  const ref = p.body.ref.trim();
  const path = await bodyPath(tx, p.body.kind, ref, scope);
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`post:${p.body.kind}:${ref}`]);
  const dup = await tx.query('SELECT 1 FROM post WHERE holder_id = $1 AND body_kind = $2 AND body_ref = $3 AND to_on IS NULL', [p.holderId, p.body.kind, ref]);
  if (dup.rowCount) throw new AppError('post_exists', { name: holder.name });
  const single = p.title === 'secretary' || p.title === 'chair' || p.title === 'director';
  if (single) {
    const { rows } = await tx.query(`SELECT h.name FROM post po JOIN post_holder h ON h.id = po.holder_id WHERE po.body_kind = $1 AND po.body_ref = $2 AND po.title = $3 AND po.to_on IS NULL`, [p.body.kind, ref, p.title]);
    if (rows[0]) throw new AppError(p.title === 'secretary' ? 'secretary_exists' : 'committee_chair_count', { name: rows[0].name, count: 2 });
  }
  const { rows } = await tx.query('INSERT INTO post (holder_id, body_kind, body_ref, title, path, from_on) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id', [p.holderId, p.body.kind, ref, p.title, path, p.from]);
  if (p.body.kind === 'party_org') await tx.query('UPDATE party_org SET version = version + 1 WHERE id = $1::bigint', [ref]);
  return rows[0].id;
}

export async function endPost(tx: pg.PoolClient, id: number, on: string, scope: string[]) {
  checkDate(on);
  const { rows } = await tx.query('SELECT id, path, from_on::text AS "from" FROM post WHERE id = $1 AND to_on IS NULL FOR UPDATE', [id]);
  const post = visibleOr404(scope, rows[0] as { path: string; from: string } | undefined, 'post_not_found', { id });
  if (on < post.from) throw new AppError('end_before_start', { from: post.from });
  await tx.query('UPDATE post SET to_on = $2 WHERE id = $1', [id, on]);
}

/** A body's new term: every active post on it ends the day before `on` (never before the post began). */
export async function endPostsOnBody(tx: pg.PoolClient, body: { kind: BodyKind; ref: string }, on: string) {
  checkDate(on);
  await tx.query(`UPDATE post SET to_on = GREATEST(from_on, $3::date - 1) WHERE body_kind = $1 AND body_ref = $2 AND to_on IS NULL`, [body.kind, body.ref, on]);
}

/** The party status recorded on holders (for members whose organisation is not registered here); null clears it. */
export async function setRecordedPartyStatus(tx: pg.PoolClient, holderIds: number[], status: 'full' | 'probationary' | null) {
  await tx.query('UPDATE post_holder SET party_status = $2 WHERE id = ANY($1::bigint[])', [holderIds, status]);
}

// ---- instructors ----

export async function assignInstructor(tx: pg.PoolClient, i: { holderId: number; unit: Unit; from: string }, scope: string[]): Promise<number> {
  checkDate(i.from);
  await holderInScope(tx, i.holderId, scope);
  const u = await resolveUnit(tx, i.unit);
  assertInScope(scope, u.path!);
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`party-unit:${u.kind}:${u.ref}`]);
  const orgs = await orgOnUnit(tx, u);
  if (orgs.length) throw new AppError('instructor_not_needed', { name: orgs[0].name });
  const { rows: cur } = await tx.query(`SELECT h.name FROM party_instructor i JOIN post_holder h ON h.id = i.holder_id WHERE i.unit_kind = $1 AND i.unit_ref = $2 AND i.to_on IS NULL`, [u.kind, u.ref]);
  if (cur[0]) throw new AppError('instructor_exists', { name: cur[0].name });
  const { rows } = await tx.query('INSERT INTO party_instructor (holder_id, unit_kind, unit_ref, path, from_on) VALUES ($1, $2, $3, $4, $5) RETURNING id', [i.holderId, u.kind, u.ref, u.path, i.from]);
  return rows[0].id;
}

export async function endInstructor(tx: pg.PoolClient, id: number, on: string, scope: string[]) {
  checkDate(on);
  const { rows } = await tx.query('SELECT path, from_on::text AS "from" FROM party_instructor WHERE id = $1 AND to_on IS NULL FOR UPDATE', [id]);
  const assignment = visibleOr404(scope, rows[0] as { path: string; from: string } | undefined, 'instructor_not_found', { id });
  if (on < assignment.from) throw new AppError('end_before_start', { from: assignment.from });
  await tx.query('UPDATE party_instructor SET to_on = $2 WHERE id = $1', [id, on]);
}

// ---- reading organisations ----

const ORG_SELECT = `
  SELECT o.id, o.name, o.kind, o.parent_id AS "parentId", p.name AS "parentName", o.region_code AS "regionCode", r.name AS "regionName",
         o.attached_kind AS "attachedKind", o.attached_ref AS "attachedRef", o.joint, o.term_start::text AS "termStart", o.approval_ref AS "approvalRef", o.version,
         (SELECT count(*) FROM party_membership m WHERE m.org_id = o.id AND m.left_on IS NULL AND m.status = 'full')::int AS "fullMembers",
         (SELECT count(*) FROM party_membership m WHERE m.org_id = o.id AND m.left_on IS NULL AND m.status = 'probationary')::int AS "probationaryMembers",
         (SELECT json_agg(json_build_object('id', u.id, 'kind', u.unit_kind, 'ref', u.unit_ref) ORDER BY u.id) FROM party_org_unit u WHERE u.org_id = o.id) AS units,
         COALESCE((SELECT json_agg(json_build_object('postId', po.id, 'holderId', h.id, 'name', h.name, 'title', po.title, 'from', po.from_on::text) ORDER BY array_position(ARRAY['secretary','deputy_secretary','committee_member'], po.title), po.id)
                     FROM post po JOIN post_holder h ON h.id = po.holder_id WHERE po.body_kind = 'party_org' AND po.body_ref = o.id::text AND po.to_on IS NULL), '[]') AS officers
    FROM party_org o JOIN region r ON r.code = o.region_code LEFT JOIN party_org p ON p.id = o.parent_id`;

interface OrgRow {
  id: number; name: string; kind: OrgKind; parentId: number | null; parentName: string | null; regionCode: string; regionName: string;
  attachedKind: AttachedKind; attachedRef: string; joint: boolean; termStart: string | null; approvalRef: string | null; version: number;
  fullMembers: number; probationaryMembers: number; units: { id: number; kind: AttachedKind; ref: string }[]; officers: { postId: number; holderId: number; name: string; title: string; from: string }[];
}

/**
 * Two member figures besides the organisation's own (组织关系在本组织的党员: fullMembers + probationaryMembers):
 *  - membersWithSubOrgs: members of this organisation and of every organisation below it (the community
 *    committee's members sit mostly in its grid branches and groups);
 *  - residentPartyMembers (organisations attached to a street or community): residents of that region
 *    marked as party members in the resident registry (居住在本社区的党员) — a different thing: their
 *    membership may be held at their workplace.
 */
async function memberFigures(db: Queryable, rows: OrgRow[]) {
  const ids = rows.map((o) => Number(o.id));
  const sub = new Map<number, number>();
  if (ids.length) {
    const { rows: r } = await db.query(
      `WITH RECURSIVE t(root, id) AS (SELECT id, id FROM party_org WHERE id = ANY($1::bigint[])
         UNION ALL SELECT t.root, c.id FROM t JOIN party_org c ON c.parent_id = t.id AND c.dissolved_on IS NULL)
       SELECT t.root, count(m.id)::int AS n FROM t LEFT JOIN party_membership m ON m.org_id = t.id AND m.left_on IS NULL GROUP BY t.root`, [ids]);
    for (const x of r) sub.set(Number(x.root), x.n);
  }
  const regions = [...new Set(rows.filter((o) => o.attachedKind === 'community' || o.attachedKind === 'street').map((o) => o.attachedRef))];
  const residents = new Map<string, number>();
  if (regions.length) {
    const { rows: rs } = await db.query('SELECT code, path FROM region WHERE code = ANY($1::text[])', [regions]);
    for (const reg of rs) residents.set(reg.code, await countResidentPartyMembers(db, reg.path));
  }
  return { sub, residents };
}

async function shapeOrgs(db: Queryable, rows: OrgRow[], lang: Lang) {
  const cfg = await partyRules(db);
  const today = chinaToday();
  const names = await unitNames(db, rows.flatMap((o) => [{ kind: o.attachedKind, ref: o.attachedRef }, ...o.units]), lang);
  const figures = await memberFigures(db, rows);
  return rows.map((o) => {
    const secretary = o.officers.find((x) => x.title === 'secretary') ?? null;
    const committeeSize = o.officers.some((x) => x.title === 'committee_member') ? o.officers.length : 0;
    const termYears = termYearsFor(o.kind, o.attachedKind, cfg);
    const findings = checkOrganisation({
      kind: o.kind, attached: o.attachedKind, joint: o.joint, unitsCovered: o.units.length, fullMembers: o.fullMembers,
      probationaryMembers: o.probationaryMembers, committeeSize, hasSecretary: !!secretary, termStart: o.termStart, approvalRef: o.approvalRef,
    }, today, cfg);
    const { attachedKind, attachedRef, officers, ...rest } = o;
    return {
      ...rest,
      attached: { kind: attachedKind, ref: attachedRef, name: names.get(`${attachedKind}:${attachedRef}`) ?? attachedRef },
      units: o.units.map((u) => ({ ...u, name: names.get(`${u.kind}:${u.ref}`) ?? u.ref })),
      officers, committeeSize,
      membersWithSubOrgs: figures.sub.get(Number(o.id)) ?? o.fullMembers + o.probationaryMembers,
      residentPartyMembers: attachedKind === 'community' || attachedKind === 'street' ? figures.residents.get(attachedRef) ?? 0 : null,
      secretary: secretary && { holderId: secretary.holderId, name: secretary.name },
      termYears, termEnd: o.termStart ? termEnd(o.termStart, termYears) : null,
      findings: localiseFindings(lang, findings),
    };
  });
}

export async function listOrgs(db: Queryable, regionPath: string, scope: string[], lang: Lang, kind?: string) {
  const params: unknown[] = [likePrefix(regionPath)];
  let where = `o.dissolved_on IS NULL AND o.path LIKE $1 AND ${scopeSql(scope, 'o.path', params)}`;
  if (kind) { params.push(kind); where += ` AND o.kind = $${params.length}`; }
  const { rows } = await db.query(`${ORG_SELECT} WHERE ${where} ORDER BY o.path, array_position(ARRAY['working_committee','committee','general_branch','branch','group'], o.kind), o.name LIMIT 2000`, params);
  return shapeOrgs(db, rows, lang);
}

export async function orgDetail(db: Queryable, id: number, scope: string[], lang: Lang) {
  await orgInScope(db, id, scope);
  const { rows } = await db.query(`${ORG_SELECT} WHERE o.id = $1`, [id]);
  const [org] = await shapeOrgs(db, rows, lang);
  const members = await db.query(
    `SELECT m.id, m.holder_id AS "holderId", h.name, m.status, m.joined_on::text AS "joinedOn" FROM party_membership m JOIN post_holder h ON h.id = m.holder_id
      WHERE m.org_id = $1 AND m.left_on IS NULL ORDER BY m.status, m.joined_on, m.id`, [id]);
  const children = await db.query(`SELECT id, name, kind FROM party_org WHERE parent_id = $1 AND dissolved_on IS NULL ORDER BY name`, [id]);
  return { ...org, members: members.rows, children: children.rows };
}
