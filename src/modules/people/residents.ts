/**
 * The resident registry's writes. ID numbers and phones are stored encrypted with a keyed
 * hash for exact search and a mask for display; nothing readable leaves without a reveal.
 */
import type pg from 'pg';
import { assertInScope, pathInScope, visibleOr404 } from '../../core/access/policy.js';
import { AppError } from '../../core/http/errors.js';
import { blindIndex, decrypt, encrypt } from '../../core/privacy/cipher.js';
import type { Keys } from '../../core/privacy/keys.js';
import { maskIdNumber, maskPhone } from '../../core/privacy/mask.js';
import { parseIdNumber, parseMobile } from '../../core/privacy/validate.js';
import { CARE_GROUPS, type CareGroup } from './care.js';

export type Relation = 'owner' | 'tenant' | 'member';

export interface NewResident {
  name: string;
  idNumber: string;
  phone?: string | null;
  householdId: number;
  relation: Relation;
  movedIn: string; // YYYY-MM-DD
  partyMember?: boolean;
  careGroups?: CareGroup[];
}

const today = () => new Date().toISOString().slice(0, 10);

export function sealId(keys: Keys, idNumber: string) {
  return { enc: encrypt(keys, idNumber), hash: blindIndex(keys, 'id', idNumber), masked: maskIdNumber(idNumber) };
}
export function sealPhone(keys: Keys, phone: string) {
  return { enc: encrypt(keys, phone), hash: blindIndex(keys, 'phone', phone), masked: maskPhone(phone) };
}

/** Check the personal fields of a new resident; throws the first problem. */
export function checkResident(input: { idNumber: string; phone?: string | null; movedIn: string }) {
  const id = parseIdNumber(input.idNumber);
  if ('problem' in id) throw new AppError(id.problem, {}, [{ field: 'idNumber', code: id.problem }]);
  let phone: string | null = null;
  if (input.phone) {
    phone = parseMobile(input.phone);
    if (!phone) throw new AppError('phone_invalid', {}, [{ field: 'phone', code: 'phone_invalid' }]);
  }
  if (input.movedIn > today()) throw new AppError('moved_in_in_future', {}, [{ field: 'movedIn' }]);
  if (input.movedIn < id.birthDate) throw new AppError('moved_in_before_birth', {}, [{ field: 'movedIn' }]);
  return { id, phone };
}

/** A living person with this ID number, named only to a caller who may see them. */
export async function assertNoLivingDuplicate(tx: pg.PoolClient, keys: Keys, idNumber: string, scope: string[], exceptId?: number) {
  const { rows } = await tx.query(
    `SELECT r.id, r.name, r.path, c.name AS community FROM resident r
       LEFT JOIN household h ON h.id = r.household_id LEFT JOIN grid g ON g.code = h.grid_code LEFT JOIN region c ON c.code = g.community_code
      WHERE r.id_hash = $1 AND r.deceased_on IS NULL AND ($2::bigint IS NULL OR r.id <> $2)`,
    [blindIndex(keys, 'id', idNumber), exceptId ?? null],
  );
  const dup = rows[0];
  if (!dup) return;
  if (pathInScope(scope, dup.path)) throw new AppError('resident_duplicate', { name: dup.name, id: dup.id, place: dup.community ?? '' });
  throw new AppError('resident_duplicate_elsewhere');
}

export async function householdInScope(tx: pg.PoolClient, householdId: number, scope: string[]) {
  const { rows } = await tx.query('SELECT id, path, grid_code FROM household WHERE id = $1', [householdId]);
  if (!rows[0]) throw new AppError('household_not_found', { id: householdId });
  assertInScope(scope, rows[0].path);
  return rows[0] as { id: number; path: string; grid_code: string };
}

export async function createResident(tx: pg.PoolClient, keys: Keys, input: NewResident, scope: string[], actorId: number): Promise<number> {
  const { id, phone } = checkResident(input);
  const household = await householdInScope(tx, input.householdId, scope);
  await assertNoLivingDuplicate(tx, keys, id.idNumber, scope);
  const sid = sealId(keys, id.idNumber);
  const sph = phone ? sealPhone(keys, phone) : null;
  const { rows } = await tx.query(
    `INSERT INTO resident (path, household_id, name, gender, birth_date, id_enc, id_hash, id_masked, phone_enc, phone_hash, phone_masked, party_member)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
    [household.path, household.id, input.name.trim(), id.gender, id.birthDate, sid.enc, sid.hash, sid.masked, sph?.enc ?? null, sph?.hash ?? null, sph?.masked ?? null, !!input.partyMember],
  );
  const residentId = rows[0].id as number;
  await tx.query('INSERT INTO household_member (household_id, resident_id, relation, moved_in) VALUES ($1, $2, $3, $4)', [household.id, residentId, input.relation, input.movedIn]);
  for (const g of new Set(input.careGroups ?? [])) await addCareGroup(tx, residentId, g, actorId, null);
  return residentId;
}

export async function residentInScope(tx: pg.PoolClient | { query: pg.PoolClient['query'] }, residentId: number, scope: string[], lock = false) {
  const { rows } = await (tx as pg.PoolClient).query(`SELECT id, path, household_id, version, deceased_on, id_enc, phone_enc, name FROM resident WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [residentId]);
  // existence of a person outside the caller's scope is itself private: 404, not 403
  return visibleOr404(scope, rows[0], 'resident_not_found', { id: residentId });
}

export async function updateResident(tx: pg.PoolClient, keys: Keys, residentId: number, input: { version: number; name?: string; phone?: string | null; partyMember?: boolean }, scope: string[]) {
  const r = await residentInScope(tx, residentId, scope, true);
  if (r.version !== input.version) throw new AppError('version_conflict', { current: r.version });
  let phoneSet = '';
  const params: unknown[] = [residentId, input.name?.trim() ?? null, input.partyMember ?? null];
  if (input.phone !== undefined) {
    if (input.phone === null || input.phone === '') {
      phoneSet = ', phone_enc = NULL, phone_hash = NULL, phone_masked = NULL';
    } else {
      const p = parseMobile(input.phone);
      if (!p) throw new AppError('phone_invalid', {}, [{ field: 'phone', code: 'phone_invalid' }]);
      const s = sealPhone(keys, p);
      params.push(s.enc, s.hash, s.masked);
      phoneSet = ', phone_enc = $4, phone_hash = $5, phone_masked = $6';
    }
  }
  await tx.query(
    `UPDATE resident SET name = COALESCE($2, name), party_member = COALESCE($3, party_member)${phoneSet}, version = version + 1, updated_at = now() WHERE id = $1`,
    params,
  );
}

/** Move out of the current household (history kept); optionally into another in scope. */
export async function moveResident(tx: pg.PoolClient, residentId: number, input: { date: string; toHouseholdId?: number; relation?: Relation }, scope: string[]) {
  const r = await residentInScope(tx, residentId, scope, true);
  if (r.deceased_on) throw new AppError('resident_moved_out');
  if (input.date > today()) throw new AppError('event_date_in_future');
  const cur = await tx.query('SELECT id, moved_in FROM household_member WHERE resident_id = $1 AND moved_out IS NULL', [residentId]);
  for (const m of cur.rows) {
    const movedIn = m.moved_in instanceof Date ? m.moved_in.toISOString().slice(0, 10) : String(m.moved_in);
    if (input.date < movedIn) throw new AppError('moved_out_before_moved_in');
    await tx.query('UPDATE household_member SET moved_out = $2 WHERE id = $1', [m.id, input.date]);
  }
  if (input.toHouseholdId) {
    const h = await householdInScope(tx, input.toHouseholdId, scope);
    await tx.query('INSERT INTO household_member (household_id, resident_id, relation, moved_in) VALUES ($1, $2, $3, $4)', [h.id, residentId, input.relation ?? 'member', input.date]);
    await tx.query('UPDATE resident SET household_id = $2, path = $3, version = version + 1, updated_at = now() WHERE id = $1', [residentId, h.id, h.path]);
  } else {
    await tx.query('UPDATE resident SET household_id = NULL, version = version + 1, updated_at = now() WHERE id = $1', [residentId]);
  }
}

export async function recordDeath(tx: pg.PoolClient, residentId: number, date: string, scope: string[]) {
  const r = await residentInScope(tx, residentId, scope, true);
  if (r.deceased_on) throw new AppError('resident_moved_out');
  if (date > today()) throw new AppError('event_date_in_future');
  await tx.query('UPDATE household_member SET moved_out = GREATEST($2::date, moved_in) WHERE resident_id = $1 AND moved_out IS NULL', [residentId, date]);
  await tx.query('UPDATE resident SET deceased_on = $2, version = version + 1, updated_at = now() WHERE id = $1', [residentId, date]);
  await tx.query('UPDATE resident_care_group SET ended_on = GREATEST($2::date, set_on) WHERE resident_id = $1 AND ended_on IS NULL', [residentId, date]);
}

export async function addCareGroup(tx: pg.PoolClient, residentId: number, group: string, actorId: number, note: string | null) {
  if (!(CARE_GROUPS as readonly string[]).includes(group)) throw new AppError('care_group_unknown', { group });
  const exists = await tx.query('SELECT 1 FROM resident_care_group WHERE resident_id = $1 AND care_group = $2 AND ended_on IS NULL', [residentId, group]);
  if (exists.rowCount) throw new AppError('care_group_active', { group });
  await tx.query('INSERT INTO resident_care_group (resident_id, care_group, set_by, note) VALUES ($1, $2, $3, $4)', [residentId, group, actorId, note]);
}

export async function endCareGroup(tx: pg.PoolClient, residentId: number, group: string, actorId: number) {
  const r = await tx.query('UPDATE resident_care_group SET ended_on = GREATEST(current_date, set_on), ended_by = $3 WHERE resident_id = $1 AND care_group = $2 AND ended_on IS NULL', [residentId, group, actorId]);
  if (!r.rowCount) throw new AppError('care_group_not_active', { group });
}

export async function setLivingAloneOverride(tx: pg.PoolClient, residentId: number, value: boolean | null, reason: string | null, scope: string[]) {
  await residentInScope(tx, residentId, scope, true);
  if (value !== null && (!reason || reason.trim().length < 4)) throw new AppError('reveal_reason_required');
  await tx.query('UPDATE resident SET living_alone_override = $2, living_alone_reason = $3, version = version + 1, updated_at = now() WHERE id = $1', [residentId, value, value === null ? null : reason!.trim()]);
}

/** The full value of one field, for a caller with the reveal permission; the route audits it with the reason. */
export async function revealField(tx: pg.PoolClient, keys: Keys, residentId: number, field: 'idNumber' | 'phone', scope: string[]): Promise<string> {
  const r = await residentInScope(tx, residentId, scope);
  const sealed = field === 'idNumber' ? r.id_enc : r.phone_enc;
  if (!sealed) throw new AppError('field_not_set');
  return decrypt(keys, sealed);
}
