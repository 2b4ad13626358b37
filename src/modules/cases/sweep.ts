/**
 * The deadline sweep: warns handlers of cases near their deadline, flags overdue cases and,
 * where the category says so, escalates them one level up. Safe with several processes: one
 * transaction-scoped advisory lock lets a single sweep run at a time, each case is claimed
 * with FOR UPDATE SKIP LOCKED, and the flags it sets (warned_at, overdue_at) mean the same
 * case is never warned, flagged or escalated twice. All state is in the database, so a
 * restart simply carries on.
 */
import type { Db } from '../../core/db/pool.js';
import { getCategory } from './categories.js';
import { warnShare } from './deadlines.js';
import { accountsWithRole, notify } from './notify.js';
import { dispatchers, handlerAccounts } from './actions.js';
import type { CaseRow } from './rules.js';
import { addEvent, SYSTEM } from './timeline.js';

const SWEEP_LOCK = 0x6761_0600; // 'ga' + 0600: the cases module's sweep
const RUNNING = `state NOT IN ('closed','rejected','merged','verified','suspended')`;
const NEXT = { grid: 'community', community: 'street', street: 'street' } as const;

export interface SweepResult { ran: boolean; warned: number; overdue: number; escalated: number; lateReportIns?: number; }

export async function sweepDeadlines(db: Db, asOf: Date = new Date(), batch = 500): Promise<SweepResult> {
  return db.tx(async (tx) => {
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
      await tx.query(`UPDATE cases SET warned_at = $2 WHERE id = $1`, [row.id, asOf]);
      await addEvent(tx, Number(row.id), SYSTEM, { action: 'warn', from: row.state, to: row.state, detail: { due: row.resolve_due } });
      await notify(tx, await handlerAccounts(tx, { ...row, handler_account_id: row.handler_account_id && Number(row.handler_account_id), handler_department_id: row.handler_department_id && Number(row.handler_department_id) }), { kind: 'near_due', caseId: Number(row.id), text: `案件 ${row.number} 即将到期，请抓紧办理` });
      warned++;
    }

    const late = await tx.query(
      `SELECT * FROM cases WHERE ${RUNNING} AND overdue_at IS NULL AND resolve_due <= $1 ORDER BY resolve_due LIMIT $2 FOR UPDATE SKIP LOCKED`, [asOf, batch]);
    for (const raw of late.rows as CaseRow[]) {
      const row = { ...raw, id: Number(raw.id), handler_account_id: raw.handler_account_id && Number(raw.handler_account_id), handler_department_id: raw.handler_department_id && Number(raw.handler_department_id) };
      const category = await getCategory(tx, row.category_code);
      // a case already handled waits only for verification: it is flagged late, not taken off its handler
      const up = !!category?.escalateOverdue && row.level !== 'street' && row.state !== 'handled';
      const level = NEXT[row.level];
      await tx.query(
        `UPDATE cases SET overdue_at = $2, version = version + 1, updated_at = now()
           ${up ? `, level = $3, escalated_at = $2, state = 'registered', handler_kind = NULL, handler_account_id = NULL, handler_department_id = NULL, handler_name = NULL` : ''}
         WHERE id = $1`, up ? [row.id, asOf, level] : [row.id, asOf]);
      await addEvent(tx, row.id, SYSTEM, { action: 'overdue', from: row.state, to: row.state, detail: { due: row.resolve_due } });
      overdue++;
      const tellHandler = await handlerAccounts(tx, row);
      if (up) {
        await addEvent(tx, row.id, SYSTEM, { action: 'escalate', from: row.state, to: 'registered', note: '超期自动上报上一级', detail: { from: row.level, to: level, automatic: true } });
        const above = level === 'street' ? await accountsWithRole(tx, 'street_command', row.street_code) : await accountsWithRole(tx, 'community_staff', row.community_code);
        await notify(tx, [...above, ...tellHandler], { kind: 'escalated', caseId: row.id, text: `案件 ${row.number} 已超期，自动上报至${level === 'street' ? '街道' : '社区'}` });
        escalated++;
      } else {
        await notify(tx, [...tellHandler, ...await dispatchers(tx, row)], { kind: 'overdue', caseId: row.id, text: `案件 ${row.number} 已超期` });
      }
    }
    // 报到超时: a summoned department that has not reported in by its deadline is shown to the street, once
    const lateIn = await tx.query(
      `SELECT t.id, t.case_id, d.name AS department, c.number, c.street_code FROM case_task t JOIN department d ON d.id = t.department_id JOIN cases c ON c.id = t.case_id
        WHERE t.reported_in_at IS NULL AND t.report_in_flagged_at IS NULL AND t.report_in_due <= $1 ORDER BY t.report_in_due LIMIT $2 FOR UPDATE OF t SKIP LOCKED`, [asOf, batch]);
    for (const t of lateIn.rows) {
      await tx.query(`UPDATE case_task SET report_in_flagged_at = $2 WHERE id = $1`, [t.id, asOf]);
      await addEvent(tx, Number(t.case_id), SYSTEM, { action: 'report_in_late', from: null, to: null, note: `${t.department} 未按时报到`, detail: { taskId: Number(t.id), department: t.department } });
      await notify(tx, await accountsWithRole(tx, 'street_command', t.street_code), { kind: 'late_report_in', caseId: Number(t.case_id), text: `${t.department} 未在时限内报到（案件 ${t.number}）` });
    }
    return { ran: true, warned, overdue, escalated, lateReportIns: lateIn.rows.length };
  });
}
