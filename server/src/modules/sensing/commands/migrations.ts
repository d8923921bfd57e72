/** The table of downlink commands (PostgreSQL schema `sensing`, prefix `sensing_` in SQLite). */
import type { Migration } from '../../../kernel/db/migration.js';

export const commandsMigrations: Record<string, Migration> = {
  '20261122_0340_sensing_commands': {
    async up(db, d) {
      await db.schema
        .createTable('sensing_commands')
        // Time-ordered id (ULID): the history pages by id, newest first.
        .addColumn('id', 'text', (c) => c.primaryKey())
        // No foreign key: the history outlives a deleted device, like audit records do.
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('device_type', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('params', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', d.timestamp, (c) => c.notNull())
        .addColumn('sent_at', d.timestamp)
        .addColumn('expires_at', d.timestamp, (c) => c.notNull())
        .addColumn('completed_at', d.timestamp)
        .addColumn('result', 'text')
        .addColumn('message', 'text')
        .execute();
      await db.schema.createIndex('sensing_commands_device_idx').on('sensing_commands').columns(['device_id', 'id']).execute();
      // The timeout job's scan: open commands by deadline.
      await db.schema.createIndex('sensing_commands_open_idx').on('sensing_commands').columns(['status', 'expires_at']).execute();
    },
  },
};
