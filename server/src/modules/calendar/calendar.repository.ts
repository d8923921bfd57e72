/** SQL of the calendar: the exception days and the known years. */
import type { Kysely } from 'kysely';
import type { Database } from '../../kernel/db/database.js';
import type { DayKind } from './working-calendar.js';

/** One stored exception day. */
export interface DayRow {
  day: string;
  kind: DayKind;
  name: string;
}

/** One known year. */
export interface YearRow {
  year: number;
  official: boolean;
  source: string;
}

export class CalendarRepository {
  constructor(private readonly db: Database) {}

  async allDays(): Promise<DayRow[]> {
    const rows = await this.db.kysely.selectFrom('calendar_days').select(['day', 'kind', 'name']).orderBy('day').execute();
    return rows.map((r) => ({ day: r.day as string, kind: r.kind as DayKind, name: r.name as string }));
  }

  async years(): Promise<YearRow[]> {
    const rows = await this.db.kysely.selectFrom('calendar_years').selectAll().orderBy('year').execute();
    return rows.map((r) => ({ year: Number(r.year), official: this.db.sql.readBool(r.official), source: r.source as string }));
  }

  async upsertDay(trx: Kysely<any>, row: DayRow, actor: string, at: Date): Promise<void> {
    await trx
      .insertInto('calendar_days')
      .values({ day: row.day, kind: row.kind, name: row.name, updated_by: actor, updated_at: at })
      .onConflict((oc) => oc.column('day').doUpdateSet({ kind: row.kind, name: row.name, updated_by: actor, updated_at: at }))
      .execute();
  }

  async deleteDay(trx: Kysely<any>, day: string): Promise<boolean> {
    const r = await trx.deleteFrom('calendar_days').where('day', '=', day).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async deleteYearDays(trx: Kysely<any>, year: number): Promise<void> {
    await trx.deleteFrom('calendar_days').where('day', '>=', `${year}-01-01`).where('day', '<=', `${year}-12-31`).execute();
  }

  async upsertYear(trx: Kysely<any>, row: YearRow, at: Date): Promise<void> {
    await trx
      .insertInto('calendar_years')
      .values({ year: row.year, official: row.official, source: row.source, updated_at: at })
      .onConflict((oc) => oc.column('year').doUpdateSet({ official: row.official, source: row.source, updated_at: at }))
      .execute();
  }

  async hasYear(trx: Kysely<any>, year: number): Promise<boolean> {
    return !!(await trx.selectFrom('calendar_years').select('year').where('year', '=', year).executeTakeFirst());
  }
}
