/**
 * Leaflet helpers shared by the console grid map and the mobile "my grid" page: the tile layer
 * chosen by the server's map settings, grid styles, GeoJSON ↔ Leaflet conversion and the point
 * where a grid's number label goes. No UI library here.
 */
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import './gridmap.css';
import type { Grid, GridGeometry, GridKind, MapSettings, Position } from './types';

export { L };

export const GRID_COLORS: Record<GridKind, string> = {
  basic: '#1d5fa8',
  dedicated: '#d46b08',
};
export const SELECTED_COLOR = '#c8161d';

export const DEFAULT_MAP_SETTINGS: MapSettings = { tiles: 'none', tiandituKey: null, center: [110.35, 20.0], zoom: 13 };

const TIANDITU = (layer: 'vec' | 'cva', key: string) =>
  `https://t{s}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}` +
  `&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(key)}`;

/**
 * Adds the base layer the settings ask for. 'none' (or 天地图 without a key) adds nothing: the map
 * then shows the grids on a plain light background, which works without any network.
 */
export function addBaseLayers(map: L.Map, settings: MapSettings): void {
  const container = map.getContainer();
  if (settings.tiles === 'osm') {
    L.tileLayer('https://tile.openstreetmap.org/{z}/{x}/{y}.png', {
      maxZoom: 19,
      attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
    }).addTo(map);
    container.classList.remove('gz-map-blank');
  } else if (settings.tiles === 'tianditu' && settings.tiandituKey) {
    const opts: L.TileLayerOptions = { subdomains: '01234567', maxZoom: 18, attribution: '&copy; 天地图' };
    L.tileLayer(TIANDITU('vec', settings.tiandituKey), opts).addTo(map);
    L.tileLayer(TIANDITU('cva', settings.tiandituKey), { ...opts, attribution: '' }).addTo(map);
    container.classList.remove('gz-map-blank');
  } else {
    container.classList.add('gz-map-blank');
  }
}

/** A Leaflet map in `el` at the settings' centre, with the settings' base layer. */
export function createMap(el: HTMLElement, settings: MapSettings, opts: L.MapOptions = {}): L.Map {
  const map = L.map(el, { zoomControl: true, attributionControl: settings.tiles !== 'none', maxZoom: 19, zoomSnap: 0.5, ...opts });
  const [lon, lat] = settings.center ?? DEFAULT_MAP_SETTINGS.center;
  map.setView([lat, lon], settings.zoom ?? DEFAULT_MAP_SETTINGS.zoom);
  addBaseLayers(map, settings);
  return map;
}

type LatLngTuple = [number, number];

function ringToLatLngs(ring: Position[]): LatLngTuple[] {
  const pts = ring.map((p) => [p[1], p[0]] as LatLngTuple);
  // GeoJSON rings repeat the first point at the end; Leaflet closes polygons itself.
  if (pts.length > 1) {
    const a = pts[0];
    const b = pts[pts.length - 1];
    if (a[0] === b[0] && a[1] === b[1]) pts.pop();
  }
  return pts;
}

/** GeoJSON (lon, lat) → Leaflet (lat, lng) nesting accepted by L.polygon. */
export function geometryToLatLngs(g: GridGeometry): LatLngTuple[][] | LatLngTuple[][][] {
  if (g.type === 'Polygon') return g.coordinates.map(ringToLatLngs);
  return g.coordinates.map((poly) => poly.map(ringToLatLngs));
}

/** A Leaflet polygon layer back to a GeoJSON Polygon / MultiPolygon (closed rings, 7 decimals). */
export function layerToGeometry(layer: L.Polygon): GridGeometry {
  const gj = layer.toGeoJSON(7).geometry as GridGeometry;
  return gj;
}

function ringArea(ring: Position[]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return a / 2;
}

function ringCentroid(ring: Position[]): [number, number] {
  let x = 0;
  let y = 0;
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const f = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
    x += (ring[j][0] + ring[i][0]) * f;
    y += (ring[j][1] + ring[i][1]) * f;
    a += f;
  }
  if (Math.abs(a) < 1e-18) {
    const n = ring.length || 1;
    return [ring.reduce((s, p) => s + p[0], 0) / n, ring.reduce((s, p) => s + p[1], 0) / n];
  }
  return [x / (3 * a), y / (3 * a)];
}

/** x positions where the horizontal line at `y` crosses the rings. */
function crossings(rings: Position[][], y: number): number[] {
  const xs: number[] = [];
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [x1, y1] = ring[j];
      const [x2, y2] = ring[i];
      if (y1 > y !== y2 > y) xs.push(x1 + ((y - y1) * (x2 - x1)) / (y2 - y1));
    }
  }
  return xs.sort((p, q) => p - q);
}

/**
 * Where the grid's number goes, as [lon, lat]: on the largest polygon, the middle of the widest
 * inside stretch of the horizontal line through its centroid (so it stays inside concave shapes).
 */
export function labelPoint(g: GridGeometry): [number, number] | null {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  let best: Position[][] | null = null;
  let bestArea = -1;
  for (const p of polys) {
    if (!p[0] || p[0].length < 3) continue;
    const a = Math.abs(ringArea(p[0]));
    if (a > bestArea) {
      bestArea = a;
      best = p;
    }
  }
  if (!best) return null;
  const c = ringCentroid(best[0]);
  const minY = Math.min(...best[0].map((p) => p[1]));
  const maxY = Math.max(...best[0].map((p) => p[1]));
  const eps = (maxY - minY) * 1e-6; // keeps the line off vertices lying exactly on it
  const xs0 = crossings(best, c[1] + eps);
  for (let i = 0; i + 1 < xs0.length; i += 2) if (c[0] >= xs0[i] && c[0] <= xs0[i + 1]) return c;
  // Centroid outside (a concave shape): the widest inside stretch among a few heights.
  let bestSeg: [number, number] | null = null;
  let bestY = c[1];
  for (const y of [c[1] + eps, ...[0.5, 0.35, 0.65, 0.2, 0.8].map((f) => minY + (maxY - minY) * f + eps)]) {
    const xs = crossings(best, y);
    for (let i = 0; i + 1 < xs.length; i += 2) {
      if (!bestSeg || xs[i + 1] - xs[i] > bestSeg[1] - bestSeg[0]) {
        bestSeg = [xs[i], xs[i + 1]];
        bestY = y;
      }
    }
  }
  return bestSeg ? [(bestSeg[0] + bestSeg[1]) / 2, bestY] : c;
}

/** True when a basic grid lacks a full-time worker (drawn dashed). */
export function missingFullTimeWorker(g: Grid): boolean {
  return g.kind === 'basic' && !g.workers.some((w) => w.employment === 'full_time');
}

export function gridStyle(g: Grid, selected: boolean): L.PathOptions {
  const color = GRID_COLORS[g.kind] ?? GRID_COLORS.basic;
  return {
    color: selected ? SELECTED_COLOR : color,
    weight: selected ? 3 : 1.5,
    opacity: 0.95,
    fillColor: color,
    fillOpacity: selected ? 0.38 : 0.18,
    dashArray: missingFullTimeWorker(g) ? '6 4' : undefined,
  };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The divIcon showing a grid's number at its label point. */
export function gridLabelIcon(g: Grid, selected: boolean): L.DivIcon {
  return L.divIcon({
    className: `gz-grid-label gz-grid-label-${g.kind}${selected ? ' is-selected' : ''}`,
    html: `<span data-grid="${escapeHtml(g.code)}" title="${escapeHtml(g.name)}">${g.number}</span>`,
    iconSize: [0, 0],
    iconAnchor: [0, 0],
  });
}

/** m² as "1,234 m²" or, from one hectare up, "12.34 公顷 / ha". */
export function formatArea(m2: number | null | undefined, lang: 'zh-CN' | 'en'): string {
  if (m2 === null || m2 === undefined || !Number.isFinite(m2)) return '—';
  const loc = lang === 'en' ? 'en-US' : 'zh-CN';
  if (m2 >= 10_000) {
    const ha = (m2 / 10_000).toLocaleString(loc, { maximumFractionDigits: 2 });
    return `${ha} ${lang === 'en' ? 'ha' : '公顷'} (${Math.round(m2).toLocaleString(loc)} m²)`;
  }
  return `${Math.round(m2).toLocaleString(loc)} m²`;
}
