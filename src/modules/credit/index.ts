import { Type } from '@sinclair/typebox';
import { AppError } from '../../core/http/errors.js';
import { route, type Ctx, type Module } from '../../core/http/module.js';
import { DateStr, Id, ref } from '../../core/http/schemas.js';
import { CreditAppeal, CreditAppeals, CreditOpenSurveys, CreditPeriod, CreditPeriodDetail, CreditPublicBreakdown, CreditPublicLists, CreditScheme, Scorer } from './schemas.js';

const Created = Type.Object({ id: Type.Integer() });
import { callerRegion, RegionCode } from '../regions/api.js';
import { decideAppeal, fileAppeal, listAppeals } from './appeals.js';
import { loadCreditDemo } from './demo.js';
import './errors.js';
import { migrations } from './migrations.js';
import { policy } from './policy.js';
import {
  addRecord, answerSurvey, appraiserOf, computePeriod, createPeriod, createScheme, fixPeriod, listPeriods, listSchemes, openSurveys, periodDetail,
  housingBureauMember, publicBreakdown, publicLists, publishPeriod, seedSchemes, setAppraisal,
} from './store.js';

/**
 * The roles a caller acts in for ratings. A department's staff take part only for the housing
 * bureau (RULES: the housing authority rates property companies; a sanitation or water bureau does
 * not): other departments' staff are not appraisers or managers here.
 */
async function creditRoles(ctx: Ctx<any, any, any>): Promise<string[]> {
  const roles = ctx.req.grants.map((g) => g.role as string);
  if (!roles.includes('department_staff') || (await housingBureauMember(ctx.db, ctx.me.accountId))) return roles;
  return roles.filter((r) => r !== 'department_staff');
}

async function assertRoles(ctx: Ctx<any, any, any>, allowed: readonly string[]): Promise<string[]> {
  const roles = await creditRoles(ctx);
  if (!roles.some((r) => allowed.includes(r))) throw new AppError('not_housing_bureau');
  return roles;
}

export const creditModule: Module = {
  name: 'credit',
  title: '信用评价 Credit ratings of property companies: schemes, periods, evidence, the red/black list',
  migrations,
  policy,
  reference: ({ db }) => seedSchemes(db),
  routes: [
    route({
      method: 'GET', url: '/api/credit-schemes', action: policy.readSchemes,
      summary: 'Rating schemes, every version (南昌 five stars and 烟台 points ship as version 1)',
      response: { 200: Type.Object({ items: Type.Array(ref(CreditScheme)) }) },
      async handler({ db }) { return { items: await listSchemes(db) }; },
    }),
    route({
      method: 'POST', url: '/api/credit-schemes', action: policy.editSchemes,
      summary: 'A new version of a scheme (weights add up to 1, each dimension\'s sources to 1, bands fall to 0)',
      body: Type.Object({ code: Type.String({ pattern: '^[a-z0-9-]{2,40}$' }), name: Type.String({ minLength: 1, maxLength: 100 }), kind: Type.Union([Type.Literal('stars'), Type.Literal('points')]),
        definition: Type.Object({}, { additionalProperties: true, description: 'stars: { dimensions[{ key, name, nameEn?, weight, sources[{ scorer, share }] }], bands[{ grade, min, list?, consequence? }] }; points: { baseMax, goodMax, recordValidityDays, seriousBlacklists, noBadRecordGrade, bands }. Checked against the kind\'s shape (400 scheme_invalid, field paths in details), then for consistency.' }) }, { additionalProperties: false }),
      response: { 201: ref(CreditScheme) },
      async handler(ctx) {
        const id = await ctx.command({ action: 'credit.scheme.create', targetType: 'credit_scheme', targetId: (x: number) => String(x), detail: { code: ctx.body.code } }, (tx) => createScheme(tx, ctx.body, ctx.me.accountId));
        ctx.reply.status(201);
        return (await listSchemes(ctx.db)).find((s) => s.id === id);
      },
    }),
    route({
      method: 'GET', url: '/api/credit-periods', action: policy.read,
      summary: 'Rating periods for a region (and those above it that cover the caller)',
      query: Type.Object({ region: RegionCode }),
      response: { 200: Type.Object({ items: Type.Array(ref(CreditPeriod)) }) },
      async handler(ctx) {
        const region = await callerRegion(ctx, ctx.query.region, { above: true });
        return { items: await listPeriods(ctx.db, region.path, ctx.scope) };
      },
    }),
    route({
      method: 'POST', url: '/api/credit-periods', action: policy.manage,
      summary: 'Open a rating period for a street or district with a scheme version',
      body: Type.Object({ schemeId: Id, regionCode: RegionCode, name: Type.String({ minLength: 1, maxLength: 100 }), startsOn: DateStr, endsOn: DateStr }, { additionalProperties: false }),
      response: { 201: ref(CreditPeriodDetail) },
      async handler(ctx) {
        await assertRoles(ctx, policy.manage.allow as readonly string[]);
        const id = await ctx.command({ action: 'credit.period.create', targetType: 'credit_period', targetId: (x: number) => String(x), detail: { ...ctx.body } }, (tx) => createPeriod(tx, ctx.body, ctx.scope));
        ctx.reply.status(201);
        return periodDetail(ctx.db, id, ctx.scope, ctx.lang);
      },
    }),
    route({
      method: 'GET', url: '/api/credit-periods/:id', action: policy.read,
      summary: 'A period with each company\'s appraisals, survey figures, score, grade and breakdown',
      params: Type.Object({ id: Id }),
      description: '`appraiser`: the dimensions the caller scores as itself (`scorers`) and whether it may score any on another\'s behalf (`onBehalf`, administrators).',
      response: { 200: Type.Intersect([ref(CreditPeriodDetail), Type.Object({ appraiser: Type.Object({ scorers: Type.Array(Scorer), onBehalf: Type.Boolean() }) })]) },
      async handler({ params, db, scope, lang, me }) {
        return { ...(await periodDetail(db, params.id, scope, lang)), appraiser: appraiserOf(me.assignments.map((a) => a.role)) };
      },
    }),
    route({
      method: 'PUT', url: '/api/credit-periods/:id/appraisals', action: policy.appraise,
      summary: 'Score one dimension of one company as its appraiser (housing bureau, street, community party organisation)',
      params: Type.Object({ id: Id }),
      body: Type.Object({
        companyId: Id, dimension: Type.String({ minLength: 1, maxLength: 40 }), score: Type.Number(), note: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
        scorer: Type.Optional(Type.Union([Type.Literal('housing_bureau'), Type.Literal('street'), Type.Literal('community_party_org')], { description: 'administrators only: on whose behalf' })),
      }, { additionalProperties: false }),
      response: { 200: ref(CreditPeriodDetail) },
      async handler(ctx) {
        const roles = await creditRoles(ctx);
        await ctx.command({ action: 'credit.appraise', targetType: 'credit_period', targetId: String(ctx.params.id), detail: (scorer: string) => ({ companyId: ctx.body.companyId, dimension: ctx.body.dimension, score: ctx.body.score, scorer }) },
          (tx) => setAppraisal(tx, ctx.params.id, ctx.body, { roles, scope: ctx.scope, accountId: ctx.me.accountId }));
        return periodDetail(ctx.db, ctx.params.id, ctx.scope, ctx.lang);
      },
    }),
    route({
      method: 'POST', url: '/api/credit-records', action: policy.record,
      summary: 'Record a good or bad credit record of a company (counts 365 days unless validDays says otherwise)',
      body: Type.Object({
        companyId: Id, kind: Type.Union([Type.Literal('good'), Type.Literal('bad')]), points: Type.Number(), serious: Type.Optional(Type.Boolean()),
        reason: Type.String({ minLength: 2, maxLength: 500 }), occurredOn: DateStr, validDays: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 3650 }), Type.Null()])),
      }, { additionalProperties: false }),
      response: { 201: Created },
      async handler(ctx) {
        await assertRoles(ctx, policy.record.allow as readonly string[]);
        const id = await ctx.command({ action: 'credit.record.add', targetType: 'property_company', targetId: String(ctx.body.companyId), detail: { kind: ctx.body.kind, points: ctx.body.points, serious: !!ctx.body.serious } },
          (tx) => addRecord(tx, ctx.body, ctx.scope, ctx.me.accountId));
        ctx.reply.status(201);
        return { id };
      },
    }),
    route({
      method: 'GET', url: '/api/credit-surveys/open', action: policy.survey,
      summary: 'The satisfaction surveys a resident\'s household may answer now (the company serving its compound, per open period); needs the account bound to a household',
      response: { 200: ref(CreditOpenSurveys) },
      async handler({ db, me }) { return openSurveys(db, me.accountId); },
    }),
    route({
      method: 'POST', url: '/api/credit-periods/:id/survey', action: policy.survey,
      summary: 'Answer the satisfaction survey (1–5): one response per household, per company serving its compound, per period',
      params: Type.Object({ id: Id }),
      body: Type.Object({ companyId: Id, compoundId: Type.Optional(Id), score: Type.Integer({ minimum: 1, maximum: 5 }), comment: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])) }, { additionalProperties: false }),
      response: { 201: Created },
      async handler(ctx) {
        const id = await ctx.command({ action: 'credit.survey.answer', targetType: 'credit_period', targetId: String(ctx.params.id), detail: { companyId: ctx.body.companyId, compoundId: ctx.body.compoundId, score: ctx.body.score } },
          (tx) => answerSurvey(tx, ctx.params.id, ctx.body, ctx.me.accountId, ctx.scope));
        ctx.reply.status(201);
        return { id };
      },
    }),
    route({
      method: 'POST', url: '/api/credit-periods/:id/compute', action: policy.manage,
      summary: 'Compute every company\'s score from the evidence (again, until published)',
      params: Type.Object({ id: Id }),
      response: { 200: ref(CreditPeriodDetail) },
      async handler(ctx) {
        await assertRoles(ctx, policy.manage.allow as readonly string[]);
        await ctx.command({ action: 'credit.period.compute', targetType: 'credit_period', targetId: String(ctx.params.id), detail: (r: { companies: number; red: number; black: number }) => ({ ...r }) }, (tx) => computePeriod(tx, ctx.params.id, ctx.scope));
        return periodDetail(ctx.db, ctx.params.id, ctx.scope, ctx.lang);
      },
    }),
    route({
      method: 'POST', url: '/api/credit-periods/:id/publish', action: policy.manage,
      summary: 'Publish the computed result with an appeal window; the red/black list becomes public',
      params: Type.Object({ id: Id }),
      body: Type.Object({ appealDays: Type.Integer({ minimum: 0, maximum: 90 }) }, { additionalProperties: false }),
      response: { 200: ref(CreditPeriodDetail) },
      async handler(ctx) {
        await assertRoles(ctx, policy.manage.allow as readonly string[]);
        await ctx.command({ action: 'credit.period.publish', targetType: 'credit_period', targetId: String(ctx.params.id), detail: (until: string) => ({ appealUntil: until }) }, (tx) => publishPeriod(tx, ctx.params.id, ctx.body.appealDays, ctx.scope));
        return periodDetail(ctx.db, ctx.params.id, ctx.scope, ctx.lang);
      },
    }),
    route({
      method: 'POST', url: '/api/credit-periods/:id/fix', action: policy.manage,
      summary: 'Fix the result after the appeal window',
      params: Type.Object({ id: Id }),
      response: { 200: ref(CreditPeriodDetail) },
      async handler(ctx) {
        await assertRoles(ctx, policy.manage.allow as readonly string[]);
        await ctx.command({ action: 'credit.period.fix', targetType: 'credit_period', targetId: String(ctx.params.id) }, (tx) => fixPeriod(tx, ctx.params.id, ctx.scope));
        return periodDetail(ctx.db, ctx.params.id, ctx.scope, ctx.lang);
      },
    }),
    route({
      method: 'GET', url: '/api/credit-periods/:id/appeals', action: policy.read,
      summary: 'Appeals against a period\'s result: all for its managers, their own company\'s for property staff (with whether they may file one now)',
      params: Type.Object({ id: Id }),
      response: { 200: ref(CreditAppeals) },
      async handler(ctx) { return listAppeals(ctx.db, ctx.params.id, ctx.scope, { roles: ctx.req.grants.map((g) => g.role), accountId: ctx.me.accountId }); },
    }),
    route({
      method: 'POST', url: '/api/credit-periods/:id/appeals', action: policy.appeal,
      summary: 'A company\'s staff appeal its published result while the appeal window is open (one appeal per company per period)',
      params: Type.Object({ id: Id }),
      body: Type.Object({ dimension: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 40 }), Type.Null()])), reason: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false }),
      response: { 201: ref(CreditAppeal) },
      async handler(ctx) {
        const id = await ctx.command({ action: 'credit.appeal.file', targetType: 'credit_period', targetId: String(ctx.params.id), detail: (x: number) => ({ appealId: x, dimension: ctx.body.dimension ?? null }) },
          (tx) => fileAppeal(tx, ctx.params.id, ctx.body, ctx.me.accountId, ctx.scope));
        ctx.reply.status(201);
        const out = await listAppeals(ctx.db, ctx.params.id, ctx.scope, { roles: ctx.req.grants.map((g) => g.role), accountId: ctx.me.accountId });
        return out.items.find((a: { id: number }) => Number(a.id) === id);
      },
    }),
    route({
      method: 'POST', url: '/api/credit-appeals/:id/decision', action: policy.manage,
      summary: 'Decide an appeal: upheld with corrected appraisals (the company\'s score is computed again) or rejected, with a reply',
      params: Type.Object({ id: Id }),
      body: Type.Object({
        decision: Type.Union([Type.Literal('upheld'), Type.Literal('rejected')]), reply: Type.String({ minLength: 1, maxLength: 2000 }),
        corrections: Type.Optional(Type.Array(Type.Object({
          dimension: Type.String({ minLength: 1, maxLength: 40 }), scorer: Type.Union([Type.Literal('housing_bureau'), Type.Literal('street'), Type.Literal('community_party_org')]),
          score: Type.Number(), note: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
        }, { additionalProperties: false }), { maxItems: 10 })),
      }, { additionalProperties: false }),
      response: { 200: ref(CreditAppeal) },
      async handler(ctx) {
        await assertRoles(ctx, policy.manage.allow as readonly string[]);
        const r = await ctx.command({ action: 'credit.appeal.decide', targetType: 'credit_appeal', targetId: String(ctx.params.id), detail: (x: { decision: string; before: unknown; after: unknown }) => ({ decision: x.decision, before: x.before, after: x.after }) },
          (tx) => decideAppeal(tx, ctx.params.id, ctx.body, ctx.me.accountId, ctx.scope));
        const out = await listAppeals(ctx.db, r.periodId, ctx.scope, { roles: ctx.req.grants.map((g) => g.role), accountId: ctx.me.accountId });
        return out.items.find((a: { id: number }) => Number(a.id) === ctx.params.id);
      },
    }),
    route({
      method: 'GET', url: '/api/public/credit-lists', action: policy.public,
      summary: 'The published red and black lists of a region, per period, newest first (no sign-in)',
      query: Type.Object({ region: RegionCode }),
      response: { 200: ref(CreditPublicLists) },
      async handler({ query, db }) { return publicLists(db, query.region); },
    }),
    route({
      method: 'GET', url: '/api/public/credit-lists/:periodId/companies/:companyId', action: policy.public,
      summary: 'How a published score was reached, down to each piece of evidence (no sign-in)',
      params: Type.Object({ periodId: Id, companyId: Id }),
      response: { 200: ref(CreditPublicBreakdown) },
      async handler({ params, db, lang }) { return publicBreakdown(db, params.periodId, params.companyId, lang); },
    }),
  ],
  demo: loadCreditDemo,
};
