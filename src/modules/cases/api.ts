/**
 * What the cases module offers other modules (and integrations): its commands, and functions for
 * other modules' demos and generators. Other modules change cases' tables only through these.
 */
import type pg from 'pg';

export { reportCase, placeReport, type ReportCaseInput } from './commands/report-case.js';
export { HOTLINE_TYPES, SOURCES, type Intake, type IntakeInput, type Placed, type Source } from './intake.js';
export { integrationByToken, type Integration } from './integrations.js';
export { searchBacklog } from './search.js';

export interface PastCases {
  compoundId: number; address: string; streetCode: string; communityCode: string; path: string;
  /** How many closed cases to write, spread over 2025 from 5 January; `offset` shifts their days. */
  count: number; offset: number;
  /** Every lateEvery-th case is handled late (9 days instead of 3); every dissatisfiedEvery-th is rated dissatisfied and unresolved. */
  lateEvery: number; dissatisfiedEvery: number;
}

/**
 * Closed, rated property-service cases (category 0902) of a compound in 2025, in one statement — history
 * for a demo (the credit rating's evidence), not an intake: no events, notices or audit records.
 */
export async function insertPastPropertyCases(tx: pg.PoolClient, c: PastCases): Promise<void> {
  await tx.query(
    `INSERT INTO cases (number, source, category_code, state, description, address, street_code, community_code, path, level, priority, compound_id,
                        registered_at, responded_at, response_due, resolve_due, handled_at, closed_at, satisfaction, resolved, rated_at, created_at, updated_at)
     SELECT to_char(t, 'YYYYMMDD') || regexp_replace(lpad(nextval('case_number_seq')::text, 20, '0'), '^0{0,14}', ''),
            'resident', '0902', 'closed', '物业服务问题（演示）', $2, $3, $4, $5, 'community', 'normal', $1,
            t, t + interval '2 hours', t + interval '1 day', t + interval '7 days', t + (CASE WHEN n % $6 = 0 THEN interval '9 days' ELSE interval '3 days' END),
            t + (CASE WHEN n % $6 = 0 THEN interval '10 days' ELSE interval '4 days' END),
            CASE WHEN n % $7 = 0 THEN 'dissatisfied' WHEN n % 2 = 0 THEN 'basic' ELSE 'satisfied' END, n % $7 <> 0, t + interval '5 days', t, t
       FROM generate_series(1, $8::int) n, LATERAL (SELECT timestamptz '2025-01-05 09:00+08' + make_interval(days => (n * 37 + $9::int) % 350)) x(t)`,
    [c.compoundId, c.address, c.streetCode, c.communityCode, c.path, c.lateEvery, c.dissatisfiedEvery, c.count, c.offset]);
}

/** Of these photo ids, those that are this account's own uploads not yet attached to a case (what a report may attach). */
export async function unattachedPhotosOf(db: import('../../core/db/pool.js').Queryable, accountId: number, ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  const { rows } = await db.query(`SELECT id::text FROM case_photo WHERE id = ANY($1::uuid[]) AND uploaded_by = $2 AND case_id IS NULL`, [ids, accountId]);
  return rows.map((r) => r.id as string);
}
