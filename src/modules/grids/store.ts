import { likePrefix, scopeSql } from '../../core/access/policy.js';
import type { Queryable } from '../../core/db/pool.js';
import type { AreaGeom, BBox } from '../../core/geo/polygon.js';

export interface StaffOut { staffId: number; name: string; username: string | null; since: string; workPhone: string | null; hasPhoto: boolean; }
export interface GridOut {
  code: string; number: number; name: string; kind: 'basic' | 'dedicated'; unitKind: string | null;
  communityCode: string; communityName: string; streetCode: string; streetName: string;
  workers: (StaffOut & { employment: 'full_time' | 'part_time' })[];
  leader: StaffOut | null;
  administrators: StaffOut[];
  geometry: AreaGeom | null; bbox: BBox | null; areaM2: number | null; version: number;
}

const SELECT = `
SELECT g.code, g.number, g.name, g.kind, g.unit_kind, g.community_code, c.name AS community_name,
       s.code AS street_code, s.name AS street_name, g.geometry, g.min_lon, g.min_lat, g.max_lon, g.max_lat, g.area_m2, g.version,
       COALESCE((SELECT json_agg(json_build_object('staffId', st.id, 'name', st.name, 'post', st.post, 'employment', st.employment,
                                                   'username', a.username, 'since', to_char(st.since, 'YYYY-MM-DD'), 'workPhone', st.work_phone, 'hasPhoto', st.photo IS NOT NULL) ORDER BY st.id)
                   FROM grid_staff st LEFT JOIN account a ON a.id = st.account_id
                  WHERE st.grid_code = g.code AND st.until IS NULL), '[]') AS staff
  FROM grid g JOIN region c ON c.code = g.community_code LEFT JOIN region s ON s.code = c.parent_code`;

function toOut(r: any): GridOut {
  const staff = r.staff as any[];
  const pick = ({ staffId, name, username, since, workPhone, hasPhoto }: any) => ({ staffId, name, username, since, workPhone, hasPhoto });
  return {
    code: r.code, number: r.number, name: r.name, kind: r.kind, unitKind: r.unit_kind,
    communityCode: r.community_code, communityName: r.community_name, streetCode: r.street_code, streetName: r.street_name,
    workers: staff.filter((s) => s.post === 'worker').map((s) => ({ ...pick(s), employment: s.employment })),
    leader: staff.filter((s) => s.post === 'leader').map(pick)[0] ?? null,
    administrators: staff.filter((s) => s.post === 'administrator').map(pick),
    geometry: r.geometry, bbox: r.min_lon === null ? null : [r.min_lon, r.min_lat, r.max_lon, r.max_lat],
    areaM2: r.area_m2 === null ? null : Math.round(r.area_m2), version: r.version,
  };
}

export async function listGrids(db: Queryable, regionPath: string, scope: string[], kind?: string): Promise<GridOut[]> {
  const params: unknown[] = [likePrefix(regionPath)];
  let where = `g.path LIKE $1 AND ${scopeSql(scope, 'g.path', params)}`;
  if (kind) { params.push(kind); where += ` AND g.kind = $${params.length}`; }
  const { rows } = await db.query(`${SELECT} WHERE ${where} ORDER BY g.code`, params);
  return rows.map(toOut);
}

export async function getGrid(db: Queryable, code: string): Promise<(GridOut & { path: string }) | null> {
  const { rows } = await db.query(`${SELECT.replace('SELECT g.code,', 'SELECT g.path, g.code,')} WHERE g.code = $1`, [code]);
  return rows[0] ? { ...toOut(rows[0]), path: rows[0].path } : null;
}

export async function gridsOfAccount(db: Queryable, accountId: number): Promise<GridOut[]> {
  const { rows } = await db.query(
    `${SELECT} WHERE g.code IN (SELECT grid_code FROM grid_staff WHERE account_id = $1 AND until IS NULL) ORDER BY g.code`,
    [accountId],
  );
  return rows.map(toOut);
}
