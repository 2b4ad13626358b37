/** The report's position: the phone's GPS fix (WGS-84, with its accuracy), and the grid it falls in. */
import { useCallback, useEffect, useState } from 'react';
import { api, get } from '../../shared/api';
import type { ApiResult } from '../../shared/apiTypes';
import type { useCaseText } from './text';

type CaseTextFn = ReturnType<typeof useCaseText>['ct'];

export interface Geo {
  status: 'idle' | 'locating' | 'ok' | 'error' | 'off';
  lon?: number;
  lat?: number;
  accuracy?: number;
  message?: string;
}

export function usePosition(ct: CaseTextFn) {
  const [geo, setGeo] = useState<Geo>({ status: 'idle' });

  /** `fresh`: the user asked again, so no cached fix. */
  const locate = useCallback(
    (fresh = false) => {
      if (!('geolocation' in navigator)) {
        setGeo({ status: 'error', message: ct('report.locateUnsupported') });
        return;
      }
      setGeo((g) => ({ ...g, status: 'locating', message: undefined }));
      navigator.geolocation.getCurrentPosition(
        (pos) =>
          setGeo({
            status: 'ok',
            lon: Math.round(pos.coords.longitude * 1e7) / 1e7,
            lat: Math.round(pos.coords.latitude * 1e7) / 1e7,
            accuracy: Math.round(pos.coords.accuracy),
          }),
        (err) =>
          setGeo({
            status: 'error',
            message:
              err.code === err.PERMISSION_DENIED
                ? ct('report.locateDenied')
                : err.code === err.TIMEOUT
                  ? ct('report.locateTimeout')
                  : ct('report.locateFailed', { msg: err.message || String(err.code) }),
          }),
        { enableHighAccuracy: true, timeout: 20_000, maximumAge: fresh ? 0 : 30_000 },
      );
    },
    [ct],
  );

  const hasPoint = geo.status === 'ok' && geo.lon !== undefined && geo.lat !== undefined;
  return { geo, setGeo, locate, hasPoint };
}

/** Which grid the point falls in (grid workers may ask; a hint only). */
export function useGridAt(enabled: boolean, geo: Geo): string | null {
  const [gridName, setGridName] = useState<string | null>(null);
  useEffect(() => {
    setGridName(null);
    if (!enabled || geo.status !== 'ok' || geo.lon === undefined || geo.lat === undefined) return;
    const ac = new AbortController();
    api
      .locateGrid(geo.lon, geo.lat, 'wgs84', ac.signal)
      .then((r) => setGridName(r.grid?.name ?? r.community?.name ?? null))
      .catch(() => undefined);
    return () => ac.abort();
  }, [enabled, geo.status, geo.lon, geo.lat]);
  return gridName;
}

/** The grid a contact card's QR code named (?grid=): its name and community, to show on the form; null while unknown or offline. */
export function useGridBrief(code: string | null): ApiResult<'/api/grids/{code}/brief'> | null {
  const [brief, setBrief] = useState<ApiResult<'/api/grids/{code}/brief'> | null>(null);
  useEffect(() => {
    setBrief(null);
    if (!code) return;
    const ac = new AbortController();
    get('/api/grids/{code}/brief', { path: { code }, signal: ac.signal })
      .then(setBrief)
      .catch(() => undefined);
    return () => ac.abort();
  }, [code]);
  return brief;
}
