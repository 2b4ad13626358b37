/**
 * Care plans (关爱计划): rules per care group as data (care_rule, edited by administrators, audited),
 * the seed's default — living alone aged 65+: two phone contacts (a visit counts too) each ISO week,
 * one home visit each half-month; each grid's due list; missed slots flagged the day after their
 * period and told to the grid's workers and leader (job `care.overdue`, once per slot); compliance
 * per grid, community and street. Members from the people module, contacts from the visits module.
 */
import { Type } from '@sinclair/typebox';
import { pathInScope } from '../../core/access/policy.js';
import { AppError } from '../../core/http/errors.js';
import { route, type Module } from '../../core/http/module.js';
import { DateStr, Id, named, Nullable, ref } from '../../core/http/schemas.js';
import { addDays, chinaToday } from '../../core/time.js';
import { gridBrief, gridNames } from '../grids/api.js';
import { gridWorkerScope } from '../grids/scope.js';
import { namesVisibleAt, PLAN_GROUPS } from '../people/api.js';
import { callerRegion, regionNames } from '../regions/api.js';
import './errors.js';
import { migrations } from './migrations.js';
import { policy } from './policy.js';
import { PERIODS, RULE_KINDS } from './rules.js';
import { changeRule, compliance, createRule, dueList, listRules, ruleLabel, sweepCareOverdue } from './store.js';

const GridCode = Type.String({ pattern: '^[0-9]{15}$' });
export const CareDueItem = named('CareDueItem', Type.Object({
  residentId: Type.Integer(), householdId: Type.Integer(), name: Type.String({ description: 'masked (王*) for callers who may not see residents\' names' }),
  rule: Type.String({ description: 'the rule in words' }), ruleId: Type.Integer(),
  kind: Type.Union([Type.Literal('phone'), Type.Literal('visit')]), period: Type.String({ description: '2026-W49, 2026-12-H1, 2026-12' }),
  dueBy: Type.String({ description: 'the last day of the period (China date)' }), done: Type.Integer(), needed: Type.Integer(),
  overdue: Type.Boolean({ description: 'a slot of a period already ended, missed' }),
}));
const tally = { due: Type.Integer(), done: Type.Integer(), overdue: Type.Integer(), open: Type.Integer({ description: 'due, in a period still running, not yet met' }), rate: Nullable(Type.Number({ description: 'done / (done + overdue)' })) };
export const CareCompliance = named('CareCompliance', Type.Object({
  region: Type.Object({ code: Type.String(), name: Type.String(), level: Type.String() }), from: Type.String(), to: Type.String(), asOf: Type.String(),
  ...tally,
  byChild: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), level: Type.String(), ...tally })),
}));
export const CareRule = named('CareRule', Type.Object({
  id: Type.Integer(), careGroup: Type.String(), kind: Type.String(), per: Type.String(), times: Type.Integer(), active: Type.Boolean(), createdOn: Type.String(), version: Type.Integer(), label: Type.String(),
}));

/** Dates the rules compute with: 2000–2100 (years outside four digits break the calendar arithmetic). */
const inRange = (d: string) => d >= '2000-01-01' && d <= '2100-12-31';

const LEVEL_BELOW: Record<string, string> = { province: 'city', city: 'district', district: 'street', street: 'community', community: 'grid' };

export const careModule: Module = {
  name: 'care',
  title: '关爱计划 Care plans: rules per care group, due lists, overdue notices, compliance',
  migrations,
  policy,
  jobs: [{ name: 'care.overdue', everyMs: 10 * 60_000, run: (db) => sweepCareOverdue(db) }],
  routes: [
    route({
      method: 'GET', url: '/api/care/due', action: policy.due,
      summary: 'A grid\'s care due list as of a day: who needs a call this week, a visit this half-month, and the slots just missed (overdue first)',
      query: Type.Object({ grid: GridCode, date: Type.Optional(DateStr) }),
      response: { 200: Type.Object({ date: Type.String(), items: Type.Array(ref(CareDueItem)) }) },
      async handler(ctx) {
        const g = await gridBrief(ctx.db, ctx.query.grid);
        if (!g || !pathInScope(await gridWorkerScope(ctx.db, ctx.actor, ctx.req.grants), g.path)) throw new AppError('grid_not_found', { code: ctx.query.grid });
        const date = ctx.query.date ?? chinaToday();
        if (!inRange(date)) throw new AppError('care_date_invalid');
        return { date, items: await dueList(ctx.db, g.path, date, await namesVisibleAt(ctx.db, ctx.actor, g.path), ctx.lang) };
      },
    }),
    route({
      method: 'GET', url: '/api/care/compliance', action: policy.compliance,
      summary: 'Care-plan compliance of a street, community or grid over a range, with its children',
      description: 'Slots of periods ending in [from, to] (default: this month so far) that have begun: due; met: done; ended unmet: overdue; open = due − done − overdue. rate = done / (done + overdue).',
      query: Type.Object({ region: Type.String({ pattern: '^\\d{6}(\\d{3}(\\d{3}(\\d{3})?)?)?$', description: 'district, street or community code, or a 15-digit grid code' }), from: Type.Optional(DateStr), to: Type.Optional(DateStr) }),
      response: { 200: ref(CareCompliance) },
      async handler(ctx) {
        const today = chinaToday();
        const from = ctx.query.from ?? `${today.slice(0, 8)}01`, to = ctx.query.to ?? today;
        if (!inRange(from) || !inRange(to)) throw new AppError('care_date_invalid');
        if (from > to || addDays(from, 366) < to) throw new AppError('care_range_invalid');
        let region: { code: string; name: string; level: string; path: string };
        if (ctx.query.region.length === 15) {
          const g = await gridBrief(ctx.db, ctx.query.region);
          if (!g || !pathInScope(ctx.scope, g.path)) throw new AppError('care_region_not_found', { code: ctx.query.region });
          region = { code: g.code, name: g.name, level: 'grid', path: g.path };
        } else {
          const r = await callerRegion(ctx, ctx.query.region);
          region = { code: r.code, name: r.name, level: r.level, path: r.path };
        }
        const childOf = (p: string) => region.level === 'grid' ? null : p.slice(region.path.length).split('/')[0] || null;
        const { total, byChild } = await compliance(ctx.db, region.path, from, to, today, childOf);
        const childLevel = LEVEL_BELOW[region.level] ?? 'grid';
        const codes = [...byChild.keys()];
        const names: Map<string, string> = childLevel === 'grid' ? new Map([...(await gridNames(ctx.db, codes))].map(([c, g]) => [c, g.name])) : await regionNames(ctx.db, codes);
        return {
          region: { code: region.code, name: region.name, level: region.level }, from, to, asOf: today, ...total,
          byChild: codes.sort().map((code) => ({ code, name: names.get(code) ?? code, level: childLevel, ...byChild.get(code)! })),
        };
      },
    }),
    route({
      method: 'GET', url: '/api/care/rules', action: policy.rules,
      summary: 'The care rules per care group (the seed\'s default: living alone aged 65+, 2 calls a week and 1 home visit a half-month)',
      response: { 200: Type.Object({ items: Type.Array(ref(CareRule)) }) },
      async handler(ctx) {
        return { items: (await listRules(ctx.db)).map((r) => ({ ...r, label: ruleLabel(r, ctx.lang) })) };
      },
    }),
    route({
      method: 'POST', url: '/api/care/rules', action: policy.editRules,
      summary: 'Add a care rule for a care group (administrators; audited); it owes nothing for periods before today',
      body: Type.Object({
        careGroup: Type.Union(PLAN_GROUPS.map((g) => Type.Literal(g))), kind: Type.Union(RULE_KINDS.map((k) => Type.Literal(k))),
        per: Type.Union(PERIODS.map((p) => Type.Literal(p))), times: Type.Integer({ minimum: 1, maximum: 31 }),
      }, { additionalProperties: false }),
      response: { 201: ref(CareRule) },
      async handler(ctx) {
        const r = await ctx.run(createRule, { ...ctx.body, createdOn: chinaToday() });
        ctx.reply.status(201);
        return { ...r, label: ruleLabel(r, ctx.lang) };
      },
    }),
    route({
      method: 'PUT', url: '/api/care/rules/:id', action: policy.editRules,
      summary: 'Change a care rule\'s count or switch it off (administrators; audited; the version seen, 409 if changed meanwhile)',
      params: Type.Object({ id: Id }),
      body: Type.Object({ version: Type.Integer({ minimum: 1 }), times: Type.Optional(Type.Integer({ minimum: 1, maximum: 31 })), active: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      response: { 200: ref(CareRule) },
      async handler(ctx) {
        const r = await ctx.run(changeRule, { id: ctx.params.id, ...ctx.body });
        return { ...r, label: ruleLabel(r, ctx.lang) };
      },
    }),
  ],
};
