import { Type } from '@sinclair/typebox';
import { route, type Module } from '../../core/http/module.js';
import { compoundInScope } from '../people/places.js';
import { RegionCode } from '../regions/schemas.js';
import { regionForScope } from '../regions/queries.js';
import { loadPropertyDemo } from './demo.js';
import './errors.js';
import { migrations } from './migrations.js';
import { policy } from './policy.js';
import {
  addDocument, committeeDetail, companyDetail, createCommittee, createCompany, createContract, createOutlet,
  documentText, listCommittees, listCompanies, reelectCommittee, updateCommittee,
} from './store.js';

const Id = Type.Integer({ minimum: 1 });
const DateStr = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const OptDate = Type.Optional(Type.Union([DateStr, Type.Null()]));
const Member = Type.Object({ holderId: Id, title: Type.Union([Type.Literal('chair'), Type.Literal('vice_chair'), Type.Literal('member')]) }, { additionalProperties: false });
const Term = {
  electedOn: DateStr, termYears: Type.Number({ description: 'years, a whole number; at most 5 by default' }),
  households: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  firstMeetingOn: OptDate, filedOn: OptDate,
  members: Type.Array(Member, { maxItems: 50 }),
};

export const propertyModule: Module = {
  name: 'property',
  title: '红色物业 Property: companies and outlets, the compounds they serve, owners\' committees and their documents',
  migrations,
  policy,
  routes: [
    route({
      method: 'GET', url: '/api/property-companies', action: policy.read,
      summary: 'Property companies registered in a region, with an outlet there, or serving a compound there',
      query: Type.Object({ region: RegionCode }),
      async handler({ query, db, scope }) {
        const region = await regionForScope(db, query.region, scope, { above: true });
        return { items: await listCompanies(db, region.path, scope) };
      },
    }),
    route({
      method: 'POST', url: '/api/property-companies', action: policy.edit,
      summary: 'Register a property company (its unified social credit code is checked by its GB 32100 check character)',
      body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }), creditCode: Type.String({ minLength: 1, maxLength: 30 }), regionCode: RegionCode, address: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])) }, { additionalProperties: false }),
      async handler(ctx) {
        const id = await ctx.command({ action: 'property.company.create', targetType: 'property_company', targetId: (x: number) => String(x), detail: { name: ctx.body.name, creditCode: ctx.body.creditCode } },
          (tx) => createCompany(tx, ctx.body, ctx.scope));
        ctx.reply.status(201);
        return companyDetail(ctx.db, id, ctx.scope);
      },
    }),
    route({
      method: 'GET', url: '/api/property-companies/:id', action: policy.read,
      summary: 'One company with its outlets, contracts and staff',
      params: Type.Object({ id: Id }),
      async handler({ params, db, scope }) { return companyDetail(db, params.id, scope); },
    }),
    route({
      method: 'POST', url: '/api/property-companies/:id/outlets', action: policy.edit,
      summary: 'Add an outlet (网点) of a company',
      params: Type.Object({ id: Id }),
      body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }), regionCode: RegionCode, address: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])) }, { additionalProperties: false }),
      async handler(ctx) {
        const id = await ctx.command({ action: 'property.outlet.create', targetType: 'property_company', targetId: String(ctx.params.id), detail: { name: ctx.body.name, regionCode: ctx.body.regionCode } },
          (tx) => createOutlet(tx, ctx.params.id, ctx.body, ctx.scope));
        ctx.reply.status(201);
        return { id };
      },
    }),
    route({
      method: 'POST', url: '/api/property-contracts', action: policy.edit,
      summary: 'Record which company (and outlet) serves a compound, and when (no two companies for one compound at once)',
      body: Type.Object({ compoundId: Id, companyId: Id, outletId: Type.Optional(Type.Union([Id, Type.Null()])), startsOn: DateStr, endsOn: OptDate }, { additionalProperties: false }),
      async handler(ctx) {
        const id = await ctx.command({ action: 'property.contract.create', targetType: 'compound', targetId: String(ctx.body.compoundId), detail: { companyId: ctx.body.companyId, startsOn: ctx.body.startsOn, endsOn: ctx.body.endsOn ?? null } },
          (tx) => createContract(tx, ctx.body, ctx.scope));
        ctx.reply.status(201);
        return { id };
      },
    }),
    route({
      method: 'GET', url: '/api/owners-committees', action: policy.read,
      summary: 'Owners\' committees in a region: term, members, first meeting and filing, party organisation or instructor, documents, checks',
      query: Type.Object({ region: RegionCode }),
      async handler({ query, db, scope, lang }) {
        const region = await regionForScope(db, query.region, scope, { above: true });
        return { items: await listCommittees(db, region.path, scope, lang) };
      },
    }),
    route({
      method: 'POST', url: '/api/owners-committees', action: policy.edit,
      summary: 'Register a compound\'s owners\' committee after its election (5–11 members, odd; term ≤ 5 years; one chair)',
      body: Type.Object({ compoundId: Id, ...Term }, { additionalProperties: false }),
      async handler(ctx) {
        const id = await ctx.command({ action: 'property.committee.create', targetType: 'owners_committee', targetId: (x: number) => String(x), detail: { compoundId: ctx.body.compoundId, electedOn: ctx.body.electedOn, members: ctx.body.members.length } },
          (tx) => createCommittee(tx, ctx.body, ctx.scope));
        ctx.reply.status(201);
        return committeeDetail(ctx.db, id, ctx.scope, ctx.lang);
      },
    }),
    route({
      method: 'GET', url: '/api/owners-committees/:id', action: policy.read,
      summary: 'One owners\' committee with its earlier terms',
      params: Type.Object({ id: Id }),
      async handler({ params, db, scope, lang }) { return committeeDetail(db, params.id, scope, lang); },
    }),
    route({
      method: 'PATCH', url: '/api/owners-committees/:id', action: policy.edit,
      summary: 'Record the first meeting or the filing with the street office (send the version you read)',
      params: Type.Object({ id: Id }),
      body: Type.Object({ version: Type.Integer({ minimum: 1 }), firstMeetingOn: OptDate, filedOn: OptDate }, { additionalProperties: false }),
      async handler(ctx) {
        await ctx.command({ action: 'property.committee.update', targetType: 'owners_committee', targetId: String(ctx.params.id), detail: { firstMeetingOn: ctx.body.firstMeetingOn, filedOn: ctx.body.filedOn } },
          (tx) => updateCommittee(tx, ctx.params.id, ctx.body, ctx.scope));
        return committeeDetail(ctx.db, ctx.params.id, ctx.scope, ctx.lang);
      },
    }),
    route({
      method: 'POST', url: '/api/owners-committees/:id/elections', action: policy.edit,
      summary: 'A new term (换届): the previous term goes to history and its members\' posts end',
      params: Type.Object({ id: Id }),
      body: Type.Object({ version: Type.Integer({ minimum: 1 }), ...Term }, { additionalProperties: false }),
      async handler(ctx) {
        await ctx.command({ action: 'property.committee.reelect', targetType: 'owners_committee', targetId: String(ctx.params.id), detail: { electedOn: ctx.body.electedOn, members: ctx.body.members.length } },
          (tx) => reelectCommittee(tx, ctx.params.id, ctx.body, ctx.scope));
        return committeeDetail(ctx.db, ctx.params.id, ctx.scope, ctx.lang);
      },
    }),
    route({
      method: 'POST', url: '/api/owners-committees/:id/documents', action: policy.edit,
      summary: 'Record a new version of the compound\'s 管理规约 (statute) or 议事规则 (rules of procedure)',
      params: Type.Object({ id: Id }),
      body: Type.Object({ kind: Type.Union([Type.Literal('statute'), Type.Literal('rules_of_procedure')]), title: Type.String({ minLength: 1, maxLength: 100 }), content: Type.String({ minLength: 1, maxLength: 200_000 }), adoptedOn: DateStr }, { additionalProperties: false }),
      bodyLimit: 1024 * 1024,
      async handler(ctx) {
        const r = await ctx.command({ action: 'property.document.add', targetType: 'owners_committee', targetId: String(ctx.params.id), detail: { kind: ctx.body.kind, title: ctx.body.title } },
          (tx) => addDocument(tx, ctx.params.id, ctx.body, ctx.scope));
        ctx.reply.status(201);
        return r;
      },
    }),
    route({
      method: 'GET', url: '/api/compound-documents/:id', action: policy.read,
      summary: 'The text of one version of a compound document',
      params: Type.Object({ id: Id }),
      async handler({ params, db, scope }) { return documentText(db, params.id, scope); },
    }),
    route({
      method: 'PUT', url: '/api/compounds/:id/demonstration', action: policy.edit,
      summary: 'Mark or unmark a compound as a red-property demonstration site (示范点)',
      params: Type.Object({ id: Id }),
      body: Type.Object({ demonstration: Type.Boolean() }, { additionalProperties: false }),
      async handler(ctx) {
        await ctx.command({ action: 'property.compound.demonstration', targetType: 'compound', targetId: String(ctx.params.id), detail: { demonstration: ctx.body.demonstration } }, async (tx) => {
          await compoundInScope(tx, ctx.params.id, ctx.scope);
          await tx.query('UPDATE compound SET demonstration = $2 WHERE id = $1', [ctx.params.id, ctx.body.demonstration]);
        });
        return { id: ctx.params.id, demonstration: ctx.body.demonstration };
      },
    }),
  ],
  demo: loadPropertyDemo,
};
