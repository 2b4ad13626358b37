/** Compounds, buildings and households. */
import { Type } from '@sinclair/typebox';
import { visibleOr404 } from '../../../core/access/policy.js';
import { route, type RouteDef } from '../../../core/http/module.js';
import { RegionCode } from '../../regions/api.js';
import { compoundDetail, compoundInScope, createBuilding, createCompound, createHousehold, householdDetail, listCompounds } from '../places.js';
import { policy } from '../policy.js';
import { Compound, CompoundBuildings, HouseholdDetail, Id, peopleScope, regionPath } from './shared.js';
import { ref } from '../../../core/http/schemas.js';

const Created = Type.Object({ id: Type.Integer() });

export const placeRoutes: RouteDef[] = [
    route({
      method: 'GET', url: '/api/compounds', action: policy.readPlaces,
      summary: 'Compounds (小区) in a region',
      query: Type.Object({ region: RegionCode }),
      response: { 200: Type.Object({ items: Type.Array(ref(Compound)) }) },
      async handler(ctx) {
        return { items: await listCompounds(ctx.db, await regionPath(ctx, ctx.query.region), ctx.scope) };
      },
    }),
    route({
      method: 'POST', url: '/api/compounds', action: policy.editPlaces,
      summary: 'Register a compound',
      body: Type.Object({
        communityCode: RegionCode, name: Type.String({ minLength: 1, maxLength: 100 }), address: Type.Optional(Type.String({ maxLength: 200 })),
        lon: Type.Optional(Type.Number({ minimum: 73, maximum: 136 })), lat: Type.Optional(Type.Number({ minimum: 3, maximum: 54 })),
        builtYear: Type.Optional(Type.Integer({ minimum: 1900, maximum: 2100 })), oldCompound: Type.Optional(Type.Boolean()),
      }, { additionalProperties: false }),
      response: { 201: Created },
      async handler(ctx) {
        const id = await ctx.command({ action: 'people.compound.create', targetType: 'compound', targetId: (x: number) => String(x), detail: { name: ctx.body.name } }, (tx) => createCompound(tx, ctx.body, ctx.scope));
        ctx.reply.status(201);
        return { id };
      },
    }),
    route({
      method: 'GET', url: '/api/compounds/:id', action: policy.readPlaces,
      summary: 'A compound\'s buildings, units and dwellings',
      params: Type.Object({ id: Id }),
      response: { 200: ref(CompoundBuildings) },
      async handler(ctx) {
        await compoundInScope(ctx.db, ctx.params.id, ctx.scope);
        return { id: ctx.params.id, buildings: await compoundDetail(ctx.db, ctx.params.id) };
      },
    }),
    route({
      method: 'POST', url: '/api/compounds/:id/buildings', action: policy.editPlaces,
      summary: 'Add a building with its units and dwellings (rooms numbered floor by floor)',
      params: Type.Object({ id: Id }),
      body: Type.Object({
        name: Type.String({ minLength: 1, maxLength: 30 }), floors: Type.Integer({ minimum: 1, maximum: 60 }), units: Type.Integer({ minimum: 1, maximum: 20 }),
        roomsPerFloor: Type.Integer({ minimum: 1, maximum: 20 }), areaM2: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 10000, description: 'Exclusive floor area of each dwelling' })),
      }, { additionalProperties: false }),
      response: { 201: Created },
      async handler(ctx) {
        const id = await ctx.command({ action: 'people.building.create', targetType: 'compound', targetId: String(ctx.params.id), detail: { name: ctx.body.name } }, (tx) => createBuilding(tx, ctx.params.id, ctx.body, ctx.scope));
        ctx.reply.status(201);
        return { id };
      },
    }),
    route({
      method: 'POST', url: '/api/households', action: policy.editResidents,
      summary: 'Open a household in a basic grid (optionally in a dwelling)',
      body: Type.Object({ gridCode: Type.String({ pattern: '^[0-9]{15}$' }), dwellingId: Type.Optional(Id), address: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }, { additionalProperties: false }),
      response: { 201: Created },
      async handler(ctx) {
        const scope = await peopleScope(ctx);
        const id = await ctx.command({ action: 'people.household.create', targetType: 'household', targetId: (x: number) => String(x) }, (tx) => createHousehold(tx, ctx.body, scope));
        ctx.reply.status(201);
        return { id };
      },
    }),
    route({
      method: 'GET', url: '/api/households/:id', action: policy.readResidents,
      summary: 'A household and everyone who has lived in it',
      params: Type.Object({ id: Id }),
      response: { 200: ref(HouseholdDetail) },
      async handler(ctx) {
        const { path: _p, ...out } = visibleOr404(await peopleScope(ctx), await householdDetail(ctx.db, ctx.params.id), 'household_not_found', { id: ctx.params.id });
        return out;
      },
    }),
];
