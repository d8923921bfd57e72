/**
 * The calendar module (工作日历): China's public holidays and make-up working days, working hours,
 * and deadline arithmetic in working days or hours for cases and catalog. This file is the
 * module's only door.
 */
import type { ZhichengModule } from '../../kernel/module.js';
import { calendarRoutes } from './calendar.routes.js';
import { createCalendar, type CalendarService } from './calendar.service.js';
import { calendarMigrations } from './migrations.js';

export type { CalendarService };
export { CALENDAR_EVENTS, type CalendarChangedV1, type CalendarYear, type TimeLimit } from './calendar.service.js';
export {
  DEFAULT_WORKING_HOURS,
  SHANGHAI_OFFSET_MS,
  WorkingCalendar,
  dayIso,
  localDayNumber,
  type DayKind,
  type WorkingPeriod,
} from './working-calendar.js';

/** The calendar module as the composition root starts it (after org and geo). */
export const calendarModule: ZhichengModule<CalendarService> = {
  name: 'calendar',
  migrations: calendarMigrations,
  async start(ctx) {
    const cal = createCalendar(ctx);
    await cal.start();
    return { service: cal.service, routes: calendarRoutes(cal.service), stop: cal.stop };
  },
};
