/** `/calendar/*`: deadline arithmetic (CONTRACT.md "Calendar"), the known years, day and working-hour edits, imports. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DomainError } from '../../kernel/errors.js';
import type { CalendarService } from './calendar.service.js';

const DayParam = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const Day = Type.Object({ day: Type.String(), kind: Type.Enum(['holiday', 'workday']), name: Type.String() });
const Period = Type.Object(
  { start: Type.String({ pattern: '^\\d{2}:\\d{2}$' }), end: Type.String({ pattern: '^\\d{2}:\\d{2}$' }) },
  { additionalProperties: false },
);
const READ = 'org.read';
// Calendar edits change every deadline computed afterwards: the same people who set time limits.
const WRITE = 'cases.config.write';

/** The calendar's routes. */
export function calendarRoutes(calendar: CalendarService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/calendar/add',
      {
        config: { permission: READ },
        schema: {
          tags: ['calendar'],
          summary: 'Deadline: start plus N working days (same clock time) or N working hours',
          querystring: Type.Object(
            {
              start: Type.String({ format: 'date-time', description: 'ISO-8601 instant' }),
              workingDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650 })),
              workingHours: Type.Optional(Type.Number({ minimum: 0, maximum: 30000 })),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ start: Type.String(), end: Type.String({ format: 'date-time' }) }) },
        },
      },
      async (request) => {
        const { start, workingDays, workingHours } = request.query;
        if ((workingDays === undefined) === (workingHours === undefined))
          throw new DomainError('invalid', 'Give exactly one of workingDays and workingHours', [
            { path: '/query/workingDays', message: 'give exactly one of workingDays and workingHours' },
          ]);
        const t = Date.parse(start);
        if (Number.isNaN(t))
          throw new DomainError('invalid', 'start is not a time', [{ path: '/query/start', message: 'must be an ISO-8601 instant' }]);
        const end = workingDays !== undefined ? calendar.addWorkingDays(t, workingDays) : calendar.addWorkingHours(t, workingHours!);
        return { start: new Date(t).toISOString(), end: new Date(end).toISOString() };
      },
    );

    app.get(
      '/calendar/years',
      {
        config: { permission: READ },
        schema: {
          tags: ['calendar'],
          summary: 'Years the calendar knows; official = the State Council schedule is loaded (else weekends only)',
          response: {
            200: Type.Object({
              items: Type.Array(
                Type.Object({
                  year: Type.Integer(),
                  official: Type.Boolean(),
                  source: Type.String(),
                  holidays: Type.Integer(),
                  workdays: Type.Integer(),
                }),
              ),
            }),
          },
        },
      },
      async () => ({ items: await calendar.years() }),
    );

    app.get(
      '/calendar/days',
      {
        config: { permission: READ },
        schema: {
          tags: ['calendar'],
          summary: 'Holidays and make-up working days (the days that differ from Mon–Fri)',
          querystring: Type.Object(
            { year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ items: Type.Array(Day) }) },
        },
      },
      async (request) => ({ items: await calendar.days(request.query.year) }),
    );

    app.get(
      '/calendar/days/:day',
      {
        config: { permission: READ },
        schema: {
          tags: ['calendar'],
          summary: 'Whether a day is a working day',
          params: Type.Object({ day: DayParam }),
          response: { 200: Type.Object({ day: Type.String(), working: Type.Boolean() }) },
        },
      },
      async (request) => {
        try {
          return { day: request.params.day, working: calendar.isWorkingDay(request.params.day) };
        } catch {
          throw new DomainError('invalid', `${request.params.day} is not a date`, [
            { path: '/params/day', message: 'must be a real date' },
          ]);
        }
      },
    );

    app.put(
      '/calendar/days/:day',
      {
        config: { permission: WRITE },
        schema: {
          tags: ['calendar'],
          summary: 'Mark a day as holiday or make-up working day',
          params: Type.Object({ day: DayParam }),
          body: Type.Object(
            { kind: Type.Enum(['holiday', 'workday']), name: Type.String({ maxLength: 50 }) },
            { additionalProperties: false },
          ),
          response: { 200: Day },
        },
      },
      async (request) => calendar.setDay(request.principal, request.params.day, request.body.kind, request.body.name),
    );

    app.delete(
      '/calendar/days/:day',
      {
        config: { permission: WRITE },
        schema: {
          tags: ['calendar'],
          summary: 'Make a day ordinary again (Mon–Fri work, weekends off)',
          params: Type.Object({ day: DayParam }),
        },
      },
      async (request, reply) => {
        await calendar.deleteDay(request.principal, request.params.day);
        return reply.code(204).send();
      },
    );

    app.post(
      '/calendar/import',
      {
        config: { permission: WRITE },
        schema: {
          tags: ['calendar'],
          summary:
            'Import days: JSON {year?, official?, source?, days:[{day, kind, name}]} (with year: replaces that year) or text/csv day,kind,name',
          response: { 200: Type.Object({ imported: Type.Integer(), year: Type.Union([Type.Integer(), Type.Null()]) }) },
        },
      },
      async (request) => calendar.importDays(request.principal, request.body),
    );

    app.get(
      '/calendar/working-hours',
      {
        config: { permission: READ },
        schema: {
          tags: ['calendar'],
          summary: 'Working periods of a working day (Asia/Shanghai)',
          response: { 200: Type.Object({ periods: Type.Array(Period) }) },
        },
      },
      async () => ({ periods: calendar.workingHours() }),
    );

    app.put(
      '/calendar/working-hours',
      {
        config: { permission: WRITE },
        schema: {
          tags: ['calendar'],
          summary: 'Set the working periods, e.g. 08:30–12:00 and 13:30–17:30',
          body: Type.Object({ periods: Type.Array(Period, { minItems: 1, maxItems: 6 }) }, { additionalProperties: false }),
          response: { 200: Type.Object({ periods: Type.Array(Period) }) },
        },
      },
      async (request) => ({ periods: await calendar.setWorkingHours(request.principal, request.body.periods) }),
    );
  };
}
