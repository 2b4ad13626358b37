/**
 * Which grid, community and street contain a point: an in-process index over every grid
 * polygon, rebuilt lazily after any grid changes — in this process at once, in other
 * processes through PostgreSQL NOTIFY on the channel below.
 */
import pg from 'pg';
import type { Db } from '../../core/db/pool.js';
import { BoxIndex, PolygonIndex } from '../../core/geo/spatial-index.js';
import { gapsBetween, type AreaGeom, type BBox, type Position } from '../../core/geo/polygon.js';

export const GRID_CHANNEL = 'gongzhi_grids';

interface GridRef { code: string; name: string; kind: 'basic' | 'dedicated'; communityCode: string; }
interface Named { code: string; name: string; }
interface State {
  grids: PolygonIndex<GridRef>;
  communities: BoxIndex<Named & { streetCode: string | null; center: [number, number] }>;
  streets: BoxIndex<Named & { center: [number, number] }>;
  communityByCode: Map<string, Named & { streetCode: string | null }>;
  streetByCode: Map<string, Named>;
  /** Basic grid polygons per community, and the gaps between them once computed. */
  basics: Map<string, { path: string; geometries: AreaGeom[] }>;
  gaps: Map<string, { areaM2: number; center: Position }[]>;
}

export interface Located { grid: { code: string; name: string; kind: string } | null; community: Named | null; street: Named | null; }

const grow = (a: BBox | undefined, b: BBox): BBox => (a ? [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])] : [...b] as BBox);
const centre = (b: BBox): [number, number] => [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2];
const near = (p: [number, number]) => (x: { center: [number, number] }) => (x.center[0] - p[0]) ** 2 + (x.center[1] - p[1]) ** 2;

export class GridLocator {
  private state: State | null = null;
  private loading: Promise<State> | null = null;
  private generation = 0;
  private listener: pg.Client | null = null;
  private listening: Promise<void> | null = null;

  constructor(private db: Db) {
    db.onClose(() => this.stop());
  }

  invalidate(): void {
    this.generation++;
    this.state = null;
  }

  private listen(): Promise<void> {
    this.listening ??= (async () => {
      try {
        const client = new pg.Client(this.db.pool.options as pg.ClientConfig);
        client.on('error', () => { this.listener = null; this.listening = null; this.invalidate(); });
        client.on('notification', () => this.invalidate());
        await client.connect();
        await client.query(`LISTEN ${GRID_CHANNEL}`);
        this.listener = client;
      } catch {
        this.listening = null; // try again on the next lookup
      }
    })();
    return this.listening;
  }

  async stop(): Promise<void> {
    const l = this.listener;
    this.listener = null;
    if (l) await l.end().catch(() => {});
  }

  async ready(): Promise<State> {
    await this.listen();
    if (this.state) return this.state;
    if (!this.loading) {
      const gen = this.generation;
      this.loading = this.load().then((s) => {
        this.loading = null;
        if (gen === this.generation) this.state = s;
        return s;
      }, (e) => { this.loading = null; throw e; });
    }
    return this.loading;
  }

  private async load(): Promise<State> {
    const { rows } = await this.db.query(
      `SELECT g.code, g.name, g.kind, g.community_code, c.path AS community_path, g.geometry, g.min_lon, g.min_lat, g.max_lon, g.max_lat,
              c.name AS community_name, c.parent_code AS street_code, s.name AS street_name
         FROM grid g JOIN region c ON c.code = g.community_code LEFT JOIN region s ON s.code = c.parent_code
        WHERE g.geometry IS NOT NULL`,
    );
    const communityBox = new Map<string, BBox>();
    const streetBox = new Map<string, BBox>();
    const communityByCode = new Map<string, Named & { streetCode: string | null }>();
    const streetByCode = new Map<string, Named>();
    const basics = new Map<string, { path: string; geometries: AreaGeom[] }>();
    const entries = rows.map((r) => {
      const bbox: BBox = [r.min_lon, r.min_lat, r.max_lon, r.max_lat];
      communityBox.set(r.community_code, grow(communityBox.get(r.community_code), bbox));
      communityByCode.set(r.community_code, { code: r.community_code, name: r.community_name, streetCode: r.street_code });
      if (r.kind === 'basic') {
        const b = basics.get(r.community_code) ?? { path: r.community_path as string, geometries: [] as AreaGeom[] };
        b.geometries.push(r.geometry);
        basics.set(r.community_code, b);
      }
      if (r.street_code) {
        streetBox.set(r.street_code, grow(streetBox.get(r.street_code), bbox));
        streetByCode.set(r.street_code, { code: r.street_code, name: r.street_name });
      }
      return { bbox, geometry: r.geometry as AreaGeom, item: { code: r.code, name: r.name, kind: r.kind, communityCode: r.community_code } as GridRef };
    });
    return {
      grids: new PolygonIndex(entries),
      communities: new BoxIndex([...communityBox].map(([code, bbox]) => ({ bbox, item: { ...communityByCode.get(code)!, center: centre(bbox) } }))),
      streets: new BoxIndex([...streetBox].map(([code, bbox]) => ({ bbox, item: { ...streetByCode.get(code)!, center: centre(bbox) } }))),
      communityByCode, streetByCode, basics, gaps: new Map(),
    };
  }

  /** Sync lookup on a loaded state (for benchmarks); use locate() otherwise. */
  static lookup(s: State, lon: number, lat: number): Located {
    const hits = s.grids.containing(lon, lat);
    // a dedicated grid (a school, a hospital) lies inside basic grids and is the more specific answer
    const grid = hits.find((h) => h.kind === 'dedicated') ?? hits[0] ?? null;
    if (grid) {
      const c = s.communityByCode.get(grid.communityCode)!;
      return { grid: { code: grid.code, name: grid.name, kind: grid.kind }, community: { code: c.code, name: c.name }, street: c.streetCode ? s.streetByCode.get(c.streetCode) ?? null : null };
    }
    // no grid: the community (and street) whose grids' extent holds the point, nearest centre first
    const p: [number, number] = [lon, lat];
    const community = s.communities.containing(lon, lat).sort((a, b) => near(p)(a) - near(p)(b))[0];
    if (community) return { grid: null, community: { code: community.code, name: community.name }, street: community.streetCode ? s.streetByCode.get(community.streetCode) ?? null : null };
    const street = s.streets.containing(lon, lat).sort((a, b) => near(p)(a) - near(p)(b))[0];
    return { grid: null, community: null, street: street ? { code: street.code, name: street.name } : null };
  }

  /** Coverage gaps between the basic grids of every community under a region path. */
  async gapsUnder(path: string): Promise<{ communityCode: string; areaM2: number; center: Position }[]> {
    const s = await this.ready();
    const out: { communityCode: string; areaM2: number; center: Position }[] = [];
    for (const [code, b] of s.basics) {
      if (!b.path.startsWith(path)) continue;
      let gaps = s.gaps.get(code);
      if (!gaps) { gaps = gapsBetween(b.geometries); s.gaps.set(code, gaps); }
      for (const g of gaps) out.push({ communityCode: code, ...g });
    }
    return out;
  }

  async locate(lon: number, lat: number): Promise<Located> {
    return GridLocator.lookup(await this.ready(), lon, lat);
  }
}

const locators = new WeakMap<Db, GridLocator>();

export function locatorFor(db: Db): GridLocator {
  let l = locators.get(db);
  if (!l) { l = new GridLocator(db); locators.set(db, l); }
  return l;
}
