/**
 * Appeals (申诉) against a published rating: a company's own staff file one per period while the
 * window is open; the body that runs the period decides it — upheld with corrected appraisals (the
 * company's score is computed again from the same evidence and the correction shows in its
 * breakdown) or rejected with a reply. A result with an undecided appeal cannot be fixed.
 */
import type pg from 'pg';
import type { Queryable } from '../../core/db/pool.js';
import { AppError } from '../../core/http/errors.js';
import { chinaToday } from '../../core/time.js';
import { companyOfAccount } from '../property/api.js';
import { appealFilingProblem, appraisalMax, appraisersOf, SCORER_NAMES, type Scheme, type Scorer } from './rules.js';
import { periodInScope, rescoreCompany, schemeById } from './store.js';

export interface Correction { dimension: string; scorer: Scorer; score: number; note?: string | null; }

const dimensionName = (s: Scheme, key: string) => (s.kind === 'stars' ? s.definition.dimensions.find((d) => d.key === key)?.name : key === 'base' ? '基础分' : undefined);

export async function fileAppeal(tx: pg.PoolClient, periodId: number, a: { dimension?: string | null; reason: string }, accountId: number, scope: string[]) {
  const p = await periodInScope(tx, periodId, scope, { lock: true });
  const company = await companyOfAccount(tx, accountId);
  if (!company) throw new AppError('account_no_company');
  const problem = appealFilingProblem({ state: p.state, appealUntil: p.appeal_until }, chinaToday());
  if (problem) throw new AppError(problem, { until: p.appeal_until ?? '—' });
  const { rows: scored } = await tx.query('SELECT 1 FROM credit_score WHERE period_id = $1 AND company_id = $2', [periodId, company.id]);
  if (!scored[0]) throw new AppError('company_not_in_period', { id: company.id });
  if (a.dimension) {
    const scheme = await schemeById(tx, p.scheme_id);
    if (appraisalMax({ kind: scheme.kind, definition: scheme.definition } as Scheme, a.dimension) === null) throw new AppError('dimension_unknown', { dimension: a.dimension });
  }
  const reason = a.reason.trim();
  if (reason.length < 10) throw new AppError('appeal_reason_short', { min: 10 }, [{ field: 'reason', code: 'appeal_reason_short' }]);
  const ins = await tx.query(
    `INSERT INTO credit_appeal (period_id, company_id, dimension, reason, filed_by) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (period_id, company_id) DO NOTHING RETURNING id`,
    [periodId, company.id, a.dimension || null, reason, accountId]);
  if (!ins.rows[0]) throw new AppError('appeal_already_filed');
  return Number(ins.rows[0].id);
}

export async function decideAppeal(tx: pg.PoolClient, appealId: number, d: { decision: 'upheld' | 'rejected'; reply: string; corrections?: Correction[] }, accountId: number | null, scope: string[]) {
  const { rows } = await tx.query('SELECT id, period_id, company_id, state FROM credit_appeal WHERE id = $1 FOR UPDATE', [appealId]);
  const a = rows[0];
  if (!a) throw new AppError('appeal_not_found', { id: appealId });
  const p = await periodInScope(tx, Number(a.period_id), scope, { manage: true, lock: true }).catch(() => { throw new AppError('appeal_not_found', { id: appealId }); });
  if (a.state !== 'pending') throw new AppError('appeal_decided');
  if (p.state !== 'published') throw new AppError('period_state', { state: p.state, action: 'decide appeals' });
  const reply = d.reply.trim();
  if (reply.length < 5) throw new AppError('appeal_reply_required', {}, [{ field: 'reply', code: 'appeal_reply_required' }]);
  const corrections = d.corrections ?? [];
  if (d.decision === 'rejected' && corrections.length) throw new AppError('appeal_corrections_unexpected');
  if (d.decision === 'upheld' && !corrections.length) throw new AppError('appeal_corrections_required');
  const scheme = await schemeById(tx, p.scheme_id);
  const s = { kind: scheme.kind, definition: scheme.definition } as Scheme;
  // check every correction before writing any
  for (const [i, c] of corrections.entries()) {
    const max = appraisalMax(s, c.dimension);
    if (max === null) throw new AppError('dimension_unknown', { dimension: c.dimension }, [{ field: `corrections[${i}].dimension` }]);
    if (!appraisersOf(s, c.dimension).includes(c.scorer)) {
      throw new AppError('appraisal_not_yours', { dimension: dimensionName(s, c.dimension) ?? c.dimension, scorers: appraisersOf(s, c.dimension).map((x) => SCORER_NAMES[x]).join('、') || '—' }, [{ field: `corrections[${i}].scorer` }]);
    }
    if (!Number.isFinite(c.score) || c.score < 0 || c.score > max || Math.round(c.score * 100) !== c.score * 100) throw new AppError('score_out_of_band', { max, score: c.score }, [{ field: `corrections[${i}].score` }]);
  }
  const { rows: [before] } = await tx.query('SELECT score::float8 AS score, grade FROM credit_score WHERE period_id = $1 AND company_id = $2', [p.id, a.company_id]);
  let after = before;
  if (d.decision === 'upheld') {
    for (const c of corrections) {
      await tx.query(
        `INSERT INTO credit_appraisal (period_id, company_id, dimension, scorer, score, note, by_account) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (period_id, company_id, dimension, scorer) DO UPDATE SET score = EXCLUDED.score, note = EXCLUDED.note, by_account = EXCLUDED.by_account, at = now()`,
        [p.id, a.company_id, c.dimension, c.scorer, c.score, c.note?.trim() || `申诉复核更正（申诉 ${appealId}）`, accountId]);
    }
    after = await rescoreCompany(tx, p, Number(a.company_id), { appealId, reply });
  }
  await tx.query(
    `UPDATE credit_appeal SET state = $2, reply = $3, decided_by = $4, decided_at = now(), score_before = $5, grade_before = $6, score_after = $7, grade_after = $8, corrections = $9 WHERE id = $1`,
    [appealId, d.decision, reply, accountId, before.score, before.grade, after.score, after.grade, JSON.stringify(corrections)]);
  await tx.query('UPDATE credit_period SET version = version + 1 WHERE id = $1', [p.id]);
  return { periodId: p.id, companyId: Number(a.company_id), decision: d.decision, before, after };
}

const APPEAL_OUT = `a.id, a.period_id AS "periodId", a.company_id AS "companyId", c.name AS company, a.dimension, a.reason, a.state,
  a.filed_at AS "filedAt", fa.display_name AS "filedBy", a.decided_at AS "decidedAt", da.display_name AS "decidedBy", a.reply,
  a.score_before::float8 AS "scoreBefore", a.grade_before AS "gradeBefore", a.score_after::float8 AS "scoreAfter", a.grade_after AS "gradeAfter", a.corrections`;

/** The appeals of a period the caller may see: all of them for the period's managers, only their own company's for property staff. */
export async function listAppeals(db: Queryable, periodId: number, scope: string[], viewer: { roles: string[]; accountId: number }) {
  const p = await periodInScope(db, periodId, scope);
  const managers = ['admin', 'street_command', 'department_staff', 'community_staff'];
  const own = viewer.roles.some((r) => managers.includes(r)) ? null : await companyOfAccount(db, viewer.accountId);
  const { rows } = await db.query(
    `SELECT ${APPEAL_OUT} FROM credit_appeal a JOIN property_company_v c ON c.id = a.company_id
       LEFT JOIN account fa ON fa.id = a.filed_by LEFT JOIN account da ON da.id = a.decided_by
      WHERE a.period_id = $1 AND ($2::bigint IS NULL OR a.company_id = $2) ORDER BY a.filed_at DESC`,
    [periodId, own ? own.id : viewer.roles.some((r) => managers.includes(r)) ? null : -1]);
  const mine = viewer.roles.includes('property_staff') ? own ?? await companyOfAccount(db, viewer.accountId) : null;
  return {
    items: rows,
    myCompany: mine,
    canFile: !!mine && !appealFilingProblem({ state: p.state, appealUntil: p.appeal_until }, chinaToday()) && !rows.some((r) => Number(r.companyId) === mine.id),
    appealUntil: p.appeal_until,
  };
}

export async function pendingAppeals(db: Queryable, periodId: number): Promise<number> {
  const { rows } = await db.query(`SELECT count(*)::int AS n FROM credit_appeal WHERE period_id = $1 AND state = 'pending'`, [periodId]);
  return rows[0].n;
}
