import { describe, expect, it } from 'vitest';
import { canonicalJson, GENESIS, recordHash } from '../../src/core/audit/chain.js';

describe('canonicalJson', () => {
  it.each([
    [{ b: 1, a: 2 }, '{"a":2,"b":1}'],
    [{ a: { d: [1, { z: 1, y: 2 }], c: null } }, '{"a":{"c":null,"d":[1,{"y":2,"z":1}]}}'],
    [{ a: undefined, b: '中' }, '{"b":"中"}'],
    [[], '[]'],
    [null, 'null'],
    [{ due: new Date('2026-12-11T03:30:00Z') }, '{"due":"2026-12-11T03:30:00.000Z"}'],
  ])('%j → %s', (v, s) => expect(canonicalJson(v)).toBe(s));
});

describe('recordHash', () => {
  const rec = { id: 1, at: '2026-11-27T00:00:00.000Z', actor_id: 1, actor_username: 'admin', role: 'admin', scope_code: null, action: 'x', target_type: null, target_id: null, request_id: 'r', detail: '{}', prev_hash: GENESIS };
  it('changes when any field or the previous hash changes', () => {
    const h = recordHash(rec);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    for (const [k, v] of Object.entries({ id: 2, at: '2026-11-27T00:00:00.001Z', actor_username: 'x', action: 'y', detail: '{"a":1}', prev_hash: 'f'.repeat(64) })) {
      expect(recordHash({ ...rec, [k]: v })).not.toBe(h);
    }
    expect(recordHash({ ...rec })).toBe(h);
  });
});
