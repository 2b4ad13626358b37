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
   * write its audit record in that statement (`auditInStatement()`), and returns undefined when
   * this input needs the transaction path (`run`), having written nothing.
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

const SLOT = (name: string) => `\u0001${name}\u0001`;
const SLOT_JSON = /"\\u0001(\w+)\\u0001"/g;

/**
 * The audit record of a one-statement command (`Command.once`), as SQL to put in that statement:
 * `INSERT INTO audit_log … SELECT … FROM <from>`, so it is written exactly when `from` yields its
 * row (a repeat that inserted nothing writes no record, as `when` says). The record is the one
 * `auditCommand` would write: the command's own action, target and detail functions are called
 * with a sketch of the result whose unknown fields are slots (`slot('number')`), and each slot
 * becomes the SQL expression given for it (a column of `from`). Values are appended to `params`.
 */
export function auditInStatement<I, R>(actor: CommandActor, command: Command<I, R>, input: I, sketch: (slot: (name: string) => any) => R,
  slots: Record<string, string>, from: string, params: unknown[]): string {
  const a = command.audit ?? {};
  const result = sketch(SLOT);
  const p = (v: unknown) => { params.push(v); return `$${params.length}`; };
  const expr = (name: string) => {
    if (!(name in slots)) throw new Error(`auditInStatement: no SQL for slot ${name}`);
    return slots[name];
  };
  const targetId = a.targetId ? a.targetId(input, result) : null;
  const slotOf = typeof targetId === 'string' ? /^\u0001(\w+)\u0001$/.exec(targetId) : null;
  const targetSql = slotOf ? `(${expr(slotOf[1])})::text` : `${p(targetId)}::text`;
  // the detail's canonical JSON with each slot spliced in as JSON made by the database
  const detail = canonicalJson(a.detail ? a.detail(input, result) : {});
  const parts: string[] = [];
  let last = 0;
  for (const m of detail.matchAll(SLOT_JSON)) {
    parts.push(`${p(detail.slice(last, m.index))}::text`, `to_json(${expr(m[1])})::text`);
    last = m.index! + m[0].length;
  }
  parts.push(`${p(detail.slice(last))}::text`);
  const action = typeof a.action === 'function' ? a.action(input, result) : a.action ?? command.name;
  return `INSERT INTO audit_log (at, actor_id, actor_username, role, scope_code, action, target_type, target_id, request_id, detail, xid)
    SELECT ${p(new Date().toISOString())}::timestamptz, ${p(actor.accountId)}::bigint, ${p(actor.username)}::text, ${p(actor.role)}::text, ${p(actor.scopeCode)}::text,
           ${p(action)}::text, ${p(a.targetType ?? null)}::text, ${targetSql}, ${p(actor.requestId ?? null)}::text, ${parts.join(' || ')}, pg_current_xact_id() FROM ${from}`;
}
