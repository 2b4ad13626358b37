import { describe, expect, it } from 'vitest';
import { CATEGORY_SEED, DEPARTMENTS, withDefaults } from '../../src/modules/cases/catalogue.js';

describe('the category catalogue', () => {
  const byCode = new Map(CATEGORY_SEED.map((c) => [c.code, c]));
  it('is a tree of unique codes whose children extend their parent\'s code', () => {
    expect(byCode.size).toBe(CATEGORY_SEED.length);
    for (const c of CATEGORY_SEED) if (c.parent) { expect(byCode.has(c.parent)).toBe(true); expect(c.code.startsWith(c.parent)).toBe(true); }
  });
  it('names the seed\'s community problems', () => {
    const names = CATEGORY_SEED.map((c) => c.name);
    for (const n of ['车辆乱停放', '电动车违规充电', '下水道堵塞', '暴露垃圾', '不文明养犬', '供热管道泄漏', '消防通道堵塞', '违法建设']) expect(names).toContain(n);
  });
  it('keeps RULES.md\'s default limits: urgent ≤ 2 h, utilities ≤ 24 h, ordinary ≤ 7 days, complex ≤ 15 days', () => {
    for (const c of CATEGORY_SEED.filter((x) => x.parent).map(withDefaults)) {
      const hours = c.resolve.unit === 'working_hours' ? c.resolve.value : c.resolve.value * 7;
      if (c.priority === 'urgent' && c.department !== 'heating' && c.department !== 'water') expect(hours).toBeLessThanOrEqual(2);
      expect(c.resolve.unit === 'working_days' ? c.resolve.value : 0).toBeLessThanOrEqual(15);
    }
    expect(withDefaults(byCode.get('0601')!).resolve).toEqual({ value: 24, unit: 'working_hours' });
    expect(withDefaults(byCode.get('0301')!).resolve).toEqual({ value: 15, unit: 'working_days' });
    expect(withDefaults(byCode.get('1001')!).resolve).toEqual({ value: 7, unit: 'working_days' });
  });
  it('a department matter names a known department and is handled at street level or above', () => {
    for (const c of CATEGORY_SEED.filter((x) => x.departmentMatter)) {
      expect(DEPARTMENTS[c.department!]).toBeDefined();
      expect(c.level).toBe('street');
    }
  });
});
