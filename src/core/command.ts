/**
 * The one command path. Every writer — an HTTP handler, a background job, the CLI, the
 * Open311 endpoint, the demo loader — changes data through `runCommand()`: the command's
 * work and its audit record commit in one transaction, or neither does.
 *
 * A command is a named function `(tx, actor, input) → result` in a file of its own; the
 * audit record's action is the command's name unless the command says otherwise.
 *
 * The audit record is one INSERT with no lock (core/audit/chain.ts): commands of every module
 * commit side by side, and the chainer links their records into the hash chain after commit.
 */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { appendAudit, canonicalJson } from './audit/chain.js';
import type { Db } from './db/pool.js';

/** Who is acting: a signed-in account, or a named non-person (the system, a job, the CLI, an integration). */
export interface CommandActor {
  accountId: number | null;
  /** Account username, or for non-persons a name such as `system`, `job:cases.sweep`, `cli`, `integration:3`; null when nobody is signed in. */
  username: string | null;
  role: string | null;
  scopeCode: string | null;
  requestId?: string | null;
}

export interface AuditOf<I, R> {
  /** Audit action; defaults to the command's name. */
  action?: string | ((input: I, result: R) => string);
  targetType?: string | null;
  targetId?: (input: I, result: R) => string | null;
  detail?: (input: I, result: R) => Record<string, unknown>;
  /** Whether the run changed anything worth a record (default: always). A sweep that found nothing to do writes none. */
  when?: (input: I, result: R) => boolean;
}

export interface Command<I, R> {
  /** `<module>.<verb>`, e.g. `cases.report`. */
  name: string;
  run(tx: pg.PoolClient, actor: CommandActor, input: I): Promise<R>;
  audit?: AuditOf<I, R>;
  /**
   * The same command as ONE statement, run outside an explicit transaction (a single statement
   * is atomic): one round trip instead of BEGIN, the work, the audit record and COMMIT. It must
   * write its audit record in that statement (`auditRow()` + `auditRowsSql()`), may share the
   * statement with other calls of the same command (group commit: core/db/batch.ts), and returns
   * undefined when this input needs the transaction path (`run`), having written nothing.
   */
  once?(db: Db, actor: CommandActor, input: I): Promise<R | undefined>;
}

export function defineCommand<I, R>(c: Command<I, R>): Command<I, R> {
  return c;
}

/** A named non-person actor: the system itself, a job, the CLI or an integration. */
export function systemActor(name = 'system', scopeCode: string | null = null): CommandActor {
  return { accountId: null, username: name, role: null, scopeCode, requestId: null };
}

/** Append the audit record of a command that ran in `tx` (for callers that already hold a transaction). */
export async function auditCommand<I, R>(tx: pg.PoolClient, actor: CommandActor, command: Command<I, R>, input: I, result: R): Promise<void> {
  const a = command.audit ?? {};
  if (a.when && !a.when(input, result)) return;
  await appendAudit(tx, {
    actorId: actor.accountId,
    actorUsername: actor.username,
    role: actor.role,
    scopeCode: actor.scopeCode,
    action: typeof a.action === 'function' ? a.action(input, result) : a.action ?? command.name,
    targetType: a.targetType ?? null,
    targetId: a.targetId ? a.targetId(input, result) : null,
    requestId: actor.requestId ?? null,
    detail: a.detail ? a.detail(input, result) : undefined,
  });
}

/** Run a command and its audit record in one transaction. */
export async function runCommand<I, R>(db: Db, actor: CommandActor, command: Command<I, R>, input: I): Promise<R> {
  if (command.once) {
    const result = await command.once(db, actor, input);
    if (result !== undefined) return result;
  }
  return db.tx(async (tx) => {
    const result = await command.run(tx, actor, input);
    await auditCommand(tx, actor, command, input, result);
    return result;
  });
}

/** Run a command inside a transaction the caller already holds (a command made of commands). */
export async function runInTx<I, R>(tx: pg.PoolClient, actor: CommandActor, command: Command<I, R>, input: I): Promise<R> {
  const result = await command.run(tx, actor, input);
  await auditCommand(tx, actor, command, input, result);
  return result;
}

// a slot's marker carries this process's random nonce, so no value a caller sends can pose as one
const NONCE = randomBytes(6).toString('hex');
const SLOT = (name: string) => `\u0001${NONCE}:${name}\u0001`;
/** A slot as it stands in canonical JSON (JSON.stringify writes U+0001 as the six characters \u0001). */
const slotJson = (name: string) => JSON.stringify(SLOT(name));

/** The audit record of one call of a one-statement command, as a JSON value for its statement (see `auditRowsSql`). */
export interface AuditRow { at: string; actorId: number | null; username: string | null; role: string | null; scope: string | null;
  action: string; targetType: string | null; targetId: string | null; requestId: string | null; detail: string; }

/**
 * The audit record of a one-statement command (`Command.once`) for one call: the record
 * `auditCommand` would write — the command's own action, target and detail functions are called
 * with a sketch of the result whose unknown fields are slots (`slot('number')`) — to be written
 * by the statement with each slot filled in by the database (`auditRowsSql`). A statement may
 * carry the records of several calls (group commit, core/db/batch.ts).
 */
export function auditRow<I, R>(actor: CommandActor, command: Command<I, R>, input: I, sketch: (slot: (name: string) => any) => R): AuditRow {
  const a = command.audit ?? {};
  const result = sketch(SLOT);
  const targetId = a.targetId ? a.targetId(input, result) : null;
  return {
    at: new Date().toISOString(), actorId: actor.accountId, username: actor.username, role: actor.role, scope: actor.scopeCode,
    action: typeof a.action === 'function' ? a.action(input, result) : a.action ?? command.name,
    targetType: a.targetType ?? null, targetId, requestId: actor.requestId ?? null,
    detail: canonicalJson(a.detail ? a.detail(input, result) : {}),
  };
}

/**
 * SQL that writes the audit records of a one-statement command: `INSERT INTO audit_log … SELECT …
 * FROM <from> WHERE <row> IS NOT NULL`, one record per row of `from` whose `row` expression (an
 * `AuditRow` as jsonb) is set — so a call that wrote nothing (a repeat) writes no record, as the
 * command's `when` says. `slots` gives the SQL for each slot (a column of `from`): a slot in the
 * detail becomes its value as JSON made by the database; a target id that is a slot, its text.
 */
export function auditRowsSql(from: string, row: string, slots: Record<string, string>): string {
  const fill = (text: string, json: boolean) => Object.entries(slots).reduce((sql, [name, expr]) =>
    `replace(${sql}, '${json ? slotJson(name) : SLOT(name)}', ${json ? `to_json(${expr})::text` : `(${expr})::text`})`, text);
  return `INSERT INTO audit_log (at, actor_id, actor_username, role, scope_code, action, target_type, target_id, request_id, detail, xid)
    SELECT (${row}->>'at')::timestamptz, (${row}->>'actorId')::bigint, ${row}->>'username', ${row}->>'role', ${row}->>'scope',
           ${row}->>'action', ${row}->>'targetType', ${fill(`(${row}->>'targetId')`, false)}, ${row}->>'requestId', ${fill(`(${row}->>'detail')`, true)},
           pg_current_xact_id() FROM ${from} WHERE ${row} IS NOT NULL`;
}
