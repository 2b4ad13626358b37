/**
 * No web file decides what to show from role names: menus, routes and buttons follow
 * GET /api/auth/me `abilities` (useAuth().can(action)). Role codes may be named only in the
 * display table (web/shared/roleLabels.ts) and as i18n message keys (`'role.<code>'`).
 * Every `can('…')` / action constant names a real policy action.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROLES } from '../../src/core/access/roles.js';
import { moduleActions } from '../../src/modules/accounts/abilities.js';
import { modules } from '../../src/modules/index.js';

const root = path.resolve(import.meta.dirname, '../..');
const DISPLAY_TABLE = 'web/shared/roleLabels.ts';

function webFiles(dir = path.join(root, 'web')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return webFiles(p);
    return /\.(ts|tsx)$/.test(e.name) && !e.name.endsWith('.gen.ts') ? [path.relative(root, p)] : [];
  });
}

/** Role codes that mean nothing else in web/ (grid_worker, resident and admin are also case sources, owners_committee a body kind). */
const ONLY_ROLES = ROLES.filter((r) => !['admin', 'grid_worker', 'resident', 'owners_committee'].includes(r));
const roleAlt = ROLES.join('|');

/** What a role decision looks like in source text. Exported shapes for the self-test below. */
export function roleDecisions(source: string): string[] {
  // comments may talk about roles
  const text = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const found: string[] = [];
  const hit = (re: RegExp, what: string) => {
    for (const m of text.matchAll(re)) found.push(`${what}: ${m[0].trim().slice(0, 80)}`);
  };
  hit(/\bhasRole\b/g, 'hasRole');
  hit(/\b[A-Z][A-Z0-9_]*_ROLES?\b/g, 'a role list constant');
  hit(new RegExp(`\\brole\\s*[!=]==?\\s*['"\`](${roleAlt})['"\`]`, 'g'), 'a comparison with a role');
  hit(new RegExp(`['"\`](${roleAlt})['"\`]\\s*[!=]==?\\s*[\\w?.]*\\brole\\b`, 'g'), 'a comparison with a role');
  hit(/\.includes\(\s*[\w?.]*\brole\s*\)/g, 'a role looked up in a list');
  hit(/\.roles\s*\.\s*(some|find|every|filter|findIndex)\s*\(\s*\(?\s*\w+\s*\)?\s*=>\s*[^)]*\brole\b/g, 'a role looked up in the roles');
  hit(new RegExp(`\\.includes\\(\\s*['"\`](${roleAlt})['"\`]\\s*\\)`, 'g'), 'a role code looked up');
  // a list with two or more role codes (grid_worker and resident together are also the case sources)
  for (const m of text.matchAll(new RegExp(`\\[\\s*['"\`](${roleAlt})['"\`]\\s*,\\s*['"\`](${roleAlt})['"\`]`, 'g'))) {
    if (![m[1], m[2]].every((r) => r === 'grid_worker' || r === 'resident')) found.push(`a list of role codes: ${m[0]}`);
  }
  // the codes that are nothing but roles: not as a string (other than an i18n key 'role.<code>') nor as an object key
  hit(new RegExp(`(?<!role\\.)['"\`](${ONLY_ROLES.join('|')})['"\`]`, 'g'), 'a role code');
  hit(new RegExp(`(^|[{,\\s])(${ONLY_ROLES.join('|')})\\s*:`, 'gm'), 'a table keyed by role');
  return found;
}

describe('web files decide from abilities, not roles', () => {
  it('the scan finds the shapes it looks for (self-test)', () => {
    expect(roleDecisions(`const CASE_METRICS_ROLES = ['admin', 'street_command'];`).length).toBeGreaterThanOrEqual(2);
    expect(roleDecisions(`if (hasRole('grid_worker')) x();`)).not.toEqual([]);
    expect(roleDecisions(`user.roles.find((r) => r.role === 'resident')`)).not.toEqual([]);
    expect(roleDecisions(`REPORTERS.includes(r.role)`)).not.toEqual([]);
    expect(roleDecisions(`list.includes('grid_worker')`)).not.toEqual([]);
    expect(roleDecisions(`const m = { street_command: 'street' };`)).not.toEqual([]);
    expect(roleDecisions(`if (role === 'admin') show();`)).not.toEqual([]);
    // what is not a decision: a case source, a body kind, an i18n key, a comment
    expect(roleDecisions(`source: inField ? 'grid_worker' : 'staff'`)).toEqual([]);
    expect(roleDecisions(`type BodyKind = 'owners_committee' | 'property_company';`)).toEqual([]);
    expect(roleDecisions(`'role.street_command': '街道指挥中心',`)).toEqual([]);
    expect(roleDecisions(`// the street_command sees ['admin', 'street_command']`)).toEqual([]);
    expect(roleDecisions(`{roleName(r.role)}`)).toEqual([]);
    expect(roleDecisions(`color={r.role === 'lead' ? 'red' : 'blue'}`)).toEqual([]);
    expect(roleDecisions(`const CASE_SOURCES = ['grid_worker', 'resident', 'patrol'] as const;`)).toEqual([]);
  });

  it('no web file compares or lists role codes outside the display table', () => {
    const files = webFiles();
    expect(files.length).toBeGreaterThan(50);
    expect(files).toContain(DISPLAY_TABLE);
    const offenders = files
      .filter((f) => f !== DISPLAY_TABLE)
      .flatMap((f) => roleDecisions(readFileSync(path.join(root, f), 'utf8')).map((d) => `${f}: ${d}`));
    expect(offenders).toEqual([]);
  });

  it('every action the web asks about is an action of the server policy', () => {
    const known = new Set(moduleActions(modules).map((a) => a.name));
    const asked = new Map<string, string>();
    for (const f of webFiles()) {
      const text = readFileSync(path.join(root, f), 'utf8');
      // can('x.y'), scopeOf('x.y'), action="x.y", and the action constants (NAME_ACTION(S) = …, and web/shared/abilities.ts)
      for (const m of text.matchAll(/\b(?:can|scopeOf)\(\s*'([\w.]+)'\s*\)|\baction="([\w.]+)"/g)) asked.set(m[1] ?? m[2], f);
      for (const block of text.matchAll(/export const \w*ACTIONS?\b[^;]*;|export const [A-Z_]+ = '[\w.]+';/g)) {
        if (!block[0].includes('ACTION') && f !== 'web/shared/abilities.ts') continue;
        for (const m of block[0].matchAll(/'([a-z0-9]+\.[a-zA-Z]+)'/g)) asked.set(m[1], f);
      }
    }
    expect(asked.size).toBeGreaterThan(15);
    const unknown = [...asked].filter(([a]) => !known.has(a)).map(([a, f]) => `${f}: ${a}`);
    expect(unknown).toEqual([]);
  });
});
