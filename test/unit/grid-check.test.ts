import { describe, expect, it } from 'vitest';
import type { AreaGeom } from '../../src/core/geo/polygon.js';
import { assignNumbers, checkFeatureCollection, parseKind, type Community, type ExistingGrid } from '../../src/modules/grids/check.js';
import { layoutGrids } from '../../src/modules/grids/demo.js';

const C: Community = { code: '460107002001', name: '府城社区', path: '/46/4601/460107/460107002/460107002001/' };
const communities = new Map([[C.code, C], ['460107002002', { code: '460107002002', name: '北官社区', path: '/46/4601/460107/460107002/460107002002/' }]]);
const sq = (x: number, y: number, s = 0.004): AreaGeom => ({ type: 'Polygon', coordinates: [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]] });
const feat = (props: Record<string, unknown>, geometry: unknown) => ({ type: 'Feature', properties: props, geometry });
const fc = (...features: unknown[]) => ({ type: 'FeatureCollection', features });
const check = (doc: unknown, existing: ExistingGrid[] = [], community: Community | null = C) => checkFeatureCollection(doc, { crs: 'wgs84', regionIsCommunity: community, communities, existing });

describe('parseKind', () => {
  it.each([[undefined, 'basic'], ['基础网格', 'basic'], ['专属', 'dedicated'], ['Dedicated', 'dedicated'], ['学校', null]])('%s → %s', (v, k) => expect(parseKind(v)).toBe(k));
});

describe('checkFeatureCollection', () => {
  it('accepts a clean file and plans each grid', () => {
    const r = check(fc(feat({ number: 1, name: 'A' }, sq(110.35, 19.98)), feat({ name: 'B' }, sq(110.354, 19.98))));
    expect(r.errors).toEqual([]);
    expect(r.plans.map((p) => [p.code, p.name])).toEqual([['460107002001001', 'A'], [null, 'B']]);
  });

  it.each([
    ['not a FeatureCollection', { type: 'Feature' }, null, 'geojson_invalid'],
    ['no features', fc(), null, 'geojson_empty'],
    ['a code of another community', fc(feat({ code: '460107002002001' }, sq(110.35, 19.98))), 0, 'grid_code_invalid'],
    ['a number out of range', fc(feat({ number: 1000 }, sq(110.35, 19.98))), 0, 'grid_code_invalid'],
    ['a bad kind', fc(feat({ kind: 'school' }, sq(110.35, 19.98))), 0, 'grid_kind_invalid'],
    ['the same grid twice', fc(feat({ number: 3 }, sq(110.35, 19.98)), feat({ number: 3 }, sq(110.36, 19.98))), 1, 'grid_duplicate_in_file'],
    ['a 3-point polygon', fc(feat({}, { type: 'Polygon', coordinates: [[[110.35, 19.98], [110.36, 19.98], [110.35, 19.98]]] })), 0, 'ring_too_few_points'],
  ])('%s → %s at feature %s', (_, doc, feature, code) => {
    const r = check(doc);
    expect(r.errors[0]).toMatchObject({ feature, code });
  });

  it('needs a community when importing above community level', () => {
    const r = check(fc(feat({ number: 1 }, sq(110.35, 19.98))), [], null);
    expect(r.errors[0].code).toBe('grid_community_missing');
    const ok = check(fc(feat({ community: '460107002002', number: 1 }, sq(110.35, 19.98))), [], null);
    expect(ok.errors).toEqual([]);
    expect(check(fc(feat({ community: '460107001001' }, sq(110.35, 19.98))), [], null).errors[0].code).toBe('grid_community_invalid');
  });

  it('reports basic grids that overlap each other, in the file or with stored grids, with the area', () => {
    const r = check(fc(feat({ number: 1, name: 'A' }, sq(110.35, 19.98)), feat({ number: 2, name: 'B' }, sq(110.352, 19.98))));
    expect(r.overlaps).toEqual([{ a: '460107002001001', b: '460107002001002', aName: 'A', bName: 'B', areaM2: expect.any(Number) }]);
    expect(r.overlaps[0].areaM2).toBeGreaterThan(40000);
    expect(r.errors[0]).toMatchObject({ feature: 1, code: 'grid_overlap', params: { other: '460107002001001' } });
    const stored: ExistingGrid = { code: '460107002001005', number: 5, name: 'E', kind: 'basic', communityCode: C.code, geometry: sq(110.35, 19.98), version: 1 };
    expect(check(fc(feat({}, sq(110.351, 19.981))), [stored]).errors[0]).toMatchObject({ feature: 0, code: 'grid_overlap', params: { other: '460107002001005' } });
  });

  it('lets a dedicated grid lie inside a basic one, but no basic grid overlap another, even across communities', () => {
    expect(check(fc(feat({ number: 1 }, sq(110.35, 19.98)), feat({ number: 2, kind: 'dedicated', unitKind: 'school' }, sq(110.351, 19.981, 0.001)))).errors).toEqual([]);
    const other: ExistingGrid = { code: '460107002002001', number: 1, name: 'X', kind: 'basic', communityCode: '460107002002', geometry: sq(110.35, 19.98), version: 1 };
    expect(check(fc(feat({ number: 1 }, sq(110.35, 19.98))), [other]).errors[0]).toMatchObject({ code: 'grid_overlap', params: { other: '460107002002001' } });
    expect(check(fc(feat({ number: 1 }, sq(110.354, 19.98))), [other]).errors).toEqual([]);
  });

  it('replacing a stored grid by its code is not an overlap with itself', () => {
    const stored: ExistingGrid = { code: '460107002001001', number: 1, name: 'A', kind: 'basic', communityCode: C.code, geometry: sq(110.35, 19.98), version: 4 };
    const r = check(fc(feat({ number: 1 }, sq(110.3505, 19.98))), [stored]);
    expect(r.errors).toEqual([]);
    expect(r.plans[0].existingVersion).toBe(4);
  });

  it('warns about a grid far from the others and about gaps', () => {
    const far = check(fc(feat({ number: 1 }, sq(110.35, 19.98)), feat({ number: 2 }, sq(110.45, 19.98))));
    expect(far.warnings.find((w) => w.code === 'grid_far_from_community')).toMatchObject({ params: { km: expect.any(Number) } });
    const cells = [];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) if (i !== 1 || j !== 1) cells.push(feat({}, sq(110.35 + i * 0.004, 19.98 + j * 0.004)));
    const r = check(fc(...cells));
    expect(r.errors).toEqual([]);
    expect(r.gaps).toHaveLength(1);
    expect(r.warnings.some((w) => w.code === 'grid_gap')).toBe(true);
  });
});

describe('assignNumbers', () => {
  it('numbers west → east, then north → south, after the numbers in use', () => {
    const r = check(fc(
      feat({ name: 'SW' }, sq(110.35, 19.98)), feat({ name: 'NE' }, sq(110.354, 19.984)),
      feat({ name: 'NW' }, sq(110.35, 19.984)), feat({ name: 'SE' }, sq(110.354, 19.98)),
    ));
    assignNumbers(r.plans, new Map([[C.code, new Set([1, 3])]]));
    expect(Object.fromEntries(r.plans.map((p) => [p.name, p.number]))).toEqual({ NW: 2, NE: 4, SW: 5, SE: 6 });
  });
});

describe('the demo layout', () => {
  it('tiles each community with non-overlapping basic grids, no gaps, and places dedicated grids inside', () => {
    const comms = Array.from({ length: 12 }, (_, i) => ({ code: `1501020010${String(i + 10)}`, name: `社区${i}`, streetCode: i < 6 ? '150102001' : '150102002', path: `/x/${i}/` }));
    const grids = layoutGrids(comms, { center: [111.7, 40.85], basic: 100, dedicated: 17 });
    expect(grids.filter((g) => g.kind === 'basic')).toHaveLength(100);
    expect(grids.filter((g) => g.kind === 'dedicated')).toHaveLength(17);
    const map = new Map(comms.map((c) => [c.code, { code: c.code, name: c.name, path: c.path }]));
    for (const c of comms) {
      const mine = grids.filter((g) => g.communityCode === c.code);
      const r = checkFeatureCollection(fc(...mine.map((g) => feat({ code: g.code, kind: g.kind, unitKind: g.unitKind ?? undefined }, g.geometry))), { crs: 'wgs84', regionIsCommunity: map.get(c.code)!, communities: map, existing: [] });
      expect(r.errors).toEqual([]);
      expect(r.gaps).toEqual([]);
    }
  });
});
