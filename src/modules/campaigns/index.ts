/**
 * Campaigns down the grids (大网格、中网格、小网格): a street (big grid) or community (medium grid)
 * starts a campaign over its area — 入户排查, 消防安全检查, epidemic screening, a census of the
 * elderly, or any kind named in free text — with a checklist per household, dwelling, building or
 * compound (read through the people module's campaignTargets), a deadline and optionally emergency
 * mode. Each target is an item in the grid it lies in; grid workers answer their grids' items (a
 * resend is harmless, a second answer is a 409 naming the first unless it is an explicit revision);
 * figures roll up live street → community → grid; a problem found becomes a case in one step
 * (cases' reportCase), linked both ways; results export to .xlsx with doors masked.
 * Not here yet: answering offline on the phone (the phone answers online only).
 */
import { Type } from '@sinclair/typebox';
import { visibleOr404 } from '../../core/access/policy.js';
import { runInTx } from '../../core/command.js';
import { AppError } from '../../core/http/errors.js';
import { route, type Ctx, type Module } from '../../core/http/module.js';
import { DateStr, fileReply, Id, Instant, named, Nullable, Ok, ref, XLSX_TYPE } from '../../core/http/schemas.js';
import { chinaToday } from '../../core/time.js';
import { placeReport, reportCase, unattachedPhotosOf, type IntakeInput } from '../cases/api.js';
import { gridNames } from '../grids/api.js';
import { gridWorkerScope } from '../grids/scope.js';
import { callerRegion, regionNames, RegionCode, type RegionRow } from '../regions/api.js';
import { campaignsDemo } from './demo.js';
import './errors.js';
import { exportCampaign } from './export.js';
import { migrations } from './migrations.js';
import { policy } from './policy.js';
import { campaignStatus, checkChecklist, deadlineAllowed, ITEM_TYPES, photosOf, progress, TARGET_UNITS } from './rules.js';
import {
  answerItem, campaignInScope, closeCampaign, createCampaign, itemInScope, linkCase, listCampaigns, listItems, rollup,
  type CampaignListRow, type CampaignRow, type ItemRow,
} from './store.js';

const lit = <T extends string>(xs: readonly T[]) => Type.Union(xs.map((x) => Type.Literal(x)));

const ChecklistItemIn = Type.Object({
  key: Type.Optional(Type.String({ minLength: 1, maxLength: 30, description: 'a-z, 0-9, _ (default q1, q2 …)' })),
  label: Type.String({ minLength: 1, maxLength: 100 }),
  type: lit(ITEM_TYPES),
  required: Type.Optional(Type.Boolean({ description: 'default true' })),
  problemWhen: Type.Optional(Type.Boolean({ description: 'yes/no items: the answer that means a problem was found' })),
}, { additionalProperties: false });

export const CampaignChecklistItem = named('CampaignChecklistItem', Type.Object({
  key: Type.String(), label: Type.String(), type: lit(ITEM_TYPES), required: Type.Boolean(), problemWhen: Type.Optional(Type.Boolean()),
}));

const Figures = {
  total: Type.Integer(), done: Type.Integer(), todo: Type.Integer(), problems: Type.Integer(),
  rate: Type.Number({ description: 'done ÷ total (0 for no items)' }),
};
export const CampaignProgress = named('CampaignProgress', Type.Object(Figures));

export const Campaign = named('Campaign', Type.Object({
  id: Type.Integer(), regionCode: Type.String(), regionName: Type.String(), title: Type.String(),
  kind: Type.String({ description: 'door_to_door, fire_safety, epidemic_screening, elderly_census, or free text' }),
  targetUnit: lit(TARGET_UNITS), checklist: Type.Array(ref(CampaignChecklistItem)), deadline: Type.String(), emergency: Type.Boolean(),
  state: lit(['running', 'closed'] as const), status: lit(['running', 'due_today', 'overdue', 'closed'] as const),
  createdByName: Type.String(), createdAt: Instant, closedAt: Nullable(Instant),
  ...Figures,
}, { description: 'The figures count the items in the caller\'s scope (a worker: their grids).' }));

export const CampaignItem = named('CampaignItem', Type.Object({
  id: Type.Integer(), campaignId: Type.Integer(), unitId: Type.Integer(), place: Type.String(), room: Nullable(Type.String()),
  communityCode: Type.String(), gridCode: Type.String(), gridName: Nullable(Type.String()),
  version: Type.Integer({ description: '0: not answered yet' }), answers: Nullable(Type.Record(Type.String(), Type.Unknown())),
  problem: Type.Boolean(), note: Nullable(Type.String()), answeredBy: Nullable(Type.String()), answeredAt: Nullable(Instant),
  caseId: Nullable(Type.Integer()), caseNumber: Nullable(Type.String()),
}));

const RollupRow = Type.Object({ code: Type.String(), name: Type.String(), ...Figures });
export const CampaignRollup = named('CampaignRollup', Type.Object({
  campaign: ref(Campaign),
  region: Type.Object({ code: Type.String(), name: Type.String(), level: Type.String() }),
  by: lit(['community', 'grid'] as const),
  totals: ref(CampaignProgress),
  children: Type.Array(RollupRow),
}));

/** The caller's item scope: a grid worker's grids, everyone else their region subtree. */
const itemScope = (ctx: Ctx<any, any, any>) => gridWorkerScope(ctx.db, ctx.actor, ctx.req.grants);

async function present(ctx: Ctx<any, any, any>, rows: CampaignListRow[]) {
  const names = await regionNames(ctx.db, rows.map((r) => r.regionCode));
  const today = chinaToday();
  return rows.map(({ path: _path, ...c }) => ({
    ...c, regionName: names.get(c.regionCode) ?? c.regionCode, status: campaignStatus(c.state, c.deadline, today), ...progress(c.total, c.done, c.problems),
  }));
}

async function presentItems(ctx: Ctx<any, any, any>, items: ItemRow[]) {
  const grids = await gridNames(ctx.db, items.map((i) => i.gridCode));
  return items.map(({ path: _p, answeredById: _a, ...i }) => ({ ...i, gridName: grids.get(i.gridCode)?.name ?? null }));
}

/** One campaign with its figures in the caller's scope (404 outside it). */
async function oneCampaign(ctx: Ctx<any, any, any>, id: number, scope: string[]) {
  await campaignInScope(ctx.db, id, scope);
  const [row] = (await listCampaigns(ctx.db, scope, scope, { limit: 1, id }));
  return (await present(ctx, [row]))[0];
}

/** The region of a roll-up, items list or export: the campaign's own, or one inside it the caller may look at. */
async function regionWithin(ctx: Ctx<any, any, any>, c: CampaignRow, code: string | undefined): Promise<RegionRow> {
  const r = await callerRegion(ctx, code ?? c.regionCode, { above: true });
  if (!r.path.startsWith(c.path)) throw new AppError('campaign_region_outside', { code: r.code });
  return r;
}

export const campaignsModule: Module = {
  name: 'campaigns',
  title: '专项行动 Campaigns down the grids: checklists per household or building, rolled up street → community → grid',
  migrations,
  policy,
  demo: campaignsDemo,
  routes: [
    route({
      method: 'POST', url: '/api/campaigns', action: policy.create,
      summary: 'Start a campaign over a street or community of the caller\'s scope: one item per target unit, in its grid',
      description: 'A region outside the caller\'s scope is 403 `out_of_scope` (404 `region_not_found` for an unknown code); a district or grid is 400 `campaign_region_level`; the deadline must be today to a year ahead.',
      body: Type.Object({
        region: RegionCode,
        title: Type.String({ minLength: 1, maxLength: 100 }),
        kind: Type.String({ minLength: 1, maxLength: 50 }),
        targetUnit: lit(TARGET_UNITS),
        checklist: Type.Array(ChecklistItemIn, { minItems: 1, maxItems: 30 }),
        deadline: DateStr,
        emergency: Type.Optional(Type.Boolean()),
      }, { additionalProperties: false }),
      response: { 201: Type.Object({ id: Type.Integer(), items: Type.Integer() }) },
      async handler(ctx) {
        const b = ctx.body;
        const region = await callerRegion(ctx, b.region);
        if (region.level !== 'street' && region.level !== 'community') throw new AppError('campaign_region_level', { code: region.code, level: region.level });
        const title = b.title.trim(), kind = b.kind.trim();
        if (!title || !kind) throw new AppError('campaign_checklist_invalid', { reason: 'title and kind must not be blank / 名称和类型不能为空' });
        const today = chinaToday();
        if (!deadlineAllowed(b.deadline, today)) throw new AppError('campaign_deadline_invalid', { deadline: b.deadline, today });
        const list = checkChecklist(b.checklist);
        if (!list.ok) throw new AppError('campaign_checklist_invalid', { reason: list.reason });
        const r = await ctx.run(createCampaign, { region, title, kind, targetUnit: b.targetUnit, checklist: list.value, deadline: b.deadline, emergency: b.emergency ?? false, createdByName: ctx.me.displayName });
        ctx.reply.status(201);
        return r;
      },
    }),
    route({
      method: 'GET', url: '/api/campaigns', action: policy.read,
      summary: 'The campaigns the caller sees (its area\'s, and those over an area containing it): running emergency ones first',
      query: Type.Object({ state: Type.Optional(lit(['running', 'closed'] as const)) }),
      response: { 200: Type.Object({ items: Type.Array(ref(Campaign)) }) },
      async handler(ctx) {
        const scope = await itemScope(ctx);
        return { items: await present(ctx, await listCampaigns(ctx.db, scope, scope, { state: ctx.query.state, limit: 200 })) };
      },
    }),
    route({
      method: 'GET', url: '/api/campaigns/mine', action: policy.read,
      summary: 'The caller\'s running campaigns with items in their grids, emergency first, each with its items (to do first, at most 300)',
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ campaign: ref(Campaign), items: Type.Array(ref(CampaignItem)) })) }) },
      async handler(ctx) {
        const scope = await itemScope(ctx);
        const rows = await listCampaigns(ctx.db, scope, scope, { state: 'running', onlyWithItems: true, limit: 50 });
        const campaigns = await present(ctx, rows);
        const out = [];
        for (const [i, c] of campaigns.entries()) {
          const { items } = await listItems(ctx.db, c.id, { path: rows[i].path, scope, limit: 300, offset: 0 });
          out.push({ campaign: c, items: await presentItems(ctx, items) });
        }
        return { items: out };
      },
    }),
    route({
      method: 'GET', url: '/api/campaigns/:id', action: policy.read,
      summary: 'A campaign and its live roll-up in a region (default: its own) by child — communities of a street, grids of a community',
      params: Type.Object({ id: Id }),
      query: Type.Object({ region: Type.Optional(RegionCode) }),
      response: { 200: ref(CampaignRollup) },
      async handler(ctx) {
        const scope = await itemScope(ctx);
        const c = await campaignInScope(ctx.db, ctx.params.id, scope);
        const region = await regionWithin(ctx, c, ctx.query.region);
        const by = region.level === 'community' ? 'grid' : 'community';
        const rows = await rollup(ctx.db, c.id, region.path, scope, by);
        const names = by === 'grid'
          ? new Map([...(await gridNames(ctx.db, rows.map((r) => r.code)))].map(([k, v]) => [k, v.name]))
          : await regionNames(ctx.db, rows.map((r) => r.code));
        const sum = (k: 'total' | 'done' | 'problems') => rows.reduce((s, r) => s + r[k], 0);
        return {
          campaign: await oneCampaign(ctx, c.id, scope),
          region: { code: region.code, name: region.name, level: region.level },
          by,
          totals: progress(sum('total'), sum('done'), sum('problems')),
          children: rows.map((r) => ({ code: r.code, name: names.get(r.code) ?? r.code, ...progress(r.total, r.done, r.problems) })),
        };
      },
    }),
    route({
      method: 'GET', url: '/api/campaigns/:id/items', action: policy.read,
      summary: 'A campaign\'s items in a region or grid of the caller\'s scope: to do first; filter by status',
      params: Type.Object({ id: Id }),
      query: Type.Object({
        region: Type.Optional(RegionCode),
        grid: Type.Optional(Type.String({ pattern: '^[0-9]{15}$' })),
        status: Type.Optional(lit(['todo', 'done', 'problem'] as const)),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
        offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
      }),
      response: { 200: Type.Object({ items: Type.Array(ref(CampaignItem)), total: Type.Integer() }) },
      async handler(ctx) {
        const scope = await itemScope(ctx);
        const c = await campaignInScope(ctx.db, ctx.params.id, scope);
        const region = await regionWithin(ctx, c, ctx.query.region);
        const r = await listItems(ctx.db, c.id, { path: region.path, grid: ctx.query.grid, status: ctx.query.status, scope, limit: ctx.query.limit ?? 50, offset: ctx.query.offset ?? 0 });
        return { items: await presentItems(ctx, r.items), total: r.total };
      },
    }),
    route({
      method: 'GET', url: '/api/campaigns/:id/export', action: policy.export,
      summary: 'A campaign\'s results in a region of the caller\'s scope as an Excel file (.xlsx): one row per item, doors masked, no names or phones',
      params: Type.Object({ id: Id }),
      query: Type.Object({ region: Type.Optional(RegionCode) }),
      response: { 200: fileReply('the workbook', XLSX_TYPE) },
      async handler(ctx) {
        const scope = await itemScope(ctx);
        const c = await campaignInScope(ctx.db, ctx.params.id, scope);
        const region = await regionWithin(ctx, c, ctx.query.region);
        const buf = await exportCampaign(ctx.db, c, region.path, scope);
        ctx.reply.header('content-type', XLSX_TYPE);
        ctx.reply.header('content-disposition', `attachment; filename="campaign-${c.id}.xlsx"; filename*=UTF-8''${encodeURIComponent(`${c.title}-${chinaToday()}.xlsx`)}`);
        return buf;
      },
    }),
    route({
      method: 'POST', url: '/api/campaigns/:id/close', action: policy.close,
      summary: 'Close a running campaign of the caller\'s area (409 `campaign_closed` if it already is)',
      params: Type.Object({ id: Id }),
      response: { 200: ref(Ok) },
      async handler(ctx) {
        // the campaign of the caller's own area (a community does not close its street's)
        const c = visibleOr404(ctx.scope, await campaignInScope(ctx.db, ctx.params.id, ctx.scope), 'campaign_not_found', { id: ctx.params.id });
        return ctx.run(closeCampaign, { id: c.id });
      },
    }),
    route({
      method: 'POST', url: '/api/campaign-items/:id/answer', action: policy.answer,
      summary: 'Answer an item of the caller\'s grids. Idempotent on clientRef; a second answer is 409 `campaign_item_answered` naming the first (in `details`), unless `revise` with the `version` seen',
      params: Type.Object({ id: Id }),
      body: Type.Object({
        clientRef: Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$', description: 'the phone\'s id of this answer (a UUID): a resend returns the stored answer' }),
        answers: Type.Record(Type.String({ maxLength: 30 }), Type.Unknown(), { description: 'checklist key → yes/no (boolean), number, text, or photo ids (from POST /api/case-photos)' }),
        problem: Type.Optional(Type.Boolean({ description: 'a problem was found (also set by a yes/no item\'s problemWhen)' })),
        note: Type.Optional(Type.String({ maxLength: 1000 })),
        revise: Type.Optional(Type.Boolean()),
        version: Type.Optional(Type.Integer({ minimum: 0 })),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ id: Type.Integer(), version: Type.Integer(), problem: Type.Boolean(), repeated: Type.Boolean() }) },
      async handler(ctx) {
        const b = ctx.body;
        return ctx.run(answerItem, {
          itemId: ctx.params.id, scope: await itemScope(ctx), clientRef: b.clientRef, answers: b.answers, problem: b.problem ?? false,
          note: b.note?.trim() || null, revise: b.revise ?? false, version: b.version, accountName: ctx.me.displayName,
        });
      },
    }),
    route({
      method: 'POST', url: '/api/campaign-items/:id/case', action: policy.report,
      summary: 'Turn the problem found in an item into a case (one step, cases\' intake): the item keeps the case, the case\'s first event names the campaign and item',
      params: Type.Object({ id: Id }),
      body: Type.Object({
        categoryCode: Type.String({ minLength: 1, maxLength: 20 }),
        description: Type.Optional(Type.String({ minLength: 2, maxLength: 2000 })),
      }, { additionalProperties: false }),
      response: { 201: Type.Object({ caseId: Type.Integer(), caseNumber: Type.String() }) },
      async handler(ctx) {
        const scope = await itemScope(ctx);
        const { item, campaign } = await itemInScope(ctx.db, ctx.params.id, scope);
        if (item.caseNumber) throw new AppError('campaign_item_case_exists', { number: item.caseNumber });
        if (!item.problem) throw new AppError('campaign_item_no_problem');
        const me = ctx.me;
        // the answerer's own photos still unattached go with the case
        const photos = item.answeredById === me.accountId ? await unattachedPhotosOf(ctx.db, me.accountId, photosOf(campaign.checklist, item.answers)) : [];
        const place = `${item.place}${item.room ? ' ' + item.room : ''}`;
        const input: IntakeInput = {
          source: ctx.req.grants.some((g) => g.role === 'grid_worker') ? 'grid_worker' : 'staff', categoryCode: ctx.body.categoryCode,
          description: `【${campaign.title}】${place}：${(ctx.body.description ?? item.note ?? '专项行动中发现问题').trim()}`,
          address: place, regionCode: item.communityCode, ...(photos.length ? { photos } : {}),
        };
        const at = await placeReport(ctx.db, input, { scope: null, fallbackRegion: item.communityCode });
        const r = await ctx.command({ action: 'campaigns.item.case', targetType: 'campaign_item', targetId: String(item.id), detail: (x: { number: string }) => ({ caseNumber: x.number }) }, async (tx) => {
          const locked = await itemInScope(tx, item.id, scope, true);
          if (locked.item.caseNumber) throw new AppError('campaign_item_case_exists', { number: locked.item.caseNumber });
          const c = await runInTx(tx, ctx.who, reportCase, {
            ...input, at, keys: ctx.keys, reporter: { name: me.displayName, role: ctx.who.role }, eventDetail: { campaignId: campaign.id, campaignItemId: item.id, campaign: campaign.title },
          });
          await linkCase(tx, item.id, c.id, c.number);
          return c;
        });
        ctx.reply.status(201);
        return { caseId: r.id, caseNumber: r.number };
      },
    }),
  ],
};
