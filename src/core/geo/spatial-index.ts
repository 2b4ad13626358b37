/**
 * Point → area lookups in process: a Flatbush R-tree over bounding boxes, then an exact
 * point-in-polygon test on the few candidates.
 */
import Flatbush from 'flatbush';
import { pointInGeometry, type AreaGeom, type BBox } from './polygon.js';

export interface Indexed<T> { bbox: BBox; geometry: AreaGeom; item: T; }

export class PolygonIndex<T> {
  private tree: Flatbush | null;
  constructor(private entries: Indexed<T>[]) {
    if (!entries.length) { this.tree = null; return; }
    this.tree = new Flatbush(entries.length);
    for (const e of entries) this.tree.add(e.bbox[0], e.bbox[1], e.bbox[2], e.bbox[3]);
    this.tree.finish();
  }
  get size() { return this.entries.length; }
  /** Every entry whose polygon contains the point. */
  containing(lon: number, lat: number): T[] {
    if (!this.tree) return [];
    const out: T[] = [];
    for (const i of this.tree.search(lon, lat, lon, lat)) {
      const e = this.entries[i];
      if (pointInGeometry(lon, lat, e.geometry)) out.push(e.item);
    }
    return out;
  }
}

/** Boxes only (no polygon): which extents contain a point. */
export class BoxIndex<T> {
  private tree: Flatbush | null;
  constructor(private entries: { bbox: BBox; item: T }[]) {
    if (!entries.length) { this.tree = null; return; }
    this.tree = new Flatbush(entries.length);
    for (const e of entries) this.tree.add(e.bbox[0], e.bbox[1], e.bbox[2], e.bbox[3]);
    this.tree.finish();
  }
  containing(lon: number, lat: number): T[] {
    return this.tree ? this.tree.search(lon, lat, lon, lat).map((i) => this.entries[i].item) : [];
  }
}
