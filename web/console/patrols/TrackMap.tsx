/** A patrol's track on a small Leaflet map: the line and its first and last points (no image icons). */
import { useEffect, useRef } from 'react';
import { api } from '../../shared/api';
import { createMap, DEFAULT_MAP_SETTINGS, L } from '../../shared/gridmap';
import type { TrackPoint } from '../../shared/patrols/api';

export default function TrackMap({ points, height = 280 }: { points: TrackPoint[]; height?: number }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let map: L.Map | null = null;
    let cancelled = false;
    void api.mapSettings().catch(() => DEFAULT_MAP_SETTINGS).then((settings) => {
      if (cancelled || !el.current || points.length === 0) return;
      map = createMap(el.current, settings);
      const line = L.polyline(points.map((p) => [p.lat, p.lon] as L.LatLngTuple), { color: '#1d5fa8', weight: 4 }).addTo(map);
      const first = points[0], last = points[points.length - 1];
      L.circleMarker([first.lat, first.lon], { radius: 6, color: '#389e0d', fillOpacity: 1 }).addTo(map);
      L.circleMarker([last.lat, last.lon], { radius: 6, color: '#cf1322', fillOpacity: 1 }).addTo(map);
      map.fitBounds(line.getBounds(), { padding: [20, 20], maxZoom: 18, animate: false });
    });
    return () => {
      cancelled = true;
      map?.remove();
    };
  }, [points]);
  return <div ref={el} style={{ height, borderRadius: 8 }} data-testid="patrol-track-map" />;
}
