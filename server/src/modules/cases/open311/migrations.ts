/**
 * What Open311 adds to a case: the photo link the client sent (`media_url`), the client's own
 * `account_id`, and the API key that filed it. The reporter's email is not stored (no email
 * notifications are sent, so keeping it would only be a liability).
 */
import type { Migration } from '../../../kernel/db/migration.js';

/** Open311's migrations; the cases module adds them to its own. */
export const open311Migrations: Record<string, Migration> = {
  '20261122_0760_cases_open311_requests': {
    async up(db, d) {
      await db.schema
        .createTable('cases_open311_requests')
        .addColumn('case_id', 'text', (c) => c.primaryKey())
        .addColumn('media_url', 'text')
        .addColumn('account_id', 'text')
        .addColumn('device_id', 'text')
        .addColumn('api_key_id', 'text', (c) => c.notNull())
        .addColumn('created_at', d.timestamp, (c) => c.notNull())
        .execute();
    },
  },
};
