/** The grid map's data: map settings, the region's name and level, and the region's grids. */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Dispatch, MutableRefObject, SetStateAction } from 'react';
import { api, ApiError } from '../../shared/api';
import type { Grid, MapSettings, RegionRef } from '../../shared/types';
import { DEFAULT_MAP_SETTINGS } from '../../shared/gridmap';

export interface GridMapData {
  settings: MapSettings | null;
  settingsError: string | null;
  regionRef: RegionRef | null;
  grids: Grid[] | null;
  setGrids: Dispatch<SetStateAction<Grid[] | null>>;
  loading: boolean;
  loadError: ApiError | Error | null;
  /** Load the grids again; `refit` fits the map to them once they are there. */
  reload: (refit?: boolean) => void;
  /** Put an updated grid in place of the one with its code. */
  replaceGrid: (g: Grid) => void;
  /** The region the map was last fitted to (null: fit on the next load). */
  fitFor: MutableRefObject<string | null>;
}

export function useGridMapData(region: string | null): GridMapData {
  // ---- map settings ----
  const [settings, setSettings] = useState<MapSettings | null>(null);
  const [settingsError, setSettingsError] = useState<string | null>(null);
  useEffect(() => {
    const ac = new AbortController();
    api
      .mapSettings(ac.signal)
      .then(setSettings)
      .catch((e) => {
        if (ac.signal.aborted) return;
        setSettingsError((e as Error).message);
        setSettings(DEFAULT_MAP_SETTINGS);
      });
    return () => ac.abort();
  }, []);

  // ---- the region's name and level (for the header and the new-grid form) ----
  const [regionRef, setRegionRef] = useState<RegionRef | null>(null);
  useEffect(() => {
    if (!region) return;
    const ac = new AbortController();
    api
      .region(region, ac.signal)
      .then((d) => setRegionRef({ code: d.code, name: d.name, level: d.level }))
      .catch(() => !ac.signal.aborted && setRegionRef(null));
    return () => ac.abort();
  }, [region]);

  // ---- grids ----
  const [grids, setGrids] = useState<Grid[] | null>(null);
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<ApiError | Error | null>(null);
  const [reloadNonce, setReloadNonce] = useState(0);
  const fitFor = useRef<string | null>(null);

  useEffect(() => {
    if (!region) return;
    const ac = new AbortController();
    setLoading(true);
    setLoadError(null);
    api
      .grids(region, undefined, ac.signal)
      .then((r) => setGrids([...r.items].sort((a, b) => a.code.localeCompare(b.code))))
      .catch((e) => {
        if (ac.signal.aborted) return;
        setGrids([]);
        setLoadError(e as Error);
      })
      .finally(() => !ac.signal.aborted && setLoading(false));
    return () => ac.abort();
  }, [region, reloadNonce]);

  const reload = useCallback((refit = false) => {
    if (refit) fitFor.current = null;
    setReloadNonce((n) => n + 1);
  }, []);

  const replaceGrid = useCallback((g: Grid) => {
    setGrids((prev) => (prev ? prev.map((x) => (x.code === g.code ? g : x)) : prev));
  }, []);

  return { settings, settingsError, regionRef, grids, setGrids, loading, loadError, reload, replaceGrid, fitFor };
}
