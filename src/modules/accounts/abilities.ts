/**
 * What the caller may do, as the policy decides: every action of every module → allowed or not.
 * The web shows menus, routes and buttons from this map instead of lists of role names, so the
 * console and the phone cannot drift from the server.
 *
 * An action that is scoped (most are) is true when some role assignment of the caller grants it:
 * "may do this somewhere in my scope". Whether it applies to one record (a case's actions, a
 * resident of another community) stays the record's own answer (e.g. a case's offered actions).
 */
import { decide, type Action, type Actor } from '../../core/access/policy.js';
import type { Module } from '../../core/http/module.js';

export type Abilities = Record<string, boolean>;
/** For each allowed action that names roles: the region codes of the assignments that grant it (null: the whole country). */
export type AbilityScopes = Record<string, (string | null)[]>;

/** Pure: decide() for each action. */
export function abilitiesOf(actor: Actor | null, actions: Action[]): { abilities: Abilities; scopes: AbilityScopes } {
  const abilities: Abilities = {};
  const scopes: AbilityScopes = {};
  for (const action of actions) {
    const verdict = decide(actor, action);
    abilities[action.name] = verdict.allowed;
    if (verdict.allowed && Array.isArray(action.allow)) scopes[action.name] = [...new Set(verdict.grants.map((g) => g.regionCode))];
  }
  return { abilities, scopes };
}

/** Every action of these modules: their policy tables and the actions their routes name (a route may use a policy of its own file). */
export function moduleActions(modules: Pick<Module, 'policy' | 'routes'>[]): Action[] {
  const byName = new Map<string, Action>();
  for (const m of modules) for (const a of [...Object.values(m.policy), ...m.routes.map((r) => r.action)]) byName.set(a.name, a);
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The actions of every module of the app. Loaded on first use: src/modules/index.ts imports this
 * module (through accounts/index.ts), so a static import would make a cycle.
 */
let cached: Action[] | null = null;
export async function appActions(): Promise<Action[]> {
  if (!cached) cached = moduleActions((await import('../index.js')).modules);
  return cached;
}
