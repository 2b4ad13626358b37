/** 公示: disclosures to a compound's residents, their compliance, the overdue sweep, and residents' questions (which become cases). */
import { Type } from '@sinclair/typebox';
import { runInTx } from '../../../core/command.js';
import { AppError } from '../../../core/http/errors.js';
import { route, type RouteDef } from '../../../core/http/module.js';
import { Id, Nullable, ref } from '../../../core/http/schemas.js';
import { Disclosure, DisclosureCompliance, DisclosureOverdueSweep } from '../schemas.js';
import { placeReport, reportCase, type IntakeInput } from '../../cases/api.js';
import { accountHousehold, compoundPlace, compoundsAt } from '../../people/api.js';
import { callerRegion, RegionCode, regionNames } from '../../regions/api.js';
import { CATEGORIES } from '../disclosure-rules.js';
import { attachFiles, disclosureFileLimits } from '../disclosure-files.js';
import { overduePolicy, overdueSweepIn } from '../disclosure-overdue.js';
import { compliance, disclosureInScope, listDisclosures, publishDisclosure } from '../disclosures.js';
import { policy } from '../policy.js';

export const disclosureRoutes: RouteDef[] = [
    route({
      method: 'GET', url: '/api/disclosures', action: policy.readDisclosures,
      summary: 'What was disclosed (公示) for a compound or in a region, newest first',
      query: Type.Object({ compound: Type.Optional(Id), region: Type.Optional(RegionCode) }),
      response: { 200: Type.Object({ items: Type.Array(ref(Disclosure)) }) },
      async handler({ query, db, scope }) {
        if (!query.compound && !query.region) throw new AppError('validation_failed', {}, [{ field: 'query.compound', message: 'compound or region is required' }]);
        const region = query.region ? await callerRegion({ db, scope }, query.region, { above: true }) : null;
        return { items: await listDisclosures(db, { compoundId: query.compound, regionPath: region?.path }, scope) };
      },
    }),
    route({
      method: 'POST', url: '/api/disclosures', action: policy.publishDisclosure,
      summary: 'Publish a disclosure to a compound\'s residents (a fund statement must add up)',
      description: 'Categories: service, fees, maintenance_fund, common_income (the company serving the compound); committee_decision, committee_accounts (its owners\' committee). ' +
        'Period: 2026 | 2026-H1 | 2026-Q3 | 2026-09. Figures (maintenance_fund, common_income, committee_accounts): { opening, income: [{ item, amount }], spending: [...], closing } in 分; opening + Σincome − Σspending = closing.',
      body: Type.Object({
        compoundId: Id, category: Type.Union(CATEGORIES.map((c) => Type.Literal(c))), period: Type.String({ maxLength: 10 }),
        title: Type.String({ minLength: 1, maxLength: 100 }), content: Type.String({ minLength: 1, maxLength: 50_000 }),
        figures: Type.Optional(Type.Union([Type.Object({
          opening: Type.Number(), closing: Type.Number(),
          income: Type.Array(Type.Object({ item: Type.String({ maxLength: 100 }), amount: Type.Number() }, { additionalProperties: false }), { maxItems: 200 }),
          spending: Type.Array(Type.Object({ item: Type.String({ maxLength: 100 }), amount: Type.Number() }, { additionalProperties: false }), { maxItems: 200 }),
        }, { additionalProperties: false }), Type.Null()])),
        attachments: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 30, description: 'ids of the caller\'s own uploads (POST /api/disclosure-files), attached in this order' })),
      }, { additionalProperties: false }),
      response: { 201: ref(Disclosure) },
      async handler(ctx) {
        const roles = ctx.req.grants.map((g) => g.role);
        const { attachments, ...disclosure } = ctx.body;
        const limits = await disclosureFileLimits(ctx.db);
        const id = await ctx.command({ action: 'property.disclosure.publish', targetType: 'disclosure', targetId: (x: number) => String(x), detail: { compoundId: ctx.body.compoundId, category: ctx.body.category, period: ctx.body.period, ...(attachments?.length ? { attachments } : {}) } },
          async (tx) => {
            // the disclosure and its attachments are written together, or not at all
            const id = await publishDisclosure(tx, disclosure, ctx.scope, roles, ctx.me.accountId);
            await attachFiles(tx, id, attachments, ctx.me.accountId, limits);
            return id;
          });
        ctx.reply.status(201);
        return disclosureInScope(ctx.db, id, ctx.scope);
      },
    }),
    route({
      method: 'GET', url: '/api/disclosures/compliance', action: policy.disclosureCompliance,
      summary: 'Disclosure compliance: per compound and category, the last period due, whether it was disclosed, and overdue flags',
      query: Type.Object({ region: RegionCode }),
      response: { 200: ref(DisclosureCompliance) },
      async handler({ query, db, scope }) {
        const region = await callerRegion({ db, scope }, query.region, { above: true });
        return compliance(db, region.path, scope);
      },
    }),
    route({
      method: 'GET', url: '/api/disclosures/:id', action: policy.readDisclosures,
      summary: 'One disclosure',
      params: Type.Object({ id: Id }),
      response: { 200: ref(Disclosure) },
      async handler({ params, db, scope }) { return disclosureInScope(db, params.id, scope); },
    }),
    route({
      method: 'POST', url: '/api/disclosures/overdue-sweep', action: overduePolicy.runOverdueSweep,
      summary: 'Flag overdue disclosures now and notify the community, street and housing bureau (also runs every hour; each compound × category × period is told once)',
      response: { 200: ref(DisclosureOverdueSweep) },
      async handler(ctx) {
        const r = await ctx.command({ action: 'property.disclosure.overdue_sweep', detail: (x: { flagged: number; compounds: number; notices: number }) => ({ flagged: x.flagged, compounds: x.compounds, notices: x.notices }) },
          (tx) => overdueSweepIn(tx));
        return r;
      },
    }),
    route({
      method: 'GET', url: '/api/compounds/mine', action: policy.compoundsMine,
      summary: 'The compounds of the community a resident\'s account belongs to; the home compound (实名绑定) first, marked `home`',
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), communityName: Nullable(Type.String()), home: Type.Boolean({ description: 'the home compound (实名绑定)' }) })) }) },
      async handler(ctx) {
        const home = await accountHousehold(ctx.db, ctx.me.accountId);
        const compounds = await compoundsAt(ctx.db, ctx.scope, home?.compoundId ?? null);
        const names = await regionNames(ctx.db, compounds.map((c) => c.communityCode));
        return { items: compounds.map((c) => ({ id: c.id, name: c.name, communityName: names.get(c.communityCode) ?? null, home: c.home })) };
      },
    }),
    route({
      method: 'POST', url: '/api/disclosures/:id/questions', action: policy.ask,
      summary: 'A resident asks about a disclosure: it becomes a case (物业服务纠纷) for the compound\'s community',
      params: Type.Object({ id: Id }),
      body: Type.Object({ text: Type.String({ minLength: 2, maxLength: 2000 }) }, { additionalProperties: false }),
      response: { 201: Type.Object({ caseId: Type.Integer(), caseNumber: Type.String() }) },
      async handler(ctx) {
        const d = await disclosureInScope(ctx.db, ctx.params.id, ctx.scope);
        const cp = (await compoundPlace(ctx.db, d.compoundId))!; // a disclosure's compound exists (foreign key)
        const actor = ctx.me;
        // the case is filed by the one intake (cases' reportCase) in this command's transaction, its compound set at once
        const input: IntakeInput = {
          source: 'resident', categoryCode: '0902', description: `关于公示《${d.title}》（${d.period}）的疑问：${ctx.body.text.trim()}`, address: cp.address ?? cp.name, regionCode: cp.communityCode,
          ...(cp.lon !== null && cp.lat !== null ? { lon: cp.lon, lat: cp.lat } : {}),
        };
        const at = await placeReport(ctx.db, input, { scope: null, fallbackRegion: cp.communityCode });
        const r = await ctx.command({ action: 'property.disclosure.question', targetType: 'disclosure', targetId: String(ctx.params.id), detail: (x: { number: string }) => ({ caseNumber: x.number }) },
          (tx) => runInTx(tx, ctx.who, reportCase, { ...input, at, keys: ctx.keys, reporter: { name: actor.displayName, role: 'resident' }, compoundId: cp.id }));
        ctx.reply.status(201);
        return { caseId: r.id, caseNumber: r.number };
      },
    }),
];
