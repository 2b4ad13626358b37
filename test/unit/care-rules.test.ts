import { describe, expect, it } from 'vitest';
import { chinaDate } from '../../src/core/time.js';
import { byUrgency, counts, isDue, overdueFrom, periodOf, periodsEndingIn, previousPeriod, slotState, type Rule } from '../../src/modules/care/rules.js';

const weekly: Rule = { kind: 'phone', per: 'iso_week', times: 2 };
const halfMonthly: Rule = { kind: 'visit', per: 'half_month', times: 1 };

describe('ISO weeks', () => {
  it.each([
    ['2026-12-07', '2026-W50', '2026-12-07', '2026-12-13'], // a Monday
    ['2026-12-06', '2026-W49', '2026-11-30', '2026-12-06'], // a Sunday
    ['2026-12-31', '2026-W53', '2026-12-28', '2027-01-03'], // 2026 has 53 weeks (it starts on a Thursday)
    ['2027-01-01', '2026-W53', '2026-12-28', '2027-01-03'], // a Friday in January, still 2026's last week
    ['2027-01-04', '2027-W01', '2027-01-04', '2027-01-10'],
    ['2024-12-30', '2025-W01', '2024-12-30', '2025-01-05'], // a Monday in December, already 2025's first week
    ['2020-12-31', '2020-W53', '2020-12-28', '2021-01-03'],
    ['2021-01-03', '2020-W53', '2020-12-28', '2021-01-03'],
    ['2025-12-29', '2026-W01', '2025-12-29', '2026-01-04'],
    ['2028-02-29', '2028-W09', '2028-02-28', '2028-03-05'],
  ])('%s is in %s (%s … %s)', (date, label, start, end) => {
    expect(periodOf('iso_week', date)).toEqual({ label, start, end });
  });

  it('a missed week is overdue on the Monday after; the week before 2027-W01 is 2026-W53', () => {
    expect(overdueFrom(periodOf('iso_week', '2026-12-09'))).toBe('2026-12-14');
    expect(previousPeriod('iso_week', '2027-01-05').label).toBe('2026-W53');
  });
});

describe('half-months', () => {
  it.each([
    ['2026-12-01', '2026-12-H1', '2026-12-01', '2026-12-15'],
    ['2026-12-15', '2026-12-H1', '2026-12-01', '2026-12-15'],
    ['2026-12-16', '2026-12-H2', '2026-12-16', '2026-12-31'], // 31 days
    ['2026-11-30', '2026-11-H2', '2026-11-16', '2026-11-30'], // 30 days
    ['2026-02-20', '2026-02-H2', '2026-02-16', '2026-02-28'], // 28 days
    ['2028-02-16', '2028-02-H2', '2028-02-16', '2028-02-29'], // 29 days (leap year)
  ])('%s is in %s (%s … %s)', (date, label, start, end) => {
    expect(periodOf('half_month', date)).toEqual({ label, start, end });
  });

  it('a missed half-month is overdue on the 16th or the 1st; the one before H1 is last month\'s H2', () => {
    expect(overdueFrom(periodOf('half_month', '2026-12-03'))).toBe('2026-12-16');
    expect(overdueFrom(periodOf('half_month', '2026-02-20'))).toBe('2026-03-01');
    expect(overdueFrom(periodOf('half_month', '2026-12-20'))).toBe('2027-01-01');
    expect(previousPeriod('half_month', '2027-01-02')).toEqual({ label: '2026-12-H2', start: '2026-12-16', end: '2026-12-31' });
  });

  it('periods ending in a range', () => {
    expect(periodsEndingIn('half_month', '2026-11-01', '2026-11-30').map((p) => p.label)).toEqual(['2026-11-H1', '2026-11-H2']);
    expect(periodsEndingIn('iso_week', '2026-12-01', '2026-12-31').map((p) => p.label)).toEqual(['2026-W49', '2026-W50', '2026-W51', '2026-W52']);
    expect(periodsEndingIn('month', '2026-01-15', '2026-03-31').map((p) => p.label)).toEqual(['2026-01', '2026-02', '2026-03']);
  });
});

describe('what counts', () => {
  it('every contact that reached the resident counts as a phone contact; only home visits as a visit', () => {
    expect(['home_visit', 'phone', 'met_outside', 'other'].map((k) => counts('phone', k as any))).toEqual([true, true, true, true]);
    expect(['home_visit', 'phone', 'met_outside', 'other'].map((k) => counts('visit', k as any))).toEqual([true, false, false, false]);
  });

  it('a contact counts on its China date: 00:30 on Monday in China is in the new week', () => {
    const at = new Date('2026-12-06T16:30:00Z'); // 2026-12-07 00:30 in China
    expect(chinaDate(at)).toBe('2026-12-07');
    const w49 = periodOf('iso_week', '2026-12-06');
    const s = slotState(weekly, w49, '2020-01-01', [{ kind: 'phone', date: chinaDate(at) }, { kind: 'phone', date: chinaDate(new Date('2026-12-06T15:59:00Z')) }], '2026-12-08');
    expect(s).toEqual({ due: true, done: 1, needed: 2, met: false, overdue: true });
  });

  it('a home visit counts for both rules; two of them meet the weekly calls', () => {
    const contacts = [{ kind: 'home_visit' as const, date: '2026-12-08' }, { kind: 'home_visit' as const, date: '2026-12-10' }];
    expect(slotState(weekly, periodOf('iso_week', '2026-12-08'), '2020-01-01', contacts, '2026-12-10').met).toBe(true);
    expect(slotState(halfMonthly, periodOf('half_month', '2026-12-08'), '2020-01-01', contacts, '2026-12-10')).toMatchObject({ met: true, done: 2 });
  });

  it('a nobody-home visit is no contact: the visits module lists nobody met for it, so the slot stays open', () => {
    expect(slotState(halfMonthly, periodOf('half_month', '2026-12-08'), '2020-01-01', [], '2026-12-16')).toEqual({ due: true, done: 0, needed: 1, met: false, overdue: true });
  });

  it('calls are not visits', () => {
    const calls = [{ kind: 'phone' as const, date: '2026-12-02' }, { kind: 'phone' as const, date: '2026-12-03' }];
    expect(slotState(halfMonthly, periodOf('half_month', '2026-12-02'), '2020-01-01', calls, '2026-12-10')).toMatchObject({ done: 0, met: false, overdue: false });
  });

  it('not overdue on the period\'s last day, overdue the day after', () => {
    const p = periodOf('iso_week', '2026-12-09');
    expect(slotState(weekly, p, '2020-01-01', [], '2026-12-13').overdue).toBe(false);
    expect(slotState(weekly, p, '2020-01-01', [], '2026-12-14').overdue).toBe(true);
  });

  it('contacts after asOf or outside the period do not count', () => {
    const p = periodOf('iso_week', '2026-12-09');
    const c = [{ kind: 'phone' as const, date: '2026-12-06' }, { kind: 'phone' as const, date: '2026-12-14' }, { kind: 'phone' as const, date: '2026-12-12' }];
    expect(slotState(weekly, p, '2020-01-01', c, '2026-12-11').done).toBe(0);
    expect(slotState(weekly, p, '2020-01-01', c, '2026-12-20').done).toBe(1);
  });
});

describe('joining the plan mid-period', () => {
  it('owes nothing in the period joined, from the next one on', () => {
    const w = periodOf('iso_week', '2026-12-09'); // Monday 7 … Sunday 13
    expect(isDue(w, '2026-12-07')).toBe(true);
    expect(isDue(w, '2026-12-09')).toBe(false);
    expect(slotState(weekly, w, '2026-12-09', [], '2026-12-20')).toMatchObject({ due: false, overdue: false });
    expect(slotState(weekly, periodOf('iso_week', '2026-12-14'), '2026-12-09', [], '2026-12-21')).toMatchObject({ due: true, overdue: true });
    expect(slotState(halfMonthly, periodOf('half_month', '2026-12-10'), '2026-12-10', [], '2026-12-20').due).toBe(false);
    expect(slotState(halfMonthly, periodOf('half_month', '2026-12-16'), '2026-12-10', [], '2026-12-20').due).toBe(true);
  });

  it('a period not begun by asOf is not due', () => {
    expect(slotState(weekly, periodOf('iso_week', '2026-12-21'), '2020-01-01', [], '2026-12-14').due).toBe(false);
  });
});

describe('urgency', () => {
  it('overdue first, then the nearest deadline, then most missing, visits before calls', () => {
    const item = (residentId: number, overdue: boolean, dueBy: string, done: number, needed: number, kind: 'phone' | 'visit') => ({ residentId, overdue, dueBy, done, needed, kind });
    const list = [item(1, false, '2026-12-15', 0, 1, 'visit'), item(2, false, '2026-12-13', 1, 2, 'phone'), item(3, true, '2026-12-06', 0, 2, 'phone'),
      item(4, false, '2026-12-13', 0, 2, 'phone'), item(5, false, '2026-12-13', 0, 2, 'visit')];
    expect(list.sort(byUrgency).map((x) => x.residentId)).toEqual([3, 5, 4, 2, 1]);
  });
});
