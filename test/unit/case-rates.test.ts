import { describe, expect, it } from 'vitest';
import { percent, rates, type RateCounts } from '../../src/modules/cases/rates.js';

const zero: RateCounts = { dueToClose: 0, closed: 0, closedOnTime: 0, handled: 0, withRework: 0, dueToRespond: 0, respondedInTime: 0, calledBack: 0, ratedResolved: 0, ratedSatisfied: 0 };

describe('rates (RULES.md, "Cases")', () => {
  it('the worked example: 972 due, 911 closed, 737 on time → 93.72% and 75.82%', () => {
    const r = rates({ ...zero, dueToClose: 972, closed: 911, closedOnTime: 737 });
    expect(percent(r.closedRate)).toBe('93.72%');
    expect(percent(r.onTimeRate)).toBe('75.82%');
  });
  it.each([
    [{ handled: 200, withRework: 9 }, 'reworkRate', 0.045],
    [{ dueToRespond: 50, respondedInTime: 49 }, 'responseRate', 0.98],
    [{ calledBack: 40, ratedResolved: 30 }, 'resolutionRate', 0.75],
    [{ calledBack: 40, ratedSatisfied: 38 }, 'satisfactionRate', 0.95],
  ] as [Partial<RateCounts>, keyof ReturnType<typeof rates>, number][])('%j → %s = %f', (c, key, want) => {
    expect(rates({ ...zero, ...c })[key]).toBeCloseTo(want, 10);
  });
  it('a rate with nothing to count is null, not zero', () => {
    expect(Object.values(rates(zero))).toEqual([null, null, null, null, null, null]);
    expect(percent(null)).toBe('—');
  });
});
