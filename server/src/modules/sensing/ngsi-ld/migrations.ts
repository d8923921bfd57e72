/**
 * Tables of the NGSI-LD API (PostgreSQL schema `sensing`, prefix `sensing_` in SQLite): context
 * subscriptions with their notification status.
 */
import type { Migration } from '../../../kernel/db/migration.js';

export const ngsiLdMigrations: Record<string, Migration> = {
  '20261122_0350_sensing_ngsi_subscriptions': {
    async up(db, d) {
      await db.schema
        .createTable('sensing_ngsi_subscriptions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        // The subscription as stored (platform names, see subscription-model.ts), JSON.
        .addColumn('definition', 'text', (c) => c.notNull())
        // The caller's @context (inline or a URL), JSON: notifications speak the subscriber's terms.
        .addColumn('context', 'text', (c) => c.notNull())
        .addColumn('is_active', d.bool, (c) => c.notNull())
        .addColumn('expires_at', d.timestamp)
        .addColumn('times_sent', d.bigint, (c) => c.notNull())
        .addColumn('times_failed', d.bigint, (c) => c.notNull())
        .addColumn('last_notification', d.timestamp)
        .addColumn('last_success', d.timestamp)
        .addColumn('last_failure', d.timestamp)
        .addColumn('last_failure_reason', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', d.timestamp, (c) => c.notNull())
        .addColumn('updated_at', d.timestamp, (c) => c.notNull())
        .execute();
    },
  },
};
