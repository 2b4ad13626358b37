import { Type } from '@sinclair/typebox';
import { AppError } from '../../core/http/errors.js';
import { route, type Module } from '../../core/http/module.js';
import { DateStr, Id, Literals, named, Nullable, Ok, ref } from '../../core/http/schemas.js';
import { Kind as GridKind } from '../grids/schemas.js';
import { BodyKind, Gender, InstructedKind, InstructorRef, OfficerTitle, OrgKind, OrgRef, PartyFinding, PartyStatus, UnitKind } from './schemas.js';
import { callerRegion, RegionCode } from '../regions/api.js';
import { crossAppointments, partyCoverage, unitsChecklist } from './coverage.js';
import './errors.js';
import { migrations } from './migrations.js';
import { addCenterHousehold, endCenterHousehold, gridChain, gridChainMigrations, loadGridChainDemo } from './grid-chain.js';
import { policy } from './policy.js';
import {
  addMember, addOrgUnit, assignInstructor, createHolder, holderById, createOrg, createPost, endInstructor, endMember, endPost,
  listHolders, listOrgs, orgDetail, revealHolderPhone, setMemberStatus, updateOrg,
} from './store.js';

const Unit = Type.Object({ kind: UnitKind, ref: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });

const Findings = Type.Array(ref(PartyFinding));

const orgFields = {
  id: Type.Integer(), name: Type.String(), kind: OrgKind, parentId: Nullable(Type.Integer()), parentName: Nullable(Type.String()),
  regionCode: Type.String(), regionName: Type.String(), joint: Type.Boolean(), termStart: Nullable(Type.String()), approvalRef: Nullable(Type.String()),
  version: Type.Integer(), fullMembers: Type.Integer(), probationaryMembers: Type.Integer(),
  attached: Type.Object({ kind: UnitKind, ref: Type.String(), name: Type.String() }),
  units: Type.Array(Type.Object({ id: Type.Integer(), kind: UnitKind, ref: Type.String(), name: Type.String() })),
  officers: Type.Array(Type.Object({ postId: Type.Integer(), holderId: Type.Integer(), name: Type.String(), title: OfficerTitle, from: Type.String() })),
  committeeSize: Type.Integer(), membersWithSubOrgs: Type.Integer(), residentPartyMembers: Nullable(Type.Integer()),
  secretary: Nullable(Type.Object({ holderId: Type.Integer(), name: Type.String() })),
  termYears: Type.Number(), termEnd: Nullable(Type.String()),
  findings: Type.Array(ref(PartyFinding), { description: 'the branch-rule checks, in the caller\'s language' }),
};
export const PartyOrg = named('PartyOrg', Type.Object(orgFields));
export const PartyOrgDetail = named('PartyOrgDetail', Type.Intersect([ref(PartyOrg), Type.Object({
  members: Type.Array(Type.Object({ id: Type.Integer(), holderId: Type.Integer(), name: Type.String(), status: PartyStatus, joinedOn: Type.String() })),
  children: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), kind: OrgKind })),
})]));

/** A person who holds posts or party membership; the phone masked. */
export const PostHolder = named('PostHolder', Type.Object({
  id: Type.Integer(), name: Type.String(), gender: Nullable(Gender), phoneMasked: Nullable(Type.String()), regionCode: Type.String(), regionName: Type.String(),
  partyStatus: Nullable(PartyStatus),
  posts: Type.Array(Type.Object({ postId: Type.Integer(), bodyKind: BodyKind, bodyRef: Type.String(), title: Type.String(), from: Type.String() })),
}));
export const CrossAppointments = named('CrossAppointments', Type.Object({
  items: Type.Array(Type.Object({
    holderId: Type.Integer(), name: Type.String(), partyStatus: Nullable(PartyStatus), communityCode: Type.String(), communityName: Type.String(),
    posts: Type.Array(Type.Object({ bodyKind: BodyKind, bodyName: Nullable(Type.String()), side: Nullable(Type.String()), title: Type.String(), from: Type.String() })),
  })),
  byCommunity: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), count: Type.Integer() })),
  total: Type.Integer(),
}));
/** An owners' committee or a property company/outlet with its party members, organisation, instructor and findings. */
export const PartyUnit = named('PartyUnit', Type.Object({
  kind: InstructedKind, ref: Type.String(), name: Type.String(), regionCode: Type.String(), regionName: Type.String(),
  partyMembers: Type.Integer(), fullMembers: Type.Integer(),
  org: OrgRef, instructor: InstructorRef,
  findings: Findings,
}));
const share = (what: string) => Nullable(Type.Number({ minimum: 0, maximum: 1, description: `${what}; null when the denominator is 0` }));
/** One group's coverage (bodies counted; the shares as fractions 0–1). */
export const PartyCoverageFigures = named('PartyCoverageFigures', Type.Object({
  total: Type.Integer(), withPartyOrg: Type.Integer(), withInstructor: Type.Integer(), withThreeMembers: Type.Integer(), withThreeMembersAndOrg: Type.Integer(),
  organisationCoverage: share('组织覆盖'), workCoverage: share('工作覆盖'), withPartyOrgShare: share('withPartyOrg ÷ total'),
  ownOrg: Type.Integer(), jointOrg: Type.Integer(),
}));
const RegionRef = Type.Object({ code: Type.String(), name: Type.String(), level: Type.String() });
export const PartyCoverage = named('PartyCoverage', Type.Object({
  region: RegionRef,
  ownersCommittees: ref(PartyCoverageFigures), propertyCompanies: ref(PartyCoverageFigures),
  demonstrationCompounds: Type.Integer(),
  children: Type.Array(Type.Intersect([RegionRef, Type.Object({ ownersCommittees: ref(PartyCoverageFigures), propertyCompanies: ref(PartyCoverageFigures) })])),
}));
const CenterHousehold = Type.Object({
  id: Type.Integer(), holderId: Type.Integer(), name: Type.String(), households: Type.Integer(), address: Nullable(Type.String()), householdId: Nullable(Type.Integer()), from: Type.String(),
});
/** 网格党建: a community's grids, their branches, groups and 党员中心户. */
export const PartyGridChain = named('PartyGridChain', Type.Object({
  community: Type.Object({ code: Type.String(), name: Type.String() }),
  grids: Type.Array(Type.Object({
    code: Type.String(), number: Type.Integer(), name: Type.String(), kind: GridKind,
    branch: Nullable(Type.Object({ id: Type.Integer(), name: Type.String(), fullMembers: Type.Integer(), members: Type.Integer() })),
    groups: Type.Array(Type.Object({
      id: Type.Integer(), name: Type.String(), attached: Type.Object({ kind: UnitKind, ref: Type.String(), name: Type.String() }), members: Type.Integer(),
      centers: Type.Array(CenterHousehold),
    })),
  })),
  totals: Type.Object({
    grids: Type.Integer(), basicGrids: Type.Integer(), gridsWithBranch: Type.Integer(), groups: Type.Integer(), centers: Type.Integer(),
    householdsReached: Type.Integer(), households: Type.Integer(),
  }),
  rules: Type.Object({ centerHouseholdsMin: Type.Integer(), centerHouseholdsMax: Type.Integer() }),
  findings: Findings,
}));
const Created = Type.Object({ id: Type.Integer() });
const PostCreated = Type.Object({ postId: Type.Integer() });

export const partyModule: Module = {
  name: 'party',
  title: '党组织 Party organisations: the registry, members and officers, instructors, cross-appointments, the two coverages',
  migrations: [...migrations, ...gridChainMigrations],
  policy,
  routes: [
    route({
      method: 'GET', url: '/api/post-holders', action: policy.read,
      summary: 'People who hold posts or party membership (residents or not), phone masked',
      query: Type.Object({ region: RegionCode, q: Type.Optional(Type.String({ maxLength: 50 })) }),
      response: { 200: Type.Object({ items: Type.Array(ref(PostHolder)) }) },
      async handler(ctx) {
        const region = await callerRegion(ctx, ctx.query.region, { above: true });
        return { items: await listHolders(ctx.db, region.path, ctx.scope, ctx.query.q) };
      },
    }),
    route({
      method: 'POST', url: '/api/post-holders', action: policy.edit,
      summary: 'Register a person who holds a post (phone encrypted at rest, masked in responses)',
      description: '`partyStatus` records a party member whose membership sits in an organisation not registered here.',
      body: Type.Object({
        name: Type.String({ minLength: 1, maxLength: 50 }), gender: Type.Optional(Type.Union([Gender, Type.Null()])),
        phone: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()])), regionCode: RegionCode,
        partyStatus: Type.Optional(Type.Union([PartyStatus, Type.Null()])),
      }, { additionalProperties: false }),
      response: { 201: ref(PostHolder) },
      async handler(ctx) {
        const id = await ctx.command({ action: 'party.holder.create', targetType: 'post_holder', targetId: (x: number) => String(x), detail: { regionCode: ctx.body.regionCode } },
          (tx) => createHolder(tx, ctx.keys, ctx.body, ctx.scope));
        ctx.reply.status(201);
        return holderById(ctx.db, id);
      },
    }),
    route({
      method: 'POST', url: '/api/post-holders/:id/reveal', action: policy.reveal,
      summary: 'Show a post holder\'s phone in full, for a stated purpose; audited',
      params: Type.Object({ id: Id }),
      body: Type.Object({ field: Type.Literal('phone'), reason: Type.String({ maxLength: 200 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ field: Type.Literal('phone'), value: Type.String() }) },
      async handler(ctx) {
        if (ctx.body.reason.trim().length < 4) throw new AppError('reveal_reason_required');
        const value = await ctx.command({ action: 'party.holder.reveal', targetType: 'post_holder', targetId: String(ctx.params.id), detail: { field: 'phone', reason: ctx.body.reason.trim() } },
          (tx) => revealHolderPhone(tx, ctx.keys, ctx.params.id, ctx.scope));
        return { field: 'phone', value };
      },
    }),
    route({
      method: 'GET', url: '/api/party-orgs', action: policy.read,
      summary: 'Party organisations in a region, with members, secretary, term and the branch-rule checks',
      query: Type.Object({ region: RegionCode, kind: Type.Optional(OrgKind) }),
      response: { 200: Type.Object({ items: Type.Array(ref(PartyOrg)) }) },
      async handler(ctx) {
        const region = await callerRegion(ctx, ctx.query.region, { above: true });
        return { items: await listOrgs(ctx.db, region.path, ctx.scope, ctx.lang, ctx.query.kind) };
      },
    }),
    route({
      method: 'POST', url: '/api/party-orgs', action: policy.edit,
      summary: 'Set up a party organisation attached to a unit (a joint branch covers up to 5 units)',
      body: Type.Object({
        name: Type.String({ minLength: 1, maxLength: 100 }), kind: OrgKind, parentId: Type.Optional(Type.Union([Id, Type.Null()])), regionCode: RegionCode,
        attached: Unit, joint: Type.Optional(Type.Boolean()), units: Type.Optional(Type.Array(Unit, { maxItems: 20 })),
        termStart: Type.Optional(Type.Union([DateStr, Type.Null()])), approvalRef: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
      }, { additionalProperties: false }),
      response: { 201: ref(PartyOrgDetail) },
      async handler(ctx) {
        const id = await ctx.command({ action: 'party.org.create', targetType: 'party_org', targetId: (x: number) => String(x), detail: { name: ctx.body.name, kind: ctx.body.kind, attached: ctx.body.attached, joint: !!ctx.body.joint } },
          (tx) => createOrg(tx, ctx.body, ctx.scope));
        ctx.reply.status(201);
        return orgDetail(ctx.db, id, ctx.scope, ctx.lang);
      },
    }),
    route({
      method: 'GET', url: '/api/party-orgs/:id', action: policy.read,
      summary: 'One organisation with its members, officers, units and sub-organisations',
      params: Type.Object({ id: Id }),
      response: { 200: ref(PartyOrgDetail) },
      async handler({ params, db, scope, lang }) { return orgDetail(db, params.id, scope, lang); },
    }),
    route({
      method: 'PATCH', url: '/api/party-orgs/:id', action: policy.edit,
      summary: 'Change an organisation\'s name, term start, approval record or superior (send the version you read)',
      params: Type.Object({ id: Id }),
      body: Type.Object({
        version: Type.Integer({ minimum: 1 }), name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
        termStart: Type.Optional(Type.Union([DateStr, Type.Null()])), approvalRef: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
        parentId: Type.Optional(Type.Union([Id, Type.Null()])),
      }, { additionalProperties: false }),
      response: { 200: ref(PartyOrgDetail) },
      async handler(ctx) {
        await ctx.command({ action: 'party.org.update', targetType: 'party_org', targetId: String(ctx.params.id), detail: { fields: Object.keys(ctx.body).filter((k) => k !== 'version') } },
          (tx) => updateOrg(tx, ctx.params.id, ctx.body, ctx.scope));
        return orgDetail(ctx.db, ctx.params.id, ctx.scope, ctx.lang);
      },
    }),
    route({
      method: 'POST', url: '/api/party-orgs/:id/units', action: policy.edit,
      summary: 'Add a unit to a joint branch (at most 5)',
      params: Type.Object({ id: Id }),
      body: Unit,
      response: { 200: ref(PartyOrgDetail) },
      async handler(ctx) {
        await ctx.command({ action: 'party.org.unit.add', targetType: 'party_org', targetId: String(ctx.params.id), detail: { unit: ctx.body } }, (tx) => addOrgUnit(tx, ctx.params.id, ctx.body, ctx.scope));
        return orgDetail(ctx.db, ctx.params.id, ctx.scope, ctx.lang);
      },
    }),
    route({
      method: 'POST', url: '/api/party-orgs/:id/members', action: policy.edit,
      summary: 'Register a member\'s organisational relationship with this organisation (one at a time per person)',
      params: Type.Object({ id: Id }),
      body: Type.Object({ holderId: Id, status: PartyStatus, joinedOn: DateStr }, { additionalProperties: false }),
      response: { 201: Created },
      async handler(ctx) {
        const id = await ctx.command({ action: 'party.member.add', targetType: 'party_org', targetId: String(ctx.params.id), detail: { holderId: ctx.body.holderId, status: ctx.body.status } },
          (tx) => addMember(tx, ctx.params.id, ctx.body, ctx.scope));
        ctx.reply.status(201);
        return { id };
      },
    }),
    route({
      method: 'POST', url: '/api/party-orgs/:id/members/:memberId/end', action: policy.edit,
      summary: 'End a membership here (transfer out, death …), kept in history',
      params: Type.Object({ id: Id, memberId: Id }),
      body: Type.Object({ on: DateStr, reason: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
      response: { 200: ref(Ok) },
      async handler(ctx) {
        await ctx.command({ action: 'party.member.end', targetType: 'party_org', targetId: String(ctx.params.id), detail: { memberId: ctx.params.memberId, reason: ctx.body.reason } },
          (tx) => endMember(tx, ctx.params.id, ctx.params.memberId, ctx.body, ctx.scope));
        return { ok: true };
      },
    }),
    route({
      method: 'PUT', url: '/api/party-orgs/:id/members/:memberId/status', action: policy.edit,
      summary: 'A probationary member becomes full (转正), or the record is corrected',
      params: Type.Object({ id: Id, memberId: Id }),
      body: Type.Object({ status: PartyStatus }, { additionalProperties: false }),
      response: { 200: ref(Ok) },
      async handler(ctx) {
        await ctx.command({ action: 'party.member.status', targetType: 'party_org', targetId: String(ctx.params.id), detail: { memberId: ctx.params.memberId, status: ctx.body.status } },
          (tx) => setMemberStatus(tx, ctx.params.id, ctx.params.memberId, ctx.body.status, ctx.scope));
        return { ok: true };
      },
    }),
    route({
      method: 'POST', url: '/api/party-orgs/:id/officers', action: policy.edit,
      summary: 'Appoint a secretary, deputy secretary or committee member (one secretary at a time)',
      params: Type.Object({ id: Id }),
      body: Type.Object({ holderId: Id, title: OfficerTitle, from: DateStr }, { additionalProperties: false }),
      response: { 201: PostCreated },
      async handler(ctx) {
        const id = await ctx.command({ action: 'party.officer.add', targetType: 'party_org', targetId: String(ctx.params.id), detail: { holderId: ctx.body.holderId, title: ctx.body.title } },
          (tx) => createPost(tx, { holderId: ctx.body.holderId, body: { kind: 'party_org', ref: String(ctx.params.id) }, title: ctx.body.title, from: ctx.body.from }, ctx.scope));
        ctx.reply.status(201);
        return { postId: id };
      },
    }),
    route({
      method: 'POST', url: '/api/posts', action: policy.edit,
      summary: 'Record a post on a body (party organisation, residents\' committee, owners\' committee, property company or outlet)',
      body: Type.Object({ holderId: Id, body: Type.Object({ kind: BodyKind, ref: Type.String({ minLength: 1, maxLength: 30 }) }, { additionalProperties: false }), title: Type.String({ minLength: 1, maxLength: 30 }), from: DateStr }, { additionalProperties: false }),
      response: { 201: PostCreated },
      async handler(ctx) {
        const id = await ctx.command({ action: 'party.post.add', targetType: 'post', targetId: (x: number) => String(x), detail: { holderId: ctx.body.holderId, body: ctx.body.body, title: ctx.body.title } },
          (tx) => createPost(tx, ctx.body, ctx.scope));
        ctx.reply.status(201);
        return { postId: id };
      },
    }),
    route({
      method: 'POST', url: '/api/posts/:id/end', action: policy.edit,
      summary: 'End a post (kept in history)',
      params: Type.Object({ id: Id }),
      body: Type.Object({ on: DateStr }, { additionalProperties: false }),
      response: { 200: ref(Ok) },
      async handler(ctx) {
        await ctx.command({ action: 'party.post.end', targetType: 'post', targetId: String(ctx.params.id) }, (tx) => endPost(tx, ctx.params.id, ctx.body.on, ctx.scope));
        return { ok: true };
      },
    }),
    route({
      method: 'GET', url: '/api/cross-appointments', action: policy.read,
      summary: 'Cross-appointments (交叉任职): people with current posts on two or more of the two committees, an owners\' committee and a property company',
      query: Type.Object({ region: RegionCode }),
      response: { 200: ref(CrossAppointments) },
      async handler(ctx) {
        const region = await callerRegion(ctx, ctx.query.region, { above: true });
        return crossAppointments(ctx.db, region.path, ctx.scope, ctx.lang);
      },
    }),
    route({
      method: 'POST', url: '/api/party-instructors', action: policy.edit,
      summary: 'Assign a party-building instructor to an owners\' committee, company or outlet without an organisation',
      body: Type.Object({ holderId: Id, unit: Type.Object({ kind: InstructedKind, ref: Type.String({ minLength: 1, maxLength: 20 }) }, { additionalProperties: false }), from: DateStr }, { additionalProperties: false }),
      response: { 201: Created },
      async handler(ctx) {
        const id = await ctx.command({ action: 'party.instructor.assign', targetType: 'party_instructor', targetId: (x: number) => String(x), detail: { holderId: ctx.body.holderId, unit: ctx.body.unit } },
          (tx) => assignInstructor(tx, ctx.body, ctx.scope));
        ctx.reply.status(201);
        return { id };
      },
    }),
    route({
      method: 'POST', url: '/api/party-instructors/:id/end', action: policy.edit,
      summary: 'End an instructor\'s assignment',
      params: Type.Object({ id: Id }),
      body: Type.Object({ on: DateStr }, { additionalProperties: false }),
      response: { 200: ref(Ok) },
      async handler(ctx) {
        await ctx.command({ action: 'party.instructor.end', targetType: 'party_instructor', targetId: String(ctx.params.id) }, (tx) => endInstructor(tx, ctx.params.id, ctx.body.on, ctx.scope));
        return { ok: true };
      },
    }),
    route({
      method: 'GET', url: '/api/party-units', action: policy.read,
      summary: 'The units checklist: owners\' committees or property companies/outlets with their party members, organisation, instructor and findings',
      query: Type.Object({ region: RegionCode, kind: Literals(['owners_committee', 'property'] as const) }),
      response: { 200: Type.Object({ items: Type.Array(ref(PartyUnit)) }) },
      async handler(ctx) {
        const region = await callerRegion(ctx, ctx.query.region, { above: true });
        return { items: await unitsChecklist(ctx.db, ctx.query.kind, region.path, ctx.scope, ctx.lang) };
      },
    }),
    route({
      method: 'GET', url: '/api/coverage/party', action: policy.coverage,
      summary: 'The two coverages (两个覆盖) of owners\' committees and property companies/outlets, for a region and each child region',
      description: 'withPartyOrg: bodies with an organisation of their own or covered by a joint branch; withInstructor: a current instructor and no organisation; ' +
        'withThreeMembers: ≥ 3 party members among post holders and own-organisation members; organisationCoverage = bodies with ≥ 3 members and an organisation ÷ withThreeMembers; ' +
        'workCoverage = (withPartyOrg + withInstructor) ÷ total; withPartyOrgShare = withPartyOrg ÷ total. Fractions 0–1, null when the denominator is 0. ' +
        'Property bodies are the companies registered in the region and the outlets located in it.',
      query: Type.Object({ region: RegionCode }),
      response: { 200: ref(PartyCoverage) },
      async handler(ctx) {
        const region = await callerRegion(ctx, ctx.query.region);
        return partyCoverage(ctx.db, region, ctx.scope);
      },
    }),
    route({
      method: 'GET', url: '/api/party-grid-chain', action: policy.read,
      summary: '网格党建: a community\'s grids, each with its grid branch, the branch\'s building/lane groups and their 党员中心户; totals and the checks',
      query: Type.Object({ community: RegionCode }),
      response: { 200: ref(PartyGridChain) },
      async handler(ctx) {
        const region = await callerRegion(ctx, ctx.query.community);
        if (region.level !== 'community') throw new AppError('chain_community_required');
        return gridChain(ctx.db, { code: region.code, name: region.name, path: region.path }, ctx.lang);
      },
    }),
    route({
      method: 'POST', url: '/api/party-center-households', action: policy.edit,
      summary: 'Name a group member\'s household a 党员中心户, with the number of households it keeps in touch with',
      body: Type.Object({
        orgId: Id, holderId: Id, householdId: Type.Optional(Type.Union([Id, Type.Null()])), address: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
        households: Type.Integer(), from: DateStr,
      }, { additionalProperties: false }),
      response: { 201: Created },
      async handler(ctx) {
        const id = await ctx.command({ action: 'party.center_household.add', targetType: 'party_org', targetId: String(ctx.body.orgId), detail: (x: number) => ({ id: x, holderId: ctx.body.holderId, households: ctx.body.households }) },
          (tx) => addCenterHousehold(tx, ctx.body, ctx.scope));
        ctx.reply.status(201);
        return { id };
      },
    }),
    route({
      method: 'POST', url: '/api/party-center-households/:id/end', action: policy.edit,
      summary: 'End a 党员中心户 (kept, with its dates)',
      params: Type.Object({ id: Id }),
      body: Type.Object({ to: DateStr }, { additionalProperties: false }),
      response: { 200: Type.Object({ id: Type.Integer(), ended: Type.String() }) },
      async handler(ctx) {
        await ctx.command({ action: 'party.center_household.end', targetType: 'party_center_household', targetId: String(ctx.params.id), detail: { to: ctx.body.to } },
          (tx) => endCenterHousehold(tx, ctx.params.id, ctx.body.to, ctx.scope));
        return { id: ctx.params.id, ended: ctx.body.to };
      },
    }),
  ],
  demo: ({ db, keys, log }) => db.tx((tx) => loadGridChainDemo(tx, keys, log)),
};
