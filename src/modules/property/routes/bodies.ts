/** Companies and their outlets, the contracts that say who serves a compound, owners' committees and their documents, the accounts that work for them. */
import { Type } from '@sinclair/typebox';
import { route, type RouteDef } from '../../../core/http/module.js';
import { DateStr, Id, ref } from '../../../core/http/schemas.js';
import { BodyAccount, BodyAccounts, CompoundDocument, OwnersCommittee, OwnersCommitteeDetail, PropertyCompany, PropertyCompanyDetail } from '../schemas.js';
import { compoundInScope, setCompoundDemonstration } from '../../people/api.js';
import { callerRegion, RegionCode } from '../../regions/api.js';
import { bodyAccounts, linkAccount, unlinkAccount, type Body } from '../body-accounts.js';
import { policy } from '../policy.js';
import {
  addDocument, committeeDetail, companyDetail, createCommittee, createCompany, createContract, createOutlet,
  documentText, listCommittees, listCompanies, reelectCommittee, updateCommittee,
} from '../store.js';

const WithAccounts = Type.Object({ accounts: Type.Array(ref(BodyAccount)) });
const Created = Type.Object({ id: Type.Integer() });

const OptDate = Type.Optional(Type.Union([DateStr, Type.Null()]));
const Member = Type.Object({ holderId: Id, title: Type.Union([Type.Literal('chair'), Type.Literal('vice_chair'), Type.Literal('member')]) }, { additionalProperties: false });
const Term = {
  electedOn: DateStr, termYears: Type.Number({ description: 'years, a whole number; at most 5 by default' }),
  households: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  firstMeetingOn: OptDate, filedOn: OptDate,
  members: Type.Array(Member, { maxItems: 50 }),
};

/** Link and unlink the accounts that work for a company or an owners' committee (audited). */
function accountRoutes(kind: Body['kind'], base: string, summary: string) {
  const target = kind === 'property_company' ? 'property_company' : 'owners_committee';
  const verb = kind === 'property_company' ? 'company' : 'committee';
  return [
    route({
      method: 'PUT', url: `${base}/:id/accounts`, action: policy.edit, summary,
      params: Type.Object({ id: Id }),
      body: Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
      response: { 200: ref(BodyAccounts) },
      async handler(ctx) {
        const body = { kind, id: ctx.params.id } as Body;
        await ctx.command({ action: `property.${verb}.link_account`, targetType: target, targetId: String(ctx.params.id), detail: { username: ctx.body.username.trim().toLowerCase() } },
          (tx) => linkAccount(tx, body, ctx.body.username, ctx.scope, ctx.me.accountId));
        return { items: await bodyAccounts(ctx.db, body) };
      },
    }),
    route({
      method: 'DELETE', url: `${base}/:id/accounts/:accountId`, action: policy.edit,
      summary: 'Unlink an account from it',
      params: Type.Object({ id: Id, accountId: Id }),
      response: { 200: ref(BodyAccounts) },
      async handler(ctx) {
        const body = { kind, id: ctx.params.id } as Body;
        await ctx.command({ action: `property.${verb}.unlink_account`, targetType: target, targetId: String(ctx.params.id), detail: { accountId: ctx.params.accountId } },
          (tx) => unlinkAccount(tx, body, ctx.params.accountId, ctx.scope));
        return { items: await bodyAccounts(ctx.db, body) };
      },
    }),
  ];
}

export const bodyRoutes: RouteDef[] = [
    route({
      method: 'GET', url: '/api/property-companies', action: policy.read,
      summary: 'Property companies registered in a region, with an outlet there, or serving a compound there',
      query: Type.Object({ region: RegionCode }),
      response: { 200: Type.Object({ items: Type.Array(ref(PropertyCompany)) }) },
      async handler({ query, db, scope }) {
        const region = await callerRegion({ db, scope }, query.region, { above: true });
        return { items: await listCompanies(db, region.path, scope) };
      },
    }),
    route({
      method: 'POST', url: '/api/property-companies', action: policy.edit,
      summary: 'Register a property company (its unified social credit code is checked by its GB 32100 check character)',
      body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }), creditCode: Type.String({ minLength: 1, maxLength: 30 }), regionCode: RegionCode, address: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])) }, { additionalProperties: false }),
      response: { 201: ref(PropertyCompanyDetail) },
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
      response: { 200: Type.Intersect([ref(PropertyCompanyDetail), WithAccounts]) },
      async handler({ params, db, scope }) { return { ...(await companyDetail(db, params.id, scope)), accounts: await bodyAccounts(db, { kind: 'property_company', id: params.id }) }; },
    }),
    ...accountRoutes('property_company', '/api/property-companies', 'Link a property-staff account to this company (it then publishes the company\'s disclosures and may appeal its rating)'),
    route({
      method: 'POST', url: '/api/property-companies/:id/outlets', action: policy.edit,
      summary: 'Add an outlet (网点) of a company',
      params: Type.Object({ id: Id }),
      body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }), regionCode: RegionCode, address: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])) }, { additionalProperties: false }),
      response: { 201: Created },
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
      response: { 201: Created },
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
      response: { 200: Type.Object({ items: Type.Array(ref(OwnersCommittee)) }) },
      async handler({ query, db, scope, lang }) {
        const region = await callerRegion({ db, scope }, query.region, { above: true });
        return { items: await listCommittees(db, region.path, scope, lang) };
      },
    }),
    route({
      method: 'POST', url: '/api/owners-committees', action: policy.edit,
      summary: 'Register a compound\'s owners\' committee after its election (5–11 members, odd; term ≤ 5 years; one chair)',
      body: Type.Object({ compoundId: Id, ...Term }, { additionalProperties: false }),
      response: { 201: ref(OwnersCommitteeDetail) },
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
      response: { 200: Type.Intersect([ref(OwnersCommitteeDetail), WithAccounts]) },
      async handler({ params, db, scope, lang }) { return { ...(await committeeDetail(db, params.id, scope, lang)), accounts: await bodyAccounts(db, { kind: 'owners_committee', id: params.id }) }; },
    }),
    ...accountRoutes('owners_committee', '/api/owners-committees', 'Link an owners\'-committee account to this committee (it then publishes the committee\'s disclosures for its compound)'),
    route({
      method: 'PATCH', url: '/api/owners-committees/:id', action: policy.edit,
      summary: 'Record the first meeting or the filing with the street office (send the version you read)',
      params: Type.Object({ id: Id }),
      body: Type.Object({ version: Type.Integer({ minimum: 1 }), firstMeetingOn: OptDate, filedOn: OptDate }, { additionalProperties: false }),
      response: { 200: ref(OwnersCommitteeDetail) },
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
      response: { 200: ref(OwnersCommitteeDetail) },
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
      response: { 201: Type.Object({ id: Type.Integer(), version: Type.Integer() }) },
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
      response: { 200: ref(CompoundDocument) },
      async handler({ params, db, scope }) { return documentText(db, params.id, scope); },
    }),
    route({
      method: 'PUT', url: '/api/compounds/:id/demonstration', action: policy.edit,
      summary: 'Mark or unmark a compound as a red-property demonstration site (示范点)',
      params: Type.Object({ id: Id }),
      body: Type.Object({ demonstration: Type.Boolean() }, { additionalProperties: false }),
      response: { 200: Type.Object({ id: Type.Integer(), demonstration: Type.Boolean() }) },
      async handler(ctx) {
        await ctx.command({ action: 'property.compound.demonstration', targetType: 'compound', targetId: String(ctx.params.id), detail: { demonstration: ctx.body.demonstration } }, async (tx) => {
          await compoundInScope(tx, ctx.params.id, ctx.scope);
          await setCompoundDemonstration(tx, ctx.params.id, ctx.body.demonstration);
        });
        return { id: ctx.params.id, demonstration: ctx.body.demonstration };
      },
    }),
];
