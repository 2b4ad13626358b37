/**
 * Every change to a case: one locked read, the version check (409 on a stale version), the
 * rule checks, the update, the timeline event and the notices — in the caller's transaction.
 */
import type { Actor } from '../../core/access/policy.js';
import type { Queryable } from '../../core/db/pool.js';
import { AppError } from '../../core/http/errors.js';
import { DEPARTMENTS } from './catalogue.js';
import { getCategory } from './categories.js';
import { loadClock, reportInMinutes, resolveDue, resumedDue, whistleLevels } from './deadlines.js';
import { ACTION_NAMES, STATE_NAMES, type WhistleReason } from './labels.js';
import { transition, type CaseAction } from './machine.js';
import { accountsWithRole, gridWorkers, notify } from '../notifications/api.js';
import { departmentMembers } from '../departments/api.js';
import { actionsFor, canSee, hasResidentReporter, isCaller, isSelfRater, relationTo, todoActions, type CaseRow, type Offer, type Relation, type TaskRow } from './rules.js';
import { addEvent, attachPhotos, type CaseActor } from './timeline.js';
import { syncOpenCopies } from './commands/index-cases.js';
import { chinaMinute } from '../../core/time.js';

export type DispatchTo = { kind: 'grid_worker'; accountId: number } | { kind: 'community' } | { kind: 'property'; name: string } | { kind: 'department'; departmentId: number };

export interface ActInput {
  action: string; version: number; note?: string; photos?: string[]; reason?: string; result?: string; dispatchTo?: DispatchTo; into?: number;
}

export interface Loaded { row: CaseRow; tasks: TaskRow[]; rel: Relation; allowed: Offer[]; todo: Offer[]; }

export async function loadCase(tx: Queryable, actor: Actor, id: number, lock: boolean): Promise<Loaded> {
  const { rows } = await tx.query(`SELECT * FROM cases WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]);
  const row = rows[0] as CaseRow | undefined;
  if (!row) throw new AppError('case_not_found', { id });
  for (const k of ['id', 'handler_account_id', 'handler_department_id', 'lead_department_id', 'reporter_account_id', 'merged_into', 'integration_id', 'created_by'] as const) {
    if ((row as any)[k] !== null) (row as any)[k] = Number((row as any)[k]);
  }
  const t = await tx.query(`SELECT id, department_id, role, reported_in_at, done_at, rating FROM case_task WHERE case_id = $1 ORDER BY id`, [id]);
  const tasks = t.rows.map((r) => ({ ...r, id: Number(r.id), department_id: Number(r.department_id) })) as TaskRow[];
  const rel = await relationTo(tx, actor, row);
  if (!canSee(rel, row, tasks, actor)) throw new AppError('case_not_found', { id });
  const config = { whistleLevels: await whistleLevels(tx) };
  return { row, tasks, rel, allowed: actionsFor(rel, row, tasks, config), todo: todoActions(rel, row, tasks, config) };
}

const name = (a: string) => ACTION_NAMES[a]?.zh ?? a;

function checkVersion(row: CaseRow, version: number) {
  if (version !== row.version) throw new AppError('case_version_conflict', { version: row.version });
}

function requireAllowed(l: Loaded, action: Offer) {
  if (!l.allowed.includes(action)) throw new AppError('case_action_forbidden', { action: name(action) });
}

function needText(v: string | undefined, code: 'case_reason_required' | 'case_result_required'): string {
  const t = v?.trim() ?? '';
  if (t.length < 2) throw new AppError(code);
  return t;
}

async function bump(tx: Queryable, id: number, set: Record<string, unknown>): Promise<void> {
  const keys = Object.keys(set);
  const sql = keys.map((k, i) => `${k} = $${i + 2}`).join(', ');
  await tx.query(`UPDATE cases SET ${sql}${keys.length ? ', ' : ''}version = version + 1, updated_at = now() WHERE id = $1`, [id, ...keys.map((k) => set[k])]);
  // open cases by word (search.ts): the copy of its terms follows its state
  if ('state' in set) await syncOpenCopies(tx, [id]);
}

/** The dispatcher's accounts at the case's level: its community's staff, or its street's command centre. */
async function dispatchers(tx: Queryable, row: CaseRow): Promise<number[]> {
  return row.level !== 'street' && row.community_code ? accountsWithRole(tx, 'community_staff', row.community_code) : accountsWithRole(tx, 'street_command', row.street_code);
}

async function handlerAccounts(tx: Queryable, row: { handler_kind: string | null; handler_account_id: number | null; handler_department_id: number | null; community_code: string | null; street_code: string | null }): Promise<number[]> {
  switch (row.handler_kind) {
    case 'grid_worker': return row.handler_account_id ? [row.handler_account_id] : [];
    case 'department': return departmentMembers(tx, row.handler_department_id);
    case 'community': return accountsWithRole(tx, 'community_staff', row.community_code);
    case 'street': return accountsWithRole(tx, 'street_command', row.street_code);
    default: return [];
  }
}

/** The district that owns departments for this case: the street's parent. */
async function districtOf(tx: Queryable, row: CaseRow): Promise<string | null> {
  const { rows } = await tx.query(`SELECT parent_code FROM region WHERE code = $1`, [row.street_code]);
  return rows[0]?.parent_code ?? null;
}

async function departmentIn(tx: Queryable, row: CaseRow, id: number) {
  const district = await districtOf(tx, row);
  const { rows } = await tx.query(`SELECT id, name, kind FROM department_v WHERE id = $1 AND region_code = $2`, [id, district]);
  if (!rows[0]) throw new AppError('whistle_department_invalid', { id });
  return { id: Number(rows[0].id), name: rows[0].name as string, kind: rows[0].kind as string };
}

async function resolveTarget(tx: Queryable, row: CaseRow, to: DispatchTo | undefined) {
  if (!to) throw new AppError('case_dispatch_target_required');
  const category = (await getCategory(tx, row.category_code))!;
  // 职能部门事项不得下派 (RULES.md): refuse, naming the catalogue entry
  if (category.departmentMatter && to.kind !== 'department') {
    throw new AppError('case_department_matter', { category: category.name, department: DEPARTMENTS[category.departmentKind!]?.zh ?? category.departmentKind!, code: category.code });
  }
  switch (to.kind) {
    case 'grid_worker': {
      const { rows } = await tx.query(
        `SELECT s.account_id, a.display_name FROM grid_staff s JOIN account a ON a.id = s.account_id
          WHERE s.account_id = $1 AND s.until IS NULL AND s.post = 'worker' AND s.path LIKE $2 LIMIT 1`,
        [to.accountId, (row.community_code ? (await tx.query(`SELECT path FROM region WHERE code = $1`, [row.community_code])).rows[0].path : row.path) + '%']);
      if (!rows[0]) throw new AppError('case_dispatch_target_invalid', { problem: '不是本社区在岗网格员 not a grid worker of this community' });
      return { handler_kind: 'grid_worker', handler_account_id: to.accountId, handler_department_id: null, handler_name: rows[0].display_name as string };
    }
    case 'community': {
      if (!row.community_code) throw new AppError('case_dispatch_target_invalid', { problem: '该案件不在任何社区 the case is in no community' });
      const { rows } = await tx.query(`SELECT name FROM region WHERE code = $1`, [row.community_code]);
      return { handler_kind: 'community', handler_account_id: null, handler_department_id: null, handler_name: rows[0].name as string };
    }
    case 'property': {
      const n = to.name?.trim();
      if (!n) throw new AppError('case_dispatch_target_invalid', { problem: '请填写物业企业名称 name the property company' });
      return { handler_kind: 'property', handler_account_id: null, handler_department_id: null, handler_name: n };
    }
    case 'department': {
      const d = await departmentIn(tx, row, to.departmentId);
      return { handler_kind: 'department', handler_account_id: null, handler_department_id: d.id, handler_name: d.name };
    }
    default: throw new AppError('case_dispatch_target_required');
  }
}

const NEXT_LEVEL = { grid: 'community', community: 'street', street: 'street' } as const;

/** Apply one state-machine action. */
export async function act(tx: Queryable, actor: Actor, who: CaseActor, id: number, input: ActInput): Promise<void> {
  const l = await loadCase(tx, actor, id, true);
  const { row } = l;
  checkVersion(row, input.version);
  const action = input.action as CaseAction;
  const t = transition(row.state, action, row.previous_state);
  if (!t.ok) throw new AppError('case_transition_invalid', { state: STATE_NAMES[row.state]?.zh ?? row.state, action: name(input.action) });
  requireAllowed(l, action);
  const now = new Date();
  const note = input.note?.trim() || null;
  let set: Record<string, unknown> = { state: t.to };
  let eventNote = note;
  let detail: Record<string, unknown> = {};
  let tell: { to: number[]; kind: string; text: string } | null = null;
  const category = (await getCategory(tx, row.category_code))!;
  const label = `案件 ${row.number}（${category.name}）`;

  switch (action) {
    case 'register': {
      const clock = await loadClock(tx);
      set = { ...set, registered_at: now, resolve_due: resolveDue(clock, now, category.resolveValue, category.resolveUnit) };
      break;
    }
    case 'reject':
    case 'return':
    case 'suspend':
      eventNote = needText(input.reason, 'case_reason_required');
      if (action === 'return') {
        set = { ...set, handler_kind: null, handler_account_id: null, handler_department_id: null, handler_name: null };
        detail = { handler: row.handler_name };
        tell = { to: await dispatchers(tx, row), kind: 'returned', text: `${label}被 ${row.handler_name ?? ''} 退回：${eventNote}` };
      }
      if (action === 'suspend') set = { ...set, previous_state: row.state, suspended_at: now };
      break;
    case 'resume': {
      const clock = await loadClock(tx);
      set = { ...set, previous_state: null, suspended_at: null, ...(row.resolve_due && row.suspended_at ? { resolve_due: resumedDue(clock, row.resolve_due, row.suspended_at, now) } : {}) };
      break;
    }
    case 'dispatch': {
      const target = await resolveTarget(tx, row, input.dispatchTo);
      // 首接负责: the first department a hotline ticket goes to stays lead until closure;
      // after its objection (退回) the dispatcher may name another.
      set = { ...set, ...target, ...(target.handler_kind === 'department' && !row.lead_department_id ? { lead_department_id: target.handler_department_id } : {}) };
      detail = { to: target };
      tell = { to: await handlerAccounts(tx, { ...row, ...target } as any), kind: 'dispatched', text: `${label}已派遣给您，请签收处置${row.resolve_due ? `（${fmt(row.resolve_due)} 前办结）` : ''}` };
      break;
    }
    case 'accept':
      set = { ...set, ...(row.responded_at ? {} : { responded_at: now }) };
      break;
    case 'handle': {
      eventNote = needText(input.result, 'case_result_required');
      set = { ...set, handled_at: now };
      const verifiers = [...await dispatchers(tx, row), ...await gridWorkers(tx, row.grid_code)].filter((a) => !(row.handler_kind === 'grid_worker' && a === row.handler_account_id));
      tell = { to: verifiers, kind: 'verify', text: `${label}已处置完毕，请核查` };
      break;
    }
    case 'verify_pass':
      tell = { to: await dispatchers(tx, row), kind: 'close', text: `${label}核查通过，请结案` };
      break;
    case 'verify_fail':
      eventNote = needText(input.reason ?? input.note, 'case_reason_required');
      set = { ...set, rework_count: row.rework_count + 1, handled_at: null };
      tell = { to: await handlerAccounts(tx, row), kind: 'rework', text: `${label}核查未通过，请重新处置：${eventNote}` };
      break;
    case 'close': {
      if (row.source === 'hotline' && !row.callback_at && !row.no_callback_reason) throw new AppError('case_callback_required');
      const open = await openTaskNames(tx, row.id);
      if (open.length) throw new AppError('case_tasks_open', { departments: open.join('、') });
      set = { ...set, closed_at: now };
      const { rows } = await tx.query(`SELECT account_id FROM case_reporter WHERE case_id = $1 AND account_id IS NOT NULL`, [row.id]);
      tell = { to: rows.map((r) => Number(r.account_id)), kind: 'rate', text: `您反映的${label}已办结，请评价` };
      break;
    }
    case 'escalate': {
      const level = NEXT_LEVEL[row.level];
      set = { ...set, level, escalated_at: now, handler_kind: null, handler_account_id: null, handler_department_id: null, handler_name: null };
      detail = { from: row.level, to: level };
      eventNote = note ?? input.reason?.trim() ?? null;
      tell = { to: level === 'street' ? await accountsWithRole(tx, 'street_command', row.street_code) : await accountsWithRole(tx, 'community_staff', row.community_code), kind: 'escalated', text: `${label}已上报至${level === 'street' ? '街道' : '社区'}，请处理` };
      break;
    }
    case 'supervise':
      set = { supervised: true };
      eventNote = needText(input.reason ?? input.note, 'case_reason_required');
      tell = { to: [...await handlerAccounts(tx, row), ...await dispatchers(tx, row)], kind: 'supervised', text: `${label}被督办：${eventNote}` };
      break;
    case 'urge':
      eventNote = needText(input.reason ?? input.note, 'case_reason_required');
      tell = { to: await handlerAccounts(tx, row), kind: 'urged', text: `${label}被催办：${eventNote}${row.resolve_due ? `（${fmt(row.resolve_due)} 前办结）` : ''}` };
      break;
    case 'reassign': {
      eventNote = needText(input.reason ?? input.note, 'case_reason_required');
      const target = await resolveTarget(tx, row, input.dispatchTo);
      set = { ...set, ...target, ...(target.handler_kind === 'department' && !row.lead_department_id ? { lead_department_id: target.handler_department_id } : {}) };
      detail = { from: row.handler_name, to: target };
      const before = await handlerAccounts(tx, row);
      await notify(tx, before.filter((a) => a !== who.accountId), { kind: 'reassigned', caseId: row.id, text: `${label}已改派给 ${target.handler_name}：${eventNote}` });
      tell = { to: await handlerAccounts(tx, { ...row, ...target } as any), kind: 'dispatched', text: `${label}已改派给您，请签收处置${row.resolve_due ? `（${fmt(row.resolve_due)} 前办结）` : ''}` };
      break;
    }
    case 'merge': {
      const into = Number(input.into);
      const { rows } = await tx.query(`SELECT id, number, category_code, state FROM cases WHERE id = $1 FOR UPDATE`, [into]);
      const target = rows[0];
      if (!target || into === row.id || target.category_code !== row.category_code || ['closed', 'rejected', 'merged'].includes(target.state)) throw new AppError('case_merge_target_invalid');
      await loadCase(tx, actor, into, false); // the target must be visible to the caller too
      set = { ...set, merged_into: into };
      await tx.query(`UPDATE case_reporter SET case_id = $2 WHERE case_id = $1`, [row.id, into]);
      await tx.query(`UPDATE case_photo SET case_id = case_id WHERE case_id = $1`, [row.id]);
      await tx.query(`UPDATE cases SET version = version + 1, updated_at = now() WHERE id = $1`, [into]);
      await addEvent(tx, into, who, { action: 'merge', from: target.state, to: target.state, note: `合并案件 ${row.number}`, detail: { merged: row.id, number: row.number } });
      detail = { into, number: target.number };
      const { rows: reps } = await tx.query(`SELECT account_id FROM case_reporter WHERE case_id = $1 AND from_case_id = $2 AND account_id IS NOT NULL`, [into, row.id]);
      tell = { to: reps.map((r) => Number(r.account_id)), kind: 'merged', text: `您反映的问题已并入案件 ${target.number} 一并处理` };
      break;
    }
    case 'on_the_spot': {
      // a grid worker settles a reported matter on the spot: registered, accepted and handled at once
      eventNote = needText(input.result, 'case_result_required');
      const clock = await loadClock(tx);
      set = { ...set, registered_at: now, responded_at: row.responded_at ?? now, handled_at: now, resolve_due: resolveDue(clock, now, category.resolveValue, category.resolveUnit),
        handler_kind: 'grid_worker', handler_account_id: who.accountId, handler_department_id: null, handler_name: who.name };
      if (row.level !== 'grid') tell = { to: await dispatchers(tx, row), kind: 'verify', text: `${label}已现场处置，请核查` };
      break;
    }
    case 'whistle':
    case 'reopen':
      throw new AppError('case_action_forbidden', { action: name(action) }); // through their own endpoints
  }
  const photos = await attachPhotos(tx, row.id, who, input.photos);
  await bump(tx, row.id, set);
  await addEvent(tx, row.id, who, { action, from: row.state, to: t.to, note: eventNote, photos, detail });
  if (action === 'on_the_spot' && row.level === 'grid') {
    // 自处自结: a grid-level matter handled on the spot closes at once, still on the record
    await bump(tx, row.id, { state: 'closed', closed_at: now });
    await addEvent(tx, row.id, who, { action: 'close', from: 'handled', to: 'closed', note: '网格员现场处置，自处自结', detail: { fastPath: true } });
    const { rows } = await tx.query(`SELECT account_id FROM case_reporter WHERE case_id = $1 AND account_id IS NOT NULL`, [row.id]);
    tell = { to: rows.map((r) => Number(r.account_id)), kind: 'rate', text: `您反映的${label}已办结，请评价` };
  }
  if (tell) await notify(tx, tell.to.filter((a) => a !== who.accountId), { kind: tell.kind, caseId: row.id, text: tell.text });
}

const fmt = (d: Date) => chinaMinute(d);

async function openTaskNames(tx: Queryable, caseId: number): Promise<string[]> {
  const { rows } = await tx.query(`SELECT d.name FROM case_task t JOIN department_v d ON d.id = t.department_id WHERE t.case_id = $1 AND t.done_at IS NULL ORDER BY t.id`, [caseId]);
  return rows.map((r) => r.name);
}

// ——— 街道吹哨、部门报到 ———

export interface WhistleInput { version: number; reason: WhistleReason; leadDepartmentId?: number; assistDepartmentIds?: number[]; reportInMinutes?: number; note?: string; }

export async function whistle(tx: Queryable, actor: Actor, who: CaseActor, id: number, input: WhistleInput): Promise<void> {
  const l = await loadCase(tx, actor, id, true);
  const { row } = l;
  checkVersion(row, input.version);
  const t = transition(row.state, 'whistle');
  if (!t.ok) throw new AppError('case_transition_invalid', { state: STATE_NAMES[row.state]?.zh ?? row.state, action: name('whistle') });
  requireAllowed(l, 'whistle');
  if (!input.leadDepartmentId) throw new AppError('whistle_lead_required');
  const assists = [...new Set(input.assistDepartmentIds ?? [])];
  if (assists.includes(input.leadDepartmentId)) throw new AppError('whistle_lead_also_assisting');
  const lead = await departmentIn(tx, row, input.leadDepartmentId);
  const helpers = [];
  for (const d of assists) helpers.push(await departmentIn(tx, row, d));
  const now = new Date();
  const minutes = input.reportInMinutes ?? await reportInMinutes(tx);
  const reportInDue = new Date(now.getTime() + minutes * 60_000);
  const category = (await getCategory(tx, row.category_code))!;
  const clock = await loadClock(tx);
  // each summoned department gets the category's time limit from the whistle; the case keeps its own deadline
  const taskDue = resolveDue(clock, now, category.resolveValue, category.resolveUnit);
  const due = row.resolve_due ?? taskDue;
  const w = await tx.query(
    `INSERT INTO case_whistle (case_id, reason, by_account_id, by_name, report_in_due, note) VALUES ($1,$2,$3,$4,$5,$6) RETURNING id`,
    [row.id, input.reason, who.accountId, who.name, reportInDue, input.note?.trim() || null]);
  const whistleId = Number(w.rows[0].id);
  for (const [d, role] of [[lead, 'lead'], ...helpers.map((h) => [h, 'assist'])] as [{ id: number }, string][]) {
    await tx.query(`INSERT INTO case_task (case_id, whistle_id, department_id, role, report_in_due, due) VALUES ($1,$2,$3,$4,$5,$6)`, [row.id, whistleId, d.id, role, reportInDue, taskDue]);
  }
  // the lead department becomes the handler; 首接负责 for a hotline ticket keeps its first lead
  await bump(tx, row.id, {
    state: 'dispatched', level: 'street', handler_kind: 'department', handler_account_id: null, handler_department_id: lead.id, handler_name: lead.name,
    lead_department_id: row.lead_department_id ?? lead.id, resolve_due: due, registered_at: row.registered_at ?? now,
  });
  await addEvent(tx, row.id, who, {
    action: 'whistle', from: row.state, to: 'dispatched', note: input.note?.trim() || null,
    detail: { reason: input.reason, lead: { id: lead.id, name: lead.name }, assist: helpers.map((h) => ({ id: h.id, name: h.name })), reportInDue: reportInDue.toISOString() },
  });
  for (const [d, role] of [[lead, '牵头'], ...helpers.map((h) => [h, '协办'])] as [{ id: number }, string][]) {
    await notify(tx, await departmentMembers(tx, d.id), { kind: 'whistle', caseId: row.id, text: `街道吹哨：案件 ${row.number}（${category.name}），贵部门${role}，请于 ${fmt(reportInDue)} 前报到` });
  }
}

async function loadTask(tx: Queryable, l: Loaded, taskId: number) {
  const { rows } = await tx.query(`SELECT t.*, d.name AS department_name FROM case_task t JOIN department_v d ON d.id = t.department_id WHERE t.id = $1 AND t.case_id = $2 FOR UPDATE OF t`, [taskId, l.row.id]);
  const task = rows[0];
  if (!task) throw new AppError('task_not_found', { id: taskId });
  return { ...task, id: Number(task.id), department_id: Number(task.department_id) };
}

export async function reportIn(tx: Queryable, actor: Actor, who: CaseActor, id: number, taskId: number, input: { handlerName: string; note?: string }): Promise<void> {
  const l = await loadCase(tx, actor, id, true);
  const task = await loadTask(tx, l, taskId);
  if (!l.rel.departments.includes(task.department_id)) throw new AppError('task_not_mine');
  if (task.reported_in_at) throw new AppError('task_already_reported_in');
  const now = new Date();
  await tx.query(`UPDATE case_task SET reported_in_at = $2, handler_name = $3 WHERE id = $1`, [task.id, now, input.handlerName.trim()]);
  const late = now > task.report_in_due;
  const leadAccepts = task.role === 'lead' && l.row.state === 'dispatched';
  await bump(tx, l.row.id, leadAccepts ? { state: 'accepted', ...(l.row.responded_at ? {} : { responded_at: now }) } : {});
  await addEvent(tx, l.row.id, who, {
    action: 'report_in', from: l.row.state, to: leadAccepts ? 'accepted' : l.row.state, note: input.note?.trim() || null,
    detail: { taskId: task.id, department: task.department_name, role: task.role, handlerName: input.handlerName.trim(), late },
  });
  if (late) await notify(tx, await accountsWithRole(tx, 'street_command', l.row.street_code), { kind: 'late_report_in', caseId: l.row.id, text: `${task.department_name} 逾期报到（案件 ${l.row.number}）` });
}

export async function taskDone(tx: Queryable, actor: Actor, who: CaseActor, id: number, taskId: number, input: { result: string; photos?: string[] }): Promise<void> {
  const l = await loadCase(tx, actor, id, true);
  const task = await loadTask(tx, l, taskId);
  if (!l.rel.departments.includes(task.department_id)) throw new AppError('task_not_mine');
  if (!task.reported_in_at) throw new AppError('task_not_reported_in');
  if (task.done_at) throw new AppError('task_already_done');
  const result = needText(input.result, 'case_result_required');
  if (task.role === 'lead' && l.row.state !== 'accepted') throw new AppError('case_transition_invalid', { state: STATE_NAMES[l.row.state]?.zh ?? l.row.state, action: name('task_done') });
  const photos = await attachPhotos(tx, l.row.id, who, input.photos);
  const now = new Date();
  await tx.query(`UPDATE case_task SET done_at = $2, result = $3, photos = $4::uuid[] WHERE id = $1`, [task.id, now, result, photos]);
  const lead = task.role === 'lead';
  await bump(tx, l.row.id, lead ? { state: 'handled', handled_at: now } : {});
  await addEvent(tx, l.row.id, who, { action: 'task_done', from: l.row.state, to: lead ? 'handled' : l.row.state, note: result, photos, detail: { taskId: task.id, department: task.department_name, role: task.role, late: now > task.due } });
  const street = await accountsWithRole(tx, 'street_command', l.row.street_code);
  await notify(tx, street, { kind: lead ? 'verify' : 'task_done', caseId: l.row.id, text: `${task.department_name} 已反馈处置结果（案件 ${l.row.number}）${lead ? '，请核查' : ''}` });
}

export async function rateDepartment(tx: Queryable, actor: Actor, who: CaseActor, id: number, taskId: number, input: { score: number; note?: string }): Promise<void> {
  const l = await loadCase(tx, actor, id, true);
  if (!l.rel.street) throw new AppError('case_action_forbidden', { action: name('rate_department') });
  const task = await loadTask(tx, l, taskId);
  if (!task.done_at) throw new AppError('task_not_done');
  await tx.query(`UPDATE case_task SET rating = $2, rating_note = $3, rated_at = now() WHERE id = $1`, [task.id, input.score, input.note?.trim() || null]);
  await bump(tx, l.row.id, {});
  await addEvent(tx, l.row.id, who, { action: 'rate_department', from: l.row.state, to: l.row.state, note: input.note?.trim() || null, detail: { taskId: task.id, department: task.department_name, score: input.score } });
}

// ——— closure: ratings, callbacks, reopening once ———

export interface RateInput { version?: number; satisfaction: 'satisfied' | 'basic' | 'dissatisfied'; resolved?: boolean; note?: string; reopen?: boolean; reason?: string; noCallbackReason?: string; calledAt?: string; }

/**
 * Satisfaction comes from the reporter (RULES.md, Cases: 解决率 and 满意率 are over cases called
 * back). The resident rates their own report; anyone else records a callback (回访: who called,
 * when, the resident's answer), and never the handler. A case staff discovered themselves has no
 * resident to ask: no rating, and it is left out of both rates' denominators.
 */
export async function rate(tx: Queryable, actor: Actor, who: CaseActor, id: number, input: RateInput): Promise<void> {
  const l = await loadCase(tx, actor, id, true);
  const { row, rel } = l;
  if (input.version !== undefined) checkVersion(row, input.version);
  const hotline = row.source === 'hotline';
  const now = new Date();
  const resolved = input.resolved ?? input.satisfaction !== 'dissatisfied';
  const handlerWorker = row.handler_kind === 'grid_worker' && row.handler_account_id === rel.accountId;
  const notHandler = () => { if (rel.handler || handlerWorker) throw new AppError('case_callback_by_handler'); };
  const calledAt = () => {
    const at = input.calledAt ? new Date(input.calledAt) : now;
    const after = row.handled_at ?? row.closed_at;
    if (Number.isNaN(at.getTime()) || at.getTime() > now.getTime() + 5 * 60_000 || (after && at.getTime() < new Date(after).getTime() - 60_000)) throw new AppError('case_callback_time_invalid');
    return at;
  };
  const answer = { satisfaction: input.satisfaction, resolved };
  if (hotline && row.state === 'verified') {
    // 回访: a 12345 ticket's callback is recorded by the dispatcher before closure
    notHandler();
    requireAllowed(l, 'callback');
    if (input.noCallbackReason?.trim()) {
      await bump(tx, row.id, { no_callback_reason: input.noCallbackReason.trim(), callback_by: who.accountId });
      await addEvent(tx, row.id, who, { action: 'callback', from: row.state, to: row.state, note: input.noCallbackReason.trim(), detail: { reached: false, caller: who.name } });
      return;
    }
    const at = calledAt();
    const callback = { callback_at: at, callback_by: who.accountId, satisfaction: input.satisfaction, resolved, rating_note: input.note?.trim() || null, rated_at: now, rated_by: who.name };
    if (input.reopen) {
      if (input.satisfaction !== 'dissatisfied') throw new AppError('case_reopen_needs_dissatisfied');
      const reason = needText(input.reason, 'case_reason_required');
      await bump(tx, row.id, { state: 'accepted', rework_count: row.rework_count + 1, handled_at: null, ...callback });
      await addEvent(tx, row.id, who, { action: 'callback', from: row.state, to: 'accepted', note: reason, detail: { ...answer, reopen: true, caller: who.name, calledAt: at.toISOString() } });
      await notify(tx, await handlerAccounts(tx, row), { kind: 'rework', caseId: row.id, text: `案件 ${row.number} 回访不满意，请重新处置：${reason}` });
      return;
    }
    await bump(tx, row.id, callback);
    await addEvent(tx, row.id, who, { action: 'callback', from: row.state, to: row.state, note: input.note?.trim() || null, detail: { ...answer, caller: who.name, calledAt: at.toISOString() } });
    return;
  }
  if (row.state !== 'closed') throw new AppError('case_not_closed');
  if (!hasResidentReporter(row)) throw new AppError('case_not_rateable');
  const self = isSelfRater(rel, row);
  if (!self) {
    notHandler();
    if (!isCaller(rel, row)) throw new AppError('case_rater_forbidden');
  }
  if (row.rated_at && !(input.reopen && row.satisfaction === 'dissatisfied')) throw new AppError('case_already_rated');
  const at = self ? null : calledAt();
  const by = self ? {} : { callback_at: at, callback_by: who.accountId };
  const how = self ? { byReporter: true } : { byReporter: false, caller: who.name, calledAt: at!.toISOString() };
  if (input.reopen) {
    if (input.satisfaction !== 'dissatisfied') throw new AppError('case_reopen_needs_dissatisfied');
    if (row.reopened) throw new AppError('case_reopen_once');
    const reason = needText(input.reason, 'case_reason_required');
    // the dissatisfied rating stays on the timeline; the case is rated again when it closes again
    await bump(tx, row.id, { state: 'accepted', reopened: true, rework_count: row.rework_count + 1, closed_at: null, handled_at: null, satisfaction: null, resolved: null, rating_note: null, rated_at: null, rated_by: null, callback_at: null, callback_by: null });
    await addEvent(tx, row.id, who, { action: self ? 'reopen' : 'callback', from: 'closed', to: 'accepted', note: reason, detail: { ...answer, ...how, reopen: true } });
    await notify(tx, [...await handlerAccounts(tx, row), ...await dispatchers(tx, row)], { kind: 'rework', caseId: row.id, text: `案件 ${row.number} 评价不满意，已重办：${reason}` });
    return;
  }
  await bump(tx, row.id, { satisfaction: input.satisfaction, resolved, rating_note: input.note?.trim() || null, rated_at: now, rated_by: who.name, ...by });
  await addEvent(tx, row.id, who, { action: self ? 'rate' : 'callback', from: row.state, to: row.state, note: input.note?.trim() || null, detail: { ...answer, ...how } });
}

/** Also exported for the sweep. */
export { handlerAccounts, dispatchers };
