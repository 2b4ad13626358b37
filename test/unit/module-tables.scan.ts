/**
 * Which module's SQL names which other module's tables (the TypeScript port of
 * shared/tools/module-tables.py, used by module-tables.test.ts).
 *
 * - A table belongs to the module whose migration CREATEs it. A landed migration can never change, so
 *   a module that takes a table over (notifications and departments out of cases) declares it again in
 *   a later migration of its own with `CREATE TABLE IF NOT EXISTS` and its whole shape: the latest
 *   migration that creates a table names its owner (the same as shared/tools/module-tables.py, which
 *   counts the last module that creates it). Two plain `CREATE TABLE`s of one table in two modules are an error.
 * - Every `FROM` / `JOIN` of another module's table is a read; every `INSERT INTO`, `UPDATE`,
 *   `DELETE FROM`, `TRUNCATE`, `ALTER TABLE` and `CREATE INDEX … ON` is a write.
 * - Views and SQL functions are not tables: reading another module's exported view (or calling
 *   its exported TypeScript function, whose SQL lives in the owner's files) is not a reference.
 * - Migrations up to LANDED_THROUGH are history: they are checksummed and can never change, so
 *   their SQL is not scanned (it still decides who owns a table). Every later migration is
 *   scanned like any other code: a new migration may not alter another module's table.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The newest migration id on main when the check came in (1050_jobs); migrations up to it are history. */
export const LANDED_THROUGH = '1050';

export type Kind = 'read' | 'write';
export interface Ref { from: string; table: string; owner: string; kind: Kind; file: string; }

const CREATE = /CREATE (?:UNLOGGED )?TABLE (?:IF NOT EXISTS )?([a-z_][a-z0-9_]*)/g;
const REF = /\b(FROM|JOIN|INTO|UPDATE|DELETE FROM|TRUNCATE(?: TABLE)?|ALTER TABLE(?: IF EXISTS)?(?: ONLY)?)\s+([a-z_][a-z0-9_]*)\b/g;
const INDEX = /CREATE (?:UNIQUE )?INDEX (?:CONCURRENTLY )?(?:IF NOT EXISTS )?(?:[a-z_][a-z0-9_]* )?ON (?:ONLY )?([a-z_][a-z0-9_]*)/g;
/** A migration declared as `{ id: '0123_name', sql: `…` }` (comments may sit between id and sql). */
const MIGRATION = /id:\s*'(\d{4})_[a-z0-9_]+'\s*,(?:\s*\/\/[^\n]*)*\s*sql:\s*`[^`]*`/g;

export interface Source { module: string; file: string; text: string; }

export function readModules(root: string): Source[] {
  const out: Source[] = [];
  const walk = (module: string, dir: string) => {
    for (const f of readdirSync(dir).sort()) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) walk(module, p);
      else if (/\.(ts|sql)$/.test(f)) out.push({ module, file: relative(process.cwd(), p), text: readFileSync(p, 'utf8') });
    }
  };
  for (const m of readdirSync(root).sort()) if (statSync(join(root, m)).isDirectory()) walk(m, join(root, m));
  return out;
}

/** Every CREATE TABLE in a source, with the id of the migration it is in ('' outside a migration). */
function creates(s: Source): { table: string; id: string; ifNotExists: boolean }[] {
  const out: { table: string; id: string; ifNotExists: boolean }[] = [];
  const inMigrations = new Set<number>();
  for (const m of s.text.matchAll(MIGRATION)) {
    for (const c of m[0].matchAll(CREATE)) {
      out.push({ table: c[1], id: m[1], ifNotExists: /IF NOT EXISTS/.test(c[0]) });
      inMigrations.add(m.index! + c.index!);
    }
  }
  for (const c of s.text.matchAll(CREATE)) if (!inMigrations.has(c.index!)) out.push({ table: c[1], id: '', ifNotExists: /IF NOT EXISTS/.test(c[0]) });
  return out;
}

/**
 * table → owning module: the module of the latest migration that creates it (a takeover is a later
 * `CREATE TABLE IF NOT EXISTS` in the new owner's migration); two plain creates in two modules are an error.
 */
export function owners(sources: Source[]): Map<string, string> {
  const latest = new Map<string, { module: string; id: string }>();
  const plain = new Map<string, string>();
  for (const s of sources) {
    for (const c of creates(s)) {
      if (!c.ifNotExists) {
        const o = plain.get(c.table);
        if (o && o !== s.module) throw new Error(`table ${c.table} is created by two modules: ${o} and ${s.module}`);
        plain.set(c.table, s.module);
      }
      const l = latest.get(c.table);
      if (!l || c.id > l.id) latest.set(c.table, { module: s.module, id: c.id });
    }
  }
  return new Map([...latest].map(([t, l]) => [t, l.module]));
}

/** The text with the SQL of landed migrations blanked out. */
export function withoutHistory(text: string, landedThrough = LANDED_THROUGH): string {
  return text.replace(MIGRATION, (m, id: string) => (id <= landedThrough ? '' : m));
}

/** Every cross-module table reference in the sources. */
export function crossModuleRefs(sources: Source[], owner = owners(sources), landedThrough = LANDED_THROUGH): Ref[] {
  const refs: Ref[] = [];
  for (const s of sources) {
    const text = withoutHistory(s.text, landedThrough);
    const add = (table: string, kind: Kind) => {
      const o = owner.get(table);
      if (o && o !== s.module) refs.push({ from: s.module, table, owner: o, kind, file: s.file });
    };
    for (const [, kw, t] of text.matchAll(REF)) add(t, kw === 'FROM' || kw === 'JOIN' ? 'read' : 'write');
    for (const [, t] of text.matchAll(INDEX)) add(t, 'write');
  }
  return refs;
}

export const refKey = (r: Pick<Ref, 'from' | 'table' | 'kind'>) => `${r.from} -> ${r.table} (${r.kind})`;

/** Counts by `from -> table (kind)`, sorted by key. */
export function countRefs(refs: Ref[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of [...refs].sort((a, b) => refKey(a).localeCompare(refKey(b)))) out[refKey(r)] = (out[refKey(r)] ?? 0) + 1;
  return out;
}
