/** Types mirroring the Gongzhi HTTP API contract (see the backend's OpenAPI). */
import type { ApiBody, ApiQuery, ApiResult, ApiSchema } from './apiTypes';

export type RegionLevel = RegionRef['level'];

/** A role assignment bound to a region (regionCode null: the whole country, e.g. a system administrator). */
export type RoleBinding = User['roles'][number];

export type User = Session['user'];

/** POST /api/auth/login. */
export type Session = ApiResult<'/api/auth/login', 'post'>;

/** GET /api/auth/me: the session plus what the account may do (every policy action → allowed) and where. */
export type Me = ApiResult<'/api/auth/me'>;

export type RegionRef = ApiSchema<'RegionRef'>;

export type RegionSummary = ApiResult<'/api/regions/{code}/children'>['items'][number];

export type RegionDetail = ApiResult<'/api/regions/{code}'>;

export type ScopeRoot = ApiResult<'/api/scope'>['roots'][number];

export type AuditItem = AuditPage['items'][number];

export type AuditPage = ApiResult<'/api/audit'>;

export type AuditVerify = ApiResult<'/api/audit/verify'>;

// ---------------------------------------------------------------- grids

/** A grid with its staff and its boundary (WGS-84). */
export type Grid = ApiSchema<'Grid'>;
export type GridKind = Grid['kind'];
export type GridUnitKind = NonNullable<Grid['unitKind']>;
export type GridStaff = Grid['administrators'][number];
export type GridWorker = Grid['workers'][number];
export type Employment = GridWorker['employment'];
export type Crs = NonNullable<NewGridInput['crs']>;

export type GridGeometry = ApiSchema<'GridGeometry'>;
export type PolygonGeometry = Extract<GridGeometry, { type: 'Polygon' }>;
export type MultiPolygonGeometry = Extract<GridGeometry, { type: 'MultiPolygon' }>;
export type Position = PolygonGeometry['coordinates'][number][number];

/** A validation finding; `feature` is the 0-based index of the GeoJSON feature (null: not tied to one). */
export type GridIssue = ApiSchema<'GridIssue'>;
/** An issue as a rejected write's error details carry it (the error body has no schema): without its message, which issueText puts together from code and params. */
export type GridIssueDetail = Omit<GridIssue, 'message'> & { message?: string };

export type GridWriteResult = ApiResult<'/api/grids/{code}', 'put'>;

export type GridImportReport = ApiResult<'/api/grids/import', 'post'>;
export type GridOverlap = GridImportReport['overlaps'][number];
export type GridGap = GridImportReport['gaps'][number];

export type GridLocateResult = ApiResult<'/api/grids/locate'>;

/** GET /api/coverage/grids: the staffing view of a region and of each child region. */
export type GridCoverage = ApiSchema<'GridCoverage'>;
export type CoverageRow = GridCoverage['rows'][number];
export type CoverageFigures = Pick<GridCoverage, 'basic' | 'dedicated'>;

export type MapSettings = ApiResult<'/api/map/settings'>;
export type TileProvider = MapSettings['tiles'];

export type NewGridInput = ApiBody<'/api/grids', 'post'>;

export type GridPatch = ApiBody<'/api/grids/{code}', 'put'>;

export type StaffInput = ApiBody<'/api/grids/{code}/staff', 'post'>;
export type GridPost = StaffInput['post'];

// ---------------------------------------------------------------- people

/** A resident as the server sends it: ID number and phone are always masked. */
export type Resident = ApiSchema<'Resident'>;
export type Relation = NonNullable<Resident['relation']>;
export type CareGroupEntry = ApiSchema<'CareGroupEntry'>;
export type CareGroupName = CareGroupEntry['group'];
export type ResidentHousehold = ApiSchema<'ResidentHousehold'>;

export type ResidentHistoryEntry = ApiSchema<'ResidentMembership'>;

export type ResidentDetail = ApiSchema<'ResidentDetail'>;

/** The register's filters (GET /api/residents's query without its paging). */
export type ResidentFilters = Omit<ApiQuery<'/api/residents'>, 'limit' | 'offset'>;

export type ResidentPage = ApiSchema<'ResidentPage'>;

export type NewResidentInput = ApiBody<'/api/residents', 'post'>;

export type ResidentPatch = ApiBody<'/api/residents/{id}', 'patch'>;

export type Household = ApiSchema<'HouseholdDetail'>;
export type HouseholdMember = Household['members'][number];

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

export type Compound = ApiSchema<'Compound'>;

/** GET /api/compounds/:id: its buildings, units and dwellings. */
export type CompoundDetail = ApiSchema<'CompoundBuildings'>;
export type Building = CompoundDetail['buildings'][number];
export type BuildingUnit = Building['units'][number];
export type Dwelling = NonNullable<BuildingUnit['dwellings']>[number];

export type NewCompoundInput = ApiBody<'/api/compounds', 'post'>;

export type NewBuildingInput = ApiBody<'/api/compounds/{id}/buildings', 'post'>;
