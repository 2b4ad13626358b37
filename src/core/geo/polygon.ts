/**
 * Polygon checks and measures on GeoJSON (WGS-84). Pure functions; every problem is an
 * Issue located by the caller (feature index, grid code).
 */
import turfArea from '@turf/area';
import { kinks } from '@turf/kinks';
import * as clip from 'polyclip-ts';
import { inChina, toWgs84, type Crs } from './crs.js';

export type Position = [number, number];
export type Ring = Position[];
export interface PolygonGeom { type: 'Polygon'; coordinates: Ring[]; }
export interface MultiPolygonGeom { type: 'MultiPolygon'; coordinates: Ring[][]; }
export type AreaGeom = PolygonGeom | MultiPolygonGeom;
export type BBox = [number, number, number, number];

export interface GeomProblem { code: string; params?: Record<string, string | number>; }

/** Minimum overlap that counts (m²): shared edges and digitising noise are not overlaps. */
export const OVERLAP_TOLERANCE_M2 = 1;
/** Minimum hole between grids that is reported as a coverage gap (m²). */
export const GAP_TOLERANCE_M2 = 100;

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/**
 * Check a GeoJSON geometry and return it converted to WGS-84 (rings closed, 6 decimals),
 * or the problems found. A polygon needs ≥ 4 positions per ring (3 distinct points and the closing one).
 */
export function normaliseGeometry(input: unknown, crs: Crs): { geometry: AreaGeom; warnings: GeomProblem[] } | { problems: GeomProblem[] } {
  const problems: GeomProblem[] = [];
  const warnings: GeomProblem[] = [];
  if (!input || typeof input !== 'object') return { problems: [{ code: 'geometry_missing' }] };
  const g = input as { type?: unknown; coordinates?: unknown };
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') return { problems: [{ code: 'geometry_type_unsupported', params: { type: String(g.type ?? '—') } }] };
  const polys: unknown[] = g.type === 'Polygon' ? [g.coordinates] : Array.isArray(g.coordinates) ? g.coordinates : [null];
  if (!polys.length) return { problems: [{ code: 'geometry_empty' }] };
  const out: Ring[][] = [];
  polys.forEach((poly, pi) => {
    if (!Array.isArray(poly) || !poly.length) { problems.push({ code: 'geometry_empty' }); return; }
    const rings: Ring[] = [];
    poly.forEach((ring, ri) => {
      const where = { ring: ri + 1, polygon: pi + 1 };
      if (!Array.isArray(ring)) { problems.push({ code: 'ring_invalid', params: where }); return; }
      const pts: Ring = [];
      for (const p of ring) {
        if (!Array.isArray(p) || !isNum(p[0]) || !isNum(p[1])) { problems.push({ code: 'coordinate_invalid', params: { ...where, value: JSON.stringify(p).slice(0, 40) } }); return; }
        if (!inChina(p[0], p[1])) { problems.push({ code: 'coordinate_outside_china', params: { ...where, lon: p[0], lat: p[1] } }); return; }
        const [x, y] = toWgs84(p[0], p[1], crs);
        pts.push([Math.round(x * 1e6) / 1e6, Math.round(y * 1e6) / 1e6]);
      }
      const first = pts[0], last = pts[pts.length - 1];
      if (pts.length && (first[0] !== last[0] || first[1] !== last[1])) {
        pts.push([first[0], first[1]]);
        warnings.push({ code: 'ring_closed_for_you', params: where });
      }
      const distinct = new Set(pts.slice(0, -1).map((p) => p.join(','))).size;
      if (pts.length < 4 || distinct < 3) { problems.push({ code: 'ring_too_few_points', params: { ...where, points: distinct } }); return; }
      rings.push(pts);
    });
    out.push(rings);
  });
  if (problems.length) return { problems };
  const geometry: AreaGeom = out.length === 1 ? { type: 'Polygon', coordinates: out[0] } : { type: 'MultiPolygon', coordinates: out };
  const k = kinks({ type: 'Feature', properties: {}, geometry } as any);
  if (k.features.length) {
    const [lon, lat] = k.features[0].geometry.coordinates;
    return { problems: [{ code: 'ring_self_intersects', params: { lon: round(lon), lat: round(lat), count: k.features.length } }] };
  }
  if (areaM2(geometry) < 1) return { problems: [{ code: 'geometry_empty' }] };
  return { geometry, warnings };
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

export function areaM2(g: AreaGeom): number {
  return turfArea({ type: 'Feature', properties: {}, geometry: g } as any);
}

export function bboxOf(g: AreaGeom): BBox {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const poly of polygonsOf(g)) for (const [x, y] of poly[0]) {
    if (x < minX) minX = x; if (y < minY) minY = y; if (x > maxX) maxX = x; if (y > maxY) maxY = y;
  }
  return [minX, minY, maxX, maxY];
}

export function polygonsOf(g: AreaGeom): Ring[][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

export function bboxesIntersect(a: BBox, b: BBox): boolean {
  return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
}

/** Area (m²) shared by two polygons; 0 when they only touch. */
export function overlapM2(a: AreaGeom, b: AreaGeom): number {
  const inter = clip.intersection(polygonsOf(a) as any, polygonsOf(b) as any) as unknown as Ring[][];
  if (!inter.length) return 0;
  return areaM2({ type: 'MultiPolygon', coordinates: inter });
}

/** Holes inside the union of some polygons: places between grids that no grid covers. */
export function gapsBetween(geoms: AreaGeom[]): { areaM2: number; center: Position }[] {
  if (geoms.length < 2) return [];
  const [first, ...rest] = geoms.map((g) => polygonsOf(g) as any);
  const union = clip.union(first, ...rest) as unknown as Ring[][];
  const gaps: { areaM2: number; center: Position }[] = [];
  for (const poly of union) {
    for (const hole of poly.slice(1)) {
      const a = areaM2({ type: 'Polygon', coordinates: [hole] });
      if (a >= GAP_TOLERANCE_M2) gaps.push({ areaM2: Math.round(a), center: centroidOfRing(hole) });
    }
  }
  return gaps;
}

/** The centre of a ring's vertices: good enough to place a label or a marker. */
export function centroidOfRing(ring: Ring): Position {
  const pts = ring.slice(0, -1);
  const x = pts.reduce((s, p) => s + p[0], 0) / pts.length;
  const y = pts.reduce((s, p) => s + p[1], 0) / pts.length;
  return [round(x), round(y)];
}

export function labelPoint(g: AreaGeom): Position {
  return centroidOfRing(polygonsOf(g)[0][0]);
}

/** Ray casting with holes; a point on the boundary may fall either way (as with any such test). */
export function pointInGeometry(lon: number, lat: number, g: AreaGeom): boolean {
  for (const poly of polygonsOf(g)) {
    if (!pointInRing(lon, lat, poly[0])) continue;
    let inHole = false;
    for (let i = 1; i < poly.length; i++) if (pointInRing(lon, lat, poly[i])) { inHole = true; break; }
    if (!inHole) return true;
  }
  return false;
}

function pointInRing(x: number, y: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i], [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Distance in metres between two WGS-84 points (haversine). */
export function distanceM(a: Position, b: Position): number {
  const R = 6371008.8, rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad, dLon = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}

/** How far (m) a point lies outside a box; 0 inside. */
export function distanceOutsideBox(p: Position, box: BBox): number {
  const x = Math.min(Math.max(p[0], box[0]), box[2]);
  const y = Math.min(Math.max(p[1], box[1]), box[3]);
  return distanceM(p, [x, y]);
}
