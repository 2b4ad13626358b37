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
import type pg from 'pg';
import { appendAudit } from './audit/chain.js';
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
