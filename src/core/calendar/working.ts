/**
 * Working time on the official calendar: weekdays are working days unless a public holiday;
 * a make-up working day (调休) is a working day even on a weekend. Deadlines count whole
 * working days, or working hours inside office hours, in China Standard Time (UTC+8, no DST).
 * Pure functions: the calendar's days come from data (see the calendar module).
 */
import { chinaDate, chinaDayStart } from '../time.js';

export interface Calendar {
  holidays: ReadonlySet<string>; // YYYY-MM-DD
  workdays: ReadonlySet<string>; // make-up working days
}

/** Office hours as minutes after local midnight, e.g. 08:30–12:00 and 14:30–18:00. */
export interface Span { from: string; to: string; }

const DAY_MS = 86400_000;

/** The China calendar date of an instant (core/time.ts). */
export const localDate = (instant: Date): string => chinaDate(instant);

function dayStart(date: string): number {
  return chinaDayStart(date).getTime(); // local midnight as an instant
}

function nextDate(date: string, days = 1): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function isWorkingDay(cal: Calendar, date: string): boolean {
  if (cal.workdays.has(date)) return true;
  if (cal.holidays.has(date)) return false;
  const dow = new Date(`${date}T00:00:00.000Z`).getUTCDay();
  return dow !== 0 && dow !== 6;
}

/**
 * The deadline n working days after an event: the end of the n-th working day after the
 * event's own day (a case registered on Friday with 1 working day is due Monday 24:00,
 * or the first working day after a holiday).
 */
export function addWorkingDays(cal: Calendar, from: Date, n: number): Date {
  if (!Number.isInteger(n) || n < 0) throw new RangeError('working days must be a whole number ≥ 0');
  let date = localDate(from);
  if (n === 0) return new Date(dayStart(nextDate(date)));
  let left = n;
  for (let guard = 0; left > 0; guard++) {
    if (guard > 3660) throw new RangeError('no working days found within ten years');
    date = nextDate(date);
    if (isWorkingDay(cal, date)) left--;
  }
  return new Date(dayStart(nextDate(date))); // the end of that day
}

function minutes(hhmm: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m) throw new RangeError(`not a time of day: ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** The office-hour windows of one working day, as instants. */
function windows(date: string, office: Span[]): [number, number][] {
  const base = dayStart(date);
  return office.map((s) => [base + minutes(s.from) * 60_000, base + minutes(s.to) * 60_000] as [number, number]).sort((a, b) => a[0] - b[0]);
}

/** The instant when `hours` of office time have passed after `from` (an urgent matter: 2 working hours). */
export function addWorkingHours(cal: Calendar, from: Date, hours: number, office: Span[]): Date {
  if (!(hours >= 0)) throw new RangeError('working hours must be ≥ 0');
  let left = hours * 3600_000;
  let t = from.getTime();
  let date = localDate(from);
  for (let guard = 0; guard < 3660; guard++, date = nextDate(date)) {
    if (!isWorkingDay(cal, date)) continue;
    for (const [a, b] of windows(date, office)) {
      const start = Math.max(a, t);
      if (start >= b) continue;
      if (start + left <= b) return new Date(start + left);
      left -= b - start;
      t = b;
    }
  }
  throw new RangeError('no office hours found within ten years');
}

/** Office time (ms) between two instants: how much of a working-hours clock has run. */
export function workingMsBetween(cal: Calendar, a: Date, b: Date, office: Span[]): number {
  if (b <= a) return 0;
  let total = 0;
  for (let date = localDate(a); dayStart(date) < b.getTime(); date = nextDate(date)) {
    if (!isWorkingDay(cal, date)) continue;
    for (const [x, y] of windows(date, office)) total += Math.max(0, Math.min(y, b.getTime()) - Math.max(x, a.getTime()));
  }
  return total;
}
