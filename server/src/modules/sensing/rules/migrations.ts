/**
 * Tables of rules and alarms (PostgreSQL schema `sensing`, prefix `sensing_` in SQLite): the
 * rules, the engine's per rule × device state, the alarms and their history.
 */
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migration.js';

export const rulesMigrations: Record<string, Migration> = {
  '20261122_0330_sensing_rules': {
    async up(db, d) {
      await db.schema
        .createTable('sensing_rules')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        // Exactly one of the three targets is set (checked by the service and here).
        .addColumn('device_id', 'text')
        .addColumn('device_type', 'text')
        .addColumn('area_code', 'text')
        .addColumn('property', 'text', (c) => c.notNull())
        .addColumn('operator', 'text', (c) => c.notNull())
        .addColumn('threshold', d.double)
        .addColumn('range_low', d.double)
        .addColumn('range_high', d.double)
        .addColumn('duration_seconds', 'integer', (c) => c.notNull())
        .addColumn('clear_hysteresis', d.double, (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('enabled', d.bool, (c) => c.notNull())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('armed_at', d.timestamp, (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', d.timestamp, (c) => c.notNull())
        .addColumn('updated_at', d.timestamp, (c) => c.notNull())
        .addCheckConstraint(
          'sensing_rules_one_target',
          sql`(case when device_id is null then 0 else 1 end) + (case when device_type is null then 0 else 1 end) + (case when area_code is null then 0 else 1 end) = 1`,
        )
        .execute();

      // The engine's memory per rule × device. `alarm_id` is the open alarm, null when none.
      await db.schema
        .createTable('sensing_rule_state')
        .addColumn('rule_id', 'text', (c) => c.notNull())
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('pending_since', d.timestamp)
        .addColumn('last_value', d.double)
        .addColumn('last_ts', d.timestamp)
        .addColumn('alarm_id', 'text')
        .addColumn('updated_at', d.timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('sensing_rule_state_pk', ['rule_id', 'device_id'])
        .execute();
    },
  },
  '20261122_0331_sensing_alarms': {
    async up(db, d) {
      await db.schema
        .createTable('sensing_alarms')
        .addColumn('id', 'text', (c) => c.primaryKey())
        // No foreign key to the rule: an alarm outlives its rule's deletion, with the rule's name.
        .addColumn('rule_id', 'text', (c) => c.notNull())
        .addColumn('rule_name', 'text', (c) => c.notNull())
        .addColumn('condition', 'text', (c) => c.notNull())
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('device_type', 'text', (c) => c.notNull())
        .addColumn('property', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('acknowledged', d.bool, (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addColumn('raised_at', d.timestamp, (c) => c.notNull())
        .addColumn('last_seen_at', d.timestamp, (c) => c.notNull())
        // Values as JSON (a number, text or boolean as the device sent it; null for nodata).
        .addColumn('first_value', 'text')
        .addColumn('last_value', 'text')
        .addColumn('acknowledged_at', d.timestamp)
        .addColumn('acknowledged_by', 'text')
        .addColumn('ack_comment', 'text')
        .addColumn('cleared_at', d.timestamp)
        .addColumn('clear_reason', 'text')
        .addColumn('grid_code', 'text')
        .addColumn('lon', d.double)
        .addColumn('lat', d.double)
        .addColumn('updated_at', d.timestamp, (c) => c.notNull())
        .execute();
      // One open alarm per rule × device, enforced by the database too (a lost race fails loudly).
      await db.schema
        .createIndex('sensing_alarms_open_uq')
        .on('sensing_alarms')
        .columns(['rule_id', 'device_id'])
        .unique()
        .where(sql.ref('status'), '<>', sql.lit('cleared'))
        .execute();
      await db.schema.createIndex('sensing_alarms_status_idx').on('sensing_alarms').columns(['status', 'id']).execute();
      await db.schema.createIndex('sensing_alarms_device_idx').on('sensing_alarms').columns(['device_id', 'id']).execute();
      await db.schema.createIndex('sensing_alarms_rule_idx').on('sensing_alarms').columns(['rule_id', 'id']).execute();

      await db.schema
        .createTable('sensing_alarm_events')
        .addColumn('id', d.name === 'postgres' ? 'bigserial' : 'integer', (c) =>
          d.name === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('alarm_id', 'text', (c) => c.notNull().references('sensing_alarms.id').onDelete('cascade'))
        // raised | repeated | acknowledged | cleared
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('at', d.timestamp, (c) => c.notNull())
        // `system` for the rule engine; a user id or `apikey:<id>` (audit actor) otherwise.
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('comment', 'text')
        .addColumn('value', 'text')
        .execute();
      await db.schema.createIndex('sensing_alarm_events_alarm_idx').on('sensing_alarm_events').columns(['alarm_id', 'id']).execute();
    },
  },
};
