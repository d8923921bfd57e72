import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migration.js';
import { createPartitionedReadings, daysInDefault, ensureDayPartition, PARTITION_DAYS_AHEAD } from '../partitions.js';
import { DAY_MS, shanghaiDayStart } from '../rollup.js';

/**
 * PostgreSQL: raw readings become a table partitioned by Asia/Shanghai day (see partitions.ts).
 * Existing rows move across: the old table is renamed, its rows are copied into the new parent
 * (they land in the default partition), and each day found there is split into its own
 * partition, all inside the migration's transaction. Installs start with small tables here (the
 * partitioned layout arrived before city-scale data), so one pass is fine. SQLite: nothing.
 */
export const readingsByDayMigrations: Record<string, Migration> = {
  '20261122_0390_sensing_readings_by_day': {
    async up(db, d) {
      if (d.name !== 'postgres') return;
      await sql`alter table ${sql.id('sensing', 'readings')} rename to ${sql.id('readings_unpartitioned')}`.execute(db);
      await createPartitionedReadings(db);
      await sql`insert into ${sql.id('sensing', 'readings')} select device_id, property, ts, num_value, text_value
        from ${sql.id('sensing', 'readings_unpartitioned')}`.execute(db);
      await sql`drop table ${sql.id('sensing', 'readings_unpartitioned')}`.execute(db);
      const today = shanghaiDayStart(Date.now());
      const days = new Set(await daysInDefault(db));
      for (let i = -1; i <= PARTITION_DAYS_AHEAD; i++) days.add(today + i * DAY_MS);
      for (const day of [...days].sort((a, b) => a - b)) await ensureDayPartition(db, day, true);
    },
  },
};
