/**
 * One intake for every channel (grid worker, resident 随手拍, 12345 hotline, joint patrol,
 * staff entry, Open311): the point decides grid, community and street; a case in no grid
 * lands in its street's unassigned queue; the category decides level, priority and the
 * response deadline. Written in the caller's transaction with its first timeline event and
 * the notices to whoever must look at it next.
 */
import { toWgs84, inChina, type Crs } from '../../core/geo/crs.js';
import type { Db, Queryable } from '../../core/db/pool.js';
import { AppError } from '../../core/http/errors.js';
import { blindIndex, encrypt } from '../../core/privacy/cipher.js';
import type { Keys } from '../../core/privacy/keys.js';
import { maskPhone } from '../../core/privacy/mask.js';
import { parseMobile } from '../../core/privacy/validate.js';
import { localDate } from '../../core/calendar/working.js';
import { locatorFor } from '../grids/locator.js';
import { leafCategory, type Category } from './categories.js';
import { loadClock, resolveDue, responseDue } from './deadlines.js';
import { accountsWithRole, gridWorkers, notify } from './notify.js';
import { addEvent, attachPhotos, type CaseActor } from './timeline.js';

export const SOURCES = ['grid_worker', 'resident', 'hotline', 'patrol', 'staff', 'open311'] as const;
export type Source = (typeof SOURCES)[number];
export const HOTLINE_TYPES = { 咨询: 'consult', 求助: 'help', 投诉: 'complaint', 举报: 'report', 建议: 'suggestion' } as const;

export interface IntakeInput {
  source: Source;
  categoryCode: string | undefined;
  description: string;
  lon?: number; lat?: number; crs?: Crs;
  address?: string;
  /** The street or community a case with no usable point belongs to. */
  regionCode?: string;
  photos?: string[];
  anonymous?: boolean;
  contactName?: string; contactPhone?: string;
  clientRef?: string;
  patrolMembers?: string;
  onTheSpot?: { result: string; photos?: string[] };
  hotline?: { ticket: string; type: string };
  externalId?: string;
  receivedAt?: Date;
}

export interface Placement { streetCode: string | null; communityCode: string | null; gridCode: string | null; path: string; }

async function regionRow(db: Queryable, code: string) {
  const { rows } = await db.query(`SELECT code, level, path, parent_code FROM region WHERE code = $1`, [code]);
  return rows[0] as { code: string; level: string; path: string; parent_code: string | null } | undefined;
}

/** Where a case belongs: by its point if it has one, else by the region given or the actor's own. */
export async function place(db: Db, input: Pick<IntakeInput, 'lon' | 'lat' | 'crs' | 'regionCode'>, fallbackRegion: string | null): Promise<Placement & { lon: number | null; lat: number | null }> {
  let lon: number | null = null, lat: number | null = null;
  if (input.lon !== undefined || input.lat !== undefined) {
    if (typeof input.lon !== 'number' || typeof input.lat !== 'number' || !Number.isFinite(input.lon) || !Number.isFinite(input.lat)) throw new AppError('point_outside_china', { lon: String(input.lon), lat: String(input.lat) });
    [lon, lat] = toWgs84(input.lon, input.lat, input.crs ?? 'wgs84');
    if (!inChina(lon, lat)) throw new AppError('point_outside_china', { lon: input.lon, lat: input.lat });
    const at = await locatorFor(db).locate(lon, lat);
    if (at.grid) {
      const { rows } = await db.query(`SELECT g.path, g.community_code, r.parent_code AS street_code FROM grid g JOIN region r ON r.code = g.community_code WHERE g.code = $1`, [at.grid.code]);
      if (rows[0]) return { lon, lat, gridCode: at.grid.code, communityCode: rows[0].community_code, streetCode: rows[0].street_code, path: rows[0].path };
    }
    if (at.community) {
      const r = await regionRow(db, at.community.code);
      if (r) return { lon, lat, gridCode: null, communityCode: r.code, streetCode: r.parent_code, path: r.path };
    }
    if (at.street && !input.regionCode) {
      const r = await regionRow(db, at.street.code);
      if (r) return { lon, lat, gridCode: null, communityCode: null, streetCode: r.code, path: r.path };
    }
  }
  const code = input.regionCode ?? fallbackRegion;
  const r = code ? await regionRow(db, code) : undefined;
  if (!r || (r.level !== 'street' && r.level !== 'community')) throw new AppError('case_region_required');
  return { lon, lat, gridCode: null, communityCode: r.level === 'community' ? r.code : null, streetCode: r.level === 'street' ? r.code : r.parent_code, path: r.path };
}

export interface Intake { id: number; number: string; created: boolean; }

export async function nextNumber(tx: Queryable, at: Date): Promise<string> {
  const { rows } = await tx.query(`SELECT nextval('case_number_seq') AS n`);
  return `${localDate(at).replace(/-/g, '')}${String(rows[0].n).padStart(6, '0')}`;
}

/**
 * File a case. `scope` limits where staff may file (null: anywhere the deployment knows,
 * for residents and integrations). Returns the existing case for a repeated clientRef.
 */
/**
 * Where a new case belongs, decided before its transaction opens (the locator and region
 * lookups use the pool; doing them inside a transaction could starve the pool under load).
 */
export async function locateCase(db: Db, input: IntakeInput, opts: { scope: string[] | null; fallbackRegion: string | null }): Promise<Placement & { lon: number | null; lat: number | null }> {
  if (input.lon === undefined && input.lat === undefined && !input.address?.trim()) throw new AppError('case_location_required');
  const at = await place(db, input, opts.fallbackRegion);
  if (opts.scope && !opts.scope.some((s) => at.path.startsWith(s))) throw new AppError('case_outside_scope');
  return at;
}

export async function createCase(tx: Queryable, keys: Keys, input: IntakeInput, actor: CaseActor, at: Placement & { lon: number | null; lat: number | null }): Promise<Intake> {
  if (input.clientRef && actor.accountId) {
    const { rows } = await tx.query(`SELECT id, number FROM cases WHERE reporter_account_id = $1 AND client_ref = $2`, [actor.accountId, input.clientRef]);
    if (rows[0]) return { id: Number(rows[0].id), number: rows[0].number, created: false };
  }
  const category: Category = await leafCategory(tx, input.categoryCode);
  let phone: string | null = null;
  if (input.contactPhone) {
    phone = parseMobile(input.contactPhone);
    if (!phone) throw new AppError('phone_invalid');
  }
  const now = input.receivedAt ?? new Date();
  const clock = await loadClock(tx);
  const number = await nextNumber(tx, now);
  const level = category.level === 'grid' && !at.gridCode ? 'community' : category.level;
  const ins = await tx.query(
    `INSERT INTO cases (number, source, category_code, state, description, address, lon, lat, street_code, community_code, grid_code, path, level, priority,
       response_due, reporter_account_id, reporter_name, reporter_phone_enc, reporter_phone_hash, reporter_phone_mask, anonymous, client_ref, integration_id, external_id, hotline_type,
       created_by, created_at)
     VALUES ($1,$2,$3,'reported',$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26)
     ON CONFLICT DO NOTHING RETURNING id`,
    [number, input.source, category.code, input.description.trim(), input.address?.trim() || null, at.lon, at.lat, at.streetCode, at.communityCode, at.gridCode, at.path, level, category.priority,
      responseDue(clock, now, category.responseHours), actor.accountId, input.contactName?.trim() || (actor.accountId ? actor.name : null),
      phone ? encrypt(keys, phone) : null, phone ? blindIndex(keys, 'phone', phone) : null, phone ? maskPhone(phone) : null, input.anonymous ?? false,
      input.clientRef ?? null, actor.integrationId ?? null, input.externalId ?? null, input.hotline ? HOTLINE_TYPES[input.hotline.type as keyof typeof HOTLINE_TYPES] : null,
      actor.accountId, now],
  );
  if (!ins.rows[0]) {
    // a concurrent request with the same clientRef or ticket won the race
    if (input.clientRef && actor.accountId) {
      const { rows } = await tx.query(`SELECT id, number FROM cases WHERE reporter_account_id = $1 AND client_ref = $2`, [actor.accountId, input.clientRef]);
      if (rows[0]) return { id: Number(rows[0].id), number: rows[0].number, created: false };
    }
    const { rows } = await tx.query(`SELECT number FROM cases WHERE integration_id = $1 AND external_id = $2`, [actor.integrationId ?? null, input.externalId ?? null]);
    throw new AppError('hotline_ticket_duplicate', { ticket: input.externalId ?? '', number: rows[0]?.number ?? '' });
  }
  const id = Number(ins.rows[0].id);
  const photos = await attachPhotos(tx, id, actor, input.photos);
  await addEvent(tx, id, actor, {
    action: 'report', from: null, to: 'reported', note: input.description.trim(), photos,
    detail: { source: input.source, ...(input.patrolMembers ? { patrolMembers: input.patrolMembers } : {}), ...(input.hotline ? { ticket: input.hotline.ticket, type: input.hotline.type } : {}), ...(input.anonymous ? { anonymous: true } : {}) },
  });
  await tx.query(`INSERT INTO case_reporter (case_id, from_case_id, account_id, name) VALUES ($1, $1, $2, $3)`, [id, actor.accountId, input.contactName?.trim() || actor.name]);

  if (input.onTheSpot) {
    if (!input.onTheSpot.result?.trim()) throw new AppError('case_result_required');
    const spotPhotos = await attachPhotos(tx, id, actor, input.onTheSpot.photos);
    const due = resolveDue(clock, now, category.resolveValue, category.resolveUnit);
    const closes = level === 'grid';
    await tx.query(
      `UPDATE cases SET state = $2, registered_at = $3, responded_at = $3, handled_at = $3, resolve_due = $4, handler_kind = 'grid_worker', handler_account_id = $5, handler_name = $6,
         closed_at = CASE WHEN $7 THEN $3::timestamptz END WHERE id = $1`,
      [id, closes ? 'closed' : 'handled', now, due, actor.accountId, actor.name, closes]);
    await addEvent(tx, id, actor, { action: 'on_the_spot', from: 'reported', to: 'handled', note: input.onTheSpot.result.trim(), photos: spotPhotos });
    if (closes) await addEvent(tx, id, actor, { action: 'close', from: 'handled', to: 'closed', note: '网格员现场处置，自处自结', detail: { fastPath: true } });
    else await notify(tx, await accountsWithRole(tx, 'community_staff', at.communityCode), { kind: 'verify', caseId: id, text: `案件 ${number}（${category.name}）已现场处置，请核查` });
    return { id, number, created: true };
  }

  // who must look at it next: the grid's workers and the community (or the street, for a case in no community)
  const next = at.communityCode && level !== 'street'
    ? [...await gridWorkers(tx, at.gridCode), ...await accountsWithRole(tx, 'community_staff', at.communityCode)]
    : await accountsWithRole(tx, 'street_command', at.streetCode);
  await notify(tx, next.filter((a) => a !== actor.accountId), { kind: 'new', caseId: id, text: `新案件 ${number}：${category.name}${input.address ? `，${input.address}` : ''}` });
  return { id, number, created: true };
}
