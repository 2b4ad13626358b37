/**
 * The party unit registry (src/modules/party/units.ts) is filled by the modules that own the units:
 * once the app's modules are loaded, every kind a party organisation may attach to is registered,
 * with a translated label, and the bodies of the two coverages can be listed.
 */
import { describe, expect, it } from 'vitest';
import { modules } from '../../src/modules/index.js';
import { unitKind } from '../../src/modules/party/units.js';

const KINDS = ['street', 'community', 'grid', 'building', 'area', 'owners_committee', 'property_company', 'property_outlet', 'resident_unit', 'project'];

describe('party unit registry', () => {
  it('every unit kind is registered once the modules are loaded, with zh and en labels', () => {
    expect(modules.length).toBeGreaterThan(0);
    for (const k of KINDS) {
      const def = unitKind(k);
      expect(def, k).toBeDefined();
      expect(def!.label.zh.length, k).toBeGreaterThan(0);
      expect(def!.label.en.length, k).toBeGreaterThan(0);
    }
  });

  it('the bodies of the two coverages can be listed; an unknown kind is not registered', () => {
    for (const k of ['owners_committee', 'property_company', 'property_outlet']) expect(typeof unitKind(k)!.list, k).toBe('function');
    expect(unitKind('nonsense')).toBeUndefined();
  });

  it('free-text units are named by their ref and have no place', async () => {
    const m = await unitKind('area')!.resolve(null as never, ['第1网格文庄路巷道', ' '], 'zh-CN');
    expect([...m]).toEqual([['第1网格文庄路巷道', { name: '第1网格文庄路巷道', path: null }]]);
  });
});
