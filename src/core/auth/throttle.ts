/**
 * Login throttling, kept in the database so it holds across several app processes.
 *
 * Two counters per username (known or not, so the answer never tells which exist):
 * - the (username, address) pair: a few free failures, then each further attempt must wait a
 *   delay that doubles up to a cap. An attacker's address slows itself down, nobody else.
 * - the account across all addresses (row with ip '*'): a higher free count, then a short,
 *   bounded delay between attempts. It slows a spread-out attack but never locks; it does not
 *   apply to an address that has no failure on this account in the window, so the owner,
 *   signing in from their own address with the right password, still gets in.
 *
 * An attempt is counted BEFORE the password is checked: the rows are locked (FOR UPDATE), the
 * attempt is admitted or refused, and an admitted one is provisionally recorded as a failure,
 * all in one transaction. A right password then clears the pair and takes the provisional
 * count back off the account. So parallel guesses cannot all pass on a count read earlier.
 */
import type { Db, Queryable } from '../db/pool.js';

export interface ThrottleStep {
  /** failures admitted without delay */
  free: number;
  /** delay in seconds after the first failure past `free`, doubling with each further one */
  baseSeconds: number;
  /** the delay never grows past this */
  capSeconds: number;
}

export const LOGIN_THROTTLE = {
  pair: { free: 5, baseSeconds: 1, capSeconds: 15 * 60 } as ThrottleStep,
  account: { free: 20, baseSeconds: 1, capSeconds: 30 } as ThrottleStep,
  /** counters are forgotten after this long without a failure (and a burst ends) */
  forgetMinutes: 60,
};

/** Seconds to wait before the next attempt once `failures` have been counted. */
export function delayAfter(failures: number, step: ThrottleStep): number {
  if (failures < step.free) return 0;
  const n = failures - step.free;
  if (n >= 30) return step.capSeconds;
  return Math.min(step.baseSeconds * 2 ** n, step.capSeconds);
}

export const ACCOUNT_ROW = '*';

export type Admission =
  | { admitted: true; pairFailures: number; accountFailures: number }
  | { admitted: false; retryAfter: number };

interface Row { ip: string; failures: number; fresh: boolean; wait_ms: number; now: Date }

/** Take one attempt for (username, ip): refuse it with a wait, or admit and count it as a failure for now. */
export async function admitAttempt(db: Db, username: string, ip: string, limits = LOGIN_THROTTLE): Promise<Admission> {
  // make sure both rows exist (committed on its own, so the locking below always finds them)
  await db.query(`INSERT INTO login_throttle (username, ip) VALUES ($1, '*'), ($1, $2) ON CONFLICT DO NOTHING`, [username, ip]);
  // now and then, drop rows long forgotten (no lock is taken on live rows)
  if (Math.random() < 0.01) {
    await db.query(`DELETE FROM login_throttle WHERE COALESCE(last_failure_at, next_allowed_at) < now() - make_interval(mins => $1 * 2) AND next_allowed_at < now()`, [limits.forgetMinutes]);
  }
  return db.tx(async (tx) => {
    const { rows } = await tx.query<Row>(
      `SELECT ip, failures, last_failure_at > clock_timestamp() - make_interval(mins => $3) AS fresh,
              GREATEST(0, EXTRACT(EPOCH FROM (next_allowed_at - clock_timestamp())) * 1000)::float8 AS wait_ms, clock_timestamp() AS now
         FROM login_throttle WHERE username = $1 AND ip IN ('*', $2) ORDER BY ip FOR UPDATE`,
      [username, ip, limits.forgetMinutes],
    );
    const acct = rows.find((r) => r.ip === ACCOUNT_ROW)!;
    const pair = rows.find((r) => r.ip === ip)!;
    const pairFailures = pair.fresh ? pair.failures : 0;
    const acctFailures = acct.fresh ? acct.failures : 0;
    const pairWait = pair.fresh ? pair.wait_ms : 0;
    // the account-wide delay holds only for addresses that already failed on this account
    const acctWait = acct.fresh && pairFailures > 0 ? acct.wait_ms : 0;
    const wait = Math.max(pairWait, acctWait);
    if (wait > 0) return { admitted: false as const, retryAfter: Math.max(1, Math.ceil(wait / 1000)) };
    const upd = `UPDATE login_throttle SET failures = $3, last_failure_at = clock_timestamp(),
                   next_allowed_at = clock_timestamp() + make_interval(secs => $4),
                   notified_at = CASE WHEN $5 THEN notified_at ELSE NULL END
                 WHERE username = $1 AND ip = $2`;
    await tx.query(upd, [username, ip, pairFailures + 1, delayAfter(pairFailures + 1, limits.pair), !!pair.fresh]);
    await tx.query(upd, [username, ACCOUNT_ROW, acctFailures + 1, delayAfter(acctFailures + 1, limits.account), !!acct.fresh]);
    return { admitted: true as const, pairFailures: pairFailures + 1, accountFailures: acctFailures + 1 };
  });
}

/** The password was right: the pair starts over and the account loses the provisional failure. */
export async function attemptSucceeded(db: Queryable, username: string, ip: string): Promise<void> {
  await db.query(`DELETE FROM login_throttle WHERE username = $1 AND ip = $2`, [username, ip]);
  await db.query(`UPDATE login_throttle SET failures = GREATEST(failures - 1, 0) WHERE username = $1 AND ip = '*'`, [username]);
}

/**
 * After a failure: is this the moment to tell the owner? True once per burst (the first time
 * either counter reaches its free count since the counters were last forgotten); the claim is
 * atomic, so parallel failures notify once.
 */
export async function claimNotice(db: Queryable, username: string, a: { pairFailures: number; accountFailures: number }, limits = LOGIN_THROTTLE): Promise<boolean> {
  if (a.pairFailures < limits.pair.free && a.accountFailures < limits.account.free) return false;
  const { rowCount } = await db.query(
    `UPDATE login_throttle SET notified_at = clock_timestamp()
      WHERE username = $1 AND ip = '*' AND (notified_at IS NULL OR notified_at < clock_timestamp() - make_interval(mins => $2))`,
    [username, limits.forgetMinutes],
  );
  return (rowCount ?? 0) > 0;
}
