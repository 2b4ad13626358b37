/** The Leaflet map of the grid map page: created once the settings are there, kept in step with the page's state. */
import { useEffect, useRef, useState } from 'react';
import type { MutableRefObject, RefObject } from 'react';
import type { Grid, GridGeometry, MapSettings } from '../../shared/types';
import { GridMapController } from './map/GridMapController';
import type { Lang } from '../i18n';

export interface GridMapState {
  settings: MapSettings | null;
  lang: Lang;
  grids: Grid[] | null;
  region: string | null;
  fitFor: MutableRefObject<string | null>;
  selectedCode: string | null;
  editingCode: string | null;
  /** Called when the grid being edited cannot be edited on the map (it has no shape there). */
  stopEditing: () => void;
  drawing: boolean;
  drawn: GridGeometry | null;
  onSelect: (code: string) => void;
  onDrawn: (g: GridGeometry) => void;
}

export function useGridMapController(s: GridMapState): {
  mapEl: RefObject<HTMLDivElement>;
  ctl: MutableRefObject<GridMapController | null>;
} {
  const { settings, lang, grids, region, fitFor, selectedCode, editingCode, stopEditing, drawing, drawn } = s;
  const mapEl = useRef<HTMLDivElement>(null);
  const ctl = useRef<GridMapController | null>(null);
  const [mapReady, setMapReady] = useState(false);
  const handlers = useRef({ onSelect: s.onSelect, onDrawn: s.onDrawn });

  useEffect(() => {
    if (!settings || !mapEl.current) return;
    const c = new GridMapController(mapEl.current, settings, handlers.current, lang);
    ctl.current = c;
    setMapReady(true);
    return () => {
      c.destroy();
      ctl.current = null;
      setMapReady(false);
    };
    // The map is created once; a language switch only affects Geoman's hints.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [settings]);

  useEffect(() => {
    const c = ctl.current;
    if (!mapReady || !c || !grids || !region) return;
    const fit = fitFor.current !== region;
    c.setGrids(grids, fit, settings ?? undefined);
    if (fit) fitFor.current = region;
  }, [mapReady, grids, region, settings, fitFor]);

  useEffect(() => {
    if (mapReady) ctl.current?.select(selectedCode, true);
  }, [mapReady, selectedCode, grids]);

  useEffect(() => {
    const c = ctl.current;
    if (!mapReady || !c) return;
    if (editingCode) {
      if (!c.startEdit(editingCode)) stopEditing();
    } else c.stopEdit();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mapReady, editingCode]);

  useEffect(() => {
    const c = ctl.current;
    if (!mapReady || !c) return;
    if (drawing) c.startDraw();
    else c.stopDraw();
  }, [mapReady, drawing]);

  // The drawn shape stays on the map while its form is open.
  useEffect(() => {
    if (mapReady && !drawn) ctl.current?.clearDraft();
  }, [mapReady, drawn]);

  return { mapEl, ctl };
}
