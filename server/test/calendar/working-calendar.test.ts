import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SHIPPED_YEARS } from '../../src/modules/calendar/official-holidays.js';
import { DEFAULT_WORKING_HOURS, WorkingCalendar, validatePeriods } from '../../src/modules/calendar/working-calendar.js';

const table = new Map(SHIPPED_YEARS.flatMap((y) => y.days.map((d) => [d.day, d.kind] as const)));
const cal = new WorkingCalendar(table, DEFAULT_WORKING_HOURS);
const at = (local: string) => Date.parse(`${local}+08:00`);
const iso = (t: number) => new Date(t + 8 * 3_600_000).toISOString().slice(0, 16);

describe('working calendar 2026', () => {
  it('knows holidays, weekends and make-up working days', () => {
    assert.equal(cal.isWorkingDay('2026-10-01'), false, '国庆');
    assert.equal(cal.isWorkingDay('2026-10-08'), true);
    assert.equal(cal.isWorkingDay('2026-09-20'), true, 'Sunday make-up day');
    assert.equal(cal.isWorkingDay('2026-10-10'), true, 'Saturday make-up day');
    assert.equal(cal.isWorkingDay('2026-10-11'), false, 'ordinary Sunday');
    assert.equal(cal.isWorkingDay('2026-02-23'), false, '春节 Monday');
    assert.equal(cal.isWorkingDay('2026-02-14'), true);
    assert.equal(cal.isWorkingDay('2026-11-23'), true, 'ordinary Monday');
    assert.throws(() => cal.isWorkingDay('2026-02-30'));
  });

  it('adds working days across 国庆 at the same clock time', () => {
    assert.equal(iso(cal.addWorkingDays(at('2026-09-30T10:15:00'), 1)), '2026-10-08T10:15');
    assert.equal(iso(cal.addWorkingDays(at('2026-09-30T10:15:00'), 3)), '2026-10-10T10:15', 'Oct 10 (Sat) is a working day');
    assert.equal(iso(cal.addWorkingDays(at('2026-09-18T09:00:00'), 1)), '2026-09-20T09:00', 'Sep 20 (Sun) is a working day');
    assert.equal(iso(cal.addWorkingDays(at('2026-02-13T20:00:00'), 2)), '2026-02-24T20:00', '春节 with Feb 14 worked');
    assert.equal(iso(cal.addWorkingDays(at('2026-11-20T11:00:00'), 1)), '2026-11-23T11:00', 'Friday + 1 = Monday');
    assert.equal(cal.addWorkingDays(at('2026-11-20T11:00:00'), 0), at('2026-11-20T11:00:00'));
    assert.throws(() => cal.addWorkingDays(0, -1));
  });

  it('counts working hours across lunch, nights, weekends and holidays', () => {
    assert.equal(iso(cal.addWorkingHours(at('2026-11-23T11:00:00'), 2)), '2026-11-23T14:30', 'lunch 12:00–13:30 does not count');
    assert.equal(iso(cal.addWorkingHours(at('2026-11-23T17:00:00'), 1)), '2026-11-24T09:00', 'the night does not count');
    assert.equal(iso(cal.addWorkingHours(at('2026-11-20T16:00:00'), 4)), '2026-11-23T11:00', 'Friday to Monday');
    assert.equal(iso(cal.addWorkingHours(at('2026-09-30T16:30:00'), 2)), '2026-10-08T09:30', 'across 国庆');
    assert.equal(iso(cal.addWorkingHours(at('2026-11-22T03:00:00'), 0.5)), '2026-11-23T09:00', 'from a Sunday night');
    assert.equal(iso(cal.addWorkingHours(at('2026-11-23T08:30:00'), 7.5)), '2026-11-23T17:30', 'a whole day ends at 17:30');
  });

  it('measures working time between two instants', () => {
    const h = 3_600_000;
    assert.equal(cal.workingTimeBetween(at('2026-11-23T11:00:00'), at('2026-11-23T14:30:00')), 2 * h);
    assert.equal(cal.workingTimeBetween(at('2026-11-20T16:00:00'), at('2026-11-23T11:00:00')), 4 * h);
    assert.equal(cal.workingTimeBetween(at('2026-11-23T08:00:00'), at('2026-11-25T20:00:00')), 3 * 7.5 * h);
    assert.equal(cal.workingTimeBetween(at('2026-11-24T00:00:00'), at('2026-11-23T00:00:00')), 0);
    assert.equal(cal.workingDaysBetween(at('2026-09-30T10:00:00'), at('2026-10-09T10:00:00')), 2);
  });

  it('rejects bad working periods', () => {
    assert.deepEqual(validatePeriods(DEFAULT_WORKING_HOURS), []);
    assert.equal(validatePeriods([{ start: '12:00', end: '08:00' }]).length, 1);
    assert.equal(
      validatePeriods([
        { start: '08:00', end: '12:00' },
        { start: '11:00', end: '13:00' },
      ]).length,
      1,
    );
    assert.equal(validatePeriods([{ start: '8:00', end: '12:00' }]).length, 1);
    assert.equal(validatePeriods([]).length, 1);
  });
});
