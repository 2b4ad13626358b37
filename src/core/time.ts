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

