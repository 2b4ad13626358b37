/**
 * China Standard Time (Asia/Shanghai: UTC+8 all year, no daylight saving since 1991). Every
 * "which day is it", "local midnight" and "local clock time" question of the application is
 * answered here, as plain arithmetic on the offset, so that no module keeps its own copy.
 * Calendar dates are `YYYY-MM-DD` strings; instants are `Date`s.
 */

/** The offset of China Standard Time from UTC, in milliseconds. */
export const CHINA_OFFSET_MS = 8 * 3600_000;

/** The calendar date in China at an instant (default: now), e.g. UTC 2025-12-31T16:00Z → '2026-01-01'. */
export function chinaDate(instant: Date | number = Date.now()): string {
  return new Date(+instant + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** Today's date in China. */
export const chinaToday = (): string => chinaDate(Date.now());

/** The instant local midnight begins a China calendar date ('2026-01-01' → 2025-12-31T16:00:00Z). */
export function chinaDayStart(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) - CHINA_OFFSET_MS);
}

/** Local clock time to the minute, `YYYY-MM-DD HH:mm` (notices, exports). */
export function chinaMinute(instant: Date | string | number): string {
  return new Date(new Date(instant).getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** ISO 8601 / W3C date-time with the China offset, to the second: `2026-01-01T00:00:00+08:00`. */
export function chinaIso(instant: Date | string | number): string {
  return new Date(new Date(instant).getTime() + CHINA_OFFSET_MS).toISOString().replace(/\.\d{3}Z$/, '+08:00');
}


/** A China calendar date plus some days (negative: earlier), e.g. ('2026-12-31', 1) → '2027-01-01'. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The day of the week of a calendar date, ISO numbering: Monday 1 … Sunday 7. */
export function isoWeekday(date: string): number {
  const d = new Date(`${date}T00:00:00.000Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** The ISO 8601 week of a calendar date: its week-numbering year, week number (1–53) and Monday…Sunday. */
export function isoWeek(date: string): { year: number; week: number; monday: string; sunday: string } {
  const monday = addDays(date, 1 - isoWeekday(date));
  const thursday = addDays(monday, 3); // the week belongs to the year of its Thursday
  const year = Number(thursday.slice(0, 4));
  const jan1 = Date.parse(`${year}-01-01T00:00:00.000Z`);
  const week = Math.floor((Date.parse(`${thursday}T00:00:00.000Z`) - jan1) / (7 * 86_400_000)) + 1;
  return { year, week, monday, sunday: addDays(monday, 6) };
}

/** The number of days of a month (month 1–12). */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
