/** What the people module's route files share: schemas, the personal-data scope, the caller's region. */
import { Type } from '@sinclair/typebox';
import { visibleOr404 } from '../../../core/access/policy.js';
import type { Ctx } from '../../../core/http/module.js';
import { Instant, Literals, named, Nullable, ref } from '../../../core/http/schemas.js';
import { gridWorkerScope } from '../../grids/scope.js';
import { callerRegion, RegionCode } from '../../regions/api.js';
import { CARE_GROUPS } from '../care.js';
import { getResident, type ResidentFilter } from '../queries.js';

export const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }); // bigint ids
export const DateStr = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
export const Relation = Literals(['owner', 'tenant', 'member']);
export const CareGroup = Literals(CARE_GROUPS);
export const Filters = {
  region: RegionCode,
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 20, description: 'Name prefix' })),
  idNumber: Type.Optional(Type.String({ minLength: 15, maxLength: 18, description: 'Exact ID number (searched by keyed hash)' })),
  phone: Type.Optional(Type.String({ minLength: 11, maxLength: 20, description: 'Exact phone' })),
  careGroup: Type.Optional(CareGroup),
  livingAlone65: Type.Optional(Type.Boolean()),
  grid: Type.Optional(Type.String({ pattern: '^[0-9]{15}$' })),
  includeGone: Type.Optional(Type.Boolean({ description: 'Include moved-out and deceased residents' })),
};

/** Scope for personal data: grid workers are narrowed to their own grids. */
export const peopleScope = (ctx: Ctx<any, any, any>) => gridWorkerScope(ctx.db, ctx.actor, ctx.req.grants);

export async function regionPath(ctx: Ctx<any, any, any>, code: string): Promise<string> {
  return (await callerRegion(ctx, code, { above: true })).path;
}

export const filterOf = (path: string, q: any, limit: number, offset: number): ResidentFilter => ({
  regionPath: path, q: q.q, idNumber: q.idNumber, phone: q.phone, careGroup: q.careGroup, livingAlone65: q.livingAlone65, gridCode: q.grid, includeGone: q.includeGone, limit, offset,
});

/** One resident as the caller may see it (masked), or 404 — also when outside the caller's personal-data scope. */
export async function residentOrThrow(ctx: Ctx<any, any, any>, id: number) {
  const { path: _p, ...out } = visibleOr404(await peopleScope(ctx), await getResident(ctx.db, id), 'resident_not_found', { id });
  return out;
}

// response schemas (named: OpenAPI components, web/shared/api.gen.ts names them)
const Day = Type.String({ description: 'YYYY-MM-DD' });
export const ResidentHousehold = named('ResidentHousehold', Type.Object({
  id: Type.Integer(), address: Nullable(Type.String()), gridCode: Type.String(), gridName: Type.String(),
  communityCode: Type.String(), communityName: Type.String(),
}));
export const CareGroupEntry = named('CareGroupEntry', Type.Object({ group: CareGroup, setOn: Day, setBy: Nullable(Type.String()), note: Nullable(Type.String()) }));
const residentFields = {
  id: Type.Integer(), name: Type.String(), gender: Literals(['male', 'female']), birthDate: Day, age: Type.Integer(),
  idNumber: Type.String({ description: 'masked, e.g. 460107********1234' }), phone: Nullable(Type.String({ description: 'masked, e.g. 138****5678' })), partyMember: Type.Boolean(),
  household: Nullable(ref(ResidentHousehold)), relation: Nullable(Relation), movedIn: Nullable(Day),
  livingAlone65: Type.Boolean(), livingAlone65Derived: Type.Boolean(),
  livingAloneOverride: Nullable(Type.Object({ value: Type.Boolean(), reason: Nullable(Type.String()) })),
  careGroups: Type.Array(ref(CareGroupEntry)), deceasedOn: Nullable(Day), version: Type.Integer(),
};
export const Resident = named('Resident', Type.Object(residentFields));
export const ResidentMembership = named('ResidentMembership', Type.Object({
  householdId: Type.Integer(), relation: Relation, movedIn: Day, movedOut: Nullable(Day), gridCode: Type.String(), gridName: Type.String(), address: Nullable(Type.String()),
}));
export const ResidentDetail = named('ResidentDetail', Type.Intersect([ref(Resident), Type.Object({ history: Type.Array(ref(ResidentMembership)) })]));
export const ResidentPage = named('ResidentPage', Type.Object({ total: Type.Integer(), items: Type.Array(ref(Resident)) }));
export const Compound = named('Compound', Type.Object({
  id: Type.Integer(), name: Type.String(), address: Nullable(Type.String()), communityCode: Type.String(), communityName: Type.String(),
  lon: Nullable(Type.Number()), lat: Nullable(Type.Number()), builtYear: Nullable(Type.Integer()), oldCompound: Type.Boolean(),
  buildings: Type.Integer(), dwellings: Type.Integer(), households: Type.Integer(),
}));
export const HouseholdDetail = named('HouseholdDetail', Type.Object({
  id: Type.Integer(), gridCode: Type.String(), gridName: Type.String(), address: Nullable(Type.String()), dwellingId: Nullable(Type.Integer()),
  members: Type.Array(Type.Object({ residentId: Type.Integer(), name: Type.String(), relation: Relation, movedIn: Day, movedOut: Nullable(Day) })),
}));
export const CompoundBuildings = named('CompoundBuildings', Type.Object({
  id: Type.Integer(),
  buildings: Type.Array(Type.Object({
    id: Type.Integer(), name: Type.String(), floors: Nullable(Type.Integer()),
    units: Type.Array(Type.Object({
      id: Type.Integer(), name: Type.String(),
      dwellings: Nullable(Type.Array(Type.Object({ id: Type.Integer(), room: Type.String(), areaM2: Nullable(Type.Number()), householdId: Nullable(Type.Integer()) }), { description: 'null: none yet' })),
    })),
  })),
}));
/** The region's aggregates (queries.ts residentStats); `definitions` names each figure in the caller's language. */
export const ResidentStats = named('ResidentStats', Type.Object({
  residents: Type.Integer(), households: Type.Integer(), partyMembers: Type.Integer(), aged60: Type.Integer(), aged65: Type.Integer(), aged80: Type.Integer(), livingAlone65: Type.Integer(),
  careGroups: Type.Record(Type.String(), Type.Integer(), { description: 'care group → residents in it now' }),
  definitions: Type.Record(Type.String(), Type.Object({ name: Type.String(), definition: Type.String() })),
}));
/** A resident import's report, cell by cell (import.ts ImportReport); also a job's result. */
export const ResidentImportReport = named('ResidentImportReport', Type.Object({
  rows: Type.Integer(), valid: Type.Integer(), invalid: Type.Integer(), new: Type.Integer(), update: Type.Integer(), written: Type.Boolean(),
  report: Type.Array(Type.Object({
    row: Type.Integer(), name: Type.String(), status: Type.Union([Type.Literal('new'), Type.Literal('update'), Type.Literal('error')]),
    errors: Type.Array(Type.Object({ column: Type.String(), code: Type.String(), message: Type.String() })),
  })),
}));
/** 实名绑定: the household the signed-in resident is bound to, or how many tries are left today. */
export const MyHousehold = named('MyHousehold', Type.Union([
  Type.Object({
    bound: Type.Literal(true), name: Type.String(), boundAt: Instant, householdId: Type.Integer(), members: Type.Integer(),
    community: Type.String(), grid: Type.Object({ code: Type.String(), name: Type.String() }),
    compound: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })), address: Nullable(Type.String()),
  }),
  Type.Object({ bound: Type.Literal(false), failuresToday: Type.Integer(), maxFailures: Type.Integer() }),
]));
