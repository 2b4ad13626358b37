/** The resident registry: search, one resident, changes, reveals, care groups, retention. */
import { Type } from '@sinclair/typebox';
import { AppError } from '../../../core/http/errors.js';
import { route, type RouteDef } from '../../../core/http/module.js';
import { RegionCode } from '../../regions/api.js';
import { listResidents, residentStats } from '../queries.js';
import { policy } from '../policy.js';
import { anonymiseExpired, retentionMonths } from '../retention.js';
import { addCareGroup, createResident, endCareGroup, moveResident, recordDeath, residentInScope, revealField, setLivingAloneOverride, updateResident } from '../residents.js';
import { CareGroup, DateStr, Filters, filterOf, Id, peopleScope, regionPath, Relation, ResidentDetail, ResidentPage, residentOrThrow, ResidentStats } from './shared.js';
import { Ok, ref } from '../../../core/http/schemas.js';

export const residentRoutes: RouteDef[] = [
    route({
      method: 'GET', url: '/api/residents', action: policy.readResidents,
      summary: 'Residents (masked) in a region: search by name prefix or exact ID number / phone, filter by care group',
      query: Type.Object({ ...Filters, limit: Type.Integer({ minimum: 1, maximum: 200, default: 20 }), offset: Type.Integer({ minimum: 0, default: 0 }) }),
      response: { 200: ref(ResidentPage) },
      async handler(ctx) {
        const path = await regionPath(ctx, ctx.query.region);
        return listResidents(ctx.db, ctx.keys, filterOf(path, ctx.query, ctx.query.limit, ctx.query.offset), await peopleScope(ctx));
      },
    }),
    route({
      method: 'GET', url: '/api/residents/stats', action: policy.stats,
      summary: 'Aggregates for a region (what street and district roles see): residents, ages, living alone 65+, care groups',
      description: 'livingAlone65: aged 65+ and the only current member of the household, or as set by staff (the list filter livingAlone65=true counts the same); ' +
        'careGroups.living_alone: residents registered in the care group (no age rule) — a different figure. partyMembers: residents marked as party members. definitions names each in the caller\'s language.',
      query: Type.Object({ region: RegionCode }),
      response: { 200: ref(ResidentStats) },
      async handler(ctx) {
        return residentStats(ctx.db, await regionPath(ctx, ctx.query.region), await peopleScope(ctx), ctx.lang);
      },
    }),
    route({
      method: 'GET', url: '/api/residents/:id', action: policy.readResidents,
      summary: 'One resident (masked) with household history and care groups',
      params: Type.Object({ id: Id }),
      response: { 200: ref(ResidentDetail) },
      async handler(ctx) {
        return residentOrThrow(ctx, ctx.params.id);
      },
    }),
    route({
      method: 'POST', url: '/api/residents', action: policy.editResidents,
      summary: 'Register a resident in a household',
      body: Type.Object({
        name: Type.String({ minLength: 1, maxLength: 50 }), idNumber: Type.String({ minLength: 1, maxLength: 30 }), phone: Type.Optional(Type.Union([Type.String({ maxLength: 30 }), Type.Null()])),
        householdId: Id, relation: Relation, movedIn: DateStr, partyMember: Type.Optional(Type.Boolean()), careGroups: Type.Optional(Type.Array(CareGroup, { maxItems: 6 })),
      }, { additionalProperties: false }),
      response: { 201: ref(ResidentDetail) },
      async handler(ctx) {
        const scope = await peopleScope(ctx);
        const id = await ctx.command({ action: 'people.resident.create', targetType: 'resident', targetId: (x: number) => String(x) }, (tx) => createResident(tx, ctx.keys, ctx.body, scope, ctx.me.accountId));
        ctx.reply.status(201);
        return residentOrThrow(ctx, id);
      },
    }),
    route({
      method: 'PATCH', url: '/api/residents/:id', action: policy.editResidents,
      summary: 'Change name, phone or party membership (send the version you read)',
      params: Type.Object({ id: Id }),
      body: Type.Object({ version: Id, name: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })), phone: Type.Optional(Type.Union([Type.String({ maxLength: 30 }), Type.Null()])), partyMember: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      response: { 200: ref(ResidentDetail) },
      async handler(ctx) {
        const scope = await peopleScope(ctx);
        await ctx.command({ action: 'people.resident.update', targetType: 'resident', targetId: String(ctx.params.id), detail: { fields: Object.keys(ctx.body).filter((k) => k !== 'version') } }, (tx) => updateResident(tx, ctx.keys, ctx.params.id, ctx.body, scope));
        return residentOrThrow(ctx, ctx.params.id);
      },
    }),
    route({
      method: 'POST', url: '/api/residents/:id/move', action: policy.editResidents,
      summary: 'Move out of the current household (history kept), optionally into another',
      params: Type.Object({ id: Id }),
      body: Type.Object({ date: DateStr, toHouseholdId: Type.Optional(Id), relation: Type.Optional(Relation) }, { additionalProperties: false }),
      response: { 200: ref(ResidentDetail) },
      async handler(ctx) {
        const scope = await peopleScope(ctx);
        await ctx.command({ action: 'people.resident.move', targetType: 'resident', targetId: String(ctx.params.id), detail: { ...ctx.body } }, (tx) => moveResident(tx, ctx.params.id, ctx.body, scope));
        return residentOrThrow(ctx, ctx.params.id);
      },
    }),
    route({
      method: 'POST', url: '/api/residents/:id/death', action: policy.editResidents,
      summary: 'Record a death (the record is kept; care groups end)',
      params: Type.Object({ id: Id }),
      body: Type.Object({ date: DateStr }, { additionalProperties: false }),
      response: { 200: ref(Ok) },
      async handler(ctx) {
        const scope = await peopleScope(ctx);
        await ctx.command({ action: 'people.resident.death', targetType: 'resident', targetId: String(ctx.params.id) }, (tx) => recordDeath(tx, ctx.params.id, ctx.body.date, scope));
        return { ok: true };
      },
    }),
    route({
      method: 'POST', url: '/api/residents/:id/reveal', action: policy.reveal,
      summary: 'Show one masked field in full, for a stated purpose; audited',
      params: Type.Object({ id: Id }),
      body: Type.Object({ field: Type.Union([Type.Literal('idNumber'), Type.Literal('phone')]), reason: Type.String({ maxLength: 200 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ field: Type.Union([Type.Literal('idNumber'), Type.Literal('phone')]), value: Type.String() }) },
      async handler(ctx) {
        if (ctx.body.reason.trim().length < 4) throw new AppError('reveal_reason_required');
        const scope = await peopleScope(ctx);
        const value = await ctx.command({ action: 'people.reveal', targetType: 'resident', targetId: String(ctx.params.id), detail: { field: ctx.body.field, reason: ctx.body.reason.trim() } },
          (tx) => revealField(tx, ctx.keys, ctx.params.id, ctx.body.field, scope));
        return { field: ctx.body.field, value };
      },
    }),
    route({
      method: 'POST', url: '/api/residents/:id/care-groups', action: policy.editResidents,
      summary: 'Put a resident in a care group (dated, with who set it)',
      params: Type.Object({ id: Id }),
      body: Type.Object({ group: CareGroup, note: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
      response: { 200: ref(ResidentDetail) },
      async handler(ctx) {
        const scope = await peopleScope(ctx);
        await ctx.command({ action: 'people.care_group.add', targetType: 'resident', targetId: String(ctx.params.id), detail: { group: ctx.body.group } }, async (tx) => {
          await residentInScope(tx, ctx.params.id, scope, true);
          await addCareGroup(tx, ctx.params.id, ctx.body.group, ctx.me.accountId, ctx.body.note ?? null);
        });
        return residentOrThrow(ctx, ctx.params.id);
      },
    }),
    route({
      method: 'DELETE', url: '/api/residents/:id/care-groups/:group', action: policy.editResidents,
      summary: 'End a care group membership (history kept)',
      params: Type.Object({ id: Id, group: CareGroup }),
      response: { 200: ref(ResidentDetail) },
      async handler(ctx) {
        const scope = await peopleScope(ctx);
        await ctx.command({ action: 'people.care_group.end', targetType: 'resident', targetId: String(ctx.params.id), detail: { group: ctx.params.group } }, async (tx) => {
          await residentInScope(tx, ctx.params.id, scope, true);
          await endCareGroup(tx, ctx.params.id, ctx.params.group, ctx.me.accountId);
        });
        return residentOrThrow(ctx, ctx.params.id);
      },
    }),
    route({
      method: 'PUT', url: '/api/residents/:id/living-alone', action: policy.editResidents,
      summary: 'Override the derived "living alone aged 65+" (true/false with a reason; null returns to the derived value)',
      params: Type.Object({ id: Id }),
      body: Type.Object({ value: Type.Union([Type.Boolean(), Type.Null()]), reason: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
      response: { 200: ref(ResidentDetail) },
      async handler(ctx) {
        const scope = await peopleScope(ctx);
        await ctx.command({ action: 'people.living_alone.override', targetType: 'resident', targetId: String(ctx.params.id), detail: { value: ctx.body.value, reason: ctx.body.reason ?? null } },
          (tx) => setLivingAloneOverride(tx, ctx.params.id, ctx.body.value, ctx.body.reason ?? null, scope));
        return residentOrThrow(ctx, ctx.params.id);
      },
    }),
    route({
      method: 'POST', url: '/api/residents/anonymise-expired', action: policy.anonymise,
      summary: 'Anonymise now the records past their retention period (also runs daily by itself)',
      response: { 200: Type.Object({ count: Type.Integer({ description: 'records anonymised' }), months: Type.Integer({ description: 'the retention period' }) }) },
      async handler(ctx) {
        const months = await retentionMonths(ctx.db);
        const { count } = await ctx.run(anonymiseExpired, { months });
        return { count, months };
      },
    }),
];
