import { describe, expect, it } from 'vitest';
import { decide, definePolicy, pathInScope, scopePaths, scopeSql, type Actor, type RoleAssignment } from '../../src/core/access/policy.js';

const ra = (role: RoleAssignment['role'], regionPath: string): RoleAssignment => ({ role, regionCode: regionPath.split('/').filter(Boolean).pop() ?? null, regionName: '', regionPath });
const actor = (...assignments: RoleAssignment[]): Actor => ({ accountId: 1, username: 'u', displayName: 'u', assignments, sessionId: 's', csrfToken: 'c' });
const p = definePolicy('demo', { open: 'public', any: 'authenticated', staff: ['street_command', 'community_staff'] });

describe('decide', () => {
  it.each([
    ['public, anonymous', null, p.open, true, undefined],
    ['authenticated, anonymous', null, p.any, false, 'unauthenticated'],
    ['authenticated, resident', actor(ra('resident', '/46/')), p.any, true, undefined],
    ['role list, anonymous', null, p.staff, false, 'unauthenticated'],
    ['role list, wrong role', actor(ra('grid_worker', '/46/')), p.staff, false, 'forbidden'],
    ['role list, right role', actor(ra('community_staff', '/46/')), p.staff, true, undefined],
  ])('%s', (_, who, action, allowed, code) => {
    const v = decide(who, action);
    expect(v.allowed).toBe(allowed);
    if (!v.allowed) expect(v.code).toBe(code);
  });

  it('grants only the assignments whose role the action lists', () => {
    const a = actor(ra('grid_worker', '/46/4601/'), ra('community_staff', '/46/4601/460107/'));
    const v = decide(a, p.staff);
    expect(v.allowed && v.grants.map((g) => g.role)).toEqual(['community_staff']);
  });
  it('names actions module.verb', () => expect(p.staff.name).toBe('demo.staff'));
});

describe('scope', () => {
  it.each([
    [['/46/4601/', '/46/4601/460107/'], ['/46/4601/']],
    [['/46/', '/36/'], ['/36/', '/46/']],
    [['/', '/46/'], ['/']],
    [['/46/4601/460107/460107002/', '/46/4601/460107/460107002/'], ['/46/4601/460107/460107002/']],
    [[], []],
  ])('scopePaths(%j) = %j', (paths, want) => {
    expect(scopePaths(paths.map((x) => ra('street_command', x)))).toEqual(want);
  });

  it.each([
    [['/46/4601/460107/460107002/'], '/46/4601/460107/460107002/460107002001/', true],
    [['/46/4601/460107/460107002/'], '/46/4601/460107/460107002/', true],
    [['/46/4601/460107/460107002/'], '/46/4601/460107/', false],
    // a sibling whose code starts with the same digits is not inside (paths end in '/')
    [['/46/4601/460107/460107002/'], '/46/4601/460107/4601070021/', false],
    [['/'], '/36/3601/', true],
    [[], '/36/', false],
  ])('pathInScope(%j, %s) = %s', (scope, path, want) => expect(pathInScope(scope, path)).toBe(want));

  it('builds an index-friendly LIKE with escaped wildcards', () => {
    const params: unknown[] = ['x'];
    expect(scopeSql(['/4_/', '/36/'], 'r.path', params)).toBe('(r.path LIKE $2 OR r.path LIKE $3)');
    expect(params).toEqual(['x', '/4\\_/%', '/36/%']);
    expect(scopeSql([], 'path', [])).toBe('FALSE');
  });
});
