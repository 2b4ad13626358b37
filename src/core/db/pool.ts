/**
 * One PostgreSQL engine, two ways to reach it: the embedded server (default) or
 * DATABASE_URL. Module code only ever sees `Db`.
 */
import pg from 'pg';
import { AppError, defineErrors } from '../http/errors.js';
import type { EmbeddedServer } from './embedded.js';

defineErrors({
  database_unavailable: { status: 503, zh: '数据库暂时不可用，请稍后重试。', en: 'The database is unavailable right now; please try again shortly.' },
});

// bigint counts and ids as JS numbers (ids stay far below 2^53); numeric stays a string.
pg.types.setTypeParser(20, (v) => Number(v));

/** Anything that runs a query: the Db, a pool, or a transaction's client. */
export interface Queryable {
  query<R extends pg.QueryResultRow = any>(sql: string, params?: unknown[]): Promise<pg.QueryResult<R>>;
}

export interface Db {
  kind: 'embedded' | 'external';
  pool: pg.Pool;
  query<R extends pg.QueryResultRow = any>(sql: string, params?: unknown[]): Promise<pg.QueryResult<R>>;
  /** Run fn in one transaction; rolled back if it throws. */
  tx<T>(fn: (tx: pg.PoolClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** Run before the pool closes (listeners, caches tied to this database). */
  onClose(fn: () => Promise<void> | void): void;
  /** Called when the database is lost for good (the embedded server died and could not be restarted). */
  onFatal(fn: (message: string) => void): void;
  /** Report that the database is lost for good (used by the embedded server's supervisor). */
  fatal(message: string): void;
}

export interface DbOptions {
  /** Told of every connection-level error (a dropped connection, a refused connect). */
  onConnectionError?: (e: Error) => void;
}

export function poolConfigFor(server: EmbeddedServer, database = server.database): pg.PoolConfig {
  return { host: server.socketDir, port: server.port, user: server.user, password: server.password, database };
}

export function createDb(config: pg.PoolConfig | string, kind: Db['kind'], onClose?: () => Promise<void>, opts: DbOptions = {}): Db {
  // jit off: the app's statements are short; PostgreSQL's JIT (on by default where LLVM is installed) compiled the
  // case queue's 我的待办 for 0.3–0.7 s on every call at 2,000,000 cases, for a query that runs in 5 ms.
  // work_mem 16MB: a word search's bitmaps (search.ts: a window of a community's cases, ~80,000 at 2M) stay exact in it;
  // at the default 4MB they turned lossy and every case of a lossy page was rechecked by computing its scoped keys
  // (105 ms instead of 25). At most 10 connections: 160MB at the very worst.
  const pool = new pg.Pool({ connectionTimeoutMillis: 30_000, options: '-c jit=off -c work_mem=16MB', ...(typeof config === 'string' ? { connectionString: config } : config), max: 10 });
  let lastLog = 0;
  const connectionError = (e: Error) => {
    const now = Date.now();
    if (now - lastLog > 5000) {
      lastLog = now;
      console.error(`database connection lost: ${e.message}`);
    }
    opts.onConnectionError?.(e);
  };
  // A connection that dies emits 'error' on its client, whether idle in the pool, checked out
  // (between two statements of a transaction) or not: every client gets a listener for its
  // whole life, so a lost server is never an unhandled 'error' event. The statement in
  // progress fails on its own and is turned into database_unavailable below.
  pool.on('connect', (client) => { client.on('error', connectionError); });
  pool.on('error', connectionError);
  const translate = (e: unknown): never => {
    if (isDbUnavailable(e)) {
      opts.onConnectionError?.(e as Error);
      throw new AppError('database_unavailable');
    }
    throw e;
  };
  const hooks: (() => Promise<void> | void)[] = [];
  const fatalHooks: ((m: string) => void)[] = [];
  return {
    onClose: (fn) => { hooks.push(fn); },
    onFatal: (fn) => { fatalHooks.push(fn); },
    fatal(message) {
      if (!fatalHooks.length) console.error(message);
      for (const f of fatalHooks) f(message);
    },
    kind,
    pool,
    query: (sql, params) => pool.query(sql, params as any[]).catch(translate),
    async tx(fn) {
      const client = await pool.connect().catch(translate);
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn(client);
        await client.query('COMMIT');
        return result;
      } catch (e) {
        if (isDbUnavailable(e)) {
          broken = e as Error; // the connection is gone: drop it from the pool, nothing to roll back
          translate(e);
        }
        await client.query('ROLLBACK').catch((r) => { broken = r; });
        throw e;
      } finally {
        client.release(broken);
      }
    },
    async close() {
      for (const h of hooks) await h();
      await pool.end();
      await onClose?.();
    },
  };
}

/** Make sure a database exists on the server the admin config points at. */
export async function ensureDatabase(admin: pg.PoolConfig, name: string): Promise<void> {
  const client = new pg.Client({ ...admin, database: 'postgres' });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

/** Errors that mean "the database cannot be reached right now" (as opposed to a bad query). */
export function isDbUnavailable(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (code === 'database_unavailable') return true;
    if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300') return true;
    if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'].includes(code)) return true;
    // the embedded server's socket file is gone (not any missing file)
    if (code === 'ENOENT' && (e as { syscall?: unknown }).syscall === 'connect') return true;
  }
  const msg = (e as { message?: unknown }).message;
  return typeof msg === 'string' && /Connection terminated|connection error and is not queryable|Client was closed and is not queryable|timeout exceeded when trying to connect|terminating connection due to|the database system is (starting up|shutting down|in recovery mode)/i.test(msg);
}
