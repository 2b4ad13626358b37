/** What the people module's route files share: schemas, the personal-data scope, the caller's region. */
import { Type } from '@sinclair/typebox';
import { visibleOr404 } from '../../../core/access/policy.js';
import type { Ctx } from '../../../core/http/module.js';
import { gridWorkerScope } from '../../grids/scope.js';
import { callerRegion, RegionCode } from '../../regions/api.js';
import { CARE_GROUPS } from '../care.js';
import { getResident, type ResidentFilter } from '../queries.js';

export const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }); // bigint ids
export const DateStr = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
export const Relation = Type.Union([Type.Literal('owner'), Type.Literal('tenant'), Type.Literal('member')]);
export const CareGroup = Type.Union(CARE_GROUPS.map((g) => Type.Literal(g)));
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
