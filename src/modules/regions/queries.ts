import { likePrefix, pathInScope, scopeSql } from '../../core/access/policy.js';
import { cached } from '../../core/cache.js';
import type { Db } from '../../core/db/pool.js';
import type { Queryable } from '../../core/db/pool.js';
import { AppError } from '../../core/http/errors.js';

export interface RegionRow { code: string; name: string; level: string; parentCode: string | null; path: string; childCount: number; statCode: string; hotline: string | null; }

const COLS = `code, name, level, parent_code AS "parentCode", path, child_count AS "childCount", stat_code AS "statCode", hotline`;

export type RegionWithAncestors = RegionRow & { ancestors: { code: string; name: string; level: string }[] };

/**
 * Region rows by code, kept in process (every scoped route asks for its region, and the tree changes only
 * on an import). The cached value is one generation of two lazily filled maps; a write of the table —
 * `importRegions` calls `invalidate(tx, 'regions')`, and the trigger of migration 1220 covers any other
 * writer — NOTIFYs `gongzhi_cache_regions`, which drops the generation in every process. A read that was
 * already under way when the notice came fills the dropped generation, never the new one. Without a live
 * listener (the CLI) `cached()` hands out a fresh generation each time, so nothing is kept. Rows handed out
 * are frozen: callers share them. Unknown codes are remembered as null too (until the next write).
 */
export const REGIONS_CACHE = 'regions';
const GENERATION_MAX = 20_000;
interface Generation { rows: Map<string, RegionRow | null>; withAncestors: Map<string, RegionWithAncestors | null>; }
const generation = cached<Generation>(REGIONS_CACHE, async () => ({ rows: new Map(), withAncestors: new Map() }));

function keep<T>(map: Map<string, T>, code: string, value: T): T {
  if (map.size >= GENERATION_MAX) map.delete(map.keys().next().value!);
  map.set(code, value);
  return value;
}

export async function findRegion(db: Queryable, code: string): Promise<RegionRow | null> {
  const g = await generation(db);
  const hit = g.rows.get(code);
  if (hit !== undefined) return hit;
  const { rows } = await db.query(`SELECT ${COLS} FROM region WHERE code = $1`, [code]);
  return keep(g.rows, code, rows[0] ? Object.freeze(rows[0] as RegionRow) : null);
}

/**
 * A region the caller may look at: inside its scope, or (with `above`) an ancestor of its scope,
 * whose in-scope part the caller then sees. 404 for an unknown code, 403 otherwise.
 */
export async function regionForScope(db: Queryable, code: string, scope: string[], opts: { above?: boolean } = {}): Promise<RegionRow> {
  const region = await findRegion(db, code);
  if (!region) throw new AppError('region_not_found', { code });
  if (!pathInScope(scope, region.path, opts)) throw new AppError('out_of_scope');
  return region;
}

export async function ancestorsOf(db: Db, region: RegionRow): Promise<{ code: string; name: string; level: string }[]> {
  const codes = region.path.split('/').filter(Boolean).slice(0, -1);
  if (!codes.length) return [];
  const { rows } = await db.query(`SELECT code, name, level FROM region WHERE code = ANY($1::text[]) ORDER BY length(path)`, [codes]);
  return rows;
}

/** A region with its ancestors (root first) in one round trip (none when cached). */
export async function findRegionWithAncestors(db: Db, code: string): Promise<RegionWithAncestors | null> {
  const g = await generation(db);
  const hit = g.withAncestors.get(code);
  if (hit !== undefined) return hit;
  const { rows } = await db.query(
    `SELECT ${COLS},
            COALESCE((SELECT json_agg(json_build_object('code', a.code, 'name', a.name, 'level', a.level) ORDER BY length(a.path))
                        FROM region a WHERE a.code = ANY(string_to_array(trim(both '/' from r.path), '/')) AND a.code <> r.code), '[]') AS ancestors
       FROM region r WHERE r.code = $1`,
    [code],
  );
  const r = rows[0] as RegionWithAncestors | undefined;
  if (r) { r.ancestors.forEach((a) => Object.freeze(a)); Object.freeze(r.ancestors); }
  return keep(g.withAncestors, code, r ? Object.freeze(r) : null);
}

export async function childrenInScope(db: Db, code: string, scope: string[]) {
  const params: unknown[] = [code];
  const { rows } = await db.query(
    `SELECT code, name, level, child_count AS "childCount" FROM region
      WHERE parent_code = $1 AND ${scopeSql(scope, 'path', params)} ORDER BY code`,
    params,
  );
  return rows;
}

export async function searchInScope(db: Db, q: string, scope: string[], limit = 50) {
  const params: unknown[] = ['%' + likePrefix(q)];
  const { rows } = await db.query(
    `SELECT code, name, level, parent_code AS "parentCode", child_count AS "childCount" FROM region
      WHERE (name LIKE $1 OR official_name LIKE $1) AND ${scopeSql(scope, 'path', params)}
      ORDER BY length(code), code LIMIT ${Number(limit)}`,
    params,
  );
  return rows;
}

/** The topmost regions a caller can see: its scope roots, or the provinces for a national scope. */
export async function scopeRoots(db: Db, scope: string[]) {
  const national = scope.includes('/');
  const params: unknown[] = [];
  const where = national ? `parent_code IS NULL` : `path = ANY($1::text[])`;
  if (!national) params.push(scope);
  const { rows } = await db.query(`SELECT ${COLS} FROM region WHERE ${where} ORDER BY code`, params);
  return rows as RegionRow[];
}

/** The names of these regions, by code (unknown codes are left out). */
export async function regionNames(db: Queryable, codes: string[]): Promise<Map<string, string>> {
  const { rows } = await db.query<{ code: string; name: string }>('SELECT code, name FROM region WHERE code = ANY($1::text[])', [[...new Set(codes)]]);
  return new Map(rows.map((r) => [r.code, r.name]));
}
