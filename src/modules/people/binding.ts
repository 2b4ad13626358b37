/**
 * 实名绑定房屋: a resident's account is tied to their record in the registry, and so to a
 * household, a dwelling and a compound. The resident proves who they are with the name and ID
 * number the community registered; the match uses the keyed hash (the number itself is never
 * stored or compared in the clear). Failures are counted per account (a guessing guard).
 */
import type pg from 'pg';
import { pathInScope } from '../../core/access/policy.js';
import type { Queryable } from '../../core/db/pool.js';
import { AppError } from '../../core/http/errors.js';
import { blindIndex } from '../../core/privacy/cipher.js';
import type { Keys } from '../../core/privacy/keys.js';
import { parseIdNumber } from '../../core/privacy/validate.js';

/** Failed matches allowed per account in a day before binding is paused. */
export const BIND_LIMITS = { perDay: 5 } as const;

export interface AccountHousehold {
  residentId: number;
  householdId: number;
  path: string;
  compoundId: number | null;
}

/** The household an account is bound to (through its resident record), or null. */
export async function accountHousehold(db: Queryable, accountId: number): Promise<AccountHousehold | null> {
  const { rows } = await db.query(
    `SELECT r.id AS "residentId", h.id AS "householdId", h.path, b.compound_id AS "compoundId"
       FROM resident_account ra JOIN resident r ON r.id = ra.resident_id
       JOIN household h ON h.id = r.household_id
       LEFT JOIN dwelling d ON d.id = h.dwelling_id LEFT JOIN building_unit u ON u.id = d.unit_id LEFT JOIN building b ON b.id = u.building_id
      WHERE ra.account_id = $1 AND r.deceased_on IS NULL`,
    [accountId],
  );
  const r = rows[0];
  return r ? { residentId: Number(r.residentId), householdId: Number(r.householdId), path: r.path, compoundId: r.compoundId === null ? null : Number(r.compoundId) } : null;
}

export async function bindFailuresToday(db: Queryable, accountId: number): Promise<number> {
  const { rows } = await db.query(`SELECT count(*)::int AS n FROM resident_bind_failure WHERE account_id = $1 AND at > now() - interval '1 day'`, [accountId]);
  return rows[0].n;
}

export async function recordBindFailure(db: Queryable, accountId: number): Promise<void> {
  await db.query('INSERT INTO resident_bind_failure (account_id) VALUES ($1)', [accountId]);
}

/**
 * Bind the account to the living resident with this name and ID number in the caller's community.
 * `resident_not_matched` says nothing about whether the number exists elsewhere.
 */
export async function bindHousehold(tx: pg.PoolClient, keys: Keys, accountId: number, scope: string[], input: { name: string; idNumber: string }) {
  const id = parseIdNumber(input.idNumber);
  if ('problem' in id) throw new AppError(id.problem, {}, [{ field: 'idNumber', code: id.problem }]);
  if ((await bindFailuresToday(tx, accountId)) >= BIND_LIMITS.perDay) throw new AppError('bind_too_many_attempts', { max: BIND_LIMITS.perDay });
  const { rows } = await tx.query(
    `SELECT r.id, r.path, r.household_id FROM resident r WHERE r.id_hash = $1 AND r.deceased_on IS NULL AND r.name = $2`,
    [blindIndex(keys, 'id', id.idNumber), input.name.trim()],
  );
  const r = rows[0];
  if (!r || !pathInScope(scope, r.path)) throw new AppError('resident_not_matched');
  if (!r.household_id) throw new AppError('resident_no_household');
  const taken = await tx.query('SELECT account_id FROM resident_account WHERE resident_id = $1 FOR UPDATE', [r.id]);
  if (taken.rows[0] && Number(taken.rows[0].account_id) !== accountId) throw new AppError('resident_already_bound');
  await tx.query(
    `INSERT INTO resident_account (account_id, resident_id) VALUES ($1, $2)
     ON CONFLICT (account_id) DO UPDATE SET resident_id = EXCLUDED.resident_id, bound_at = now()`,
    [accountId, r.id],
  );
  return Number(r.id);
}

export async function unbindHousehold(tx: pg.PoolClient, accountId: number) {
  const { rows } = await tx.query('DELETE FROM resident_account WHERE account_id = $1 RETURNING resident_id', [accountId]);
  if (!rows[0]) throw new AppError('household_not_bound');
  return Number(rows[0].resident_id);
}

/** What a resident sees of their own binding: their name, the household's place, its members' count. */
export async function myHousehold(db: Queryable, accountId: number) {
  const { rows } = await db.query(
    `SELECT r.name, ra.bound_at AS "boundAt", h.id AS "householdId", h.address, g.code AS "gridCode", g.name AS "gridName", c.name AS "communityName",
            cp.id AS "compoundId", cp.name AS "compoundName", b.name AS building, u.name AS unit, d.room,
            (SELECT count(*) FROM household_member m WHERE m.household_id = h.id AND m.moved_out IS NULL)::int AS members
       FROM resident_account ra JOIN resident r ON r.id = ra.resident_id
       JOIN household h ON h.id = r.household_id JOIN grid g ON g.code = h.grid_code JOIN region c ON c.code = g.community_code
       LEFT JOIN dwelling d ON d.id = h.dwelling_id LEFT JOIN building_unit u ON u.id = d.unit_id LEFT JOIN building b ON b.id = u.building_id
       LEFT JOIN compound cp ON cp.id = b.compound_id
      WHERE ra.account_id = $1 AND r.deceased_on IS NULL`,
    [accountId],
  );
  if (!rows[0]) return { bound: false as const, failuresToday: await bindFailuresToday(db, accountId), maxFailures: BIND_LIMITS.perDay };
  const h = rows[0];
  return {
    bound: true as const,
    name: h.name, boundAt: h.boundAt, householdId: Number(h.householdId), members: h.members,
    community: h.communityName, grid: { code: h.gridCode, name: h.gridName },
    compound: h.compoundId ? { id: Number(h.compoundId), name: h.compoundName } : null,
    address: h.compoundId ? `${h.compoundName}${h.building}${h.unit}${h.room}` : h.address,
  };
}
