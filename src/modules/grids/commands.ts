/**
 * Grid writes. Every change runs in the caller's transaction (ctx.command: audit in the
 * same transaction), locks the communities it touches so two editors cannot both add
 * overlapping grids, re-checks the community's grids as they would be, and notifies the
 * point-locators of every process.
 */
import type pg from 'pg';
import { assertInScope, likePrefix, scopeSql } from '../../core/access/policy.js';
import type { Crs } from '../../core/geo/crs.js';
import { crsNamedInFile } from '../../core/geo/crs.js';
import { AppError } from '../../core/http/errors.js';
import { assignNumbers, checkFeatureCollection, type CheckResult, type Community, type ExistingGrid, type Issue, type Kind, type PlannedGrid } from './check.js';
import { GRID_CHANNEL } from './locator.js';
import { findRegion, regionForScope } from '../regions/api.js';

async function regionOrThrow(tx: pg.PoolClient, code: string) {
  const region = await findRegion(tx, code);
  if (!region) throw new AppError('region_not_found', { code });
  return region;
}

/** The communities under a region that the caller may edit, locked in code order. */
async function communitiesUnder(tx: pg.PoolClient, path: string, scope: string[]): Promise<Map<string, Community>> {
  const params: unknown[] = [likePrefix(path)];
  const { rows } = await tx.query(
    `SELECT code, name, path FROM region WHERE level = 'community' AND path LIKE $1 AND ${scopeSql(scope, 'path', params)} ORDER BY code FOR UPDATE`,
    params,
  );
  return new Map(rows.map((r) => [r.code, r as Community]));
}

/** The grids of these communities, and the basic grids of any other community near the given features. */
async function existingGrids(tx: pg.PoolClient, communities: string[], near?: unknown): Promise<ExistingGrid[]> {
  const { rows } = await tx.query(
    `SELECT code, number, name, kind, community_code AS "communityCode", geometry, version FROM grid WHERE community_code = ANY($1::text[])`,
    [communities],
  );
  const box = near ? roughBox(near) : null;
  if (box) {
    const more = await tx.query(
      `SELECT code, number, name, kind, community_code AS "communityCode", geometry, version FROM grid
        WHERE kind = 'basic' AND NOT community_code = ANY($1::text[]) AND max_lon >= $2 AND min_lon <= $4 AND max_lat >= $3 AND min_lat <= $5`,
      [communities, box[0] - 0.01, box[1] - 0.01, box[2] + 0.01, box[3] + 0.01],
    );
    rows.push(...more.rows);
  }
  return rows;
}

/** The bounding box of every numeric position in a GeoJSON value (a margin covers any CRS shift). */
function roughBox(doc: unknown): [number, number, number, number] | null {
  let b: [number, number, number, number] | null = null;
  const walk = (v: unknown): void => {
    if (!Array.isArray(v)) { if (v && typeof v === 'object') for (const x of Object.values(v)) walk(x); return; }
    if (v.length >= 2 && typeof v[0] === 'number' && typeof v[1] === 'number') {
      const [x, y] = v as number[];
      b = b ? [Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x), Math.max(b[3], y)] : [x, y, x, y];
      return;
    }
    for (const x of v) walk(x);
  };
  walk(doc);
  return b;
}

async function writePlans(tx: pg.PoolClient, plans: PlannedGrid[], communities: Map<string, Community>): Promise<{ created: string[]; updated: string[] }> {
  const created: string[] = [], updated: string[] = [];
  for (const p of plans) {
    const c = communities.get(p.communityCode)!;
    const name = p.name ?? `${c.name}第${p.number}网格`;
    const [minLon, minLat, maxLon, maxLat] = p.bbox;
    if (p.existingVersion !== null) {
      await tx.query(
        `UPDATE grid SET name = $2, kind = $3, unit_kind = $4, geometry = $5, min_lon = $6, min_lat = $7, max_lon = $8, max_lat = $9,
                area_m2 = $10, version = version + 1, updated_at = now() WHERE code = $1`,
        [p.code, name, p.kind, p.unitKind, JSON.stringify(p.geometry), minLon, minLat, maxLon, maxLat, p.areaM2],
      );
      updated.push(p.code!);
    } else {
      await tx.query(
        `INSERT INTO grid (code, community_code, number, path, name, kind, unit_kind, geometry, min_lon, min_lat, max_lon, max_lat, area_m2)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        [p.code, p.communityCode, p.number, `${c.path}${p.code}/`, name, p.kind, p.unitKind, JSON.stringify(p.geometry), minLon, minLat, maxLon, maxLat, p.areaM2],
      );
      created.push(p.code!);
    }
  }
  if (plans.length) await tx.query(`SELECT pg_notify($1, '')`, [GRID_CHANNEL]);
  return { created, updated };
}

function numberAll(result: CheckResult, existing: ExistingGrid[]) {
  const used = new Map<string, Set<number>>();
  for (const g of existing) used.set(g.communityCode, (used.get(g.communityCode) ?? new Set()).add(g.number));
  try {
    assignNumbers(result.plans, used);
  } catch (e) {
    throw new AppError('grid_number_exhausted', { code: (e as { community?: string }).community ?? '' });
  }
}

export interface ImportReport extends Omit<CheckResult, 'plans'> { dryRun: boolean; crs: Crs; crsSource: 'request' | 'file' | 'default'; features: number; created: number; updated: number; }

export async function importGrids(tx: pg.PoolClient, input: { region: string; crs?: Crs; geojson: unknown; dryRun: boolean }, scope: string[]): Promise<ImportReport> {
  const region = await regionForScope(tx, input.region, scope);
  const fromFile = crsNamedInFile(input.geojson);
  const crs: Crs = input.crs ?? fromFile ?? 'wgs84';
  const crsSource = input.crs ? 'request' : fromFile ? 'file' : 'default';
  const communities = await communitiesUnder(tx, region.path, scope);
  const existing = await existingGrids(tx, [...communities.keys()], input.geojson);
  const result = checkFeatureCollection(input.geojson, { crs, regionIsCommunity: region.level === 'community' ? communities.get(region.code) ?? null : null, communities, existing });
  if (region.level === 'community' && !communities.has(region.code)) throw new AppError('out_of_scope');
  const features = Array.isArray((input.geojson as any)?.features) ? (input.geojson as any).features.length : 0;
  const report = (created: number, updated: number): ImportReport => ({ dryRun: input.dryRun, crs, crsSource, features, created, updated, errors: result.errors, warnings: result.warnings, overlaps: result.overlaps, gaps: result.gaps });
  if (result.errors.length) {
    if (input.dryRun) return report(0, 0);
    throw new AppError('grid_import_invalid', { count: result.errors.length }, result.errors);
  }
  numberAll(result, existing);
  if (input.dryRun) return report(result.plans.filter((p) => p.existingVersion === null).length, result.plans.filter((p) => p.existingVersion !== null).length);
  const w = await writePlans(tx, result.plans, communities);
  return report(w.created.length, w.updated.length);
}

/** Check one grid's boundary (new or changed) against its community; throw the first problem with all of them as details. */
function throwIfProblems(result: CheckResult) {
  if (!result.errors.length) return;
  const first = result.errors[0];
  throw new AppError(first.code === 'grid_overlap' ? 'grid_overlap' : first.code, first.params ?? {}, result.errors);
}

export async function createGrid(tx: pg.PoolClient, input: { communityCode: string; name: string; kind: Kind; unitKind?: string | null; geometry: unknown; crs?: Crs }, scope: string[]) {
  const region = await regionOrThrow(tx, input.communityCode);
  if (region.level !== 'community') throw new AppError('region_not_community', { code: region.code });
  assertInScope(scope, region.path);
  const communities = await communitiesUnder(tx, region.path, scope);
  const doc = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: input.name, kind: input.kind, unitKind: input.unitKind ?? undefined }, geometry: input.geometry }] };
  const existing = await existingGrids(tx, [region.code], doc);
  const result = checkFeatureCollection(doc, { crs: input.crs ?? 'wgs84', regionIsCommunity: communities.get(region.code)!, communities, existing });
  throwIfProblems(result);
  numberAll(result, existing);
  const w = await writePlans(tx, result.plans, communities);
  return { code: w.created[0], warnings: result.warnings };
}

export async function updateGrid(tx: pg.PoolClient, code: string, input: { version: number; name?: string; kind?: Kind; unitKind?: string | null; geometry?: unknown; crs?: Crs }, scope: string[]) {
  const { rows } = await tx.query('SELECT code, community_code, path, name, kind, unit_kind, geometry, version FROM grid WHERE code = $1', [code]);
  const g = rows[0];
  if (!g) throw new AppError('grid_not_found', { code });
  assertInScope(scope, g.path);
  const community = await regionOrThrow(tx, g.community_code);
  const communities = await communitiesUnder(tx, community.path, scope); // locks the community
  const locked = await tx.query('SELECT version FROM grid WHERE code = $1 FOR UPDATE', [code]);
  if (locked.rows[0].version !== input.version) throw new AppError('version_conflict', { current: locked.rows[0].version });
  const kind = input.kind ?? g.kind;
  const unitKind = kind === 'dedicated' ? (input.unitKind !== undefined ? input.unitKind : g.unit_kind) ?? 'other' : null;
  const geometryInput = input.geometry ?? g.geometry;
  if (!geometryInput) {
    await tx.query('UPDATE grid SET name = $2, kind = $3, unit_kind = $4, version = version + 1, updated_at = now() WHERE code = $1', [code, input.name ?? g.name, kind, unitKind]);
    return { warnings: [] as Issue[] };
  }
  const doc = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code, name: input.name ?? g.name, kind, unitKind: unitKind ?? undefined }, geometry: geometryInput }] };
  const existing = await existingGrids(tx, [g.community_code], doc);
  // a stored geometry is already WGS-84; only a new one comes in the caller's CRS
  const result = checkFeatureCollection(doc, { crs: input.geometry ? input.crs ?? 'wgs84' : 'wgs84', regionIsCommunity: communities.get(g.community_code)!, communities, existing });
  throwIfProblems(result);
  await writePlans(tx, result.plans, communities);
  return { warnings: result.warnings };
}

export async function deleteGrid(tx: pg.PoolClient, code: string, version: number, scope: string[]) {
  const { rows } = await tx.query('SELECT path, version FROM grid WHERE code = $1 FOR UPDATE', [code]);
  if (!rows[0]) throw new AppError('grid_not_found', { code });
  assertInScope(scope, rows[0].path);
  if (rows[0].version !== version) throw new AppError('version_conflict', { current: rows[0].version });
  const staff = await tx.query('SELECT 1 FROM grid_staff WHERE grid_code = $1 AND until IS NULL LIMIT 1', [code]);
  if (staff.rowCount) throw new AppError('grid_has_staff', { code });
  await tx.query('DELETE FROM grid_staff WHERE grid_code = $1', [code]);
  await tx.query('DELETE FROM grid WHERE code = $1', [code]);
  await tx.query(`SELECT pg_notify($1, '')`, [GRID_CHANNEL]);
}

export type Post = 'worker' | 'leader' | 'administrator';

export async function addStaff(tx: pg.PoolClient, code: string, input: { post: Post; name?: string; username?: string; employment?: 'full_time' | 'part_time' }, scope: string[]) {
  const { rows } = await tx.query('SELECT path, kind FROM grid WHERE code = $1 FOR UPDATE', [code]);
  const g = rows[0];
  if (!g) throw new AppError('grid_not_found', { code });
  assertInScope(scope, g.path);
  let accountId: number | null = null;
  let name = input.name?.trim() ?? '';
  if (input.username) {
    const a = await tx.query('SELECT id, display_name FROM account WHERE username = $1', [input.username.trim().toLowerCase()]);
    if (!a.rows[0]) throw new AppError('account_not_found', { username: input.username });
    accountId = a.rows[0].id;
    name ||= a.rows[0].display_name;
  }
  if (!name) throw new AppError('grid_staff_name_missing');
  if (input.post === 'worker' && !input.employment) throw new AppError('grid_staff_employment_missing');
  if (input.post === 'administrator' && g.kind !== 'dedicated') throw new AppError('grid_admin_needs_dedicated');
  const current = await tx.query('SELECT id, name, post, account_id FROM grid_staff WHERE grid_code = $1 AND until IS NULL', [code]);
  const leader = current.rows.find((s) => s.post === 'leader');
  if (input.post === 'leader' && leader) throw new AppError('grid_leader_exists', { name: leader.name });
  const same = current.rows.find((s) => s.post === input.post && (accountId ? s.account_id === accountId : s.name === name && !s.account_id));
  if (same) throw new AppError('grid_staff_duplicate', { name });
  const ins = await tx.query(
    `INSERT INTO grid_staff (grid_code, path, post, employment, name, account_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [code, g.path, input.post, input.post === 'worker' ? input.employment : null, name, accountId],
  );
  return { staffId: ins.rows[0].id as number, name };
}

export async function endStaff(tx: pg.PoolClient, code: string, staffId: number, scope: string[]) {
  const { rows } = await tx.query('SELECT path FROM grid WHERE code = $1', [code]);
  if (!rows[0]) throw new AppError('grid_not_found', { code });
  assertInScope(scope, rows[0].path);
  const r = await tx.query(`UPDATE grid_staff SET until = GREATEST(current_date, since) WHERE id = $1 AND grid_code = $2 AND until IS NULL RETURNING name`, [staffId, code]);
  if (!r.rowCount) throw new AppError('grid_staff_not_found', { id: staffId });
  return { name: r.rows[0].name as string };
}

/** A staff member's work number (printed on the grid's contact card), or null to clear it. */
export async function setStaffWorkPhone(tx: pg.PoolClient, code: string, staffId: number, workPhone: string | null, scope: string[]) {
  const { rows } = await tx.query('SELECT path FROM grid WHERE code = $1', [code]);
  if (!rows[0]) throw new AppError('grid_not_found', { code });
  assertInScope(scope, rows[0].path);
  const phone = workPhone?.trim() || null;
  const r = await tx.query(
    `UPDATE grid_staff n SET work_phone = $3 FROM grid_staff o WHERE n.id = o.id AND n.id = $1 AND n.grid_code = $2 AND n.until IS NULL RETURNING n.name, o.work_phone AS before`,
    [staffId, code, phone],
  );
  if (!r.rowCount) throw new AppError('grid_staff_not_found', { id: staffId });
  return { name: r.rows[0].name as string, workPhone: phone, before: r.rows[0].before as string | null };
}

/** A staff member's photo for the contact card (already cleaned and sized by the caller), or null to remove it. */
export async function setStaffPhoto(tx: pg.PoolClient, code: string, staffId: number, photo: Buffer | null, scope: string[]) {
  const { rows } = await tx.query('SELECT path FROM grid WHERE code = $1', [code]);
  if (!rows[0]) throw new AppError('grid_not_found', { code });
  assertInScope(scope, rows[0].path);
  const r = await tx.query(`UPDATE grid_staff SET photo = $3 WHERE id = $1 AND grid_code = $2 AND until IS NULL RETURNING name`, [staffId, code, photo]);
  if (!r.rowCount) throw new AppError('grid_staff_not_found', { id: staffId });
  return { name: r.rows[0].name as string, bytes: photo?.length ?? 0 };
}
