import { describe, expect, it, vi, afterEach } from 'vitest';
import { chinaDate, chinaDayStart, chinaIso, chinaMinute, chinaToday } from '../../src/core/time.js';

describe('core/time: China Standard Time', () => {
  afterEach(() => vi.useRealTimers());

  it('the China date turns at UTC 16:00', () => {
    expect(chinaDate(new Date('2026-03-10T15:59:59.999Z'))).toBe('2026-03-10');
    expect(chinaDate(new Date('2026-03-10T16:00:00.000Z'))).toBe('2026-03-11');
  });

  it('the year ends at UTC 16:00 on 31 December', () => {
    expect(chinaDate(new Date('2025-12-31T15:59:00Z'))).toBe('2025-12-31');
    expect(chinaDate(new Date('2025-12-31T16:00:00Z'))).toBe('2026-01-01');
    // a leap day
    expect(chinaDate(new Date('2028-02-28T16:00:00Z'))).toBe('2028-02-29');
  });

  it('chinaToday reads the clock', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2025-12-31T15:59:59Z'));
    expect(chinaToday()).toBe('2025-12-31');
    vi.setSystemTime(new Date('2025-12-31T16:00:00Z'));
    expect(chinaToday()).toBe('2026-01-01');
  });

  it('local midnight is the previous UTC day at 16:00, and round-trips', () => {
    expect(chinaDayStart('2026-01-01').toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(chinaDate(chinaDayStart('2026-01-01'))).toBe('2026-01-01');
    expect(chinaDate(chinaDayStart('2026-01-01').getTime() - 1)).toBe('2025-12-31');
  });

  it('local clock time and ISO with the +08:00 offset', () => {
    expect(chinaMinute(new Date('2025-12-31T16:05:30Z'))).toBe('2026-01-01 00:05');
    expect(chinaMinute('2026-06-01T03:04:00Z')).toBe('2026-06-01 11:04');
    expect(chinaIso(new Date('2025-12-31T15:59:59.500Z'))).toBe('2025-12-31T23:59:59+08:00');
    expect(chinaIso('2025-12-31T16:00:00Z')).toBe('2026-01-01T00:00:00+08:00');
  });
});
