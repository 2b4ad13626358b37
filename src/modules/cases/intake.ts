/**
 * One intake for every channel (grid worker, resident 随手拍, 12345 hotline, joint patrol,
 * staff entry, Open311): the point decides grid, community and street; a case in no grid
 * lands in its street's unassigned queue; the category decides level, priority and the
 * response deadline. Written in the caller's transaction with its first timeline event and
 * the notices to whoever must look at it next.
 */
import { toWgs84, inChina, type Crs } from '../../core/geo/crs.js';
import { cached } from '../../core/cache.js';
import { auditRowsSql, type AuditRow } from '../../core/command.js';
import { batcher } from '../../core/db/batch.js';
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
  /** The basic grid the report is for (the QR code of the grid's contact card): honoured when the point is absent or inside it. */
  gridCode?: string;
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
  const { rows } = await q.query(`SELECT g.code, g.path, g.kind, g.community_code, r.parent_code AS street_code FROM grid g JOIN region r ON r.code = g.community_code`);
  return new Map(rows.map((r) => [r.code as string, { path: r.path as string, basic: r.kind === 'basic', communityCode: r.community_code as string, streetCode: r.street_code as string | null }]));
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
/** The grid a report names, when it is a basic grid (else it is not honoured: the report is placed as if it named none). */
async function namedGrid(db: Queryable, code: string | undefined) {
  if (!code) return null;
  // the cached map only: a code it lacks is no grid (an unknown code must not make every report reload all grids)
  const g = (await gridPlaces(db)).get(code);
  return g?.basic ? { gridCode: code, communityCode: g.communityCode, streetCode: g.streetCode, path: g.path } : null;
}

/**
 * Where a case belongs: by its point if it has one, else by the basic grid named (a contact card's QR code), else by the
 * region given or the actor's own. A point that lies in a grid decides the grid, whatever grid was named.
 */
export async function place(db: Db, input: Pick<IntakeInput, 'lon' | 'lat' | 'crs' | 'regionCode' | 'gridCode'>, fallbackRegion: string | null): Promise<Placed> {
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
  if (lon === null) {
    const named = await namedGrid(db, input.gridCode);
    if (named) return { lon, lat, ...named };
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
  if (input.lon === undefined && input.lat === undefined && !input.address?.trim() && !(await namedGrid(db, input.gridCode))) throw new AppError('case_location_required');
  const at = await place(db, input, opts.fallbackRegion);
  if (opts.scope && !opts.scope.some((s) => at.path.startsWith(s))) throw new AppError('case_outside_scope');
  return at;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One report as a row of the intake statement (jsonb_to_recordset): every value checked and computed in Node. */
interface IntakeRow {
  i: number; day: string; source: string; category_code: string; description: string; address: string | null; lon: number | null; lat: number | null;
  street_code: string | null; community_code: string | null; grid_code: string | null; path: string; level: string; priority: string; response_due: string | null;
  account_id: number | null; reporter_name: string | null; phone_enc: string | null; phone_hash: string | null; phone_mask: string | null; anonymous: boolean;
  client_ref: string | null; integration_id: number | null; external_id: string | null; hotline_type: string | null; created_at: string; compound_id: number | null;
  photos: string[]; actor_name: string; actor_role: string | null; detail: Record<string, unknown>; reporter_label: string;
  notify_grid: boolean; notify_role: string; notify_region: string | null; notify: boolean; notice_tail: string;
  /** The audit record (AuditRow), or null when the caller's transaction writes it. */
  au: AuditRow | null;
}

/**
 * The intake statement (one, named and prepared) for any number of reports, each a row of `$1`:
 * the case rows (ids and numbers from their sequences), the uploaded photos attached, the first
 * timeline events, the reporters, the notices (notification + outbox) to whoever must look at
 * each case next — the grid's workers and the community's staff, or the street's command centre
 * for a case in no community — and the audit records. A report that repeats an earlier one
 * (same clientRef from the same account, same hotline ticket or Open311 id), or names a photo
 * that is not the reporter's own unattached upload, writes nothing and returns no row.
 */
const INTAKE_SQL = `WITH r AS MATERIALIZED (
  SELECT x.*, nextval('cases_id_seq') AS id FROM jsonb_to_recordset($1::jsonb) AS x(
    i int, day text, source text, category_code text, description text, address text, lon float8, lat float8, street_code text, community_code text,
    grid_code text, path text, level text, priority text, response_due timestamptz, account_id bigint, reporter_name text, phone_enc text, phone_hash text,
    phone_mask text, anonymous boolean, client_ref text, integration_id bigint, external_id text, hotline_type text, created_at timestamptz, compound_id bigint,
    photos uuid[], actor_name text, actor_role text, detail jsonb, reporter_label text, notify_grid boolean, notify_role text, notify_region text, notify boolean,
    notice_tail text, au jsonb)),
ok AS (
  -- the photos named must be the reporter's own unattached uploads, all of them, or nothing is written for that report
  -- (locked: a racing intake naming the same photo sees them taken; one statement never carries two reports naming the same photo)
  SELECT r.id FROM r WHERE cardinality(r.photos) = (SELECT count(*) FROM (SELECT 1 FROM case_photo p
    WHERE p.id = ANY(r.photos) AND p.case_id IS NULL AND p.uploaded_by IS NOT DISTINCT FROM r.account_id AND p.integration_id IS NOT DISTINCT FROM r.integration_id FOR UPDATE) y)),
c AS (
  INSERT INTO cases (id, number, source, category_code, state, description, address, lon, lat, street_code, community_code, grid_code, path, level, priority,
     response_due, reporter_account_id, reporter_name, reporter_phone_enc, reporter_phone_hash, reporter_phone_mask, anonymous, client_ref, integration_id, external_id, hotline_type,
     created_by, created_at, compound_id)
  SELECT r.id, r.day || regexp_replace(lpad(nextval('case_number_seq')::text, 20, '0'), '^0{0,14}', ''), r.source, r.category_code, 'reported', r.description, r.address, r.lon, r.lat,
     r.street_code, r.community_code, r.grid_code, r.path, r.level, r.priority, r.response_due, r.account_id, r.reporter_name, r.phone_enc, r.phone_hash, r.phone_mask, r.anonymous,
     r.client_ref, r.integration_id, r.external_id, r.hotline_type, r.account_id, r.created_at, r.compound_id
  FROM r JOIN ok ON ok.id = r.id ORDER BY r.i
  ON CONFLICT DO NOTHING RETURNING id, number),
cr AS (SELECT c.number, r.* FROM c JOIN r ON r.id = c.id),
ph AS (
  UPDATE case_photo p SET case_id = cr.id FROM cr WHERE p.id = ANY(cr.photos)
  RETURNING p.id),
ev AS (
  INSERT INTO case_event (case_id, actor_id, actor_name, role, action, from_state, to_state, note, photos, detail)
  SELECT cr.id, cr.account_id, cr.actor_name, cr.actor_role, 'report', NULL, 'reported', cr.description, cr.photos, cr.detail FROM cr),
rp AS (
  INSERT INTO case_reporter (case_id, from_case_id, account_id, name) SELECT cr.id, cr.id, cr.account_id, cr.reporter_label FROM cr),
who AS (
  SELECT DISTINCT cr.id AS case_id, cr.number, cr.notice_tail, x.account_id FROM cr CROSS JOIN LATERAL (
    ${gridWorkersSql('cr.grid_code')} AND cr.notify_grid
    UNION
    ${withRoleSql('cr.notify_role', 'cr.notify_region')}
  ) x WHERE cr.notify AND x.account_id IS DISTINCT FROM cr.account_id),
${noticeCtes({ name: 'new', from: 'who', account: 'who.account_id', caseId: 'who.case_id', kind: `'new'::text`, text: `'新案件 ' || who.number || who.notice_tail` })},
au AS (${auditRowsSql('cr', 'cr.au', { id: 'cr.id', number: 'cr.number' })})
SELECT cr.i, cr.id, cr.number FROM cr`;

/** What a reporter gave, checked and placed; `reporter` is who files it (an account, or an integration by name). */
export interface FileInput extends IntakeInput { at: Placed; compoundId?: number | null; eventDetail?: Record<string, unknown>; }

/** The checked row of the intake statement for this report, or the error it deserves. Reference data (category, calendar, office hours) comes from the in-process caches. */
async function intakeRow(q: Queryable, keys: Keys, input: FileInput, actor: CaseActor, au: AuditRow | null) {
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
  const row: IntakeRow = {
    i: 0, day: localDate(now).replace(/-/g, ''), source: input.source, category_code: category.code, description, address: input.address?.trim() || null,
    lon: at.lon, lat: at.lat, street_code: at.streetCode, community_code: at.communityCode, grid_code: at.gridCode, path: at.path, level, priority: category.priority,
    response_due: responseDue(clock, now, category.responseHours)?.toISOString() ?? null, account_id: actor.accountId,
    reporter_name: input.contactName?.trim() || (actor.accountId ? actor.name : null),
    phone_enc: phone ? encrypt(keys, phone) : null, phone_hash: phone ? blindIndex(keys, 'phone', phone) : null, phone_mask: phone ? maskPhone(phone) : null,
    anonymous: input.anonymous ?? false, client_ref: input.clientRef ?? null, integration_id: actor.integrationId ?? null, external_id: input.externalId ?? null,
    hotline_type: input.hotline ? HOTLINE_TYPES[input.hotline.type as keyof typeof HOTLINE_TYPES] : null, created_at: now.toISOString(), compound_id: input.compoundId ?? null,
    photos, actor_name: actor.name, actor_role: actor.role, detail, reporter_label: input.contactName?.trim() || actor.name,
    notify_grid: toCommunity, notify_role: toCommunity ? 'community_staff' : 'street_command', notify_region: toCommunity ? at.communityCode : at.streetCode,
    notify: !input.onTheSpot, notice_tail: `：${category.name}${input.address ? `，${input.address}` : ''}`, au,
  };
  return { row, category, clock, now, level, photos };
}

/** Run the intake statement for these rows; the rows written come back by their `i`. */
async function writeRows(q: Queryable, rows: IntakeRow[]): Promise<Map<number, { id: number; number: string }>> {
  rows.forEach((r, i) => { r.i = i; });
  const res = await q.query({ name: 'cases.intake', text: INTAKE_SQL, values: [JSON.stringify(rows)] } as any);
  return new Map(res.rows.map((x) => [Number(x.i), { id: Number(x.id), number: x.number as string }]));
}

interface Pending { row: IntakeRow; input: FileInput; actor: CaseActor; }

/**
 * Reports that arrive together are written by one statement (group commit, core/db/batch.ts):
 * under load the database pays its per-statement and per-commit cost once per batch. Two reports
 * naming the same photo never share a statement.
 */
const batchers = new WeakMap<Db, (p: Pending) => Promise<Intake>>();
function intakeBatcher(db: Db) {
  let b = batchers.get(db);
  if (!b) {
    b = batcher<Pending, Intake>({
      max: 64, inFlight: 2,
      apart: (a, b2) => a.row.photos.some((p) => b2.row.photos.includes(p)),
      async run(items) {
        const written = await writeRows(db, items.map((p) => p.row));
        const out: (Intake | Error)[] = [];
        for (const [i, p] of items.entries()) {
          const w = written.get(i);
          if (w) { out.push({ id: w.id, number: w.number, state: 'reported', created: true }); continue; }
          try { out.push(await notInserted(db, p.input, p.actor, p.row.photos)); } catch (e) { out.push(e as Error); }
        }
        return out;
      },
    });
    batchers.set(db, b);
  }
  return b;
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
 * File a report with its audit record in ONE statement outside an explicit transaction, shared
 * with the reports that arrive at the same time (`intakeBatcher`). Undefined for a report handled
 * on the spot, which needs the transaction path (`createCase`).
 */
export async function createCaseOnce(db: Db, keys: Keys, input: FileInput, actor: CaseActor, au: AuditRow): Promise<Intake | undefined> {
  if (input.onTheSpot) return undefined;
  const { row } = await intakeRow(db, keys, input, actor, au);
  return intakeBatcher(db)({ row, input, actor });
}

/** File a case in the caller's transaction (its audit record is the caller's to write). One statement for a new case; a repeat returns the case the first request made. */
export async function createCase(tx: Queryable, keys: Keys, input: FileInput, actor: CaseActor): Promise<Intake> {
  const at = input.at;
  const { row, category, clock, now, level, photos } = await intakeRow(tx, keys, input, actor, null);
  const written = (await writeRows(tx, [row])).get(0);
  if (!written) return notInserted(tx, input, actor, photos);
  const { id, number } = written;

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
