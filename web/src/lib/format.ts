/**
 * Formatting of instants and quantities for display. Every time is shown in Asia/Shanghai, whatever
 * the browser's zone, so that a screen in Urumqi and one in Hangzhou name the same hour.
 */
import type { Locale } from '../i18n/i18n.js';

export const CITY_TIME_ZONE = 'Asia/Shanghai';

const dateTimeFormats = new Map<Locale, Intl.DateTimeFormat>();

/** `2026-11-22 14:05:09` style, in Asia/Shanghai; '—' for nothing. */
export function formatDateTime(value: string | number | Date | null | undefined, locale: Locale): string {
  if (value === null || value === undefined || value === '') return '—';
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  let fmt = dateTimeFormats.get(locale);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat(locale === 'zh-CN' ? 'zh-CN' : 'en-GB', {
      timeZone: CITY_TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hour12: false,
    });
    dateTimeFormats.set(locale, fmt);
  }
  const parts = Object.fromEntries(fmt.formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/**
 * The instant a calendar day (YYYY-MM-DD, as picked in a date picker) starts or ends in
 * Asia/Shanghai, as ISO-8601. China has no daylight saving, so the offset is always +08:00.
 */
export function cityDayBoundary(day: string, edge: 'start' | 'end'): string {
  return edge === 'start' ? `${day}T00:00:00.000+08:00` : `${day}T23:59:59.999+08:00`;
}

/** Thousands separators in the locale's style. */
export function formatNumber(value: number, locale: Locale, maximumFractionDigits = 0): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits }).format(value);
}

/** Square metres as km² (areas of districts) or m² (small grids). */
export function formatArea(sqm: number, locale: Locale): string {
  if (sqm >= 100_000) return `${formatNumber(sqm / 1_000_000, locale, 2)} km²`;
  return `${formatNumber(sqm, locale)} m²`;
}
