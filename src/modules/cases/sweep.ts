/**
 * The deadline sweep: warns handlers of cases near their deadline, flags overdue cases and,
 * where the category says so, escalates them one level up. Safe with several processes: one
 * transaction-scoped advisory lock lets a single sweep run at a time, each case is claimed
 * with FOR UPDATE SKIP LOCKED, and the flags it sets (warned_at, overdue_at) mean the same
 * case is never warned, flagged or escalated twice. All state is in the database, so a
 * restart simply carries on.
 *
 * Each change is a command run as `job:cases.sweep` (warn, overdue or escalate, late report-in),
 * so each has its audit record with the case as its target, in the sweep's transaction.
 */
import type pg from 'pg';
import { defineCommand, runInTx, systemActor } from '../../core/command.js';
import type { Db } from '../../core/db/pool.js';
import { getCategory } from './categories.js';
import { warnShare } from './deadlines.js';
import { accountsWithRole, notify } from '../notifications/api.js';
import { dispatchers, handlerAccounts } from './actions.js';
import type { CaseRow } from './rules.js';
import { addEvent, SYSTEM } from './timeline.js';

const SWEEP_LOCK = 0x6761_0600; // 'ga' + 0600: the cases module's sweep
const RUNNING = `state NOT IN ('closed','rejected','merged','verified','suspended')`;
const NEXT = { grid: 'community', community: 'street', street: 'street' } as const;

export interface SweepResult { ran: boolean; warned: number; overdue: number; escalated: number; lateReportIns?: number; }

/** Who the sweep's changes are recorded as. */
export const SWEEP_ACTOR = systemActor('job:cases.sweep');

const ids = (raw: CaseRow): CaseRow => ({ ...raw, id: Number(raw.id), handler_account_id: raw.handler_account_id && Number(raw.handler_account_id), handler_department_id: raw.handler_department_id && Number(raw.handler_department_id) });

/** A running case near its deadline: flagged once, its handlers told. */
export const warnNearDue = defineCommand<{ row: CaseRow; asOf: Date }, void>({
  name: 'cases.sweep.warn',
  async run(tx, _actor, { row, asOf }) {
    await tx.query(`UPDATE cases SET warned_at = $2 WHERE id = $1`, [row.id, asOf]);
    await addEvent(tx, Number(row.id), SYSTEM, { action: 'warn', from: row.state, to: row.state, detail: { due: row.resolve_due } });
    await notify(tx, await handlerAccounts(tx, row), { kind: 'near_due', caseId: Number(row.id), text: `案件 ${row.number} 即将到期，请抓紧办理` });
  },
  audit: { targetType: 'case', targetId: ({ row }) => String(row.id), detail: ({ row }) => ({ number: row.number, due: row.resolve_due }) },
});

/**
 * A running case past its deadline: flagged overdue once and, where its category says so (and it
 * is not already handled, waiting only for verification), escalated one level up — recorded as
 * `cases.sweep.escalate` then, else `cases.sweep.overdue`.
 */
export const flagOverdue = defineCommand<{ row: CaseRow; asOf: Date }, { escalated: boolean; from: string; to: string }>({
  name: 'cases.sweep.overdue',
  async run(tx, _actor, { row, asOf }) {
    const category = await getCategory(tx, row.category_code);
    // a case already handled waits only for verification: it is flagged late, not taken off its handler
    const up = !!category?.escalateOverdue && row.level !== 'street' && row.state !== 'handled';
    const level = NEXT[row.level];
    await tx.query(
      `UPDATE cases SET overdue_at = $2, version = version + 1, updated_at = now()
         ${up ? `, level = $3, escalated_at = $2, state = 'registered', handler_kind = NULL, handler_account_id = NULL, handler_department_id = NULL, handler_name = NULL` : ''}
       WHERE id = $1`, up ? [row.id, asOf, level] : [row.id, asOf]);
    await addEvent(tx, row.id, SYSTEM, { action: 'overdue', from: row.state, to: row.state, detail: { due: row.resolve_due } });
    const tellHandler = await handlerAccounts(tx, row);
    if (up) {
      await addEvent(tx, row.id, SYSTEM, { action: 'escalate', from: row.state, to: 'registered', note: '超期自动上报上一级', detail: { from: row.level, to: level, automatic: true } });
      const above = level === 'street' ? await accountsWithRole(tx, 'street_command', row.street_code) : await accountsWithRole(tx, 'community_staff', row.community_code);
      await notify(tx, [...above, ...tellHandler], { kind: 'escalated', caseId: row.id, text: `案件 ${row.number} 已超期，自动上报至${level === 'street' ? '街道' : '社区'}` });
    } else {
      await notify(tx, [...tellHandler, ...await dispatchers(tx, row)], { kind: 'overdue', caseId: row.id, text: `案件 ${row.number} 已超期` });
    }
    return { escalated: up, from: row.level, to: up ? level : row.level };
  },
  audit: {
    action: (_input, r) => (r.escalated ? 'cases.sweep.escalate' : 'cases.sweep.overdue'),
    targetType: 'case',
    targetId: ({ row }) => String(row.id),
    detail: ({ row }, r) => ({ number: row.number, due: row.resolve_due, ...(r.escalated ? { fromLevel: r.from, toLevel: r.to } : {}) }),
  },
});

interface LateTask { id: number; case_id: number; department: string; number: string; street_code: string }

/** 报到超时: a summoned department that has not reported in by its deadline, shown to the street once. */
export const flagLateReportIn = defineCommand<{ task: LateTask; asOf: Date }, void>({
  name: 'cases.sweep.report_in_late',
  async run(tx, _actor, { task: t, asOf }) {
    await tx.query(`UPDATE case_task SET report_in_flagged_at = $2 WHERE id = $1`, [t.id, asOf]);
    await addEvent(tx, Number(t.case_id), SYSTEM, { action: 'report_in_late', from: null, to: null, note: `${t.department} 未按时报到`, detail: { taskId: Number(t.id), department: t.department } });
    await notify(tx, await accountsWithRole(tx, 'street_command', t.street_code), { kind: 'late_report_in', caseId: Number(t.case_id), text: `${t.department} 未在时限内报到（案件 ${t.number}）` });
  },
  audit: { targetType: 'case', targetId: ({ task }) => String(task.case_id), detail: ({ task }) => ({ number: task.number, taskId: Number(task.id), department: task.department }) },
});

export async function sweepDeadlines(db: Db, asOf: Date = new Date(), batch = 500): Promise<SweepResult> {
  return db.tx(async (tx) => sweepIn(tx, asOf, batch));
}

/** One sweep in the caller's transaction (the bench runs it in one it rolls back, to sweep the same backlog each run). */
export async function sweepIn(tx: pg.PoolClient, asOf: Date, batch: number): Promise<SweepResult> {
  const { rows: lock } = await tx.query(`SELECT pg_try_advisory_xact_lock($1) AS ok`, [SWEEP_LOCK]);
  if (!lock[0].ok) return { ran: false, warned: 0, overdue: 0, escalated: 0 };
  const share = await warnShare(tx);
  let warned = 0, overdue = 0, escalated = 0;

  // near the deadline: less than `share` of the time between registration and the deadline is left
  const near = await tx.query(
    `SELECT * FROM cases WHERE ${RUNNING} AND warned_at IS NULL AND overdue_at IS NULL AND resolve_due > $1 AND registered_at IS NOT NULL
        AND resolve_due - $1::timestamptz < (resolve_due - registered_at) * $2::float8
      ORDER BY resolve_due LIMIT $3 FOR UPDATE SKIP LOCKED`, [asOf, share, batch]);
  for (const row of near.rows as CaseRow[]) {
    await runInTx(tx, SWEEP_ACTOR, warnNearDue, { row: ids(row), asOf });
    warned++;
  }

  const late = await tx.query(
    `SELECT * FROM cases WHERE ${RUNNING} AND overdue_at IS NULL AND resolve_due <= $1 ORDER BY resolve_due LIMIT $2 FOR UPDATE SKIP LOCKED`, [asOf, batch]);
  for (const row of late.rows as CaseRow[]) {
    const r = await runInTx(tx, SWEEP_ACTOR, flagOverdue, { row: ids(row), asOf });
    overdue++;
    if (r.escalated) escalated++;
  }
  const lateIn = await tx.query(
    `SELECT t.id, t.case_id, d.name AS department, c.number, c.street_code FROM case_task t JOIN department_v d ON d.id = t.department_id JOIN cases c ON c.id = t.case_id
      WHERE t.reported_in_at IS NULL AND t.report_in_flagged_at IS NULL AND t.report_in_due <= $1 ORDER BY t.report_in_due LIMIT $2 FOR UPDATE OF t SKIP LOCKED`, [asOf, batch]);
  for (const task of lateIn.rows as LateTask[]) await runInTx(tx, SWEEP_ACTOR, flagLateReportIn, { task, asOf });
  return { ran: true, warned, overdue, escalated, lateReportIns: lateIn.rows.length };
}
