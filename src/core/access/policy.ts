/**
 * Authorisation, declared per module as a table of actions → who may do them, and
 * enforced centrally before any handler runs. Scope: a caller may act only inside the
 * region subtrees of the role assignments that grant the action.
 */
import { AppError } from '../http/errors.js';
import type { Role } from './roles.js';

export type Rule = 'public' | 'authenticated' | readonly Role[];

export interface RoleAssignment {
  role: Role;
  regionCode: string | null; // null: the whole country (system administrators)
  regionName: string;
  regionPath: string; // materialised path, e.g. /46/4601/460107/460107002/
}

export interface Actor {
  accountId: number;
  username: string;
  displayName: string;
  assignments: RoleAssignment[];
  sessionId: string;
  csrfToken: string;
}

export interface Action { name: string; allow: Rule; }

export type Policy<K extends string> = { [name in K]: Action };

/** A module's policy: action name → rule. Action names are `<module>.<verb>`. */
export function definePolicy<K extends string>(module: string, rules: Record<K, Rule>): Policy<K> {
  const out = {} as Policy<K>;
  for (const key of Object.keys(rules) as K[]) out[key] = { name: `${module}.${key}`, allow: rules[key] };
  return out;
}

/** Pure decision: the assignments that grant this action, or why not. */
export function decide(actor: Actor | null, action: Action): { allowed: true; grants: RoleAssignment[] } | { allowed: false; code: 'unauthenticated' | 'forbidden' } {
  if (action.allow === 'public') return { allowed: true, grants: actor?.assignments ?? [] };
  if (!actor) return { allowed: false, code: 'unauthenticated' };
  if (action.allow === 'authenticated') return { allowed: true, grants: actor.assignments };
  const roles = action.allow;
  const grants = actor.assignments.filter((a) => roles.includes(a.role));
  return grants.length ? { allowed: true, grants } : { allowed: false, code: 'forbidden' };
}

/** The region paths a request may see: minimal set (a path inside another is dropped). */
export function scopePaths(grants: RoleAssignment[]): string[] {
  const paths = [...new Set(grants.map((g) => g.regionPath))].sort();
  return paths.filter((p, i) => !paths.some((q, j) => j !== i && q !== p && p.startsWith(q)));
}

/** The path lies inside the scope; with `above`, it may also be an ancestor of it (a street above a community worker's community). */
export function pathInScope(scope: string[], path: string, opts: { above?: boolean } = {}): boolean {
  return scope.some((s) => path.startsWith(s) || (!!opts.above && s.startsWith(path)));
}

export function assertInScope(scope: string[], path: string): void {
  if (!pathInScope(scope, path)) throw new AppError('out_of_scope');
}

/**
 * The one "load this record if the caller may see it, else 404" check: a record that does not
 * exist and a record outside the caller's scope answer the same, so nobody learns what exists
 * outside their area. Returns the record with its region path. With `above`, a record whose region
 * is an ancestor of the caller's scope is visible too (e.g. a street's rating period to a community).
 */
export function visibleOr404<T extends { path: string }>(scope: string[], record: T | null | undefined, notFound: string, params: Record<string, string | number> = {}, opts: { above?: boolean } = {}): T {
  if (!record || !pathInScope(scope, record.path, opts)) throw new AppError(notFound, params);
  return record;
}

/** Escape LIKE wildcards in literal text. */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => '\\' + c);
}

/** A LIKE pattern matching everything that starts with this text (e.g. a region path: its subtree). */
export function likePrefix(text: string): string {
  return likeEscape(text) + '%';
}

/**
 * SQL for "column is inside the scope", index-backed (btree text_pattern_ops on the path).
 * Appends its parameters to params and returns the clause.
 */
export function scopeSql(scope: string[], column: string, params: unknown[]): string {
  if (scope.length === 0) return 'FALSE';
  const parts = scope.map((p) => {
    params.push(likePrefix(p));
    return `${column} LIKE $${params.length}`;
  });
  return `(${parts.join(' OR ')})`;
}
