/**
 * Reference data kept in process (categories, settings, the working calendar, grid places,
 * sessions), invalidated through PostgreSQL NOTIFY so several app processes on one database
 * stay correct. One listener connection per database (`listenCaches(db)`, started by the HTTP
 * app), one channel per cache (`gongzhi_cache_<name>`).
 *
 * - `cached(name, load)` returns a getter `(q) => value`. The value is loaded once through
 *   whatever `q` is (the pool or a transaction's client) and kept until a notification on its
 *   channel arrives. Without a live listener for that database (the CLI, a lost connection) it
 *   simply loads every time, so a cache can make things faster but never wrong.
 * - `invalidate(tx, name)` sends the NOTIFY inside the writing transaction (delivered at
 *   commit, to every process including this one) and, until that notification comes back here
 *   (or 5 s pass, if the transaction rolled back), this process bypasses the cache — so the
 *   writer's own next request already sees its change, and no process caches a value read
 *   inside the writer's uncommitted transaction.
 * - Tables written by hand or by other code paths also fire the channel from a trigger
 *   (migration 1110), so a direct UPDATE invalidates as well.
 */
import pg from 'pg';
import type { Db, Queryable } from './db/pool.js';

export const cacheChannel = (name: string) => `gongzhi_cache_${name.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}`;

const PENDING_MS = 5000;
const processToken = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
let seq = 0;

type Handler = (payload: string) => void;

interface DbState {
  key: string;
  listener: pg.Client | null;
  connecting: Promise<void> | null;
  handlers: Map<string, Set<Handler>>;
  listened: Set<string>;
  /** values by cache name */
  values: Map<string, unknown>;
  generation: Map<string, number>;
  /** name → this process's notifications not yet received back (token → expiry) */
  pending: Map<string, Map<string, number>>;
  config: pg.ClientConfig | null;
}

const states = new Map<string, DbState>();
const keys = new WeakMap<object, string>();

/** Which database a Db, pool or client talks to (host, port, database). */
function dbKey(q: Queryable | Db): string | null {
  const o = q as any;
  const cachedKey = keys.get(o);
  if (cachedKey) return cachedKey;
  let p: any = null;
  if (o.connectionParameters) p = o.connectionParameters;
  else if (o.pool?.options) p = new (pg.Client as any)(o.pool.options).connectionParameters;
  else if (o.options && typeof o.connect === 'function') p = new (pg.Client as any)(o.options).connectionParameters;
  if (!p) return null;
  const key = `${p.host}|${p.port}|${p.database}`;
  keys.set(o, key);
  return key;
}

function stateOf(key: string): DbState {
  let s = states.get(key);
  if (!s) {
    s = { key, listener: null, connecting: null, handlers: new Map(), listened: new Set(), values: new Map(), generation: new Map(), pending: new Map(), config: null };
    states.set(key, s);
  }
  return s;
}

function drop(s: DbState, name: string) {
  s.generation.set(name, (s.generation.get(name) ?? 0) + 1);
  s.values.delete(name);
}

function connect(s: DbState): Promise<void> {
  if (s.listener || !s.config) return Promise.resolve();
  s.connecting ??= (async () => {
    const client = new pg.Client(s.config!);
    const lost = () => {
      if (s.listener !== client) return;
      s.listener = null;
      s.listened.clear();
      // what this process missed while deaf is unknown: forget everything
      for (const name of [...s.values.keys()]) drop(s, name);
      for (const hs of s.handlers.values()) for (const h of hs) h('*');
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (m) => {
      for (const h of s.handlers.get(m.channel) ?? []) h(m.payload ?? '');
    });
    try {
      await client.connect();
      for (const ch of s.handlers.keys()) await client.query(`LISTEN ${ch}`);
      for (const ch of s.handlers.keys()) s.listened.add(ch);
      s.listener = client;
    } catch {
      await client.end().catch(() => {});
    } finally {
      s.connecting = null;
    }
  })();
  return s.connecting;
}

/**
 * Start the one listener connection for this database (the app does at start; stopped when
 * the Db closes). Caches for a database with no listener load every time.
 */
export async function listenCaches(db: Db): Promise<void> {
  const key = dbKey(db);
  if (!key) return;
  const s = stateOf(key);
  if (!s.config) {
    s.config = db.pool.options as pg.ClientConfig;
    db.onClose(async () => {
      const l = s.listener;
      s.listener = null;
      s.config = null;
      s.values.clear();
      if (l) await l.end().catch(() => {});
      states.delete(key);
    });
  }
  await connect(s);
}

/** Call `fn(payload)` for every notification on `channel` (and with '*' when the listener was lost). */
export function subscribe(db: Queryable | Db, channel: string, fn: Handler): boolean {
  const key = dbKey(db);
  if (!key) return false;
  const s = stateOf(key);
  let hs = s.handlers.get(channel);
  if (!hs) { hs = new Set(); s.handlers.set(channel, hs); }
  hs.add(fn);
  ensureListen(s, channel);
  return true;
}

const inflight = new WeakMap<pg.Client, { channels: Set<string>; chain: Promise<unknown> }>();
/** LISTEN on a channel the listener does not hear yet: one statement at a time on that connection (a pg client runs one query at a time). */
function ensureListen(s: DbState, channel: string) {
  const l = s.listener;
  if (!l || s.listened.has(channel)) return;
  let f = inflight.get(l);
  if (!f) { f = { channels: new Set(), chain: Promise.resolve() }; inflight.set(l, f); }
  if (f.channels.has(channel)) return;
  f.channels.add(channel);
  f.chain = f.chain.then(() => l.query(`LISTEN ${channel}`)).then(() => { if (s.listener === l) s.listened.add(channel); }, () => {}).finally(() => f!.channels.delete(channel));
}

/** True when notifications on `channel` reach this process (a listener is up and listening on it). */
export function listening(q: Queryable | Db, channel: string): boolean {
  const key = dbKey(q);
  const s = key ? states.get(key) : undefined;
  if (!s?.config || !s.handlers.get(channel)?.size) return false;
  if (!s.listener) { void connect(s); return false; }
  if (!s.listened.has(channel)) { ensureListen(s, channel); return false; }
  return true;
}

function isPending(s: DbState, name: string): boolean {
  const p = s.pending.get(name);
  if (!p || !p.size) return false;
  const now = Date.now();
  for (const [t, exp] of p) if (exp < now) p.delete(t);
  return p.size > 0;
}

export interface Cached<T> {
  (q: Queryable | Db): Promise<T>;
  cacheName: string;
}

/** A value loaded once per database and kept until `invalidate(…, name)` (or the channel's trigger) says otherwise. */
export function cached<T>(name: string, load: (q: Queryable) => Promise<T>, opts: { channel?: string } = {}): Cached<T> {
  const channel = opts.channel ?? cacheChannel(name);
  const subscribed = new WeakSet<DbState>();
  const get = (async (q: Queryable | Db) => {
    const key = dbKey(q);
    if (!key) return load(q);
    const s = stateOf(key);
    if (!subscribed.has(s)) {
      subscribed.add(s);
      subscribe(q, channel, (payload) => {
        s.pending.get(name)?.delete(payload);
        drop(s, name);
      });
    }
    if (!listening(q, channel) || isPending(s, name)) return load(q);
    if (s.values.has(name)) return s.values.get(name) as T;
    // each miss loads through its own caller (a shared load inside another request's transaction could fail with it)
    const gen = s.generation.get(name) ?? 0;
    const v = await load(q);
    if ((s.generation.get(name) ?? 0) === gen && !isPending(s, name) && listening(q, channel)) s.values.set(name, v);
    return v;
  }) as Cached<T>;
  get.cacheName = name;
  return get;
}

/**
 * Tell every process (this one included) that a cache's data changed: NOTIFY inside the
 * writer's transaction, and this process bypasses the cache until the notice is back.
 */
export async function invalidate(tx: Queryable, name: string, opts: { channel?: string } = {}): Promise<void> {
  const token = `${processToken}-${++seq}`;
  const key = dbKey(tx);
  if (key) {
    const s = stateOf(key);
    let p = s.pending.get(name);
    if (!p) { p = new Map(); s.pending.set(name, p); }
    p.set(token, Date.now() + PENDING_MS);
    drop(s, name);
  }
  await tx.query('SELECT pg_notify($1, $2)', [opts.channel ?? cacheChannel(name), token]);
}
