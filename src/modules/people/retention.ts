/**
 * PIPL retention: a resident's record is kept for its purpose; once a person has moved out
 * of the registry or died more than the configured number of months ago, the personal
 * fields are anonymised (name, ID number, phone, exact birth date, care-group notes). Counts
 * and history rows stay, so aggregates do not change. The command `people.anonymise` runs as a
 * sweep (start-up and daily, as `job:people.retention`; safe with several processes: advisory
 * lock) and on demand by an administrator; either way it is audited when it anonymised anyone.
 */
import { Type } from '@sinclair/typebox';
import type pg from 'pg';
import { defineCommand, runInTx, systemActor } from '../../core/command.js';
import type { Db } from '../../core/db/pool.js';
import { defineSetting } from '../settings/index.js';

export const retentionMonths = defineSetting({
  key: 'people.retentionMonths',
  description: '迁出或死亡后保留个人信息的月数 Months personal data is kept after moving out or death',
  schema: Type.Integer({ minimum: 6, maximum: 600 }),
  default: 36,
});

const SWEEP_LOCK = 7305_2005;

async function anonymise(tx: pg.PoolClient, months: number): Promise<number> {
  const { rows } = await tx.query(
    `WITH gone AS (
       SELECT r.id FROM resident r
        WHERE r.id_hash NOT LIKE 'anon:%'
          AND (  (r.deceased_on IS NOT NULL AND r.deceased_on < current_date - make_interval(months => $1))
              OR (r.deceased_on IS NULL AND r.household_id IS NULL
                  AND (SELECT max(m.moved_out) FROM household_member m WHERE m.resident_id = r.id) < current_date - make_interval(months => $1)))
        FOR UPDATE)
     UPDATE resident r SET name = '（已匿名）', id_enc = '', id_hash = 'anon:' || r.id, id_masked = '已匿名',
            phone_enc = NULL, phone_hash = NULL, phone_masked = NULL,
            birth_date = date_trunc('year', r.birth_date)::date, living_alone_reason = CASE WHEN r.living_alone_reason IS NULL THEN NULL ELSE '（已匿名）' END,
            version = r.version + 1, updated_at = now()
       FROM gone WHERE r.id = gone.id RETURNING r.id`,
    [months],
  );
  if (rows.length) {
    await tx.query(`UPDATE resident_care_group SET note = NULL WHERE resident_id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
  }
  return rows.length;
}

/** Anonymise every record past its retention period of `months`; audited when it anonymised any. */
export const anonymiseExpired = defineCommand<{ months: number }, { count: number; months: number }>({
  name: 'people.anonymise',
  run: async (tx, _actor, { months }) => ({ count: await anonymise(tx, months), months }),
  audit: { targetType: 'resident', when: (_input, r) => r.count > 0, detail: (_input, r) => ({ count: r.count, months: r.months }) },
});

/** One sweep, by at most one process at a time (null: another process is sweeping). */
export async function sweepRetention(db: Db): Promise<number | null> {
  const months = await retentionMonths(db);
  return db.tx(async (tx) => {
    const { rows } = await tx.query('SELECT pg_try_advisory_xact_lock($1) AS ok', [SWEEP_LOCK]);
    if (!rows[0].ok) return null;
    return (await runInTx(tx, systemActor('job:people.retention'), anonymiseExpired, { months })).count;
  });
}
