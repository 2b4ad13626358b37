/**
 * Versioned migrations. Each module lists its own, in order; ids are global and a
 * landed migration is never edited (its checksum is recorded and checked).
 */
import { createHash } from 'node:crypto';
import type { Db } from './pool.js';

export interface Migration { id: string; sql: string; }

const LOCK_KEY = 7305_2001; // pg_advisory_lock key: one migrator at a time, across processes

export async function migrate(db: Db, migrations: Migration[], log: (m: string) => void = () => {}): Promise<string[]> {
  const client = await db.pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migration (
      id text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ id: string; checksum: string }>('SELECT id, checksum FROM schema_migration');
    const done = new Map(rows.map((r) => [r.id, r.checksum]));
    const seen = new Set<string>();
    for (const m of migrations) {
      if (seen.has(m.id)) throw new Error(`Duplicate migration id ${m.id}`);
      seen.add(m.id);
      const sum = createHash('sha256').update(m.sql).digest('hex');
      const prev = done.get(m.id);
      if (prev) {
        if (prev !== sum) throw new Error(`Migration ${m.id} was changed after it was applied; add a new migration instead.`);
        continue;
      }
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migration (id, checksum) VALUES ($1, $2)', [m.id, sum]);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK');
        throw new Error(`Migration ${m.id} failed: ${(e as Error).message}`);
      }
      applied.push(m.id);
      log(`migrated ${m.id}`);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => {});
    client.release();
  }
  return applied;
}
