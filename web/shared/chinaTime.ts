/** Today's date in China (UTC+8, no daylight saving), YYYY-MM-DD — the web's one copy of the server's core/time chinaToday. */
export const chinaToday = (): string => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
