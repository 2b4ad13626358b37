import { Type } from '@sinclair/typebox';
import { CRS_LIST } from '../../core/geo/crs.js';
import { UNIT_KINDS } from './check.js';
import { Literals, named, Nullable, ref } from '../../core/http/schemas.js';

export const GridCode = Type.String({ pattern: '^[0-9]{15}$', description: 'Community code (12 digits) + 3-digit grid number', examples: ['460107002001001'] });
export const Crs = Literals(CRS_LIST, { description: 'Coordinate system of the input: wgs84 (also CGCS2000), gcj02 (高德/腾讯), bd09 (百度)' });
export const Kind = Literals(['basic', 'dedicated']);
export const UnitKind = Literals(UNIT_KINDS);
export const Employment = Literals(['full_time', 'part_time']);
/** A grid's boundary as stored (WGS-84 [lon, lat] positions; check.ts normalises every input to one of the two). */
const Position = Type.Array(Type.Number(), { description: '[lon, lat]' });
export const GridGeometry = named('GridGeometry', Type.Union([
  Type.Object({ type: Type.Literal('Polygon'), coordinates: Type.Array(Type.Array(Position)) }),
  Type.Object({ type: Type.Literal('MultiPolygon'), coordinates: Type.Array(Type.Array(Type.Array(Position))) }),
], { description: 'GeoJSON Polygon or MultiPolygon, WGS-84' }));
const Staff = { staffId: Type.Integer(), name: Type.String(), username: Type.Union([Type.String(), Type.Null()]), since: Type.String({ format: 'date' }), workPhone: Type.Union([Type.String(), Type.Null()], { description: 'work number printed on the contact card' }), hasPhoto: Type.Boolean({ description: 'a photo for the contact card is set' }) };
export const Grid = named('Grid', Type.Object({
  code: Type.String(), number: Type.Integer(), name: Type.String(), kind: Kind, unitKind: Nullable(UnitKind),
  communityCode: Type.String(), communityName: Type.String(), streetCode: Type.String(), streetName: Type.String(),
  workers: Type.Array(Type.Object({ ...Staff, employment: Employment })),
  leader: Type.Union([Type.Object(Staff), Type.Null()]),
  administrators: Type.Array(Type.Object(Staff)),
  geometry: Nullable(ref(GridGeometry)),
  bbox: Type.Union([Type.Array(Type.Number(), { minItems: 4, maxItems: 4 }), Type.Null()]),
  areaM2: Type.Union([Type.Number(), Type.Null()]),
  version: Type.Integer(),
}));
export const IssueOut = named('GridIssue', Type.Object({
  feature: Type.Union([Type.Integer(), Type.Null()], { description: '0-based index of the feature in the file' }),
  name: Type.Optional(Type.String()), grid: Type.Optional(Type.String()), code: Type.String(), message: Type.String(),
  params: Type.Optional(Type.Record(Type.String(), Type.Any())),
}));
/** Any GeoJSON geometry object; checked in code so each problem gets a precise message. */
export const GeometryIn = Type.Object({ type: Type.String(), coordinates: Type.Any() }, { description: 'GeoJSON Polygon or MultiPolygon' });

const CoverageFigures = {
  basic: Type.Object({ total: Type.Integer(), withFullTimeWorker: Type.Integer(), withoutWorker: Type.Integer(), householdsBelow: Type.Integer(), householdsAbove: Type.Integer() }),
  dedicated: Type.Object({ total: Type.Integer(), staffed: Type.Integer() }),
  complete: Type.Boolean({ description: 'every basic grid has exactly one full-time worker and every dedicated grid is staffed' }),
};
/** The staffing view (一格一专职) of a region and of each child region (coverage.ts). */
export const GridCoverage = named('GridCoverage', Type.Object({
  region: Type.Object({ code: Type.String(), name: Type.String(), level: Type.String() }),
  householdAdvice: Type.Object({ min: Type.Integer(), max: Type.Integer() }, { description: 'advised households per basic grid (setting grids.householdsPerBasicGrid)' }),
  ...CoverageFigures,
  workersWithSeveralGrids: Type.Integer(),
  rows: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), level: Type.String(), ...CoverageFigures })),
  gaps: Type.Integer({ description: 'coverage gaps between the basic grids of its communities' }),
}));
