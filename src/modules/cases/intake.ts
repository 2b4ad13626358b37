/**
 * One intake for every channel (grid worker, resident 随手拍, 12345 hotline, joint patrol,
 * staff entry, Open311): the point decides grid, community and street; a case in no grid
 * lands in its street's unassigned queue; the category decides level, priority and the
 * response deadline. Written in the caller's transaction with its first timeline event and
 * the notices to whoever must look at it next.
 */
import { toWgs84, inChina, type Crs } from '../../core/geo/crs.js';
import { cached } from '../../core/cache.js';
import type { Db, Queryable } from '../../core/db/pool.js';
import { AppError } from '../../core/http/errors.js';
import { blindIndex, encrypt } from '../../core/privacy/cipher.js';
import type { Keys } from '../../core/privacy/keys.js';
import { maskPhone } from '../../core/privacy/mask.js';
import { parseMobile } from '../../core/privacy/validate.js';
import { localDate } from '../../core/calendar/working.js';
import { GRID_CHANNEL, locatorFor } from '../grids/locator.js';
import { leafCategory, type Category } from './categories.js';
import { loadClock, resolveDue, responseDue } from './deadlines.js';
import { accountsWithRole, gridWorkersSql, noticeCtes, notify, withRoleSql } from '../notifications/api.js';
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
export type Placed = Placement & { lon: number | null; lat: number | null };

/** Grid code → path, community and street: every grid, kept in memory until the grids change (NOTIFY gongzhi_grids). */
async function loadGridPlaces(q: Queryable) {
  const { rows } = await q.query(`SELECT g.code, g.path, g.community_code, r.parent_code AS street_code FROM grid g JOIN region r ON r.code = g.community_code`);
  return new Map(rows.map((r) => [r.code as string, { path: r.path as string, communityCode: r.community_code as string, streetCode: r.street_code as string | null }]));
}
const gridPlaces = cached('grids.places', loadGridPlaces, { channel: GRID_CHANNEL });

async function gridPlace(db: Queryable, code: string) {
  // a grid added a moment ago in this process, before its notice came back: read them again, uncached
  return (await gridPlaces(db)).get(code) ?? (await loadGridPlaces(db)).get(code);
}

async function regionRow(db: Queryable, code: string) {
  const { rows } = await db.query({ name: 'cases.intake.region', text: `SELECT code, level, path, parent_code FROM region WHERE code = $1`, values: [code] } as any);
  return rows[0] as { code: string; level: string; path: string; parent_code: string | null } | undefined;
}

/** Where a case belongs: by its point if it has one, else by the region given or the actor's own. */
export async function place(db: Db, input: Pick<IntakeInput, 'lon' | 'lat' | 'crs' | 'regionCode'>, fallbackRegion: string | null): Promise<Placed> {
  let lon: number | null = null, lat: number | null = null;
  if (input.lon !== undefined || input.lat !== undefined) {
    if (typeof input.lon !== 'number' || typeof input.lat !== 'number' || !Number.isFinite(input.lon) || !Number.isFinite(input.lat)) throw new AppError('point_outside_china', { lon: String(input.lon), lat: String(input.lat) });
    [lon, lat] = toWgs84(input.lon, input.lat, input.crs ?? 'wgs84');
    if (!inChina(lon, lat)) throw new AppError('point_outside_china', { lon: input.lon, lat: input.lat });
    const at = await locatorFor(db).locate(lon, lat);
    if (at.grid) {
      const g = await gridPlace(db, at.grid.code);
      if (g) return { lon, lat, gridCode: at.grid.code, communityCode: g.communityCode, streetCode: g.streetCode, path: g.path };
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

export interface Intake { id: number; number: string; state: string; created: boolean; }

export async function nextNumber(tx: Queryable, at: Date): Promise<string> {
  const { rows } = await tx.query(`SELECT nextval('case_number_seq') AS n`);
  return `${localDate(at).replace(/-/g, '')}${String(rows[0].n).padStart(6, '0')}`;
}

/**
 * Where a new case belongs, decided before its transaction opens (the point → grid index is
 * in memory; its first load uses the pool, which a transaction waiting on it could starve).
 * The category is checked first: its error is the clearest. `scope` limits where staff may
 * file (null: anywhere the deployment knows, for residents and integrations).
 */
export async function locateCase(db: Db, input: IntakeInput, opts: { scope: string[] | null; fallbackRegion: string | null }): Promise<Placed> {
  await leafCategory(db, input.categoryCode);
  if (input.lon === undefined && input.lat === undefined && !input.address?.trim()) throw new AppError('case_location_required');
  const at = await place(db, input, opts.fallbackRegion);
  if (opts.scope && !opts.scope.some((s) => at.path.startsWith(s))) throw new AppError('case_outside_scope');
  return at;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The intake in one statement (a named, prepared one): the case row (its number from the
 * sequence), the uploaded photos attached, its first timeline event, its reporter, and the
 * notices (notification + outbox) to whoever must look at it next — the grid's workers and
 * the community's staff, or the street's command centre for a case in no community. A repeat
 * (same clientRef from the same account, or the same hotline ticket) inserts nothing.
 */
const intakeSql = (audit = '') => `WITH pv AS (
  -- the photos named must be the reporter's own unattached uploads, all of them, or nothing is written (locked: a racing intake naming the same photo sees them taken)
  SELECT count(*) AS n FROM (SELECT 1 FROM case_photo p
    WHERE p.id = ANY($27::uuid[]) AND p.case_id IS NULL AND p.uploaded_by IS NOT DISTINCT FROM $15::bigint AND p.integration_id IS NOT DISTINCT FROM $22::bigint FOR UPDATE) x),
c AS (
  INSERT INTO cases (number, source, category_code, state, description, address, lon, lat, street_code, community_code, grid_code, path, level, priority,
     response_due, reporter_account_id, reporter_name, reporter_phone_enc, reporter_phone_hash, reporter_phone_mask, anonymous, client_ref, integration_id, external_id, hotline_type,
     created_by, created_at, compound_id)
  SELECT $1::text || regexp_replace(lpad(nextval('case_number_seq')::text, 20, '0'), '^0{0,14}', ''), $2::text, $3::text, 'reported', $4::text, $5::text, $6::float8, $7::float8,
     $8::text, $9::text, $10::text, $11::text, $12::text, $13::text, $14::timestamptz, $15::bigint, $16::text, $17::text, $18::text, $19::text, $20::boolean, $21::text, $22::bigint,
     $23::text, $24::text, $15::bigint, $25::timestamptz, $26::bigint
   WHERE (SELECT n FROM pv) = cardinality($27::uuid[])
  ON CONFLICT DO NOTHING RETURNING id, number),
ph AS (
  UPDATE case_photo p SET case_id = c.id FROM c WHERE p.id = ANY($27::uuid[])
  RETURNING p.id),
ev AS (
  INSERT INTO case_event (case_id, actor_id, actor_name, role, action, from_state, to_state, note, photos, detail)
  SELECT c.id, $15, $28, $29, 'report', NULL, 'reported', $4, $27::uuid[], $30::jsonb FROM c),
rp AS (
  INSERT INTO case_reporter (case_id, from_case_id, account_id, name) SELECT c.id, c.id, $15, $31 FROM c),
who AS (
  SELECT DISTINCT x.account_id FROM (
    ${gridWorkersSql('$10::text')} AND $32::boolean
    UNION
    ${withRoleSql('$33::text', '$34::text')}
  ) x WHERE $35::boolean AND x.account_id IS DISTINCT FROM $15::bigint),
${noticeCtes({ name: 'new', from: 'who, c', account: 'who.account_id', caseId: 'c.id', kind: `'new'::text`, text: `'新案件 ' || c.number || $36::text` })}${audit ? `,
au AS (${audit})` : ''}
SELECT c.id, c.number FROM c`;
const INTAKE_SQL = intakeSql();
const onceNames = new Map<string, string>();
/** A prepared statement's name for each text of the one-statement intake (its audit part differs by command and actor kind, not by value). */
function onceName(text: string): string {
  let name = onceNames.get(text);
  if (!name) onceNames.set(text, (name = `cases.intake.once.${onceNames.size + 1}`));
  return name;
}

/** What a reporter gave, checked and placed; `reporter` is who files it (an account, or an integration by name). */
export interface FileInput extends IntakeInput { at: Placed; compoundId?: number | null; eventDetail?: Record<string, unknown>; }

/**
 * File a case in the caller's transaction. One statement for a new case (two for a repeat,
 * which returns the case the first request made). Reference data (category, calendar, office
 * hours) comes from the in-process caches.
 */
/** The checked values of the intake statement for this report, or the error it deserves. */
async function intakeValues(q: Queryable, keys: Keys, input: FileInput, actor: CaseActor) {
  const at = input.at;
  const category: Category = await leafCategory(q, input.categoryCode);
  let phone: string | null = null;
  if (input.contactPhone) {
    phone = parseMobile(input.contactPhone);
    if (!phone) throw new AppError('phone_invalid');
  }
  const photos = [...new Set(input.photos ?? [])];
  if (photos.length > 9) throw new AppError('photo_too_many', { max: 9 });
  for (const id of photos) if (!UUID.test(id)) throw new AppError('photo_unknown', { id });
  if (input.onTheSpot && !input.onTheSpot.result?.trim()) throw new AppError('case_result_required');
  const now = input.receivedAt ?? new Date();
  const clock = await loadClock(q);
  const level = category.level === 'grid' && !at.gridCode ? 'community' : category.level;
  const description = input.description.trim();
  const detail = {
    source: input.source, ...(input.patrolMembers ? { patrolMembers: input.patrolMembers } : {}), ...(input.hotline ? { ticket: input.hotline.ticket, type: input.hotline.type } : {}),
    ...(input.anonymous ? { anonymous: true } : {}), ...input.eventDetail,
  };
  const toCommunity = !!at.communityCode && level !== 'street';
  const values: unknown[] = [
    localDate(now).replace(/-/g, ''), input.source, category.code, description, input.address?.trim() || null, at.lon, at.lat, at.streetCode, at.communityCode, at.gridCode, at.path, level, category.priority,
    responseDue(clock, now, category.responseHours), actor.accountId, input.contactName?.trim() || (actor.accountId ? actor.name : null),
    phone ? encrypt(keys, phone) : null, phone ? blindIndex(keys, 'phone', phone) : null, phone ? maskPhone(phone) : null, input.anonymous ?? false,
    input.clientRef ?? null, actor.integrationId ?? null, input.externalId ?? null, input.hotline ? HOTLINE_TYPES[input.hotline.type as keyof typeof HOTLINE_TYPES] : null,
    now, input.compoundId ?? null,
    photos, actor.name, actor.role, JSON.stringify(detail), input.contactName?.trim() || actor.name,
    toCommunity, toCommunity ? 'community_staff' : 'street_command', toCommunity ? at.communityCode : at.streetCode, !input.onTheSpot,
    `：${category.name}${input.address ? `，${input.address}` : ''}`,
  ];
  return { values, category, clock, now, level, photos };
}

/** The statement inserted nothing: a repeat (the first case is answered), a photo that is not the reporter's to attach, or a ticket filed before. */
async function notInserted(q: Queryable, input: FileInput, actor: CaseActor, photos: string[]): Promise<Intake> {
  if (input.clientRef && actor.accountId) {
    const { rows } = await q.query(`SELECT id, number, state FROM cases WHERE reporter_account_id = $1 AND client_ref = $2`, [actor.accountId, input.clientRef]);
    if (rows[0]) return { id: Number(rows[0].id), number: rows[0].number, state: rows[0].state, created: false };
  }
  if (photos.length) {
    const { rows } = await q.query(
      `SELECT id::text FROM case_photo WHERE id = ANY($1::uuid[]) AND case_id IS NULL AND uploaded_by IS NOT DISTINCT FROM $2::bigint AND integration_id IS NOT DISTINCT FROM $3::bigint`,
      [photos, actor.accountId, actor.integrationId ?? null]);
    const mine = new Set(rows.map((r) => r.id));
    const bad = photos.find((x) => !mine.has(x));
    if (bad) throw new AppError('photo_unknown', { id: bad });
  }
  const { rows } = await q.query(`SELECT number FROM cases WHERE integration_id = $1 AND external_id = $2`, [actor.integrationId ?? null, input.externalId ?? null]);
  throw new AppError('hotline_ticket_duplicate', { ticket: input.externalId ?? '', number: rows[0]?.number ?? '' });
}

/**
 * File a report as ONE statement outside an explicit transaction, its audit record included
 * (`auditSql` builds it from the statement's row `c`): one round trip. Undefined for a report
 * handled on the spot, which needs the transaction path (`createCase`).
 */
export async function createCaseOnce(db: Db, keys: Keys, input: FileInput, actor: CaseActor, auditSql: (params: unknown[]) => string): Promise<Intake | undefined> {
  if (input.onTheSpot) return undefined;
  const { values, photos } = await intakeValues(db, keys, input, actor);
  const text = intakeSql(auditSql(values));
  const { rows } = await db.query({ name: onceName(text), text, values } as any);
  if (!rows[0]) return notInserted(db, input, actor, photos);
  return { id: Number(rows[0].id), number: rows[0].number, state: 'reported', created: true };
}

export async function createCase(tx: Queryable, keys: Keys, input: FileInput, actor: CaseActor): Promise<Intake> {
  const at = input.at;
  const { values, category, clock, now, level, photos } = await intakeValues(tx, keys, input, actor);
  const { rows } = await tx.query({ name: 'cases.intake.v2', text: INTAKE_SQL, values } as any);
  if (!rows[0]) return notInserted(tx, input, actor, photos);
  const id = Number(rows[0].id);
  const number: string = rows[0].number;

  if (input.onTheSpot) {
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
    return { id, number, state: closes ? 'closed' : 'handled', created: true };
  }
  return { id, number, state: 'reported', created: true };
}
