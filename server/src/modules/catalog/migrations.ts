import { sql, type CreateTableBuilder } from 'kysely';
import type { Migration, MigrationDialect } from '../../kernel/db/migration.js';

/** Rows are read by (resource, version, key) range only: one B-tree on SQLite (see sensing). */
function clustered<T extends CreateTableBuilder<any, any>>(t: T, d: MigrationDialect): T {
  return d.name === 'sqlite' ? (t.modifyEnd(sql`without rowid`) as T) : t;
}

/**
 * The catalog's tables: resources (the directory), dataset versions and their rows (one generic
 * rows table, see docs/catalog.md "Storage"), loads, share requests, grants, the access log,
 * webhook subscriptions and their deliveries.
 */
export const migrations: Record<string, Migration> = {
  '20261122_0600_catalog_resources': {
    async up(db, d) {
      await db.schema
        .createTable('catalog_resources')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('class_code', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('provider_department_code', 'text', (c) => c.notNull())
        .addColumn('provider_code', 'text', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('fields', 'text', (c) => c.notNull())
        .addColumn('share_type', 'text', (c) => c.notNull())
        .addColumn('share_conditions', 'text')
        .addColumn('share_method', 'text')
        .addColumn('open_type', 'text', (c) => c.notNull())
        .addColumn('open_conditions', 'text')
        .addColumn('grade', 'text', (c) => c.notNull())
        .addColumn('update_cycle', 'text', (c) => c.notNull())
        .addColumn('publish_date', 'text')
        .addColumn('related_codes', 'text', (c) => c.notNull())
        .addColumn('themes', 'text', (c) => c.notNull())
        .addColumn('keywords', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('current_version', 'integer')
        .addColumn('row_count', d.bigint, (c) => c.notNull().defaultTo(0))
        .addColumn('data_updated_at', d.timestamp)
        .addColumn('pull', 'text')
        .addColumn('pull_next_at', d.timestamp)
        // Lower-cased name, summary, keywords, themes and field titles: what the text search matches.
        .addColumn('search_text', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', d.timestamp, (c) => c.notNull())
        .addColumn('updated_at', d.timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('catalog_resources_class_idx').on('catalog_resources').columns(['class_code', 'seq']).execute();
      await db.schema
        .createIndex('catalog_resources_dept_idx')
        .on('catalog_resources')
        .columns(['provider_department_code', 'id'])
        .execute();
      await db.schema.createIndex('catalog_resources_pull_idx').on('catalog_resources').column('pull_next_at').execute();
    },
  },
  '20261122_0601_catalog_datasets': {
    async up(db, d) {
      await db.schema
        .createTable('catalog_versions')
        .addColumn('resource_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        // loading → ready | failed. Only ready versions can become current.
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('rows', d.bigint, (c) => c.notNull())
        .addColumn('rejected', d.bigint, (c) => c.notNull())
        // Non-null counts per field, for completeness.
        .addColumn('stats', 'text', (c) => c.notNull())
        .addColumn('load_id', 'text')
        .addColumn('based_on', 'integer')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', d.timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('catalog_versions_pk', ['resource_id', 'version'])
        .execute();
      await clustered(
        db.schema
          .createTable('catalog_rows')
          .addColumn('resource_id', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('row_key', 'text', (c) => c.notNull())
          .addColumn('data', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('catalog_rows_pk', ['resource_id', 'version', 'row_key']),
        d,
      ).execute();
      await db.schema
        .createTable('catalog_loads')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('resource_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        // running → succeeded | failed
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('encoding', 'text')
        .addColumn('partial', d.bool, (c) => c.notNull())
        .addColumn('rows_read', d.bigint, (c) => c.notNull())
        .addColumn('accepted', d.bigint, (c) => c.notNull())
        .addColumn('rejected_count', d.bigint, (c) => c.notNull())
        .addColumn('rejected', 'text', (c) => c.notNull())
        .addColumn('error', 'text')
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('started_at', d.timestamp, (c) => c.notNull())
        .addColumn('finished_at', d.timestamp)
        .execute();
      await db.schema.createIndex('catalog_loads_resource_idx').on('catalog_loads').columns(['resource_id', 'id']).execute();
      await db.schema.createIndex('catalog_loads_status_idx').on('catalog_loads').columns(['status', 'started_at']).execute();
    },
  },
  '20261122_0602_catalog_sharing': {
    async up(db, d) {
      await db.schema
        .createTable('catalog_share_requests')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('resource_id', 'text', (c) => c.notNull())
        .addColumn('provider_department_code', 'text', (c) => c.notNull())
        .addColumn('consumer_department_code', 'text', (c) => c.notNull())
        .addColumn('requested_by', 'text', (c) => c.notNull())
        .addColumn('fields', 'text', (c) => c.notNull())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('until', d.timestamp, (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('due_at', d.timestamp, (c) => c.notNull())
        .addColumn('escalated_at', d.timestamp)
        .addColumn('decided_by', 'text')
        .addColumn('decided_at', d.timestamp)
        .addColumn('reason', 'text')
        .addColumn('grant_id', 'text')
        .addColumn('created_at', d.timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('catalog_share_requests_provider_idx')
        .on('catalog_share_requests')
        .columns(['provider_department_code', 'id'])
        .execute();
      await db.schema
        .createIndex('catalog_share_requests_consumer_idx')
        .on('catalog_share_requests')
        .columns(['consumer_department_code', 'id'])
        .execute();
      await db.schema.createIndex('catalog_share_requests_due_idx').on('catalog_share_requests').columns(['status', 'due_at']).execute();
      await db.schema
        .createTable('catalog_grants')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('request_id', 'text', (c) => c.notNull())
        .addColumn('resource_id', 'text', (c) => c.notNull())
        .addColumn('consumer_department_code', 'text', (c) => c.notNull())
        .addColumn('fields', 'text', (c) => c.notNull())
        .addColumn('cleartext_fields', 'text', (c) => c.notNull())
        .addColumn('row_filter', 'text', (c) => c.notNull())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('until', d.timestamp, (c) => c.notNull())
        .addColumn('api_key_id', 'text', (c) => c.notNull().unique())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', d.timestamp, (c) => c.notNull())
        .addColumn('revoked_at', d.timestamp)
        .execute();
      await db.schema
        .createIndex('catalog_grants_resource_idx')
        .on('catalog_grants')
        .columns(['resource_id', 'consumer_department_code'])
        .execute();
      await db.schema
        .createTable('catalog_access_log')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('resource_id', 'text', (c) => c.notNull())
        .addColumn('at', d.timestamp, (c) => c.notNull())
        .addColumn('consumer', 'text', (c) => c.notNull())
        .addColumn('consumer_department_code', 'text')
        .addColumn('grant_id', 'text')
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('filter', 'text', (c) => c.notNull())
        .addColumn('fields', 'text', (c) => c.notNull())
        .addColumn('cleartext_fields', 'text', (c) => c.notNull())
        .addColumn('rows', 'integer', (c) => c.notNull())
        .addColumn('purpose', 'text')
        .execute();
      await db.schema.createIndex('catalog_access_log_resource_idx').on('catalog_access_log').columns(['resource_id', 'id']).execute();
      await db.schema.createIndex('catalog_access_log_at_idx').on('catalog_access_log').column('at').execute();
    },
  },
};
