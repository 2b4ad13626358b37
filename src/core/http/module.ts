/**
 * What a module declares in one place: its routes (each naming the policy action that
 * guards it), its policy, its migrations, its demo seed and its metrics.
 */
import type { Static, TSchema } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import type { Action, Actor } from '../access/policy.js';
import type { AuditEntry } from '../audit/chain.js';
import type { Command, CommandActor } from '../command.js';
import type { Config } from '../config.js';
import type { Db } from '../db/pool.js';
import type { Migration } from '../db/migrate.js';
import type { Lang } from './errors.js';
import type { Keys } from '../privacy/keys.js';

export interface Ctx<P = unknown, Q = unknown, B = unknown> {
  params: P;
  query: Q;
  body: B;
  actor: Actor | null;
  /** The signed-in caller; throws 401 `unauthenticated` when nobody is (use on routes whose policy needs an account). */
  readonly me: Actor;
  /** Region paths the caller may see for this action (from the grants of its policy). */
  scope: string[];
  db: Db;
  /** Personal-data keys (encryption, search hashes). */
  keys: Keys;
  config: Config;
  lang: Lang;
  requestId: string;
  req: FastifyRequest;
  reply: FastifyReply;
  /** The caller as a command actor (account, the grant that allowed this action, request id). */
  who: CommandActor;
  /** Run a named command as the caller: its work and its audit record in one transaction. */
  run<I, R>(command: Command<I, R>, input: I): Promise<R>;
  /** Run an inline write in one transaction, appending its audit record to the same transaction. */
  command<T>(audit: CommandAudit<T>, fn: (tx: pg.PoolClient) => Promise<T>): Promise<T>;
}

export interface CommandAudit<T> {
  action: string;
  targetType?: string;
  targetId?: string | ((result: T) => string);
  detail?: Record<string, unknown> | ((result: T) => Record<string, unknown>);
  /** Override the actor (e.g. a login, before the session exists). */
  actor?: Pick<AuditEntry, 'actorId' | 'actorUsername' | 'role' | 'scopeCode'>;
}

type S<T> = T extends TSchema ? Static<T> : undefined;

export interface RouteDef<P extends TSchema | undefined = any, Q extends TSchema | undefined = any, B extends TSchema | undefined = any> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  action: Action;
  summary: string;
  description?: string;
  params?: P;
  query?: Q;
  body?: B;
  response?: Record<number, TSchema>;
  /** Largest accepted body in bytes (default 1 MiB). */
  bodyLimit?: number;
  handler(ctx: Ctx<S<P>, S<Q>, S<B>>): Promise<unknown>;
}

export function route<P extends TSchema | undefined = undefined, Q extends TSchema | undefined = undefined, B extends TSchema | undefined = undefined>(
  def: RouteDef<P, Q, B>,
): RouteDef {
  return def as RouteDef;
}

export interface DemoContext {
  db: Db;
  config: Config;
  keys: Keys;
  log: (m: string) => void;
}

export interface Module {
  name: string;
  /** OpenAPI tag text. */
  title: string;
  migrations: Migration[];
  policy: Record<string, Action>;
  routes: RouteDef[];
  /** Reference data every installation needs (idempotent; runs at every start, demo or not). */
  reference?: (ctx: { db: Db }) => Promise<void>;
  /** Loads this module's part of the demo; runs in module order on an empty database. */
  demo?: (ctx: DemoContext) => Promise<void>;
  /** Background work: run at start and every `everyMs` (each job must be safe with several processes). */
  jobs?: { name: string; everyMs: number; run: (db: Db) => Promise<unknown> }[];
  /** Surfaces outside /api that speak another protocol (e.g. Open311), registered in their own plugin scope. */
  register?: (app: FastifyInstance, deps: { db: Db; keys: Keys; config: Config }) => Promise<void>;
  /** Named figures for `npm run bench` and dashboards. */
  metrics?: Record<string, (db: Db) => Promise<number>>;
}
