/**
 * A synthetic but valid grid map for regions that have no surveyed boundaries: streets as
 * blocks around a real centre point, communities as blocks inside them, basic grids tiling
 * each community exactly (no overlaps, no gaps), dedicated grids as small squares inside
 * basic ones (a school, a hospital …), one full-time worker per basic grid.
 */
import type pg from 'pg';
import { areaM2, bboxOf, type AreaGeom } from '../../core/geo/polygon.js';
import { chineseName, prng } from '../../demo/names.js';
import { GRID_CHANNEL } from './locator.js';

export interface LayoutCommunity { code: string; name: string; streetCode: string; path: string; }
export interface LaidGrid { code: string; number: number; communityCode: string; path: string; name: string; kind: 'basic' | 'dedicated'; unitKind: string | null; geometry: AreaGeom; }

const CELL_LAT = 0.0036; // ≈ 400 m
const square = (x0: number, y0: number, w: number, h: number): AreaGeom => {
  const r = (v: number) => Math.round(v * 1e6) / 1e6;
  return { type: 'Polygon', coordinates: [[[r(x0), r(y0)], [r(x0 + w), r(y0)], [r(x0 + w), r(y0 + h)], [r(x0), r(y0 + h)], [r(x0), r(y0)]]] };
};
const spread = (total: number, parts: number) => Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
const UNIT_KINDS: [string, string][] = [['school', '学校'], ['hospital', '医院'], ['market', '市场'], ['company', '企业']];

export function layoutGrids(communities: LayoutCommunity[], opts: { center: [number, number]; basic: number; dedicated: number }): LaidGrid[] {
  const cellLon = CELL_LAT / Math.cos((opts.center[1] * Math.PI) / 180);
  const basicCounts = spread(opts.basic, communities.length);
  const dedicatedCounts = spread(opts.dedicated, communities.length);
  const streets = [...new Set(communities.map((c) => c.streetCode))];
  const perStreet = streets.map((s) => communities.filter((c) => c.streetCode === s));
  const commCols = Math.max(...perStreet.map((l) => Math.ceil(Math.sqrt(l.length))));
  const cellsPerComm = Math.ceil(Math.sqrt(Math.max(...basicCounts)));
  const commW = cellsPerComm * cellLon, commH = cellsPerComm * CELL_LAT;
  const streetW = commCols * commW + cellLon, streetH = Math.ceil(Math.max(...perStreet.map((l) => l.length)) / commCols) * commH + CELL_LAT;
  const streetCols = Math.ceil(Math.sqrt(streets.length));
  const x0 = opts.center[0] - (streetCols * streetW) / 2, y0 = opts.center[1] + (Math.ceil(streets.length / streetCols) * streetH) / 2;
  const out: LaidGrid[] = [];
  let ci = 0;
  perStreet.forEach((list, si) => {
    const sx = x0 + (si % streetCols) * streetW, sy = y0 - Math.floor(si / streetCols) * streetH;
    list.forEach((c, k) => {
      const cx = sx + (k % commCols) * commW, cy = sy - Math.floor(k / commCols) * commH;
      const nBasic = basicCounts[communities.indexOf(c)], nDedicated = dedicatedCounts[communities.indexOf(c)];
      const cols = Math.ceil(Math.sqrt(nBasic));
      let number = 0;
      const cells: [number, number][] = [];
      for (let i = 0; i < nBasic; i++) {
        // numbered west → east, north → south
        const gx = cx + (i % cols) * cellLon, gy = cy - Math.floor(i / cols) * CELL_LAT - CELL_LAT;
        cells.push([gx, gy]);
        number++;
        const code = c.code + String(number).padStart(3, '0');
        out.push({ code, number, communityCode: c.code, path: `${c.path}${code}/`, name: `${c.name}第${number}网格`, kind: 'basic', unitKind: null, geometry: square(gx, gy, cellLon, CELL_LAT) });
      }
      for (let j = 0; j < nDedicated; j++) {
        const [gx, gy] = cells[j % cells.length];
        const slot = Math.floor(j / cells.length); // a second unit in the same cell sits lower
        const [unitKind, word] = UNIT_KINDS[(ci + j) % UNIT_KINDS.length];
        number++;
        const code = c.code + String(number).padStart(3, '0');
        out.push({ code, number, communityCode: c.code, path: `${c.path}${code}/`, name: `${c.name}${word}专属网格${j + 1}`, kind: 'dedicated', unitKind, geometry: square(gx + cellLon * 0.3, gy + CELL_LAT * (0.55 - 0.3 * (slot % 2)), cellLon * 0.3, CELL_LAT * 0.25) });
      }
      ci++;
    });
  });
  return out;
}

export async function insertLaidGrids(tx: pg.PoolClient, grids: LaidGrid[], seed: number, accounts: Map<string, number> = new Map()): Promise<void> {
  const rand = prng(seed);
  const used = new Set<string>();
  const uniqueName = () => {
    // one person per grid: regenerate on a clash so no two grids share a made-up worker
    for (;;) { const n = chineseName(rand); if (!used.has(n)) { used.add(n); return n; } }
  };
  const cols = { code: [] as string[], community: [] as string[], number: [] as number[], path: [] as string[], name: [] as string[], kind: [] as string[], unit: [] as (string | null)[], geom: [] as string[], b0: [] as number[], b1: [] as number[], b2: [] as number[], b3: [] as number[], area: [] as number[] };
  const staff = { grid: [] as string[], path: [] as string[], post: [] as string[], employment: [] as (string | null)[], name: [] as string[], account: [] as (number | null)[] };
  for (const g of grids) {
    const b = bboxOf(g.geometry);
    cols.code.push(g.code); cols.community.push(g.communityCode); cols.number.push(g.number); cols.path.push(g.path); cols.name.push(g.name);
    cols.kind.push(g.kind); cols.unit.push(g.unitKind); cols.geom.push(JSON.stringify(g.geometry));
    cols.b0.push(b[0]); cols.b1.push(b[1]); cols.b2.push(b[2]); cols.b3.push(b[3]); cols.area.push(areaM2(g.geometry));
    const account = accounts.get(g.code) ?? null;
    staff.grid.push(g.code); staff.path.push(g.path);
    staff.post.push(g.kind === 'basic' ? 'worker' : 'administrator');
    staff.employment.push(g.kind === 'basic' ? 'full_time' : null);
    staff.name.push(account ? '' : uniqueName());
    staff.account.push(account);
  }
  await tx.query(
    `INSERT INTO grid (code, community_code, number, path, name, kind, unit_kind, geometry, min_lon, min_lat, max_lon, max_lat, area_m2)
     SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[], $9::float8[], $10::float8[], $11::float8[], $12::float8[], $13::float8[])`,
    [cols.code, cols.community, cols.number, cols.path, cols.name, cols.kind, cols.unit, cols.geom, cols.b0, cols.b1, cols.b2, cols.b3, cols.area],
  );
  await tx.query(
    `INSERT INTO grid_staff (grid_code, path, post, employment, name, account_id)
     SELECT s.grid, s.path, s.post, s.employment, CASE WHEN s.account IS NULL THEN s.name ELSE a.display_name END, s.account
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[]) AS s(grid, path, post, employment, name, account)
       LEFT JOIN account a ON a.id = s.account`,
    [staff.grid, staff.path, staff.post, staff.employment, staff.name, staff.account],
  );
  await tx.query(`SELECT pg_notify($1, '')`, [GRID_CHANNEL]);
}

/** The demo's grid maps: 呼和浩特新城区 as in the seed (816 basic + 149 dedicated), and 府城街道's 9 communities. */
export const DEMO_GRID_PLANS = [
  { under: '150102', center: [111.70, 40.85] as [number, number], basic: 816, dedicated: 149, seed: 150102 },
  { under: '460107002', center: [110.352, 19.99] as [number, number], basic: 54, dedicated: 9, seed: 460107002 },
];
