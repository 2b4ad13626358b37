import { describe, expect, it } from 'vitest';
import { crsNamedInFile, toWgs84 } from '../../src/core/geo/crs.js';
import { areaM2, gapsBetween, normaliseGeometry, overlapM2, pointInGeometry, type AreaGeom, type PolygonGeom, type Ring } from '../../src/core/geo/polygon.js';
import { PolygonIndex } from '../../src/core/geo/spatial-index.js';

const sq = (x: number, y: number, s = 0.01): PolygonGeom => ({ type: 'Polygon', coordinates: [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]] });

describe('normaliseGeometry', () => {
  it.each([
    ['a valid square', sq(110.3, 19.9), null],
    ['a point', { type: 'Point', coordinates: [110, 20] }, 'geometry_type_unsupported'],
    ['no geometry', null, 'geometry_missing'],
    ['a polygon with 3 points', { type: 'Polygon', coordinates: [[[110.3, 19.9], [110.31, 19.9], [110.3, 19.9]]] }, 'ring_too_few_points'],
    ['a triangle (3 distinct points) is fine', { type: 'Polygon', coordinates: [[[110.3, 19.9], [110.31, 19.9], [110.3, 19.91], [110.3, 19.9]]] }, null],
    ['swapped lon/lat', { type: 'Polygon', coordinates: [[[19.9, 110.3], [19.91, 110.3], [19.91, 110.31], [19.9, 110.3]]] }, 'coordinate_outside_china'],
    ['projected metres', { type: 'Polygon', coordinates: [[[500000, 2200000], [500100, 2200000], [500100, 2200100], [500000, 2200000]]] }, 'coordinate_outside_china'],
    ['a string coordinate', { type: 'Polygon', coordinates: [[[110.3, '19.9'], [110.31, 19.9], [110.31, 19.91], [110.3, 19.9]]] }, 'coordinate_invalid'],
    ['a bow-tie', { type: 'Polygon', coordinates: [[[110.3, 19.9], [110.31, 19.91], [110.31, 19.9], [110.3, 19.91], [110.3, 19.9]]] }, 'ring_self_intersects'],
    ['empty coordinates', { type: 'Polygon', coordinates: [] }, 'geometry_empty'],
  ])('%s', (_, g, problem) => {
    const r = normaliseGeometry(g, 'wgs84');
    if (problem === null) expect('geometry' in r).toBe(true);
    else expect('problems' in r && r.problems[0].code).toBe(problem);
  });

  it('closes an open ring and says so', () => {
    const r = normaliseGeometry({ type: 'Polygon', coordinates: [[[110.3, 19.9], [110.31, 19.9], [110.31, 19.91], [110.3, 19.91]]] }, 'wgs84');
    expect('geometry' in r && r.geometry.coordinates[0]).toHaveLength(5);
    expect('warnings' in r && r.warnings[0].code).toBe('ring_closed_for_you');
  });

  it('converts GCJ-02 and BD-09 to WGS-84 (offsets of a few hundred metres)', () => {
    const [lon, lat] = toWgs84(110.35, 19.98, 'gcj02');
    expect(lon).toBeCloseTo(110.3456, 3);
    expect(lat).toBeCloseTo(19.98198, 3);
    const [blon] = toWgs84(110.35, 19.98, 'bd09');
    expect(blon).toBeLessThan(lon);
    const r = normaliseGeometry(sq(110.35, 19.98), 'gcj02');
    expect('geometry' in r && (r.geometry.coordinates[0][0] as number[])[0]).toBeCloseTo(110.3456, 3);
  });
});

describe('crsNamedInFile', () => {
  it.each([
    [{ crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } } }, 'wgs84'],
    [{ crs: { type: 'name', properties: { name: 'EPSG:4490' } } }, 'wgs84'],
    [{ coordinateSystem: 'GCJ-02' }, 'gcj02'],
    [{ coordinateSystem: '百度 BD09' }, 'bd09'],
    [{}, null],
  ])('%j → %s', (doc, crs) => expect(crsNamedInFile(doc)).toBe(crs));
});

describe('measures', () => {
  it('area of a 0.01° square near Haikou is about 1.2 km²', () => {
    expect(areaM2(sq(110.3, 19.9)) / 1e6).toBeCloseTo(1.16, 1);
  });
  it('overlap: shared edge is zero, a quarter overlap is a quarter', () => {
    expect(overlapM2(sq(110.3, 19.9), sq(110.31, 19.9))).toBeLessThan(1);
    expect(overlapM2(sq(110.3, 19.9), sq(110.305, 19.905)) / areaM2(sq(110.3, 19.9))).toBeCloseTo(0.25, 2);
  });
  it('gaps: a ring of 8 squares around an empty middle has one gap; touching squares none', () => {
    const ring = [];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) if (i !== 1 || j !== 1) ring.push(sq(110.3 + i * 0.01, 19.9 + j * 0.01));
    const gaps = gapsBetween(ring);
    expect(gaps).toHaveLength(1);
    expect(gaps[0].center[0]).toBeCloseTo(110.315, 3);
    expect(gapsBetween([sq(110.3, 19.9), sq(110.31, 19.9)])).toEqual([]);
  });
  it('point in polygon respects holes', () => {
    const donut: AreaGeom = { type: 'Polygon', coordinates: [sq(110.3, 19.9, 0.03).coordinates[0] as Ring, sq(110.31, 19.91).coordinates[0] as Ring] };
    expect(pointInGeometry(110.305, 19.905, donut)).toBe(true);
    expect(pointInGeometry(110.315, 19.915, donut)).toBe(false);
    expect(pointInGeometry(110.4, 19.9, donut)).toBe(false);
  });
  it('the polygon index answers like a scan', () => {
    const items = [];
    for (let i = 0; i < 30; i++) for (let j = 0; j < 30; j++) items.push({ g: sq(110 + i * 0.01, 19 + j * 0.01), id: `${i},${j}` });
    const index = new PolygonIndex(items.map((x) => ({ bbox: [x.g.coordinates[0][0][0], x.g.coordinates[0][0][1], x.g.coordinates[0][2][0], x.g.coordinates[0][2][1]] as [number, number, number, number], geometry: x.g, item: x.id })));
    for (const [lon, lat] of [[110.0051, 19.0052], [110.2951, 19.1049], [111, 20]]) {
      expect(index.containing(lon, lat)).toEqual(items.filter((x) => pointInGeometry(lon, lat, x.g)).map((x) => x.id));
    }
  });
});
