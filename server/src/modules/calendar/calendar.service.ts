/**
 * The calendar service: holds the working calendar in memory (deadline arithmetic runs on every
 * case intake and every card sweep, so it must not query), keeps it in step with the tables on
 * every node, and lets an administrator edit and import days and working hours — each change
 * audited and announced (`calendar.changed.v1`) in the same transaction.
 */
import type { Kysely } from 'kysely';
import { actorOf, type Principal } from '../../kernel/auth/principal.js';
import { parseCsv } from '../../kernel/csv.js';
import { DomainError, type FieldError } from '../../kernel/errors.js';
import type { KernelContext } from '../../kernel/module.js';
import { CalendarRepository, type DayRow, type YearRow } from './calendar.repository.js';
import { SHIPPED_YEARS } from './official-holidays.js';
import {
  DEFAULT_WORKING_HOURS,
  WorkingCalendar,
  parseDayIso,
  validatePeriods,
  type DayKind,
  type WorkingPeriod,
} from './working-calendar.js';

/** Event announcing any calendar change (cases recompute nothing retroactively; caches refresh). */
export const CALENDAR_EVENTS = { changed: 'calendar.changed.v1' } as const;

/** Payload of `calendar.changed.v1`. */
export interface CalendarChangedV1 {
  change: 'day.set' | 'day.deleted' | 'imported' | 'working_hours';
  days?: string[];
  year?: number;
}

/** A time limit as categories declare it. */
export interface TimeLimit {
  unit: 'hours' | 'days';
  amount: number;
}

/** A known year as `GET /calendar/years` shows it. */
export interface CalendarYear extends YearRow {
  holidays: number;
  workdays: number;
}

/** What an import carries (JSON body, or CSV rows `day,kind,name`). */
export interface CalendarImport {
  /** With `year`, the year's stored days are replaced by the imported ones. */
  year?: number;
  official?: boolean;
  source?: string;
  days: Array<{ day: string; kind: string; name?: string }>;
}

/** The public service other modules use (cases, catalog). All instants are epoch ms. */
export interface CalendarService {
  /** The n-th following working day at the same clock time. */
  addWorkingDays(start: number, n: number): number;
  /** `n` working hours later, counting only working periods of working days. */
  addWorkingHours(start: number, n: number): number;
  /** A category's time limit applied to `start`. */
  addLimit(start: number, limit: TimeLimit): number;
  /** Whether `YYYY-MM-DD` is a working day. */
  isWorkingDay(dayIso: string): boolean;
  /** Working time in ms between two instants. */
  workingTimeBetween(a: number, b: number): number;
  /** Working days after the day of `a` up to the day of `b`. */
  workingDaysBetween(a: number, b: number): number;
  years(): Promise<CalendarYear[]>;
  days(year?: number): Promise<DayRow[]>;
  setDay(actor: Principal | null, day: string, kind: string, name: string): Promise<DayRow>;
  deleteDay(actor: Principal | null, day: string): Promise<void>;
  importDays(actor: Principal | null, body: unknown): Promise<{ imported: number; year: number | null }>;
  workingHours(): WorkingPeriod[];
  setWorkingHours(actor: Principal | null, periods: WorkingPeriod[]): Promise<WorkingPeriod[]>;
  /** Re-read the tables when another node changed them. */
  refreshIfChanged(): Promise<boolean>;
}

const HOURS_KEY = 'calendar.workingHours';
const VERSION_KEY = 'calendar.version';
const KINDS: readonly DayKind[] = ['holiday', 'workday'];
const MAX_IMPORT_DAYS = 2000;

/** Builds the calendar service; `start()` seeds the shipped years and loads the tables. */
export function createCalendar(ctx: KernelContext): { service: CalendarService; start(): Promise<void>; stop(): Promise<void> } {
  const repo = new CalendarRepository(ctx.db);
  let calendar = new WorkingCalendar(new Map(), DEFAULT_WORKING_HOURS);
  let periods: WorkingPeriod[] = [...DEFAULT_WORKING_HOURS];
  let version: string | undefined;
  let timer: NodeJS.Timeout | null = null;

  const reload = async (): Promise<void> => {
    const v = await ctx.settings.get<string>(VERSION_KEY);
    const rows = await repo.allDays();
    periods = (await ctx.settings.get<WorkingPeriod[]>(HOURS_KEY)) ?? [...DEFAULT_WORKING_HOURS];
    calendar = new WorkingCalendar(new Map(rows.map((r) => [r.day, r.kind])), periods);
    version = v;
  };

  /** Runs a change with its audit record and event, bumps the version, reloads this node. */
  const change = async (
    actor: Principal | null,
    action: string,
    target: string,
    detail: Record<string, unknown>,
    payload: CalendarChangedV1,
    fn: (trx: Kysely<any>) => Promise<void>,
  ) => {
    await ctx.db.kysely.transaction().execute(async (trx) => {
      await fn(trx);
      await ctx.audit.record(trx, { actor: actorOf(actor), action, target, detail });
      await ctx.events.publish(trx, CALENDAR_EVENTS.changed, payload);
    });
    await ctx.settings.set(VERSION_KEY, `${ctx.now()}-${Math.random().toString(36).slice(2, 8)}`);
    await reload();
  };

  const ensureYear = async (trx: Kysely<any>, day: string, at: Date) => {
    const year = Number(day.slice(0, 4));
    if (!(await repo.hasYear(trx, year))) await repo.upsertYear(trx, { year, official: false, source: '管理员编辑' }, at);
  };

  const checkDay = (day: string, path: string): void => {
    if (parseDayIso(day) === null)
      throw new DomainError('invalid', `${day} is not a date`, [{ path, message: 'must be a date YYYY-MM-DD' }]);
  };
  const checkKind = (kind: string, path: string): DayKind => {
    if (!KINDS.includes(kind as DayKind))
      throw new DomainError('invalid', `Unknown day kind ${kind}`, [{ path, message: 'must be holiday or workday' }]);
    return kind as DayKind;
  };

  const service: CalendarService = {
    addWorkingDays: (start, n) => calendar.addWorkingDays(start, n),
    addWorkingHours: (start, n) => calendar.addWorkingHours(start, n),
    addLimit: (start, limit) =>
      limit.unit === 'days' ? calendar.addWorkingDays(start, limit.amount) : calendar.addWorkingHours(start, limit.amount),
    isWorkingDay: (day) => calendar.isWorkingDay(day),
    workingTimeBetween: (a, b) => calendar.workingTimeBetween(a, b),
    workingDaysBetween: (a, b) => calendar.workingDaysBetween(a, b),

    async years() {
      const [years, days] = await Promise.all([repo.years(), repo.allDays()]);
      return years.map((y) => {
        const mine = days.filter((d) => d.day.startsWith(`${y.year}-`));
        return {
          ...y,
          holidays: mine.filter((d) => d.kind === 'holiday').length,
          workdays: mine.filter((d) => d.kind === 'workday').length,
        };
      });
    },

    async days(year) {
      const all = await repo.allDays();
      return year === undefined ? all : all.filter((d) => d.day.startsWith(`${year}-`));
    },

    async setDay(actor, day, kind, name) {
      checkDay(day, '/params/day');
      const k = checkKind(kind, '/body/kind');
      const row: DayRow = { day, kind: k, name: name.trim() };
      const at = new Date(ctx.now());
      await change(
        actor,
        'calendar.day.set',
        `calendar-day:${day}`,
        { kind: k, name: row.name },
        { change: 'day.set', days: [day] },
        async (trx) => {
          await ensureYear(trx, day, at);
          await repo.upsertDay(trx, row, actorOf(actor), at);
        },
      );
      return row;
    },

    async deleteDay(actor, day) {
      checkDay(day, '/params/day');
      let found = false;
      await change(actor, 'calendar.day.deleted', `calendar-day:${day}`, {}, { change: 'day.deleted', days: [day] }, async (trx) => {
        found = await repo.deleteDay(trx, day);
        if (!found) throw new DomainError('not_found', `${day} is an ordinary day; there is no entry to delete`);
      });
    },

    async importDays(actor, body) {
      const input = parseImport(body);
      const at = new Date(ctx.now());
      const who = actorOf(actor);
      await change(
        actor,
        'calendar.imported',
        input.year ? `calendar-year:${input.year}` : 'calendar',
        { days: input.days.length, year: input.year ?? null, official: input.official ?? null, source: input.source ?? null },
        { change: 'imported', year: input.year, days: input.days.map((d) => d.day) },
        async (trx) => {
          if (input.year) {
            await repo.deleteYearDays(trx, input.year);
            await repo.upsertYear(trx, { year: input.year, official: input.official ?? true, source: input.source ?? '管理员导入' }, at);
          }
          for (const d of input.days) {
            await ensureYear(trx, d.day, at);
            await repo.upsertDay(trx, { day: d.day, kind: d.kind as DayKind, name: d.name ?? '' }, who, at);
          }
        },
      );
      return { imported: input.days.length, year: input.year ?? null };
    },

    workingHours: () => periods.map((p) => ({ ...p })),

    async setWorkingHours(actor, next) {
      const problems = validatePeriods(next);
      if (problems.length)
        throw new DomainError(
          'invalid',
          `Bad working hours: ${problems.join('; ')}`,
          problems.map((m) => ({ path: '/body/periods', message: m })),
        );
      await change(actor, 'calendar.working_hours.set', 'calendar', { periods: next }, { change: 'working_hours' }, async (trx) => {
        const v = JSON.stringify(next);
        const updated = new Date(ctx.now());
        await trx
          .insertInto('kernel_settings')
          .values({ key: HOURS_KEY, value: v, updated_at: updated })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value: v, updated_at: updated }))
          .execute();
      });
      return service.workingHours();
    },

    async refreshIfChanged() {
      const v = await ctx.settings.get<string>(VERSION_KEY);
      if (v === version) return false;
      await reload();
      return true;
    },
  };

  return {
    service,
    async start() {
      // Ship the years the product knows, once: a year an administrator already has is theirs.
      const at = new Date(ctx.now());
      await ctx.db.kysely.transaction().execute(async (trx) => {
        for (const y of SHIPPED_YEARS) {
          if (await repo.hasYear(trx, y.year)) continue;
          await repo.upsertYear(trx, { year: y.year, official: y.official, source: y.source }, at);
          for (const d of y.days) await repo.upsertDay(trx, d, 'system', at);
        }
      });
      await reload();
      timer = setInterval(() => void service.refreshIfChanged().catch((e) => ctx.logger.warn({ err: e }, 'calendar refresh failed')), 5000);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}

/** Reads an import body: JSON `{year?, official?, source?, days:[…]}`, or CSV text with a `day,kind,name` header. */
function parseImport(body: unknown): CalendarImport {
  let input: CalendarImport;
  if (typeof body === 'string') {
    const table = parseCsv(body);
    if (!table.header.includes('day') || !table.header.includes('kind'))
      throw new DomainError('invalid', 'The CSV needs a header row with day,kind[,name]', [
        { path: '/body', message: 'needs columns day and kind' },
      ]);
    input = { days: table.rows.map((r) => ({ day: r.day ?? '', kind: r.kind ?? '', name: r.name ?? '' })) };
  } else if (body && typeof body === 'object' && Array.isArray((body as CalendarImport).days)) {
    input = body as CalendarImport;
  } else {
    throw new DomainError('invalid', 'Send JSON {days:[{day, kind, name}]} or CSV day,kind,name', [
      { path: '/body/days', message: 'is required' },
    ]);
  }
  const errors: FieldError[] = [];
  if (input.year !== undefined && (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100))
    errors.push({ path: '/body/year', message: 'must be a year between 2000 and 2100' });
  if (input.official !== undefined && typeof input.official !== 'boolean')
    errors.push({ path: '/body/official', message: 'must be a boolean' });
  if (input.source !== undefined && (typeof input.source !== 'string' || input.source.length > 200))
    errors.push({ path: '/body/source', message: 'must be a text of at most 200 characters' });
  if (input.days.length > MAX_IMPORT_DAYS) errors.push({ path: '/body/days', message: `at most ${MAX_IMPORT_DAYS} days per import` });
  const seen = new Set<string>();
  input.days.forEach((d, i) => {
    if (!d || typeof d !== 'object') return errors.push({ path: `/body/days/${i}`, message: 'must be an object' });
    if (typeof d.day !== 'string' || parseDayIso(d.day) === null)
      errors.push({ path: `/body/days/${i}/day`, message: 'must be a date YYYY-MM-DD' });
    else if (input.year && !d.day.startsWith(`${input.year}-`))
      errors.push({ path: `/body/days/${i}/day`, message: `is not in ${input.year}` });
    else if (seen.has(d.day)) errors.push({ path: `/body/days/${i}/day`, message: 'appears twice' });
    else seen.add(d.day);
    if (!KINDS.includes(d.kind as DayKind)) errors.push({ path: `/body/days/${i}/kind`, message: 'must be holiday or workday' });
    if (d.name !== undefined && (typeof d.name !== 'string' || d.name.length > 50))
      errors.push({ path: `/body/days/${i}/name`, message: 'must be a text of at most 50 characters' });
  });
  if (errors.length)
    throw new DomainError('invalid', `The import has ${errors.length} problem(s); nothing was imported`, errors.slice(0, 100));
  return input;
}
