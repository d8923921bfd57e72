/** Tables of the calendar (PostgreSQL schema `calendar`, prefix `calendar_` in SQLite). */
import type { Migration } from '../../kernel/db/migration.js';

export const calendarMigrations: Record<string, Migration> = {
  '20261122_0500_calendar_days': {
    async up(db, d) {
      // Only the days that differ from the Mon–Fri week: holidays and make-up working days.
      await db.schema
        .createTable('calendar_days')
        .addColumn('day', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', d.timestamp, (c) => c.notNull())
        .execute();
      // Which years the calendar knows and whether their schedule is the official one.
      await db.schema
        .createTable('calendar_years')
        .addColumn('year', 'integer', (c) => c.primaryKey())
        .addColumn('official', d.bool, (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('updated_at', d.timestamp, (c) => c.notNull())
        .execute();
    },
  },
};
