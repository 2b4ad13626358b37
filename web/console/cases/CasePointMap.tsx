/**
 * A small Leaflet map with the case's point (a red circle, no image icons), optionally the grids of
 * a region underneath, and — when `onPick` is given — a click sets the point.
 */
import { useEffect, useRef, useState } from 'react';
import { api } from '../../shared/api';
import { createMap, DEFAULT_MAP_SETTINGS, geometryToLatLngs, gridStyle, L } from '../../shared/gridmap';
import type { Grid, MapSettings } from '../../shared/types';
import { useI18n } from '../i18n';

export interface LonLat {
  lon: number;
  lat: number;
}

let settingsCache: Promise<MapSettings> | null = null;
function mapSettings(): Promise<MapSettings> {
  if (!settingsCache) settingsCache = api.mapSettings().catch(() => DEFAULT_MAP_SETTINGS);
  return settingsCache;
}

export default function CasePointMap(props: {
  value: LonLat | null;
  onPick?: (p: LonLat) => void;
  grids?: Grid[] | null;
  height?: number;
  testId?: string;
}) {
  const { t } = useI18n();
  const el = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const markerRef = useRef<L.CircleMarker | null>(null);
  const gridLayer = useRef<L.LayerGroup | null>(null);
  const pickRef = useRef(props.onPick);
  pickRef.current = props.onPick;
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let cancelled = false;
    mapSettings().then((s) => {
      if (cancelled || !el.current) return;
      const map = createMap(el.current, s, { scrollWheelZoom: !!pickRef.current });
      gridLayer.current = L.layerGroup().addTo(map);
      map.on('click', (e: L.LeafletMouseEvent) => {
        if (!pickRef.current) return;
        pickRef.current({ lon: Number(e.latlng.lng.toFixed(6)), lat: Number(e.latlng.lat.toFixed(6)) });
      });
      mapRef.current = map;
      setReady(true);
    });
    return () => {
      cancelled = true;
      mapRef.current?.remove();
      mapRef.current = null;
      markerRef.current = null;
    };
  }, []);

  // The grids (drawn once per list; the view fits them unless a point is already set).
  useEffect(() => {
    const map = mapRef.current;
    const layer = gridLayer.current;
    if (!ready || !map || !layer) return;
    layer.clearLayers();
    const bounds = L.latLngBounds([]);
    for (const g of props.grids ?? []) {
      if (!g.geometry) continue;
      const poly = L.polygon(geometryToLatLngs(g.geometry) as L.LatLngExpression[][], { ...gridStyle(g, false), interactive: false });
      poly.bindTooltip(`${g.number} ${g.name}`, { sticky: true });
      poly.addTo(layer);
      bounds.extend(poly.getBounds());
    }
    if (!bounds.isValid()) return;
    // Picking: show the grids (unless a point is already set); viewing: the grid and the point.
    if (markerRef.current && !pickRef.current) bounds.extend(markerRef.current.getLatLng());
    if (!markerRef.current || !pickRef.current) map.fitBounds(bounds, { padding: [16, 16], maxZoom: 17 });
  }, [ready, props.grids]);

  // The point.
  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    const v = props.value;
    if (!v || !Number.isFinite(v.lon) || !Number.isFinite(v.lat)) {
      markerRef.current?.remove();
      markerRef.current = null;
      return;
    }
    const ll = L.latLng(v.lat, v.lon);
    if (!markerRef.current) {
      markerRef.current = L.circleMarker(ll, { radius: 8, color: '#fff', weight: 2, fillColor: '#c8161d', fillOpacity: 1 }).addTo(map);
      const layers = gridLayer.current?.getLayers() ?? [];
      if (!props.onPick && layers.length) {
        const b = L.latLngBounds([ll]);
        for (const l of layers) if (l instanceof L.Polygon) b.extend(l.getBounds());
        map.fitBounds(b, { padding: [16, 16], maxZoom: 17 });
      } else if (!props.onPick) map.setView(ll, 16);
      else if (!map.getBounds().contains(ll)) map.panTo(ll);
    } else {
      markerRef.current.setLatLng(ll);
    }
  }, [ready, props.value, props.onPick]);

  return (
    <div className="gz-case-map-wrap">
      <div
        ref={el}
        className={`gz-case-map${props.onPick ? ' is-picking' : ''}`}
        style={{ height: props.height ?? 260 }}
        data-testid={props.testId ?? 'case-map'}
      />
      {props.onPick && !props.value && <div className="gz-map-empty">{t('cases.map.pickHint')}</div>}
    </div>
  );
}
