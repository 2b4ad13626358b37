/**
 * The console's grid map, driven imperatively from React effects: one polygon and one number label
 * per grid, selection, Geoman editing of one grid's boundary and drawing of a new one.
 */
import { L } from './geoman';
import {
  createMap,
  geometryToLatLngs,
  gridLabelIcon,
  gridStyle,
  labelPoint,
  layerToGeometry,
} from '../../../shared/gridmap';
import type { Grid, GridGeometry, MapSettings } from '../../../shared/types';

export interface GridMapHandlers {
  onSelect: (code: string) => void;
  onDrawn: (geometry: GridGeometry) => void;
}

interface Entry {
  grid: Grid;
  poly: L.Polygon;
  label: L.Marker | null;
}

/** Labels are hidden for grids smaller than this on screen (pixels), so dense maps stay readable. */
const MIN_LABEL_PX = { w: 22, h: 14 };

export class GridMapController {
  readonly map: L.Map;
  private readonly polys = L.featureGroup();
  private readonly labels = L.layerGroup();
  private readonly entries = new Map<string, Entry>();
  private selected: string | null = null;
  private editing: string | null = null;
  private drawing = false;
  /** The shape just drawn, shown until the new-grid form is done with it. */
  private draft: L.Polygon | null = null;
  private handlers: GridMapHandlers;

  constructor(el: HTMLElement, settings: MapSettings, handlers: GridMapHandlers, lang: 'zh-CN' | 'en') {
    this.handlers = handlers;
    this.map = createMap(el, settings);
    this.map.pm.setLang(lang === 'en' ? 'en' : 'zh');
    this.map.pm.setGlobalOptions({ snappable: true, snapDistance: 12, allowSelfIntersection: false });
    this.polys.addTo(this.map);
    this.labels.addTo(this.map);
    this.map.on('zoomend', () => this.updateLabelVisibility());
    this.map.on('pm:create', (e) => {
      const layer = e.layer as L.Polygon;
      const geometry = layerToGeometry(layer);
      this.clearDraft();
      layer.setStyle({ color: '#c8161d', weight: 2, dashArray: '6 4', fillColor: '#c8161d', fillOpacity: 0.15 });
      layer.pm?.disable();
      this.draft = layer;
      this.drawing = false;
      this.handlers.onDrawn(geometry);
    });
  }

  setHandlers(h: GridMapHandlers): void {
    this.handlers = h;
  }

  /** Replaces all grids; `fit` zooms to them (or back to the default view when there are none). */
  setGrids(grids: Grid[], fit: boolean, fallback?: MapSettings): void {
    const editing = this.editing;
    this.stopEdit();
    this.polys.clearLayers();
    this.labels.clearLayers();
    this.entries.clear();
    // Dedicated grids lie inside basic ones: draw them last so they stay on top and clickable.
    const ordered = [...grids.filter((g) => g.kind !== 'dedicated'), ...grids.filter((g) => g.kind === 'dedicated')];
    for (const g of ordered) {
      if (!g.geometry) continue;
      const isSel = g.code === this.selected;
      const poly = L.polygon(geometryToLatLngs(g.geometry) as L.LatLngExpression[][], {
        ...gridStyle(g, isSel),
        className: `gz-grid-poly gz-grid-poly-${g.kind}`,
      });
      poly.on('click', () => {
        if (!this.drawing && !this.editing) this.handlers.onSelect(g.code);
      });
      poly.bindTooltip(`${g.number} · ${g.name}`, { sticky: true, direction: 'top', className: 'gz-grid-hover' });
      this.polys.addLayer(poly);
      let label: L.Marker | null = null;
      const at = labelPoint(g.geometry);
      if (at) {
        label = L.marker([at[1], at[0]], {
          icon: gridLabelIcon(g, isSel),
          pmIgnore: true,
          snapIgnore: true,
          keyboard: false,
          zIndexOffset: isSel ? 1000 : 0,
        });
        label.on('click', () => {
          if (!this.drawing && !this.editing) this.handlers.onSelect(g.code);
        });
        this.labels.addLayer(label);
      }
      this.entries.set(g.code, { grid: g, poly, label });
      (poly.getElement?.() as SVGElement | undefined)?.setAttribute('data-grid', g.code);
    }
    if (fit) this.fit(fallback);
    this.updateLabelVisibility();
    if (editing && this.entries.has(editing)) this.startEdit(editing);
  }

  fit(fallback?: MapSettings): void {
    const b = this.polys.getBounds();
    if (b.isValid()) this.map.fitBounds(b, { padding: [24, 24], maxZoom: 17, animate: false });
    else if (fallback) this.map.setView([fallback.center[1], fallback.center[0]], fallback.zoom, { animate: false });
  }

  select(code: string | null, pan = false): void {
    const prev = this.selected;
    this.selected = code;
    for (const c of [prev, code]) {
      if (!c) continue;
      const e = this.entries.get(c);
      if (!e) continue;
      const isSel = c === code;
      if (c !== this.editing) e.poly.setStyle(gridStyle(e.grid, isSel));
      if (isSel) {
        e.poly.bringToFront();
        // keep dedicated grids (inside basic ones) above a selected basic grid
        if (e.grid.kind !== 'dedicated') for (const o of this.entries.values()) if (o.grid.kind === 'dedicated') o.poly.bringToFront();
      }
      e.label?.setIcon(gridLabelIcon(e.grid, isSel));
      e.label?.setZIndexOffset(isSel ? 1000 : 0);
    }
    this.updateLabelVisibility();
    if (pan && code) {
      const e = this.entries.get(code);
      if (e) {
        const b = e.poly.getBounds();
        if (!this.map.getBounds().contains(b)) this.map.fitBounds(b, { padding: [60, 60], maxZoom: 17 });
      }
    }
  }

  /** Turns on vertex editing of one grid; false when it has no polygon on the map. */
  startEdit(code: string): boolean {
    this.stopDraw();
    if (this.editing && this.editing !== code) this.stopEdit();
    const e = this.entries.get(code);
    if (!e) return false;
    this.editing = code;
    e.poly.setStyle({ ...gridStyle(e.grid, true), dashArray: undefined, fillOpacity: 0.3 });
    e.poly.bringToFront();
    e.poly.pm.enable({ allowSelfIntersection: false, snappable: true, draggable: false });
    e.label?.setOpacity(0.25);
    const b = e.poly.getBounds();
    if (!this.map.getBounds().contains(b)) this.map.fitBounds(b, { padding: [60, 60], maxZoom: 18 });
    return true;
  }

  /** The edited boundary so far (null when nothing is being edited). */
  editedGeometry(): GridGeometry | null {
    if (!this.editing) return null;
    const e = this.entries.get(this.editing);
    return e ? layerToGeometry(e.poly) : null;
  }

  /** Ends editing and puts the grid's stored boundary back. */
  stopEdit(): void {
    const code = this.editing;
    this.editing = null;
    if (!code) return;
    const e = this.entries.get(code);
    if (!e) return;
    e.poly.pm.disable();
    if (e.grid.geometry) e.poly.setLatLngs(geometryToLatLngs(e.grid.geometry) as L.LatLngExpression[][]);
    e.poly.setStyle(gridStyle(e.grid, code === this.selected));
    e.label?.setOpacity(1);
  }

  startDraw(): void {
    this.stopEdit();
    this.clearDraft();
    this.drawing = true;
    this.map.pm.enableDraw('Polygon', {
      snappable: true,
      allowSelfIntersection: false,
      finishOn: null,
      tooltips: true,
      templineStyle: { color: '#c8161d' },
      hintlineStyle: { color: '#c8161d', dashArray: [5, 5] },
      pathOptions: { color: '#c8161d' },
    });
  }

  clearDraft(): void {
    this.draft?.remove();
    this.draft = null;
  }

  stopDraw(): void {
    if (!this.drawing) return;
    this.drawing = false;
    this.map.pm.disableDraw();
  }

  private updateLabelVisibility(): void {
    const z = this.map.getZoom();
    for (const e of this.entries.values()) {
      if (!e.label) continue;
      const b = e.poly.getBounds();
      const a = this.map.project(b.getNorthWest(), z);
      const c = this.map.project(b.getSouthEast(), z);
      const big = Math.abs(c.x - a.x) >= MIN_LABEL_PX.w && Math.abs(c.y - a.y) >= MIN_LABEL_PX.h;
      const show = big || e.grid.code === this.selected;
      const el = e.label.getElement();
      if (el) el.style.display = show ? '' : 'none';
    }
  }

  invalidateSize(): void {
    this.map.invalidateSize();
  }

  destroy(): void {
    this.clearDraft();
    this.stopDraw();
    this.stopEdit();
    this.map.remove();
  }
}
