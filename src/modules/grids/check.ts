/**
 * Checking grid boundaries before anything is written: per feature (geometry, community,
 * code, kind), then per community (basic grids overlapping each other, a grid far from
 * the others, gaps between basic grids). Pure: the caller supplies what exists.
 */
import type { Crs } from '../../core/geo/crs.js';
import {
  areaM2, bboxesIntersect, bboxOf, distanceOutsideBox, gapsBetween, labelPoint, normaliseGeometry, overlapM2, OVERLAP_TOLERANCE_M2,
  type AreaGeom, type BBox, type Position,
} from '../../core/geo/polygon.js';

export type Kind = 'basic' | 'dedicated';
export const UNIT_KINDS = ['school', 'hospital', 'market', 'company', 'other'] as const;

/** A problem located in the input: the feature's index (0-based) when there is one. */
export interface Issue { feature: number | null; name?: string; grid?: string; code: string; params?: Record<string, string | number>; }

export interface ExistingGrid { code: string; number: number; name: string; kind: Kind; communityCode: string; geometry: AreaGeom | null; version: number; }
export interface Community { code: string; name: string; path: string; }

export interface PlannedGrid {
  feature: number | null;
  code: string | null; // null: number to be assigned
  number: number | null;
  communityCode: string;
  name: string | null;
  kind: Kind;
  unitKind: string | null;
  geometry: AreaGeom;
  bbox: BBox;
  areaM2: number;
  existingVersion: number | null;
}

export interface CheckResult { plans: PlannedGrid[]; errors: Issue[]; warnings: Issue[]; overlaps: { a: string; b: string; aName: string; bName: string; areaM2: number }[]; gaps: { communityCode: string; areaM2: number; center: Position }[]; }

/** Far means the grid's centre is this far (m) outside the box of its community's other grids. */
export const FAR_FROM_COMMUNITY_M = 2000;
export const MAX_FEATURES = 2000;

const KIND_WORDS: Record<string, Kind> = { basic: 'basic', '基础网格': 'basic', '基础': 'basic', dedicated: 'dedicated', '专属网格': 'dedicated', '专属': 'dedicated' };

export function parseKind(v: unknown): Kind | null {
  if (v === undefined || v === null || v === '') return 'basic';
  return KIND_WORDS[String(v).trim().toLowerCase()] ?? null;
}

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v).trim());

/**
 * Check a FeatureCollection for import into `region` (a community, or a street/district
 * whose features name their community). `existing`: the grids now stored in the
 * communities concerned.
 */
export function checkFeatureCollection(doc: unknown, opts: { crs: Crs; regionIsCommunity: Community | null; communities: Map<string, Community>; existing: ExistingGrid[] }): CheckResult {
  const result: CheckResult = { plans: [], errors: [], warnings: [], overlaps: [], gaps: [] };
  const fc = doc as { type?: unknown; features?: unknown };
  if (!fc || typeof fc !== 'object' || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    result.errors.push({ feature: null, code: 'geojson_invalid' });
    return result;
  }
  if (!fc.features.length) { result.errors.push({ feature: null, code: 'geojson_empty' }); return result; }
  if (fc.features.length > MAX_FEATURES) { result.errors.push({ feature: null, code: 'geojson_too_many', params: { max: MAX_FEATURES } }); return result; }

  const existingByCode = new Map(opts.existing.map((g) => [g.code, g]));
  const seen = new Map<string, number>();
  fc.features.forEach((f: any, i: number) => {
    const props = (f && typeof f === 'object' && f.properties && typeof f.properties === 'object' ? f.properties : {}) as Record<string, unknown>;
    const name = str(props.name ?? props['名称'] ?? props['网格名称']) || null;
    const issue = (code: string, params?: Issue['params']) => result.errors.push({ feature: i, name: name ?? undefined, code, params });
    // community
    const givenCode = str(props.code ?? props['编码'] ?? props['网格编码']);
    let communityCode = str(props.community ?? props.communityCode ?? props['社区代码']) || opts.regionIsCommunity?.code || (givenCode.length === 15 ? givenCode.slice(0, 12) : '');
    if (!communityCode) return issue('grid_community_missing');
    const community = opts.communities.get(communityCode);
    if (!community) return issue('grid_community_invalid', { code: communityCode });
    // code or number
    let number: number | null = null;
    let code: string | null = null;
    if (givenCode) {
      if (!/^\d{15}$/.test(givenCode) || givenCode.slice(0, 12) !== communityCode) return issue('grid_code_invalid', { code: givenCode });
      code = givenCode;
      number = Number(givenCode.slice(12));
    } else if (str(props.number ?? props['编号'] ?? props['序号'])) {
      const n = Number(str(props.number ?? props['编号'] ?? props['序号']));
      if (!Number.isInteger(n) || n < 1 || n > 999) return issue('grid_code_invalid', { code: str(props.number ?? props['编号'] ?? props['序号']) });
      number = n;
      code = communityCode + String(n).padStart(3, '0');
    }
    if (number !== null && number < 1) return issue('grid_code_invalid', { code: String(code) });
    if (code) {
      if (seen.has(code)) return issue('grid_duplicate_in_file', { code });
      seen.set(code, i);
    }
    const kind = parseKind(props.kind ?? props['类型'] ?? props['网格类型']);
    if (!kind) return issue('grid_kind_invalid', { kind: str(props.kind ?? props['类型'] ?? props['网格类型']) });
    const unitKindRaw = str(props.unitKind ?? props['单位类型']);
    const unitKind = kind === 'dedicated' ? (unitKindRaw || 'other') : null;
    if (unitKind && !(UNIT_KINDS as readonly string[]).includes(unitKind)) return issue('grid_unit_kind_invalid', { unitKind });
    const geom = normaliseGeometry(f?.geometry, opts.crs);
    if ('problems' in geom) {
      for (const p of geom.problems) issue(p.code, p.params);
      return;
    }
    for (const w of geom.warnings) result.warnings.push({ feature: i, name: name ?? undefined, code: w.code, params: w.params });
    const existing = code ? existingByCode.get(code) : undefined;
    result.plans.push({
      feature: i, code, number, communityCode, name, kind, unitKind, geometry: geom.geometry, bbox: bboxOf(geom.geometry),
      areaM2: areaM2(geom.geometry), existingVersion: existing?.version ?? null,
    });
  });

  checkTogether(result, opts.existing);
  return result;
}

/** Overlaps (across communities), far-away grids and gaps (per community), over the grids as they would be after the change. */
export function checkTogether(result: CheckResult, existing: ExistingGrid[]): void {
  const planned = new Set(result.plans.map((p) => p.code).filter(Boolean));
  type Entry = { code: string; name: string; kind: Kind; geometry: AreaGeom; bbox: BBox; plan: PlannedGrid | null };
  const byCommunity = new Map<string, Entry[]>();
  const add = (community: string, e: Entry) => byCommunity.set(community, [...(byCommunity.get(community) ?? []), e]);
  for (const g of existing) {
    if (planned.has(g.code) || !g.geometry) continue;
    add(g.communityCode, { code: g.code, name: g.name, kind: g.kind, geometry: g.geometry, bbox: bboxOf(g.geometry), plan: null });
  }
  result.plans.forEach((p, i) => add(p.communityCode, { code: p.code ?? `#${(p.feature ?? i) + 1}`, name: p.name ?? '', kind: p.kind, geometry: p.geometry, bbox: p.bbox, plan: p }));

  // Every household belongs to exactly one basic grid, so no two basic grids may overlap —
  // in one community or across a community boundary.
  const allBasics = [...byCommunity.values()].flat().filter((e) => e.kind === 'basic');
  const planned_ = allBasics.filter((e) => e.plan);
  for (const b of planned_) {
    for (const a of allBasics) {
      if (a === b || (a.plan && allBasics.indexOf(a) > allBasics.indexOf(b))) continue; // each planned pair once
      if (!bboxesIntersect(a.bbox, b.bbox)) continue;
      const shared = overlapM2(a.geometry, b.geometry);
      if (shared < OVERLAP_TOLERANCE_M2) continue;
      const m2 = Math.round(shared);
      const [first, second] = a.plan && (a.plan.feature ?? 0) > (b.plan!.feature ?? 0) ? [b, a] : [a, b];
      result.overlaps.push({ a: first.code, b: second.code, aName: first.name, bName: second.name, areaM2: m2 });
      const blame = second.plan ?? first.plan!;
      const other = blame === second.plan ? first : second;
      result.errors.push({ feature: blame.feature, name: blame.name ?? undefined, grid: blame.code ?? undefined, code: 'grid_overlap', params: { other: other.code, otherName: other.name, areaM2: m2 } });
    }
  }
  for (const [community, entries] of byCommunity) {
    const basics = entries.filter((e) => e.kind === 'basic');
    if (!entries.some((e) => e.plan)) continue; // a neighbouring community, loaded only for overlaps
    for (const e of entries.filter((x) => x.plan)) {
      const others = basics.filter((o) => o !== e);
      if (!others.length) continue;
      const box: BBox = [Math.min(...others.map((o) => o.bbox[0])), Math.min(...others.map((o) => o.bbox[1])), Math.max(...others.map((o) => o.bbox[2])), Math.max(...others.map((o) => o.bbox[3]))];
      const away = distanceOutsideBox(labelPoint(e.geometry), box);
      if (away > FAR_FROM_COMMUNITY_M) result.warnings.push({ feature: e.plan!.feature, name: e.name || undefined, grid: e.plan!.code ?? undefined, code: 'grid_far_from_community', params: { km: Math.round(away / 100) / 10 } });
    }
    if (entries.some((e) => e.plan && e.kind === 'basic')) {
      for (const gap of gapsBetween(basics.map((b) => b.geometry))) {
        result.gaps.push({ communityCode: community, ...gap });
        result.warnings.push({ feature: null, code: 'grid_gap', params: { community, areaM2: gap.areaM2, lon: gap.center[0], lat: gap.center[1] } });
      }
    }
  }
}

/**
 * Numbers for grids that came without one: the next free numbers of their community, in
 * reading order of their centres — north to south in rows, west to east within a row.
 */
export function assignNumbers(plans: PlannedGrid[], used: Map<string, Set<number>>): void {
  const todo = plans.filter((p) => p.number === null);
  const byCommunity = new Map<string, PlannedGrid[]>();
  for (const p of todo) byCommunity.set(p.communityCode, [...(byCommunity.get(p.communityCode) ?? []), p]);
  for (const [community, list] of byCommunity) {
    const heights = list.map((p) => p.bbox[3] - p.bbox[1]).sort((a, b) => a - b);
    const band = heights[Math.floor(heights.length / 2)] || 1e-3;
    const top = Math.max(...list.map((p) => labelPoint(p.geometry)[1]));
    list.sort((a, b) => {
      const [ax, ay] = labelPoint(a.geometry), [bx, by] = labelPoint(b.geometry);
      const ra = Math.floor((top - ay) / band + 0.5), rb = Math.floor((top - by) / band + 0.5);
      return ra - rb || ax - bx;
    });
    const taken = used.get(community) ?? new Set<number>();
    for (const p of plans) if (p.communityCode === community && p.number !== null) taken.add(p.number);
    let n = 1;
    for (const p of list) {
      while (taken.has(n)) n++;
      if (n > 999) throw Object.assign(new Error('grid_number_exhausted'), { community });
      p.number = n;
      p.code = community + String(n).padStart(3, '0');
      taken.add(n);
    }
    used.set(community, taken);
  }
}
