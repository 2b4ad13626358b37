/**
 * Care plans over the data: the rules (a table, audited commands), the due list of a grid, the
 * compliance of a region, and the overdue sweep (job `care.overdue`). Who is in a plan comes from
 * the people module (planMembers), the contacts from the visits module (contactsOf); the periods
 * and what counts are the pure rules of rules.ts.
 */
import type pg from 'pg';
import { defineCommand, runCommand, systemActor } from '../../core/command.js';
import type { Db, Queryable } from '../../core/db/pool.js';
import { AppError, type Lang } from '../../core/http/errors.js';
import { maskName } from '../../core/privacy/mask.js';
import { addDays, chinaDate, chinaDayStart, chinaToday } from '../../core/time.js';
import { gridNames, gridStaffAccounts } from '../grids/api.js';
import { notify } from '../notifications/api.js';
import { CARE_GROUP_NAMES, planMembers, type PlanGroup, type PlanMember } from '../people/api.js';
import { contactCounts, contactsOf, type Contact } from '../visits/api.js';
import { byUrgency, periodOf, periodsEndingIn, previousPeriod, slotFromCount, slotState, type ContactKind, type Per, type Period, type RuleKind } from './rules.js';

export interface CareRule { id: number; careGroup: PlanGroup; kind: RuleKind; per: Per; times: number; active: boolean; createdOn: string; version: number; }

const RULE_COLS = `id, care_group AS "careGroup", kind, per, times, active, to_char(created_on, 'YYYY-MM-DD') AS "createdOn", version`;
const asRule = (r: any): CareRule => ({ ...r, id: Number(r.id) });

export async function listRules(db: Queryable, activeOnly = false): Promise<CareRule[]> {
  const { rows } = await db.query(`SELECT ${RULE_COLS} FROM care_rule ${activeOnly ? 'WHERE active' : ''} ORDER BY care_group, kind DESC, per, id`);
  return rows.map(asRule);
}

const GROUP_NAME = (g: PlanGroup, lang: Lang) => g === 'living_alone_65'
  ? (lang === 'en' ? 'Living alone aged 65+' : '独居老人（65岁及以上）')
  : lang === 'en' ? CARE_GROUP_NAMES[g].en : CARE_GROUP_NAMES[g].zh;
const PER_NAME: Record<Per, { zh: string; en: string }> = { iso_week: { zh: '每周', en: 'a week' }, half_month: { zh: '每半月', en: 'a half-month' }, month: { zh: '每月', en: 'a month' } };

/** A rule in words: 独居老人（65岁及以上）：每周电话联系 2 次. */
export function ruleLabel(r: Pick<CareRule, 'careGroup' | 'kind' | 'per' | 'times'>, lang: Lang): string {
  if (lang === 'en') return `${GROUP_NAME(r.careGroup, lang)}: ${r.times} ${r.kind === 'phone' ? 'phone contact' : 'home visit'}${r.times > 1 ? 's' : ''} ${PER_NAME[r.per].en}`;
  return `${GROUP_NAME(r.careGroup, lang)}：${PER_NAME[r.per].zh}${r.kind === 'phone' ? '电话联系' : '入户走访'} ${r.times} 次`;
}

// ---- commands: the rules are data, edited by administrators

export interface NewRule { careGroup: PlanGroup; kind: RuleKind; per: Per; times: number; createdOn: string; }
export const createRule = defineCommand<NewRule, CareRule>({
  name: 'care.rule.create',
  async run(tx, _a, i) {
    const { rows } = await tx.query(
      `INSERT INTO care_rule (care_group, kind, per, times, created_on) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (care_group, kind, per) DO NOTHING RETURNING ${RULE_COLS}`,
      [i.careGroup, i.kind, i.per, i.times, i.createdOn]);
    if (!rows[0]) throw new AppError('care_rule_exists');
    return asRule(rows[0]);
  },
  audit: { targetType: 'care_rule', targetId: (_i, r) => String(r.id), detail: (i) => ({ ...i }) },
});

export interface RuleChange { id: number; version: number; times?: number; active?: boolean; }
export const changeRule = defineCommand<RuleChange, CareRule>({
  name: 'care.rule.change',
  async run(tx, _a, i) {
    const { rows: [cur] } = await tx.query(`SELECT version FROM care_rule WHERE id = $1 FOR UPDATE`, [i.id]);
    if (!cur) throw new AppError('care_rule_not_found', { id: i.id });
    if (cur.version !== i.version) throw new AppError('care_rule_version_conflict');
    const { rows } = await tx.query(
      `UPDATE care_rule SET times = COALESCE($2, times), active = COALESCE($3, active), version = version + 1, updated_at = now() WHERE id = $1 RETURNING ${RULE_COLS}`,
      [i.id, i.times ?? null, i.active ?? null]);
    return asRule(rows[0]);
  },
  audit: { targetType: 'care_rule', targetId: (i) => String(i.id), detail: (i) => ({ times: i.times, active: i.active }) },
});

// ---- slots

/** Contacts by resident, each with its China date. */
function byResident(contacts: Contact[]): Map<number, { kind: ContactKind; date: string }[]> {
  const out = new Map<number, { kind: ContactKind; date: string }[]>();
  for (const c of contacts) {
    const list = out.get(c.residentId) ?? [];
    list.push({ kind: c.kind as ContactKind, date: chinaDate(c.at) });
    out.set(c.residentId, list);
  }
  return out;
}

/** Members of each group the rules name, inside a region path (one query per group). */
async function membersByGroup(db: Queryable, rules: CareRule[], path: string): Promise<Map<PlanGroup, PlanMember[]>> {
  const out = new Map<PlanGroup, PlanMember[]>();
  for (const g of new Set(rules.map((r) => r.careGroup))) out.set(g, await planMembers(db, g, path));
  return out;
}

/** When a member owes slots of a rule from: the later of joining the group and the rule's own start. */
const sinceFor = (m: PlanMember, r: CareRule) => (m.since > r.createdOn ? m.since : r.createdOn);

export interface DueItem {
  residentId: number; householdId: number; name: string; rule: string; ruleId: number; kind: RuleKind; period: string; dueBy: string; done: number; needed: number; overdue: boolean;
}

/**
 * A grid's due list as of a day: each plan resident's slots of the current periods not yet met, and
 * the slots of the periods just ended that were missed (overdue), by urgency. A contact logged (also
 * late, dated in the period) makes its item disappear.
 */
export async function dueList(db: Queryable, gridPath: string, date: string, showNames: boolean, lang: Lang): Promise<DueItem[]> {
  const rules = await listRules(db, true);
  if (!rules.length) return [];
  const members = await membersByGroup(db, rules, gridPath);
  const ids = [...new Set([...members.values()].flat().map((m) => m.id))];
  if (!ids.length) return [];
  const windows = rules.map((r) => ({ r, cur: periodOf(r.per, date), prev: previousPeriod(r.per, date) }));
  const from = windows.map((w) => w.prev.start).sort()[0];
  const contacts = byResident(await contactsOf(db, { residentIds: ids, from: chinaDayStart(from), to: chinaDayStart(addDays(date, 1)) }));
  const items: DueItem[] = [];
  for (const { r, cur, prev } of windows) {
    const label = ruleLabel(r, lang);
    for (const m of members.get(r.careGroup) ?? []) {
      const mine = contacts.get(m.id) ?? [];
      const push = (p: Period, done: number, overdue: boolean) => items.push({
        residentId: m.id, householdId: m.householdId, name: showNames ? m.name : maskName(m.name), rule: label, ruleId: r.id, kind: r.kind, period: p.label, dueBy: p.end, done, needed: r.times, overdue,
      });
      const before = slotState(r, prev, sinceFor(m, r), mine, date);
      if (before.overdue) push(prev, before.done, true);
      const now = slotState(r, cur, sinceFor(m, r), mine, date);
      if (now.due && !now.met) push(cur, now.done, false);
    }
  }
  return items.sort(byUrgency);
}

export interface Tally { due: number; done: number; overdue: number; open: number; rate: number | null; }
const emptyTally = (): Tally => ({ due: 0, done: 0, overdue: 0, open: 0, rate: null });
const finish = (t: Tally): Tally => ({ ...t, open: t.due - t.done - t.overdue, rate: t.done + t.overdue ? Math.round((t.done / (t.done + t.overdue)) * 10_000) / 10_000 : null });

/**
 * Compliance of a region over [from, to]: every slot of a period ending in the range that has begun
 * by `asOf` — due; met — done; ended unmet — overdue; the rest open (in progress). rate = done /
 * (done + overdue), null when nothing is settled. `childOf` names the child a member's path falls in.
 */
export async function compliance(db: Queryable, regionPath: string, from: string, to: string, asOf: string, childOf: (path: string) => string | null): Promise<{ total: Tally; byChild: Map<string, Tally> }> {
  const total = emptyTally();
  const byChild = new Map<string, Tally>();
  const rules = await listRules(db, true);
  if (!rules.length) return { total: finish(total), byChild };
  const members = await membersByGroup(db, rules, regionPath);
  const plan = rules.map((r) => ({ r, periods: periodsEndingIn(r.per, from, to).filter((p) => p.start <= asOf) }));
  // counted by the database, per resident and period: a district holds a million contacts a month
  const windows = new Map<string, { label: string; from: Date; to: Date }>();
  for (const { periods } of plan) for (const p of periods) {
    const last = p.end < asOf ? p.end : asOf; // contacts up to asOf count (slotState)
    windows.set(p.label, { label: p.label, from: chinaDayStart(p.start), to: chinaDayStart(addDays(last, 1)) });
  }
  if (!windows.size) return { total: finish(total), byChild };
  const counted = await contactCounts(db, { regionPath, periods: [...windows.values()] });
  for (const { r, periods } of plan) {
    for (const m of members.get(r.careGroup) ?? []) {
      const key = childOf(m.path);
      let t = key === null ? undefined : byChild.get(key);
      if (key !== null && !t) { t = emptyTally(); byChild.set(key, t); }
      for (const p of periods) {
        const c = counted.get(`${m.id}|${p.label}`);
        // what counts (rules.ts counts()): every contact for a phone rule, home visits for a visit rule
        const s = slotFromCount(r, p, sinceFor(m, r), !c ? 0 : r.kind === 'visit' ? c.homeVisits : c.contacts, asOf);
        if (!s.due) continue;
        for (const x of t ? [total, t] : [total]) { x.due++; if (s.met) x.done++; else if (s.overdue) x.overdue++; }
      }
    }
  }
  return { total: finish(total), byChild: new Map([...byChild].map(([k, v]) => [k, finish(v)])) };
}

// ---- the overdue sweep

const SWEEP_LOCK = 1_310_001;

export interface OverdueSweep { ran: boolean; asOf: string; flagged: number; notices: number; }

/**
 * Flag every slot missed in the last two ended periods of each rule (a slot once: care_overdue's key)
 * and tell each grid's workers and leader, one notice per grid, rule and period, in the same
 * transaction as the flags: a run that repeats, or runs in two processes at once, tells nobody twice.
 */
export const overdueSweep = defineCommand<{ asOf: string }, OverdueSweep>({
  name: 'care.overdue',
  async run(tx, _a, { asOf }) {
    const { rows: lock } = await tx.query(`SELECT pg_try_advisory_xact_lock($1) AS ok`, [SWEEP_LOCK]);
    if (!lock[0].ok) return { ran: false, asOf, flagged: 0, notices: 0 };
    return flagOverdue(tx, asOf);
  },
  audit: { when: (_i, r) => r.flagged > 0, targetType: 'care_rule', detail: (_i, r) => ({ asOf: r.asOf, flagged: r.flagged, notices: r.notices }) },
});

async function flagOverdue(tx: pg.PoolClient, asOf: string): Promise<OverdueSweep> {
  const rules = await listRules(tx, true);
  const members = await membersByGroup(tx, rules, '/');
  let flagged = 0, notices = 0;
  for (const r of rules) {
    const last = previousPeriod(r.per, asOf);
    for (const p of [previousPeriod(r.per, last.start), last]) {
      const contacts = byResident(await contactsOf(tx, { residentIds: undefined, from: chinaDayStart(p.start), to: chinaDayStart(addDays(p.end, 1)) }));
      const missed = (members.get(r.careGroup) ?? []).map((m) => ({ m, s: slotState(r, p, sinceFor(m, r), contacts.get(m.id) ?? [], asOf) })).filter((x) => x.s.overdue);
      if (!missed.length) continue;
      const { rows: fresh } = await tx.query(
        `INSERT INTO care_overdue (rule_id, resident_id, period, grid_code, path, due_by, done, needed)
         SELECT $1::bigint, t.resident, $2::text, t.grid, t.path, $3::date, t.done, $4::int FROM unnest($5::bigint[], $6::text[], $7::text[], $8::int[]) AS t(resident, grid, path, done)
         ON CONFLICT DO NOTHING RETURNING grid_code`,
        [r.id, p.label, p.end, r.times, missed.map((x) => x.m.id), missed.map((x) => x.m.gridCode), missed.map((x) => x.m.path), missed.map((x) => x.s.done)]);
      if (!fresh.length) continue;
      flagged += fresh.length;
      const perGrid = new Map<string, number>();
      for (const f of fresh) perGrid.set(f.grid_code, (perGrid.get(f.grid_code) ?? 0) + 1);
      const staff = await gridStaffAccounts(tx, [...perGrid.keys()], ['worker', 'leader']);
      const names = await gridNames(tx, [...perGrid.keys()]);
      for (const [grid, n] of perGrid) {
        // no names in the text: it also leaves by SMS/WeChat, and care groups are sensitive
        const text = `关爱计划超期：${names.get(grid)?.name ?? grid} ${p.label} 有 ${n} 人未完成“${ruleLabel(r, 'zh-CN')}”，请尽快补上联系。`;
        notices += await notify(tx, staff.get(grid) ?? [], { kind: 'care_overdue', text, caseId: null });
      }
    }
  }
  return { ran: true, asOf, flagged, notices };
}

/** One sweep as of a China day (today by default). */
export function sweepCareOverdue(db: Db, asOf: string = chinaToday()): Promise<OverdueSweep> {
  return runCommand(db, systemActor('job:care.overdue'), overdueSweep, { asOf });
}
