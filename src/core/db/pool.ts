/**
 * One PostgreSQL engine, two ways to reach it: the embedded server (default) or
 * DATABASE_URL. Module code only ever sees `Db`.
 */
import pg from 'pg';
import type { EmbeddedServer } from './embedded.js';

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
}

export function poolConfigFor(server: EmbeddedServer, database = server.database): pg.PoolConfig {
  return { host: server.socketDir, port: server.port, user: server.user, password: server.password, database };
}

export function createDb(config: pg.PoolConfig | string, kind: Db['kind'], onClose?: () => Promise<void>): Db {
  const pool = new pg.Pool({ ...(typeof config === 'string' ? { connectionString: config } : config), max: 10 });
  pool.on('error', () => { /* a dropped idle client is replaced on next use */ });
  const hooks: (() => Promise<void> | void)[] = [];
  return {
    onClose: (fn) => { hooks.push(fn); },
    kind,
    pool,
    query: (sql, params) => pool.query(sql, params as any[]),
    async tx(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(client);
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        client.release();
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
