/**
 * Tables of the cases module (PostgreSQL schema `cases`, prefix `cases_` in SQLite): categories,
 * cases, their transitions (the timeline), the daily number sequence, reporter notifications and
 * the sensor-alarm → category mapping.
 */
import type { Migration } from '../../kernel/db/migration.js';

export const casesMigrations: Record<string, Migration> = {
  '20261122_0600_cases_categories': {
    async up(db, d) {
      await db.schema
        .createTable('cases_categories')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('parent_code', 'text')
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        // The responsible department: a code once resolved, and the name it was shipped with.
        .addColumn('department_code', 'text')
        .addColumn('department_name', 'text')
        .addColumn('limit_unit', 'text')
        .addColumn('limit_amount', d.double)
        .addColumn('required_fields', d.json, (c) => c.notNull())
        // [{areaCode, departmentCode}]: the most specific area containing the case wins.
        .addColumn('routing_rules', d.json, (c) => c.notNull())
        .addColumn('enabled', d.bool, (c) => c.notNull())
        .addColumn('updated_at', d.timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('cases_alarm_mappings')
        .addColumn('device_type', 'text', (c) => c.notNull())
        .addColumn('property', 'text', (c) => c.notNull())
        .addColumn('category_code', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('cases_alarm_mappings_pk', ['device_type', 'property'])
        .execute();
    },
  },
  '20261122_0601_cases_cases': {
    async up(db, d) {
      await db.schema
        .createTable('cases_cases')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('number', 'text', (c) => c.notNull().unique())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('request_type', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text')
        .addColumn('category_code', 'text', (c) => c.notNull())
        .addColumn('classified_by', 'text', (c) => c.notNull())
        .addColumn('classifier_score', d.double)
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('lon', d.double)
        .addColumn('lat', d.double)
        .addColumn('address', 'text')
        .addColumn('district_code', 'text')
        .addColumn('street_code', 'text')
        .addColumn('community_code', 'text')
        .addColumn('grid_code', 'text')
        .addColumn('department_code', 'text')
        .addColumn('department_name', 'text')
        .addColumn('caller_name', 'text')
        .addColumn('caller_phone', 'text')
        .addColumn('caller_phone_last4', 'text')
        .addColumn('confidential', d.bool, (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', d.timestamp, (c) => c.notNull())
        .addColumn('updated_at', d.timestamp, (c) => c.notNull())
        .addColumn('limit_unit', 'text', (c) => c.notNull())
        .addColumn('limit_amount', d.double, (c) => c.notNull())
        .addColumn('clock_from', d.timestamp, (c) => c.notNull())
        .addColumn('deadline_at', d.timestamp, (c) => c.notNull())
        .addColumn('dispatched_at', d.timestamp)
        .addColumn('handled_at', d.timestamp)
        .addColumn('closed_at', d.timestamp)
        .addColumn('card', 'text', (c) => c.notNull())
        .addColumn('urged_at', d.timestamp)
        .addColumn('escalated_at', d.timestamp)
        .addColumn('rework_count', 'integer', (c) => c.notNull())
        .addColumn('return_count', 'integer', (c) => c.notNull())
        .addColumn('extension_count', 'integer', (c) => c.notNull())
        .addColumn('satisfaction', 'text')
        .addColumn('merged_into', 'text')
        .addColumn('suspended_from', 'text')
        .addColumn('pending_extension_days', 'integer')
        .addColumn('source_alarm_id', 'text', (c) => c.unique())
        .addColumn('version', 'integer', (c) => c.notNull())
        .execute();
      for (const [name, cols] of [
        ['cases_cases_status_deadline', ['status', 'deadline_at']],
        ['cases_cases_department', ['department_code', 'status']],
        ['cases_cases_grid', ['grid_code', 'created_at']],
        ['cases_cases_category', ['category_code', 'created_at']],
        ['cases_cases_created', ['created_at']],
        ['cases_cases_phone', ['caller_phone_last4']],
      ] as const) {
        await db.schema
          .createIndex(name)
          .on('cases_cases')
          .columns([...cols])
          .execute();
      }
      await db.schema
        .createTable('cases_transitions')
        .addColumn('id', d.name === 'postgres' ? 'bigserial' : 'integer', (c) =>
          d.name === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('case_id', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('from_status', 'text')
        .addColumn('to_status', 'text', (c) => c.notNull())
        .addColumn('at', d.timestamp, (c) => c.notNull())
        .addColumn('by_actor', 'text', (c) => c.notNull())
        .addColumn('by_name', 'text')
        .addColumn('comment', 'text')
        .addColumn('detail', d.json, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('cases_transitions_case').on('cases_transitions').columns(['case_id', 'id']).execute();
      await db.schema
        .createTable('cases_sequences')
        .addColumn('day', 'text', (c) => c.primaryKey())
        .addColumn('last', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('cases_notifications')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('recipient', 'text')
        .addColumn('message', 'text', (c) => c.notNull())
        .addColumn('created_at', d.timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('cases_notifications_case').on('cases_notifications').columns(['case_id']).execute();
    },
  },
};
