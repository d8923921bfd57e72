/**
 * The holiday schedules the product ships. Each year's schedule is published by the General
 * Office of the State Council around November of the year before; an administrator adds or
 * corrects years through the calendar API (import or per-day edits).
 */
import type { DayKind } from './working-calendar.js';

/** One year as shipped. `official: false` means weekends only: no published schedule was available. */
export interface ShippedYear {
  year: number;
  official: boolean;
  source: string;
  days: Array<{ day: string; kind: DayKind; name: string }>;
}

const range = (from: string, to: string, name: string): Array<{ day: string; kind: DayKind; name: string }> => {
  const out: Array<{ day: string; kind: DayKind; name: string }> = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    out.push({ day: new Date(t).toISOString().slice(0, 10), kind: 'holiday', name });
  }
  return out;
};
const workday = (day: string, name: string) => ({ day, kind: 'workday' as const, name: `${name}调休上班` });

/** 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04). */
const Y2026: ShippedYear = {
  year: 2026,
  official: true,
  source: '国务院办公厅关于2026年部分节假日安排的通知（2025-11-04）',
  days: [
    ...range('2026-01-01', '2026-01-03', '元旦'),
    workday('2026-01-04', '元旦'),
    ...range('2026-02-15', '2026-02-23', '春节'),
    workday('2026-02-14', '春节'),
    workday('2026-02-28', '春节'),
    ...range('2026-04-04', '2026-04-06', '清明节'),
    ...range('2026-05-01', '2026-05-05', '劳动节'),
    workday('2026-05-09', '劳动节'),
    ...range('2026-06-19', '2026-06-21', '端午节'),
    ...range('2026-09-25', '2026-09-27', '中秋节'),
    ...range('2026-10-01', '2026-10-07', '国庆节'),
    workday('2026-09-20', '国庆节'),
    workday('2026-10-10', '国庆节'),
  ],
};

/**
 * 2027: the State Council's notice was not available when this release was built, so the year
 * ships as weekends only and `GET /calendar/years` reports it as not official. Import the notice
 * (`POST /calendar/import`) once it is published.
 */
const Y2027: ShippedYear = { year: 2027, official: false, source: '未发布：仅按周末计算（待导入国务院办公厅通知）', days: [] };

/** The years shipped with the product, oldest first. */
export const SHIPPED_YEARS: readonly ShippedYear[] = [Y2026, Y2027];
