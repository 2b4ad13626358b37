/** Compounds, buildings, units, dwellings and households. */
import type pg from 'pg';
import { assertInScope, likePrefix, scopeSql } from '../../core/access/policy.js';
import type { Queryable } from '../../core/db/pool.js';
import { AppError } from '../../core/http/errors.js';
import { findRegion } from '../regions/api.js';

export interface NewCompound { communityCode: string; name: string; address?: string | null; lon?: number | null; lat?: number | null; builtYear?: number | null; oldCompound?: boolean; }

export async function createCompound(tx: pg.PoolClient, c: NewCompound, scope: string[]): Promise<number> {
  const region = await findRegion(tx, c.communityCode);
  if (!region) throw new AppError('region_not_found', { code: c.communityCode });
  if (region.level !== 'community') throw new AppError('region_not_community', { code: c.communityCode });
  assertInScope(scope, region.path);
  const dup = await tx.query('SELECT 1 FROM compound WHERE community_code = $1 AND name = $2', [c.communityCode, c.name.trim()]);
  if (dup.rowCount) throw new AppError('compound_duplicate', { name: c.name.trim() });
  const ins = await tx.query(
    `INSERT INTO compound (community_code, path, name, address, lon, lat, built_year, old_compound) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [c.communityCode, region.path, c.name.trim(), c.address ?? null, c.lon ?? null, c.lat ?? null, c.builtYear ?? null, !!c.oldCompound],
  );
  return ins.rows[0].id;
}

export async function compoundInScope(db: Queryable, id: number, scope: string[]) {
  const { rows } = await db.query('SELECT id, community_code, path FROM compound WHERE id = $1', [id]);
  if (!rows[0]) throw new AppError('compound_not_found', { id });
  assertInScope(scope, rows[0].path);
  return rows[0] as { id: number; community_code: string; path: string };
}

/** A building with its units and dwellings laid out floor by floor (e.g. 6 floors × 2 rooms: 101, 102 … 602). */
export async function createBuilding(tx: pg.PoolClient, compoundId: number, b: { name: string; floors: number; units: number; roomsPerFloor: number; areaM2?: number | null }, scope: string[]) {
  await compoundInScope(tx, compoundId, scope);
  const dup = await tx.query('SELECT 1 FROM building WHERE compound_id = $1 AND name = $2', [compoundId, b.name.trim()]);
  if (dup.rowCount) throw new AppError('building_duplicate', { name: b.name.trim() });
  const { rows } = await tx.query('INSERT INTO building (compound_id, name, floors) VALUES ($1, $2, $3) RETURNING id', [compoundId, b.name.trim(), b.floors]);
  const buildingId = rows[0].id as number;
  for (let u = 1; u <= b.units; u++) {
    const unit = await tx.query('INSERT INTO building_unit (building_id, name) VALUES ($1, $2) RETURNING id', [buildingId, `${u}单元`]);
    const roomsArr: string[] = [];
    for (let f = 1; f <= b.floors; f++) for (let r = 1; r <= b.roomsPerFloor; r++) roomsArr.push(`${f}${String(r).padStart(2, '0')}`);
    await tx.query(`INSERT INTO dwelling (unit_id, room, exclusive_area_m2) SELECT $1, room, $3 FROM unnest($2::text[]) AS room`, [unit.rows[0].id, roomsArr, b.areaM2 ?? null]);
  }
  return buildingId;
}

export async function listCompounds(db: Queryable, regionPath: string, scope: string[]) {
  const params: unknown[] = [likePrefix(regionPath)];
  const { rows } = await db.query(
    `SELECT cp.id, cp.name, cp.address, cp.community_code AS "communityCode", c.name AS "communityName", cp.lon, cp.lat,
            cp.built_year AS "builtYear", cp.old_compound AS "oldCompound",
            (SELECT count(*) FROM building b WHERE b.compound_id = cp.id)::int AS buildings,
            (SELECT count(*) FROM dwelling d JOIN building_unit u ON u.id = d.unit_id JOIN building b ON b.id = u.building_id WHERE b.compound_id = cp.id)::int AS dwellings,
            (SELECT count(*) FROM household h JOIN dwelling d ON d.id = h.dwelling_id JOIN building_unit u ON u.id = d.unit_id JOIN building b ON b.id = u.building_id WHERE b.compound_id = cp.id)::int AS households
       FROM compound cp JOIN region c ON c.code = cp.community_code
      WHERE cp.path LIKE $1 AND ${scopeSql(scope, 'cp.path', params)} ORDER BY cp.community_code, cp.name`,
    params,
  );
  return rows;
}

export async function compoundDetail(db: Queryable, id: number) {
  const { rows } = await db.query(
    `SELECT b.id, b.name, b.floors, COALESCE(json_agg(json_build_object('id', u.id, 'name', u.name,
              'dwellings', (SELECT json_agg(json_build_object('id', d.id, 'room', d.room, 'areaM2', d.exclusive_area_m2::float8,
                              'householdId', (SELECT h.id FROM household h WHERE h.dwelling_id = d.id)) ORDER BY d.room) FROM dwelling d WHERE d.unit_id = u.id))
              ORDER BY u.name) FILTER (WHERE u.id IS NOT NULL), '[]') AS units
       FROM building b LEFT JOIN building_unit u ON u.building_id = b.id WHERE b.compound_id = $1 GROUP BY b.id ORDER BY b.name`,
    [id],
  );
  return rows;
}

/** A household in a basic grid, optionally in a dwelling (one household per dwelling). */
export async function createHousehold(tx: pg.PoolClient, h: { gridCode: string; dwellingId?: number | null; address?: string | null }, scope: string[]): Promise<number> {
  const { rows } = await tx.query('SELECT code, path, kind, community_code FROM grid WHERE code = $1', [h.gridCode]);
  if (!rows[0]) throw new AppError('grid_not_found', { code: h.gridCode });
  assertInScope(scope, rows[0].path);
  if (rows[0].kind !== 'basic') throw new AppError('grid_not_basic', { code: h.gridCode });
  if (h.dwellingId) {
    const d = await tx.query(
      `SELECT d.id, cp.community_code FROM dwelling d JOIN building_unit u ON u.id = d.unit_id JOIN building b ON b.id = u.building_id JOIN compound cp ON cp.id = b.compound_id WHERE d.id = $1`,
      [h.dwellingId],
    );
    if (!d.rows[0]) throw new AppError('dwelling_not_found', { id: h.dwellingId });
    if (d.rows[0].community_code !== rows[0].community_code) throw new AppError('grid_outside_community', { grid: h.gridCode });
    const taken = await tx.query('SELECT id FROM household WHERE dwelling_id = $1', [h.dwellingId]);
    if (taken.rows[0]) throw new AppError('dwelling_taken', { id: taken.rows[0].id });
  }
  const ins = await tx.query('INSERT INTO household (grid_code, path, dwelling_id, address) VALUES ($1, $2, $3, $4) RETURNING id', [h.gridCode, rows[0].path, h.dwellingId ?? null, h.address ?? null]);
  return ins.rows[0].id;
}

export async function householdDetail(db: Queryable, id: number) {
  const { rows } = await db.query(
    `SELECT h.id, h.grid_code AS "gridCode", g.name AS "gridName", h.address, h.dwelling_id AS "dwellingId", h.path,
            COALESCE((SELECT json_agg(json_build_object('residentId', r.id, 'name', r.name, 'relation', m.relation,
                      'movedIn', to_char(m.moved_in, 'YYYY-MM-DD'), 'movedOut', to_char(m.moved_out, 'YYYY-MM-DD')) ORDER BY m.moved_in, m.id)
                        FROM household_member m JOIN resident r ON r.id = m.resident_id WHERE m.household_id = h.id), '[]') AS members
       FROM household h JOIN grid g ON g.code = h.grid_code WHERE h.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}
