/**
 * Modules own their tables (docs/ARCHITECTURE.md, "A module owns its tables").
 *
 * Lists every cross-module table reference in the SQL under src/modules — reads and writes
 * apart — and compares it with test/unit/module-tables.allow.json, entries
 * `from -> table (read|write)` with the number of references:
 *  - a reference that is not in the list, or more of them than listed, fails: read the other
 *    module's data through its api.ts (a function or an exported view) and change it through its
 *    commands, never its tables;
 *  - an entry that is no longer needed (or a count that went down) fails too, so the list only
 *    shrinks: remove the entry or lower its count as the message says (or run
 *    `UPDATE_MODULE_TABLES=1 npx vitest run test/unit/module-tables.test.ts`, which shrinks the
 *    list and never grows it).
 * Table ownership = the module of the latest migration that CREATEs the table: a module that took a table
 * over declares it again with `CREATE TABLE IF NOT EXISTS` in a later migration of its own (landed migrations
 * never change). Views and functions are not tables, so reading another module's exported view is no reference.
 * Migrations that landed before this check (ids up to LANDED_THROUGH, 1050) are history: they are
 * checksummed and may never change, so their ALTERs of other modules' tables (property's 0950
 * adding compound.demonstration, 0960 adding cases.compound_id) are not counted. Every newer migration is
 * checked like code: a module's new migration may not alter another module's table.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countRefs, crossModuleRefs, owners, readModules, refKey, withoutHistory, type Ref } from './module-tables.scan.js';

const ALLOW_FILE = 'test/unit/module-tables.allow.json';
interface AllowList { note: string[]; entries: Record<string, number>; }

const sources = readModules('src/modules');
const refs = crossModuleRefs(sources);
const actual = countRefs(refs);
const allow = JSON.parse(readFileSync(ALLOW_FILE, 'utf8')) as AllowList;

const where = (key: string) => {
  const files = new Map<string, number>();
  for (const r of refs.filter((x: Ref) => refKey(x) === key)) files.set(r.file, (files.get(r.file) ?? 0) + 1);
  return [...files].map(([f, n]) => `${f} ×${n}`).join(', ');
};

describe('modules own their tables', () => {
  it('the scanner finds owners, reads and writes, and skips landed migrations', () => {
    const src = [
      { module: 'a', file: 'a/migrations.ts', text: "{ id: '0100_a', sql: `CREATE TABLE alpha (id int); ALTER TABLE beta ADD x int;` },\n{ id: '9990_a_more', sql: `CREATE INDEX alpha_b ON beta (x);` }" },
      { module: 'b', file: 'b/migrations.ts', text: "{ id: '0200_b', sql: `CREATE TABLE IF NOT EXISTS beta (id int); CREATE VIEW beta_v AS SELECT * FROM beta;` }" },
      { module: 'a', file: 'a/store.ts', text: "q(`SELECT * FROM beta b JOIN alpha a ON true JOIN beta_v v ON true`); q('UPDATE beta SET x = 1'); q('INSERT INTO beta VALUES (1)'); q('DELETE FROM beta'); q('SELECT 1 FROM alpha FOR UPDATE')" },
    ];
    expect(Object.fromEntries(owners(src))).toEqual({ alpha: 'a', beta: 'b' });
    expect(countRefs(crossModuleRefs(src))).toEqual({ 'a -> beta (read)': 1, 'a -> beta (write)': 4 });
    expect(withoutHistory(src[0].text)).not.toContain('ALTER TABLE beta');
    expect(() => owners([...src, { module: 'c', file: 'c/m.ts', text: 'CREATE TABLE alpha (id int)' }])).toThrow(/two modules/);
  });

  it('knows the tables of every module', () => {
    const o = owners(sources);
    expect(o.get('cases')).toBe('cases');
    expect(o.get('compound')).toBe('people');
    expect(o.get('party_org')).toBe('party');
    expect(o.get('owners_committee')).toBe('property');
    expect(o.get('notification')).toBe('notifications');
    expect(o.get('outbox')).toBe('notifications');
    expect(o.get('department')).toBe('departments');
    expect(o.get('department_member')).toBe('departments');
  });

  it('a table taken over: the later CREATE TABLE IF NOT EXISTS of the new owner wins; an earlier one does not', () => {
    const first = { module: 'a', file: 'a/migrations.ts', text: "{ id: '0100_a', sql: `CREATE TABLE beta (id int);` }" };
    const takeover = { module: 'b', file: 'b/migrations.ts', text: "{ id: '0300_b_owns_beta', sql: `CREATE TABLE IF NOT EXISTS beta (id int);` }" };
    const before = { module: 'c', file: 'c/migrations.ts', text: "{ id: '0050_c', sql: `CREATE TABLE IF NOT EXISTS beta (id int);` }" };
    expect(owners([first, takeover]).get('beta')).toBe('b');
    expect(owners([takeover, first]).get('beta')).toBe('b');
    expect(owners([first, before]).get('beta')).toBe('a');
    const uses = { module: 'a', file: 'a/store.ts', text: "q('INSERT INTO beta VALUES (1)')" };
    expect(countRefs(crossModuleRefs([first, takeover, uses]))).toEqual({ 'a -> beta (write)': 1 });
  });

  it('no cross-module table reference outside the allow-list', () => {
    const extra = Object.entries(actual).filter(([k, n]) => n > (allow.entries[k] ?? 0))
      .map(([k, n]) => `  ${k}: ${n} (allowed ${allow.entries[k] ?? 0}) — in ${where(k)}`);
    expect(extra, `new cross-module table references: read the owner's data through its api.ts (a function or a view) and write through its commands\n${extra.join('\n')}`).toEqual([]);
  });

  it('the allow-list only shrinks: no entry that is no longer needed', () => {
    const stale = Object.entries(allow.entries).filter(([k, n]) => (actual[k] ?? 0) < n);
    if (stale.length && process.env.UPDATE_MODULE_TABLES) {
      const entries = Object.fromEntries(Object.entries(allow.entries).map(([k, n]): [string, number] => [k, Math.min(n, actual[k] ?? 0)]).filter(([, n]) => n > 0));
      writeFileSync(ALLOW_FILE, `${JSON.stringify({ ...allow, entries }, null, 2)}\n`);
      return;
    }
    const msg = stale.map(([k, n]) => (actual[k] ? `  "${k}": lower ${n} to ${actual[k]}` : `  "${k}": remove the entry (no reference left)`));
    expect(msg, `${ALLOW_FILE} allows more than the code needs — shrink it:\n${msg.join('\n')}`).toEqual([]);
  });
});
