/**
 * Coordinate systems. Gongzhi stores WGS-84 (CGCS2000 is within centimetres of it at
 * city scale); Chinese map providers publish GCJ-02 (高德, 腾讯) or BD-09 (百度).
 */
import gcoord from 'gcoord';

export const CRS_LIST = ['wgs84', 'gcj02', 'bd09'] as const;
export type Crs = (typeof CRS_LIST)[number];

const GC = { wgs84: gcoord.WGS84, gcj02: gcoord.GCJ02, bd09: gcoord.BD09 } as const;

export function toWgs84(lon: number, lat: number, crs: Crs): [number, number] {
  if (crs === 'wgs84') return [lon, lat];
  const [x, y] = gcoord.transform([lon, lat], GC[crs], gcoord.WGS84) as [number, number];
  return [x, y];
}

/** The CRS a GeoJSON file names for itself, if any (the 2008 `crs` member, or a `coordinateSystem` foreign member). */
export function crsNamedInFile(doc: unknown): Crs | null {
  if (!doc || typeof doc !== 'object') return null;
  const d = doc as Record<string, any>;
  const name = String(d.crs?.properties?.name ?? d.coordinateSystem ?? d.crs ?? '').toLowerCase();
  if (!name) return null;
  if (/gcj|火星|amap|gaode|高德|tencent|腾讯/.test(name)) return 'gcj02';
  if (/bd-?09|baidu|百度/.test(name)) return 'bd09';
  if (/wgs|4326|crs84|4490|cgcs/.test(name)) return 'wgs84';
  return null;
}

/** Mainland China and its islands, generously: a coordinate outside this box is a mistake (swapped lon/lat, projected metres …). */
export const CHINA_BOUNDS = { minLon: 73, maxLon: 136, minLat: 3, maxLat: 54 };

export function inChina(lon: number, lat: number): boolean {
  return lon >= CHINA_BOUNDS.minLon && lon <= CHINA_BOUNDS.maxLon && lat >= CHINA_BOUNDS.minLat && lat <= CHINA_BOUNDS.maxLat;
}
