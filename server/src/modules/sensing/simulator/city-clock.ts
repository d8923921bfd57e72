/**
 * The demo city's wall clock: Asia/Shanghai has no daylight saving, so local time is UTC+8 all
 * year and needs no time-zone database.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const OFFSET_MS = 8 * HOUR_MS;

/** Local hour of day with fraction, 0 ≤ h < 24. */
export function localHour(t: number): number {
  const ms = (((t + OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS;
  return ms / HOUR_MS;
}

/** Local day number since 1970-01-01 (a key for per-day randomness). */
export function localDay(t: number): number {
  return Math.floor((t + OFFSET_MS) / DAY_MS);
}

/** Day of the year, 0–365, in local time. */
export function dayOfYear(t: number): number {
  const local = new Date(t + OFFSET_MS);
  const start = Date.UTC(local.getUTCFullYear(), 0, 1);
  return Math.floor((local.getTime() - start) / DAY_MS);
}

/** Monday–Friday in local time (holidays and 调休 are the calendar module's business, not the weather's). */
export function isWeekday(t: number): boolean {
  const d = new Date(t + OFFSET_MS).getUTCDay();
  return d >= 1 && d <= 5;
}

/** Local sunset and sunrise hours, roughly for 29–30° N: 17:05–19:05 and 05:00–07:00 over the year. */
export function sunTimes(t: number): { sunrise: number; sunset: number } {
  const season = Math.sin((2 * Math.PI * (dayOfYear(t) - 80)) / 365);
  return { sunrise: 6.0 - 0.95 * season, sunset: 18.1 + 0.95 * season };
}

export { HOUR_MS, DAY_MS };
