/**
 * The calendar module (工作日历): China's public holidays and make-up working days, working hours, and deadline arithmetic in working days or hours for cases and catalog.
 * This file is the module's only door.
 */
import type { ZhichengModule } from '../../kernel/module.js';

/** The public service of the calendar module. */
export type CalendarService = Record<string, never>;

export const calendarModule: ZhichengModule<CalendarService> = {
  name: 'calendar',
  migrations: {},
  async start() {
    return { service: {} };
  },
};
