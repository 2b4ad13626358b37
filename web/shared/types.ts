/** Types mirroring the Gongzhi HTTP API contract (see the backend's OpenAPI). */
import type { ApiResult, ApiSchema } from './apiTypes';

export type RegionLevel = 'province' | 'city' | 'district' | 'street' | 'community';

/** A role assignment bound to a region (regionCode null: the whole country, e.g. a system administrator). */
export type RoleBinding = User['roles'][number];

export type User = Session['user'];

/** POST /api/auth/login. */
export type Session = ApiResult<'/api/auth/login', 'post'>;

/** GET /api/auth/me: the session plus what the account may do (every policy action → allowed) and where. */
export type Me = ApiResult<'/api/auth/me'>;

export interface RegionRef {
  code: string;
  name: string;
  level: RegionLevel | string;
}

export type RegionSummary = ApiResult<'/api/regions/{code}/children'>['items'][number];

export type RegionDetail = ApiResult<'/api/regions/{code}'>;

export type ScopeRoot = ApiResult<'/api/scope'>['roots'][number];

export type AuditItem = AuditPage['items'][number];

export type AuditPage = ApiResult<'/api/audit'>;

export type AuditVerify = ApiResult<'/api/audit/verify'>;

// ---------------------------------------------------------------- grids

export type GridKind = 'basic' | 'dedicated';
export type GridUnitKind = 'school' | 'hospital' | 'market' | 'company' | 'other';
export type GridPost = 'worker' | 'leader' | 'administrator';
export type Employment = 'full_time' | 'part_time';
export type Crs = 'wgs84' | 'gcj02' | 'bd09';

export type Position = [number, number] | number[];
export interface PolygonGeometry {
  type: 'Polygon';
  coordinates: Position[][];
}
export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: Position[][][];
}
export type GridGeometry = PolygonGeometry | MultiPolygonGeometry;

export interface GridStaff {
  staffId: string | number;
  name: string;
  username: string | null;
  since: string;
  /** The work number printed on the grid's contact card. */
  workPhone?: string | null;
  /** A photo for the contact card is set. */
  hasPhoto?: boolean;
}

export interface GridWorker extends GridStaff {
  employment: Employment;
}

export interface Grid {
  code: string;
  number: number;
  name: string;
  kind: GridKind;
  unitKind: GridUnitKind | null;
  communityCode: string;
  communityName: string;
  streetCode: string;
  streetName: string;
  workers: GridWorker[];
  leader: GridStaff | null;
  administrators: GridStaff[];
  geometry: GridGeometry | null;
  bbox: [number, number, number, number] | null;
  areaM2: number | null;
  version: number;
}

/** A validation finding; `feature` is the 0-based index of the GeoJSON feature (null: not tied to one). */
export interface GridIssue {
  feature: number | null;
  name?: string;
  /** The grid the issue is about, when known. */
  grid?: string;
  code: string;
  /** Localized; the server sends it for import issues (and may leave it out in a write's error details). */
  message?: string;
  other?: string;
  areaM2?: number;
  /** Values behind the message, e.g. { other, otherName, areaM2 } or { lon, lat }. */
  params?: Record<string, unknown>;
}

export interface GridWriteResult {
  grid: Grid;
  warnings: GridIssue[];
}

export interface GridOverlap {
  a: string;
  b: string;
  aName: string;
  bName: string;
  areaM2: number;
}

export interface GridGap {
  communityCode: string;
  areaM2: number;
  center: [number, number];
}

export interface GridImportReport {
  dryRun: boolean;
  crs: Crs;
  features: number;
  created: number;
  updated: number;
  errors: GridIssue[];
  warnings: GridIssue[];
  overlaps: GridOverlap[];
  gaps: GridGap[];
}

export type GridLocateResult = ApiResult<'/api/grids/locate'>;

/** GET /api/coverage/grids: the staffing view of a region and of each child region. */
export type GridCoverage = ApiSchema<'GridCoverage'>;
export type CoverageRow = GridCoverage['rows'][number];
export type CoverageFigures = Pick<GridCoverage, 'basic' | 'dedicated'>;

export type TileProvider = 'none' | 'osm' | 'tianditu';

export type MapSettings = ApiResult<'/api/map/settings'>;

export interface NewGridInput {
  communityCode: string;
  name: string;
  kind: GridKind;
  unitKind?: GridUnitKind | null;
  geometry: GridGeometry;
  crs?: Crs;
}

export interface GridPatch {
  version: number;
  name?: string;
  kind?: GridKind;
  unitKind?: GridUnitKind | null;
  geometry?: GridGeometry;
  crs?: Crs;
}

export interface StaffInput {
  post: GridPost;
  name?: string;
  username?: string;
  employment?: Employment;
}

// ---------------------------------------------------------------- people

export type CareGroupName =
  | 'living_alone'
  | 'empty_nest'
  | 'very_old'
  | 'disabled'
  | 'destitute'
  | 'subsistence_allowance';

export type Relation = 'owner' | 'tenant' | 'member';

export interface CareGroupEntry {
  group: CareGroupName;
  setOn: string;
  setBy: string | null;
  note: string | null;
}

export interface ResidentHousehold {
  id: number;
  address: string | null;
  gridCode: string;
  gridName: string;
  communityCode: string;
  communityName: string;
}

/** A resident as the server sends it: ID number and phone are always masked. */
export interface Resident {
  id: number;
  name: string;
  gender: 'male' | 'female';
  birthDate: string;
  age: number;
  /** Masked, e.g. 460107********1234. */
  idNumber: string;
  /** Masked, e.g. 138****5678; null when none is on record. */
  phone: string | null;
  partyMember: boolean;
  household: ResidentHousehold | null;
  relation: Relation | null;
  movedIn: string | null;
  livingAlone65: boolean;
  livingAlone65Derived: boolean;
  livingAloneOverride: { value: boolean; reason: string | null } | null;
  careGroups: CareGroupEntry[];
  deceasedOn: string | null;
  version: number;
}

export interface ResidentHistoryEntry {
  householdId: number;
  relation: Relation;
  movedIn: string;
  movedOut: string | null;
  gridCode: string;
  gridName?: string | null;
  address: string | null;
}

export interface ResidentDetail extends Resident {
  history: ResidentHistoryEntry[];
}

export interface ResidentFilters {
  region: string;
  q?: string;
  idNumber?: string;
  phone?: string;
  careGroup?: CareGroupName;
  livingAlone65?: boolean;
  grid?: string;
  includeGone?: boolean;
}

export interface ResidentPage {
  total: number;
  items: Resident[];
}

export interface NewResidentInput {
  name: string;
  idNumber: string;
  phone?: string | null;
  householdId: number;
  relation: Relation;
  movedIn: string;
  partyMember?: boolean;
  careGroups?: CareGroupName[];
}

export interface ResidentPatch {
  version: number;
  name?: string;
  phone?: string | null;
  partyMember?: boolean;
}

export interface HouseholdMember {
  residentId: number;
  name: string;
  relation: Relation;
  movedIn: string;
  movedOut: string | null;
}

export interface Household {
  id: number;
  gridCode: string;
  gridName: string;
  address: string | null;
  dwellingId: number | null;
  members: HouseholdMember[];
}

/** GET /api/residents/stats. */
export type ResidentStats = ApiSchema<'ResidentStats'>;

/** A resident import's report (POST /api/residents/import, or its job's result). */
export type ResidentImportReport = ApiSchema<'ResidentImportReport'>;
export type ImportRowReport = ResidentImportReport['report'][number];
export type ImportCellIssue = ImportRowReport['errors'][number];

/** A long job started from the console (GET /api/jobs/:id). */
export type JobView<R = Record<string, unknown>> = Omit<ApiSchema<'Job'>, 'result'> & {
  /** What the job made: its kind's own report. */
  result: R | null;
};

export interface Compound {
  id: number;
  name: string;
  address: string | null;
  communityCode: string;
  communityName: string;
  lon: number | null;
  lat: number | null;
  builtYear: number | null;
  oldCompound: boolean;
  buildings: number;
  dwellings: number;
  households: number;
}

/** GET /api/compounds/:id: its buildings, units and dwellings. */
export type CompoundDetail = ApiSchema<'CompoundBuildings'>;
export type Building = CompoundDetail['buildings'][number];
export type BuildingUnit = Building['units'][number];
export type Dwelling = NonNullable<BuildingUnit['dwellings']>[number];

export interface NewCompoundInput {
  communityCode: string;
  name: string;
  address?: string;
  builtYear?: number;
  oldCompound?: boolean;
}

export interface NewBuildingInput {
  name: string;
  floors: number;
  units: number;
  roomsPerFloor: number;
  areaM2?: number;
}
