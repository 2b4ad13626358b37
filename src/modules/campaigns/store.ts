/**
 * Campaigns' commands and queries. A campaign is written with its items (one per target unit, in the
 * grid the unit lies in) in one command; an answer is a command that locks its item, so two phones
 * answering the same item are served one after the other: the second sees the first (409) unless it
 * is a resend (same clientRef) or an explicit revision.
 */
import type pg from 'pg';
import { likePrefix, scopeSql, visibleOr404 } from '../../core/access/policy.js';
import { defineCommand } from '../../core/command.js';
import type { Queryable } from '../../core/db/pool.js';
import { AppError } from '../../core/http/errors.js';
import { chinaIso } from '../../core/time.js';
import { unattachedPhotosOf } from '../cases/api.js';
import { campaignTargets } from '../people/api.js';
import type { RegionRow } from '../regions/api.js';
import { checkAnswers, decideAnswer, isProblem, photosOf, type AnswerValue, type ChecklistItem, type TargetUnit } from './rules.js';

export interface CampaignRow {
  id: number; regionCode: string; path: string; title: string; kind: string; targetUnit: TargetUnit; checklist: ChecklistItem[];
  deadline: string; emergency: boolean; state: 'running' | 'closed'; createdByName: string; createdAt: string; closedAt: string | null;
}

const CAMPAIGN_COLS = `c.id, c.region_code AS "regionCode", c.path, c.title, c.kind, c.target_unit AS "targetUnit", c.checklist, c.deadline::text AS deadline,
  c.emergency, c.state, c.created_by_name AS "createdByName", c.created_at AS "createdAt", c.closed_at AS "closedAt"`;

const campaignOf = (r: any): CampaignRow => ({ ...r, id: Number(r.id), createdAt: chinaIso(r.createdAt), closedAt: r.closedAt ? chinaIso(r.closedAt) : null });

/** Every region path above these (their ancestors and themselves): a campaign of a street is seen by its communities and grids. */
export function pathsAbove(scope: string[]): string[] {
  const out = new Set<string>();
  for (const p of scope) {
    const parts = p.split('/').filter(Boolean);
    for (let i = 1; i <= parts.length; i++) out.add('/' + parts.slice(0, i).join('/') + '/');
  }
  return [...out];
}

/** The campaign if the caller may see it (inside its scope, or over an area containing it), else 404. */
export async function campaignInScope(db: Queryable, id: number, scope: string[]): Promise<CampaignRow> {
  const { rows } = await db.query(`SELECT ${CAMPAIGN_COLS} FROM campaign c WHERE c.id = $1`, [id]);
  return visibleOr404(scope, rows[0] ? campaignOf(rows[0]) : null, 'campaign_not_found', { id }, { above: true });
}

export interface CreateInput {
  region: RegionRow; title: string; kind: string; targetUnit: TargetUnit; checklist: ChecklistItem[]; deadline: string; emergency: boolean; createdByName: string;
}

/** `campaigns.create`: the campaign and its items, one per target unit of its area, in one transaction. */
export const createCampaign = defineCommand<CreateInput, { id: number; items: number }>({
  name: 'campaigns.create',
  async run(tx, actor, input) {
    const targets = await campaignTargets(tx, input.region.path, input.targetUnit);
    if (!targets.length) throw new AppError('campaign_no_targets', { region: input.region.name, unit: input.targetUnit });
    const { rows } = await tx.query(
      `INSERT INTO campaign (region_code, path, title, kind, target_unit, checklist, deadline, emergency, created_by, created_by_name)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [input.region.code, input.region.path, input.title, input.kind, input.targetUnit, JSON.stringify(input.checklist), input.deadline, input.emergency, actor.accountId, input.createdByName]);
    const id = Number(rows[0].id);
    for (let i = 0; i < targets.length; i += 10_000) {
      const part = targets.slice(i, i + 10_000);
      await tx.query(
        `INSERT INTO campaign_item (campaign_id, unit_id, place, room, community_code, grid_code, path)
         SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])`,
        [id, part.map((t) => t.unitId), part.map((t) => t.place), part.map((t) => t.room), part.map((t) => t.gridCode.slice(0, 12)), part.map((t) => t.gridCode), part.map((t) => t.path)]);
    }
    await recount(tx, id);
    return { id, items: targets.length };
  },
  audit: {
    targetType: 'campaign',
    targetId: (_i, r) => String(r.id),
    detail: (i, r) => ({ region: i.region.code, title: i.title, kind: i.kind, targetUnit: i.targetUnit, deadline: i.deadline, emergency: i.emergency, items: r.items }),
  },
});

/** `campaigns.close`: a running campaign is closed (its items can no longer be answered). */
export const closeCampaign = defineCommand<{ id: number }, { ok: true }>({
  name: 'campaigns.close',
  async run(tx, _actor, input) {
    const r = await tx.query(`UPDATE campaign SET state = 'closed', closed_at = now() WHERE id = $1 AND state = 'running'`, [input.id]);
    if (!r.rowCount) throw new AppError('campaign_closed', { id: input.id });
    return { ok: true };
  },
  audit: { targetType: 'campaign', targetId: (i) => String(i.id) },
});

export interface ItemRow {
  id: number; campaignId: number; unitId: number; place: string; room: string | null; communityCode: string; gridCode: string; path: string;
  version: number; answers: Record<string, AnswerValue> | null; problem: boolean; note: string | null;
  answeredBy: string | null; answeredById: number | null; answeredAt: string | null; caseId: number | null; caseNumber: string | null;
}

const ITEM_COLS = `i.id, i.campaign_id AS "campaignId", i.unit_id AS "unitId", i.place, i.room, i.community_code AS "communityCode", i.grid_code AS "gridCode", i.path,
  i.version, i.answers, i.problem, i.note, i.answered_by_name AS "answeredBy", i.answered_by AS "answeredById", i.answered_at AS "answeredAt", i.case_id AS "caseId", i.case_number AS "caseNumber"`;

const itemOf = (r: any): ItemRow => ({
  ...r, id: Number(r.id), campaignId: Number(r.campaignId), unitId: Number(r.unitId), answeredById: r.answeredById === null ? null : Number(r.answeredById),
  answeredAt: r.answeredAt ? chinaIso(r.answeredAt) : null, caseId: r.caseId === null ? null : Number(r.caseId),
});

/** An item (with its campaign) if it lies in the caller's item scope (a grid worker's grids), else 404; `lock` takes its row lock. */
export async function itemInScope(q: Queryable, id: number, scope: string[], lock = false): Promise<{ item: ItemRow; campaign: CampaignRow }> {
  const { rows } = await q.query(`SELECT ${ITEM_COLS} FROM campaign_item i WHERE i.id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  const item = visibleOr404(scope, rows[0] ? itemOf(rows[0]) : null, 'campaign_item_not_found', { id });
  const c = await q.query(`SELECT ${CAMPAIGN_COLS} FROM campaign c WHERE c.id = $1`, [item.campaignId]);
  return { item, campaign: campaignOf(c.rows[0]) };
}

export interface AnswerInput {
  itemId: number; scope: string[]; clientRef: string; answers: Record<string, unknown>; problem: boolean; note: string | null;
  revise: boolean; version?: number; accountName: string;
}
export interface AnswerResult { id: number; version: number; problem: boolean; repeated: boolean; }

/**
 * `campaigns.answer`: the item locked; a resend (same clientRef) answers what was stored; a closed
 * campaign refuses; the answers are checked against the checklist (photos must be the caller's own
 * uploads); then the first answer is taken, another is a 409 naming it, a revision needs the version.
 */
export const answerItem = defineCommand<AnswerInput, AnswerResult>({
  name: 'campaigns.answer',
  async run(tx, actor, input) {
    const { item, campaign } = await itemInScope(tx, input.itemId, input.scope, true);
    const same = await tx.query(`SELECT version, problem FROM campaign_answer WHERE item_id = $1 AND client_ref = $2`, [item.id, input.clientRef]);
    if (same.rows[0]) return { id: item.id, version: same.rows[0].version, problem: same.rows[0].problem, repeated: true };
    if (campaign.state === 'closed') throw new AppError('campaign_closed', { id: campaign.id });
    const checked = checkAnswers(campaign.checklist, input.answers);
    if (!checked.ok) throw new AppError('campaign_answers_invalid', { reason: checked.reason });
    const photos = photosOf(campaign.checklist, checked.value).filter((p) => !(item.answers && photosOf(campaign.checklist, item.answers).includes(p)));
    if (photos.length) {
      const mine = new Set(actor.accountId ? await unattachedPhotosOf(tx, actor.accountId, photos) : []);
      const bad = photos.find((p) => !mine.has(p));
      if (bad) throw new AppError('campaign_answers_invalid', { reason: `photo ${bad} is not your upload / 照片 ${bad} 不存在或不是您上传的` });
    }
    const d = decideAnswer({ version: item.version, answeredBy: item.answeredBy, answeredAt: item.answeredAt }, null, { revise: input.revise, version: input.version });
    if (d.kind === 'refuse') {
      const first = d.code === 'campaign_item_answered' ? [{ version: item.version, answeredBy: item.answeredBy, answeredAt: item.answeredAt, answers: item.answers, problem: item.problem, note: item.note }] : [];
      throw new AppError(d.code, d.params, first);
    }
    const version = d.kind === 'first' ? 1 : (d as { version: number }).version;
    const problem = isProblem(campaign.checklist, checked.value, input.problem);
    await tx.query(
      `INSERT INTO campaign_answer (item_id, version, answers, problem, note, client_ref, account_id, account_name) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [item.id, version, JSON.stringify(checked.value), problem, input.note, input.clientRef, actor.accountId, input.accountName]);
    await tx.query(
      `UPDATE campaign_item SET version = $2, answers = $3, problem = $4, note = $5, answered_by = $6, answered_by_name = $7, answered_at = now() WHERE id = $1`,
      [item.id, version, JSON.stringify(checked.value), problem, input.note, actor.accountId, input.accountName]);
    const done = item.version === 0 ? 1 : 0, problems = Number(problem) - Number(item.problem);
    if (done || problems) {
      await tx.query(`UPDATE campaign_grid SET done = done + $3, problems = problems + $4 WHERE campaign_id = $1 AND grid_code = $2`, [campaign.id, item.gridCode, done, problems]);
    }
    return { id: item.id, version, problem, repeated: false };
  },
  audit: {
    when: (_i, r) => !r.repeated,
    action: (_i, r) => (r.version > 1 ? 'campaigns.answer.revise' : 'campaigns.answer'),
    targetType: 'campaign_item',
    targetId: (i) => String(i.itemId),
    detail: (i, r) => ({ version: r.version, problem: r.problem, clientRef: i.clientRef }),
  },
});

/** The item's problem is now this case (the other half of the link is on the case's first event). */
export async function linkCase(tx: pg.PoolClient, itemId: number, caseId: number, caseNumber: string): Promise<void> {
  await tx.query(`UPDATE campaign_item SET case_id = $2, case_number = $3 WHERE id = $1`, [itemId, caseId, caseNumber]);
}

export interface Counts { code: string; total: number; done: number; problems: number; }

/** The per-grid figures of a campaign counted again from its items (after its start, and after bulk writes such as the demo's). */
export async function recount(tx: pg.PoolClient, campaignId: number): Promise<void> {
  await tx.query(
    `INSERT INTO campaign_grid (campaign_id, grid_code, community_code, path, total, done, problems)
     SELECT campaign_id, grid_code, min(community_code), min(path), count(*), count(*) FILTER (WHERE version > 0), count(*) FILTER (WHERE problem)
       FROM campaign_item WHERE campaign_id = $1 GROUP BY campaign_id, grid_code
     ON CONFLICT (campaign_id, grid_code) DO UPDATE SET total = EXCLUDED.total, done = EXCLUDED.done, problems = EXCLUDED.problems`, [campaignId]);
}

/**
 * Live roll-up of a campaign's items inside a region path and the caller's item scope, by community
 * (`by: 'community'`) or grid: total, done (answered at least once) and problems found — summed from
 * the per-grid figures (campaign_grid), which every answer keeps in its own transaction.
 */
export async function rollup(db: Queryable, campaignId: number, regionPath: string, scope: string[], by: 'community' | 'grid'): Promise<Counts[]> {
  const params: unknown[] = [campaignId, likePrefix(regionPath)];
  const col = by === 'community' ? 'community_code' : 'grid_code';
  const { rows } = await db.query(
    `SELECT ${col} AS code, sum(total)::int AS total, sum(done)::int AS done, sum(problems)::int AS problems
       FROM campaign_grid WHERE campaign_id = $1 AND path LIKE $2 AND ${scopeSql(scope, 'path', params)} GROUP BY 1 ORDER BY 1`, params);
  return rows;
}

export interface CampaignListRow extends CampaignRow { total: number; done: number; problems: number; }

/**
 * The campaigns the caller sees (inside its scope, or over an area containing it), with the figures of
 * their items in the caller's item scope: running emergency ones first, then running by deadline, then
 * closed ones, newest first. `onlyWithItems`: only campaigns with items in the scope (a worker's phone).
 */
export async function listCampaigns(db: Queryable, scope: string[], itemScope: string[], opts: { state?: 'running' | 'closed'; onlyWithItems?: boolean; id?: number; limit: number }): Promise<CampaignListRow[]> {
  const params: unknown[] = [];
  const inScope = scopeSql(scope, 'c.path', params);
  params.push(pathsAbove(scope));
  const above = `c.path = ANY($${params.length}::text[])`;
  const items = scopeSql(itemScope, 'i.path', params);
  let where = `(${inScope} OR ${above})`;
  if (opts.state) { params.push(opts.state); where += ` AND c.state = $${params.length}`; }
  if (opts.id) { params.push(opts.id); where += ` AND c.id = $${params.length}`; }
  if (opts.onlyWithItems) where += ' AND n.total > 0';
  params.push(opts.limit);
  const { rows } = await db.query(
    `SELECT ${CAMPAIGN_COLS}, n.total, n.done, n.problems FROM campaign c
       CROSS JOIN LATERAL (SELECT coalesce(sum(i.total), 0)::int AS total, coalesce(sum(i.done), 0)::int AS done, coalesce(sum(i.problems), 0)::int AS problems
                             FROM campaign_grid i WHERE i.campaign_id = c.id AND ${items}) n
      WHERE ${where}
      ORDER BY c.state = 'running' DESC, (c.state = 'running' AND c.emergency) DESC, CASE WHEN c.state = 'running' THEN c.deadline END, c.closed_at DESC NULLS LAST, c.id DESC
      LIMIT $${params.length}`, params);
  return rows.map((r) => ({ ...campaignOf(r), total: r.total, done: r.done, problems: r.problems }));
}

export type ItemFilter = 'todo' | 'done' | 'problem';

/** A campaign's items inside a region path (or one grid) and the caller's item scope: to do first, then by place; a page and the count. */
export async function listItems(db: Queryable, campaignId: number, f: { path: string; grid?: string; status?: ItemFilter; scope: string[]; limit: number; offset: number }): Promise<{ items: ItemRow[]; total: number }> {
  const params: unknown[] = [campaignId, likePrefix(f.path)];
  let where = `i.campaign_id = $1 AND i.path LIKE $2 AND ${scopeSql(f.scope, 'i.path', params)}`;
  if (f.grid) { params.push(f.grid); where += ` AND i.grid_code = $${params.length}`; }
  if (f.status === 'todo') where += ' AND i.version = 0';
  if (f.status === 'done') where += ' AND i.version > 0';
  if (f.status === 'problem') where += ' AND i.problem';
  const count = await db.query(`SELECT count(*)::int AS n FROM campaign_item i WHERE ${where}`, params);
  params.push(f.limit, f.offset);
  const { rows } = await db.query(
    `SELECT ${ITEM_COLS} FROM campaign_item i WHERE ${where} ORDER BY i.version > 0, i.grid_code, i.place, i.room NULLS FIRST, i.id LIMIT $${params.length - 1} OFFSET $${params.length}`, params);
  return { items: rows.map(itemOf), total: count.rows[0].n };
}
