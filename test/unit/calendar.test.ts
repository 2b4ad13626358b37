import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { addWorkingDays, addWorkingHours, isWorkingDay, workingMsBetween, type Calendar } from '../../src/core/calendar/working.js';

const data = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as { holidays: Record<string, string>; workdays: Record<string, string> };
const cal: Calendar = { holidays: new Set(Object.keys(data.holidays)), workdays: new Set(Object.keys(data.workdays)) };
const OFFICE = [{ from: '08:30', to: '12:00' }, { from: '14:30', to: '18:00' }];
const cst = (local: string) => new Date(`${local}+08:00`);
const iso = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

describe('isWorkingDay on the 2026 calendar', () => {
  it.each([
    ['2026-10-01', false, 'National Day'],
    ['2026-10-10', true, 'a Saturday made a working day (调休)'],
    ['2026-10-11', false, 'an ordinary Sunday'],
    ['2026-10-09', true, 'an ordinary Friday'],
    ['2026-02-14', true, 'Saturday before the Spring Festival, made a working day'],
    ['2026-02-16', false, 'Spring Festival'],
    ['2026-09-25', false, 'Mid-Autumn Festival (a Friday)'],
    ['2026-09-20', true, 'a Sunday made a working day'],
  ])('%s → %s (%s)', (d, want) => expect(isWorkingDay(cal, d)).toBe(want));
});

describe('addWorkingDays: end of the n-th working day after the event\'s day', () => {
  it.each([
    ['2026-11-27 10:00', 1, '2026-12-01 00:00', 'Friday → end of Monday'],
    ['2026-11-27 10:00', 0, '2026-11-28 00:00', '0: end of the same day'],
    ['2026-09-30 10:00', 1, '2026-10-09 00:00', 'over the National Day week to Thursday 8 October'],
    ['2026-10-09 23:30', 1, '2026-10-11 00:00', 'Friday → the make-up Saturday'],
    ['2026-09-18 09:00', 7, '2026-09-30 00:00', 'seven working days across Mid-Autumn, counting the 20 September make-up Sunday'],
  ])('%s + %i → %s (%s)', (from, n, want) => expect(iso(addWorkingDays(cal, cst(from), n))).toBe(want));
  it('refuses negative or fractional days', () => {
    expect(() => addWorkingDays(cal, new Date(), -1)).toThrow(RangeError);
    expect(() => addWorkingDays(cal, new Date(), 1.5)).toThrow(RangeError);
  });
});

describe('addWorkingHours inside office hours (08:30–12:00, 14:30–18:00)', () => {
  it.each([
    ['2026-11-27 17:00', 2, '2026-11-30 09:30', 'Friday evening into Monday morning'],
    ['2026-11-28 10:00', 2, '2026-11-30 10:30', 'reported on a Saturday'],
    ['2026-11-27 12:30', 1, '2026-11-27 15:30', 'reported over lunch'],
    ['2026-11-27 11:30', 1, '2026-11-27 15:00', 'across the lunch break'],
    ['2026-09-30 17:30', 1, '2026-10-08 09:00', 'before the National Day week'],
    ['2026-11-27 07:00', 24, '2026-12-02 11:30', '24 working hours = 3 days of 7 hours and 3 hours'],
  ])('%s + %sh → %s (%s)', (from, h, want) => expect(iso(addWorkingHours(cal, cst(from), h, OFFICE))).toBe(want));
  it('measures how much of the clock has run', () => {
    expect(workingMsBetween(cal, cst('2026-11-27 17:00'), cst('2026-11-30 09:30'), OFFICE)).toBe(2 * 3600_000);
    expect(workingMsBetween(cal, cst('2026-10-01 09:00'), cst('2026-10-07 18:00'), OFFICE)).toBe(0);
    expect(workingMsBetween(cal, cst('2026-11-27 18:00'), cst('2026-11-27 09:00'), OFFICE)).toBe(0);
  });
});
