/**
 * 拆违: illegal structures registered with place, size, owner household and photos, and followed
 * through persuasion visits to their end (machine.ts), each step a dated event. Counts roll up
 * per child region: street → communities → grids.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { likePrefix, scopeSql } from '../../core/access/policy.js';
import { defineCommand } from '../../core/command.js';
import type { Queryable } from '../../core/db/pool.js';
import { cleanImage } from '../../core/files/images.js';
import { AppError } from '../../core/http/errors.js';
import { chinaToday } from '../../core/time.js';
import { actionsFrom, step, type StructureAction, type StructureState } from './machine.js';
import type { Where } from './scope.js';

export interface StructureIn {
  at: Where; address: string; lon: number | null; lat: number | null; description: string | null; areaM2: number;
  householdId: number | null; foundOn: string; photos: string[]; accountId: number; actorName: string;
}

/** `patrols.structure.register`: a structure on the register, with its photos (the caller's own unattached uploads). */
export const registerStructure = defineCommand<StructureIn, { id: number; state: StructureState; version: number }>({
  name: 'patrols.structure.register',
  audit: { targetType: 'illegal_structure', targetId: (_i, r) => String(r.id), detail: (i) => ({ community: i.at.communityCode, grid: i.at.gridCode, areaM2: i.areaM2, photos: i.photos.length }) },
  async run(tx, _actor, i) {
    const today = chinaToday();
    if (i.foundOn > today) throw new AppError('structure_date_future', { on: i.foundOn, today });
    const { rows: [s] } = await tx.query(
      `INSERT INTO illegal_structure (path, community_code, grid_code, address, lon, lat, description, area_m2, household_id, found_on, last_step_on, registered_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11) RETURNING id`,
      [i.at.path, i.at.communityCode, i.at.gridCode, i.address, i.lon, i.lat, i.description, i.areaM2, i.householdId, i.foundOn, i.accountId]);
    const id = Number(s.id);
    await tx.query(`INSERT INTO illegal_structure_event (structure_id, action, on_date, account_id, actor_name) VALUES ($1, 'register', $2, $3, $4)`, [id, i.foundOn, i.accountId, i.actorName]);
    const photos = [...new Set(i.photos)];
    if (photos.length) {
      const r = await tx.query(`UPDATE illegal_structure_photo SET structure_id = $1 WHERE id = ANY($2::uuid[]) AND uploaded_by = $3 AND structure_id IS NULL RETURNING id`, [id, photos, i.accountId]);
      const got = new Set(r.rows.map((x) => x.id as string));
      const missing = photos.find((p) => !got.has(p));
      if (missing) throw new AppError('structure_photo_unknown', { id: missing });
    }
    return { id, state: 'registered', version: 1 };
  },
});

export interface StepIn { id: number; action: StructureAction; on: string; note: string | null; version: number; accountId: number; actorName: string; }

/** `patrols.structure.step`: a persuasion visit or an end (自拆, 帮拆, 移交执法), checked by the machine; 409 on a stale version or a step the state does not allow. */
export const stepStructure = defineCommand<StepIn, { id: number; state: StructureState; version: number }>({
  name: 'patrols.structure.step',
  audit: { targetType: 'illegal_structure', targetId: (i) => String(i.id), detail: (i, r) => ({ action: i.action, on: i.on, state: r.state }) },
  async run(tx, _actor, i) {
    const { rows: [s] } = await tx.query(`SELECT state, version, to_char(last_step_on, 'YYYY-MM-DD') AS since FROM illegal_structure WHERE id = $1 FOR UPDATE`, [i.id]);
    if (!s) throw new AppError('structure_not_found', { id: i.id });
    if (s.version !== i.version) throw new AppError('structure_version_conflict', { version: s.version });
    const r = step(s.state, i.action, i.on, s.since, chinaToday());
    if (!r.ok) throw new AppError(r.code, r.params);
    const { rows: [u] } = await tx.query(
      `UPDATE illegal_structure SET state = $2, last_step_on = $3, closed_on = CASE WHEN $4 THEN $3::date END, version = version + 1 WHERE id = $1 RETURNING version`,
      [i.id, r.state, i.on, r.closes]);
    await tx.query(`INSERT INTO illegal_structure_event (structure_id, action, on_date, note, account_id, actor_name) VALUES ($1, $2, $3, $4, $5, $6)`,
      [i.id, i.action, i.on, i.note, i.accountId, i.actorName]);
    return { id: i.id, state: r.state, version: u.version };
  },
});

const COLS = `s.id, s.path, s.community_code AS "communityCode", s.grid_code AS "gridCode", s.address, s.lon, s.lat, s.description, s.area_m2::float8 AS "areaM2",
  s.household_id AS "householdId", to_char(s.found_on, 'YYYY-MM-DD') AS "foundOn", s.state, to_char(s.closed_on, 'YYYY-MM-DD') AS "closedOn", s.version,
  (SELECT count(*)::int FROM illegal_structure_event e WHERE e.structure_id = s.id AND e.action = 'visit') AS visits`;
const toOut = (r: any) => ({ ...r, id: Number(r.id), householdId: r.householdId === null ? null : Number(r.householdId), actions: actionsFrom(r.state) });

/** One structure (no scope check: the caller checks the path). */
export async function loadStructure(db: Queryable, id: number) {
  const { rows } = await db.query(`SELECT ${COLS} FROM illegal_structure s WHERE s.id = $1`, [id]);
  if (!rows[0]) return null;
  const { rows: events } = await db.query(
    `SELECT id, action, to_char(on_date, 'YYYY-MM-DD') AS "on", note, actor_name AS "actorName", at FROM illegal_structure_event WHERE structure_id = $1 ORDER BY on_date, id`, [id]);
  const { rows: photos } = await db.query(`SELECT id FROM illegal_structure_photo WHERE structure_id = $1 ORDER BY created_at, id`, [id]);
  return { ...toOut(rows[0]), events: events.map((e) => ({ ...e, id: Number(e.id) })), photos: photos.map((p) => p.id as string) };
}

/** The register: structures inside a region and the caller's scope, newest first. */
export async function listStructures(db: Queryable, regionPath: string, scope: string[], opts: { state?: string; limit: number; offset: number }) {
  const params: unknown[] = [likePrefix(regionPath)];
  let where = `s.path LIKE $1 AND ${scopeSql(scope, 's.path', params)}`;
  if (opts.state) { params.push(opts.state.split(',')); where += ` AND s.state = ANY($${params.length}::text[])`; }
  const { rows: [{ n }] } = await db.query(`SELECT count(*)::int AS n FROM illegal_structure s WHERE ${where}`, params);
  params.push(opts.limit, opts.offset);
  const { rows } = await db.query(`SELECT ${COLS} FROM illegal_structure s WHERE ${where} ORDER BY s.found_on DESC, s.id DESC LIMIT $${params.length - 1} OFFSET $${params.length}`, params);
  return { items: rows.map(toOut), total: n as number };
}

export interface Counts { total: number; open: number; selfRemoved: number; assistedRemoved: number; enforcement: number; }
const zero = (): Counts => ({ total: 0, open: 0, selfRemoved: 0, assistedRemoved: 0, enforcement: 0 });

/**
 * Counts inside a region and the caller's scope, in all and per child (the next segment of the
 * path below the region: a street's communities, a community's grids); `other` holds structures
 * registered on the region itself, in no child.
 */
export async function countStructures(db: Queryable, regionPath: string, scope: string[]): Promise<{ all: Counts; byChild: Map<string, Counts> }> {
  const params: unknown[] = [likePrefix(regionPath), regionPath.length];
  const { rows } = await db.query(
    `SELECT split_part(substr(s.path, $2::int + 1), '/', 1) AS child, s.state, count(*)::int AS n
       FROM illegal_structure s WHERE s.path LIKE $1 AND ${scopeSql(scope, 's.path', params)} GROUP BY 1, 2`, params);
  const all = zero();
  const byChild = new Map<string, Counts>();
  const add = (c: Counts, state: string, n: number) => {
    c.total += n;
    if (state === 'self_removed') c.selfRemoved += n;
    else if (state === 'assisted_removed') c.assistedRemoved += n;
    else if (state === 'enforcement') c.enforcement += n;
    else c.open += n;
  };
  for (const r of rows) {
    add(all, r.state, r.n);
    const key = r.child || '';
    if (!byChild.has(key)) byChild.set(key, zero());
    add(byChild.get(key)!, r.state, r.n);
  }
  return { all, byChild };
}

export const structurePhotoDir = (dataDir: string) => path.join(dataDir, 'uploads', 'structures');

/** An uploaded photo: decoded, turned upright, re-encoded without EXIF (GPS), stored as a file and recorded unattached. */
export async function storeStructurePhoto(tx: pg.PoolClient, dataDir: string, input: Buffer, accountId: number) {
  const img = await cleanImage(input);
  if (!img) throw new AppError('structure_photo_invalid');
  const id = randomUUID();
  const rel = path.join(chinaToday().slice(0, 7), `${id}.${img.ext}`);
  const file = path.join(structurePhotoDir(dataDir), rel);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, img.data, { mode: 0o640 });
  try {
    await tx.query(`INSERT INTO illegal_structure_photo (id, uploaded_by, file, mime, size) VALUES ($1, $2, $3, $4, $5)`, [id, accountId, rel, img.mime, img.data.length]);
  } catch (e) {
    await fs.rm(file, { force: true });
    throw e;
  }
  return { id, size: img.data.length, mime: img.mime, sha256: createHash('sha256').update(img.data).digest('hex') };
}

export async function readStructurePhoto(dataDir: string, rel: string): Promise<Buffer> {
  const base = structurePhotoDir(dataDir);
  const file = path.resolve(base, rel);
  if (!file.startsWith(base + path.sep)) throw new AppError('structure_photo_not_found', { id: rel });
  return fs.readFile(file);
}
