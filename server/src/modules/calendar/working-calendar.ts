/**
 * Deadline arithmetic on the working-day calendar, as pure functions over a day table and the
 * working hours. Instants are epoch ms; days are Asia/Shanghai calendar days (UTC+8 all year:
 * China has kept no daylight saving time since 1991), so the arithmetic needs no time-zone data.
 */

/** Asia/Shanghai is UTC+8 without daylight saving time. */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** How a day deviates from the Mon–Fri week: a public holiday, or a make-up working day (调休). */
export type DayKind = 'holiday' | 'workday';

/** One working period of a working day, local clock time `HH:MM`. */
export interface WorkingPeriod {
  start: string;
  end: string;
}

/** The working hours in use when nobody configured others (a common government schedule). */
export const DEFAULT_WORKING_HOURS: readonly WorkingPeriod[] = [
  { start: '08:30', end: '12:00' },
  { start: '13:30', end: '17:30' },
];

/** Day number (days since 1970-01-01 in Asia/Shanghai) of an instant. */
export function localDayNumber(t: number): number {
  return Math.floor((t + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** `YYYY-MM-DD` of a day number. */
export function dayIso(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

/** Day number of `YYYY-MM-DD`, or null when it is not a real calendar date. */
export function parseDayIso(day: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day) return null;
  return ms / DAY_MS;
}

/** Minutes after midnight of `HH:MM`, or null when malformed (24:00 is allowed as an end). */
export function parseClock(hhmm: string): number | null {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min > 0)) return null;
  return h * 60 + min;
}

/**
 * Checks working periods: each well-formed, start before end, in order and not overlapping.
 * Returns the problems (empty when fine) so the service can name the field.
 */
export function validatePeriods(periods: readonly WorkingPeriod[]): string[] {
  const problems: string[] = [];
  if (periods.length === 0) problems.push('at least one working period is needed');
  let lastEnd = -1;
  periods.forEach((p, i) => {
    const s = parseClock(p.start);
    const e = parseClock(p.end);
    if (s === null || e === null) problems.push(`period ${i + 1}: times must be HH:MM`);
    else if (s >= e) problems.push(`period ${i + 1}: start must be before end`);
    else if (s < lastEnd) problems.push(`period ${i + 1}: overlaps or precedes the previous period`);
    else lastEnd = e;
  });
  return problems;
}

/**
 * A working-day calendar: weekends off, except the listed days (holidays off, make-up days on),
 * and the working hours of a working day.
 *
 * @example
 *   const cal = new WorkingCalendar(new Map([['2026-10-01', 'holiday']]), DEFAULT_WORKING_HOURS);
 *   cal.addWorkingDays(Date.parse('2026-09-30T10:00:00+08:00'), 1); // 2026-10-08T10:00+08:00 with the whole 国庆 table
 */
export class WorkingCalendar {
  readonly #days: ReadonlyMap<string, DayKind>;
  /** Working periods as [startMs, endMs) offsets from local midnight. */
  readonly #periods: Array<[number, number]>;
  readonly #dayWorkMs: number;

  constructor(days: ReadonlyMap<string, DayKind>, periods: readonly WorkingPeriod[]) {
    const problems = validatePeriods(periods);
    if (problems.length) throw new Error(`bad working hours: ${problems.join('; ')}`);
    this.#days = days;
    this.#periods = periods.map((p) => [parseClock(p.start)! * 60_000, parseClock(p.end)! * 60_000]);
    this.#dayWorkMs = this.#periods.reduce((s, [a, b]) => s + (b - a), 0);
  }

  /** Whether a day number is a working day. */
  isWorkingDayNumber(day: number): boolean {
    const kind = this.#days.get(dayIso(day));
    if (kind === 'holiday') return false;
    if (kind === 'workday') return true;
    // 1970-01-01 was a Thursday: (day + 4) % 7 is 0 on Sundays, 6 on Saturdays.
    const weekday = (((day + 4) % 7) + 7) % 7;
    return weekday !== 0 && weekday !== 6;
  }

  /** Whether `YYYY-MM-DD` is a working day (throws on a malformed day). */
  isWorkingDay(day: string): boolean {
    const n = parseDayIso(day);
    if (n === null) throw new RangeError(`not a date: ${day}`);
    return this.isWorkingDayNumber(n);
  }

  /**
   * The deadline of `n` working days from `start`: the n-th following working day at the same
   * local clock time (so 2026-09-30 10:00 + 1 = 2026-10-08 10:00 across 国庆). n = 0 is `start`.
   */
  addWorkingDays(start: number, n: number): number {
    if (!Number.isInteger(n) || n < 0) throw new RangeError('working days must be a non-negative integer');
    const d0 = localDayNumber(start);
    let d = d0;
    for (let left = n; left > 0;) {
      d++;
      if (this.isWorkingDayNumber(d)) left--;
      if (d - d0 > 3660) throw new RangeError('no working day within ten years');
    }
    return start + (d - d0) * DAY_MS;
  }

  /**
   * The instant after `n` working hours (fractions allowed) counted from `start`, only inside
   * the working periods of working days: 4 h from Friday 16:00 ends Monday 11:00 (08:30–12:00,
   * 13:30–17:30). A deadline ending exactly at a period's end stays there.
   */
  addWorkingHours(start: number, n: number): number {
    if (!Number.isFinite(n) || n < 0) throw new RangeError('working hours must be a non-negative number');
    let left = Math.round(n * 3_600_000);
    if (left === 0) return start;
    let day = localDayNumber(start);
    const startDay = day;
    for (;;) {
      if (this.isWorkingDayNumber(day)) {
        const midnight = day * DAY_MS - SHANGHAI_OFFSET_MS;
        for (const [a, b] of this.#periods) {
          const from = Math.max(midnight + a, start);
          const to = midnight + b;
          if (to <= from) continue;
          if (to - from >= left) return from + left;
          left -= to - from;
        }
      }
      day++;
      if (day - startDay > 3660) throw new RangeError('no working time within ten years');
    }
  }

  /**
   * Working time in ms between two instants (0 when `b` is not after `a`): what share of a
   * deadline's time a case has used (yellow card at 80 %).
   */
  workingTimeBetween(a: number, b: number): number {
    if (b <= a) return 0;
    let total = 0;
    const first = localDayNumber(a);
    const last = localDayNumber(b);
    for (let day = first; day <= last; day++) {
      if (!this.isWorkingDayNumber(day)) continue;
      const midnight = day * DAY_MS - SHANGHAI_OFFSET_MS;
      if (day > first && day < last) {
        total += this.#dayWorkMs;
        continue;
      }
      for (const [s, e] of this.#periods) {
        const from = Math.max(midnight + s, a);
        const to = Math.min(midnight + e, b);
        if (to > from) total += to - from;
      }
    }
    return total;
  }

  /** Working days strictly after the day of `a` up to and including the day of `b` (overdue days). */
  workingDaysBetween(a: number, b: number): number {
    let n = 0;
    for (let d = localDayNumber(a) + 1, last = localDayNumber(b); d <= last; d++) if (this.isWorkingDayNumber(d)) n++;
    return n;
  }
}
