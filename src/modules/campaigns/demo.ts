/**
 * The campaigns' demo (府城街道, 海口): a finished door-to-door check (入户排查) of 府城社区's households,
 * every item answered and the campaign closed, and a running emergency fire-safety inspection
 * (消防安全检查) of the street's old-town buildings, part answered with problems found. The answers are
 * written in bulk, as history (the campaigns themselves are started by the command, audited).
 */
import { runCommand, type CommandActor } from '../../core/command.js';
import { AppError } from '../../core/http/errors.js';
import type { DemoContext } from '../../core/http/module.js';
import { chinaToday } from '../../core/time.js';
import { accountIdsByUsername } from '../accounts/api.js';
import { findRegion } from '../regions/api.js';
import { checkChecklist } from './rules.js';
import { createCampaign, recount } from './store.js';

/** A demo without 府城's homes (regions only) starts no campaign; anything else fails the demo. */
const noTargets = (e: unknown) => { if (e instanceof AppError && e.code === 'campaign_no_targets') return null; throw e; };
const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export const DOOR_TO_DOOR = checkChecklist([
  { key: 'home', label: '家中有人', type: 'yesno' },
  { key: 'people', label: '常住人数', type: 'number' },
  { key: 'matches', label: '登记信息与实际一致', type: 'yesno', problemWhen: false },
  { key: 'remark', label: '情况说明', type: 'text', required: false },
]);
export const FIRE_SAFETY = checkChecklist([
  { key: 'extinguisher', label: '灭火器配备且在有效期内', type: 'yesno', problemWhen: false },
  { key: 'passage', label: '消防通道、楼梯间畅通', type: 'yesno', problemWhen: false },
  { key: 'ebike', label: '楼道内电动车停放或充电', type: 'yesno', problemWhen: true },
  { key: 'wiring', label: '私拉乱接电线处数', type: 'number', required: false },
  { key: 'photo', label: '现场照片', type: 'photo', required: false },
]);

export async function campaignsDemo({ db, log }: DemoContext): Promise<void> {
  const street = await findRegion(db, '460107002');
  const community = await findRegion(db, '460107002001');
  if (!street || !community || !DOOR_TO_DOOR.ok || !FIRE_SAFETY.ok) return;
  const ids = await accountIdsByUsername(db, ['street', 'community']);
  const actor = (username: string, scopeCode: string): CommandActor => ({ accountId: ids.get(username) ?? null, username, role: username === 'street' ? 'street_command' : 'community_staff', scopeCode });
  const today = chinaToday();

  const done = await runCommand(db, actor('community', community.code), createCampaign, {
    region: community, title: '2026年第四季度入户排查', kind: 'door_to_door', targetUnit: 'household', checklist: DOOR_TO_DOOR.value,
    deadline: addDays(today, -10), emergency: false, createdByName: '府城社区工作人员',
  }).catch(noTargets);
  const running = await runCommand(db, actor('street', street.code), createCampaign, {
    region: street, title: '府城老城区消防安全检查', kind: 'fire_safety', targetUnit: 'building', checklist: FIRE_SAFETY.value,
    deadline: addDays(today, 12), emergency: true, createdByName: '府城街道指挥中心',
  }).catch(noTargets);

  await db.tx(async (tx) => {
    if (done) {
      // every household visited in the month before the deadline; every 17th did not match the registry
      await tx.query(
        `WITH a AS (
           UPDATE campaign_item SET version = 1, problem = (id % 17 = 0), answered_by_name = '府城社区网格员',
                  answers = jsonb_build_object('home', id % 5 <> 0, 'people', 1 + id % 5, 'matches', id % 17 <> 0),
                  note = CASE WHEN id % 17 = 0 THEN '实际居住人数与登记不符，需核实' END,
                  answered_at = $2::date - make_interval(days => (id % 30)::int) + interval '10 hours'
            WHERE campaign_id = $1 RETURNING id, answers, problem, note, answered_by_name, answered_at)
         INSERT INTO campaign_answer (item_id, version, answers, problem, note, client_ref, account_name, at)
         SELECT id, 1, answers, problem, note, 'demo-' || id, answered_by_name, answered_at FROM a`, [done.id, addDays(today, -10)]);
      await recount(tx, done.id);
      await tx.query(`UPDATE campaign SET state = 'closed', closed_at = $2::date + interval '18 hours' WHERE id = $1`, [done.id, addDays(today, -10)]);
    }
    if (running) {
      // two buildings in five checked so far; problems: no extinguisher (every 7th), e-bikes charging in the stairwell (every 11th)
      await tx.query(
        `WITH a AS (
           UPDATE campaign_item SET version = 1, problem = (id % 7 = 0 OR id % 11 = 0), answered_by_name = '府城街道网格员',
                  answers = jsonb_build_object('extinguisher', id % 7 <> 0, 'passage', true, 'ebike', id % 11 = 0, 'wiring', CASE WHEN id % 11 = 0 THEN 2 ELSE 0 END),
                  note = CASE WHEN id % 7 = 0 THEN '灭火器过期' WHEN id % 11 = 0 THEN '楼道内电动车充电' END,
                  answered_at = now() - make_interval(hours => (id % 72)::int)
            WHERE campaign_id = $1 AND id % 5 IN (1, 3) RETURNING id, answers, problem, note, answered_by_name, answered_at)
         INSERT INTO campaign_answer (item_id, version, answers, problem, note, client_ref, account_name, at)
         SELECT id, 1, answers, problem, note, 'demo-' || id, answered_by_name, answered_at FROM a`, [running.id]);
      await recount(tx, running.id);
    }
  });
  log(`campaigns: 府城街道 — a finished door-to-door check (${done?.items ?? 0} households), a running fire-safety inspection (${running?.items ?? 0} buildings)`);
}
