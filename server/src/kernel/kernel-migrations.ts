import { sql } from 'kysely';
import type { Migration } from './db/migration.js';

/** Tables the kernel owns: outbox + offsets, audit chain, job leases, settings. */
export const kernelMigrations: Record<string, Migration> = {
  '20261122_0001_kernel_outbox': {
    async up(db, d) {
      await db.schema
        .createTable('kernel_outbox')
        .addColumn('id', d.name === 'postgres' ? 'bigserial' : 'integer', (c) =>
          d.name === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('created_at', d.timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('kernel_outbox_name_idx').on('kernel_outbox').columns(['name', 'id']).execute();
      await db.schema
        .createTable('kernel_event_offsets')
        .addColumn('subscriber', 'text', (c) => c.primaryKey())
        .addColumn('position', d.bigint, (c) => c.notNull())
        .addColumn('updated_at', d.timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('kernel_event_failures')
        .addColumn('subscriber', 'text', (c) => c.notNull())
        .addColumn('event_id', d.bigint, (c) => c.notNull())
        .addColumn('error', 'text', (c) => c.notNull())
        .addColumn('failed_at', d.timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('kernel_event_failures_pk', ['subscriber', 'event_id'])
        .execute();
    },
  },
  '20261122_0002_kernel_audit': {
    async up(db, d) {
      await db.schema
        .createTable('kernel_audit')
        .addColumn('seq', d.bigint, (c) => c.primaryKey())
        .addColumn('at', d.timestamp, (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('kernel_audit_action_idx').on('kernel_audit').columns(['action', 'seq']).execute();
      await db.schema.createIndex('kernel_audit_actor_idx').on('kernel_audit').columns(['actor', 'seq']).execute();
      await db.schema.createIndex('kernel_audit_target_idx').on('kernel_audit').columns(['target', 'seq']).execute();
      await db.schema
        .createTable('kernel_audit_head')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('seq', d.bigint, (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      await db.insertInto('kernel_audit_head').values({ id: 1, seq: 0, hash: GENESIS_HASH }).execute();
      if (d.name === 'postgres') {
        // Append-only in the database itself, not just by convention: updates and deletes on the
        // chain are refused for every role that is not the table owner's superuser bypass.
        await sql`create or replace function kernel.audit_append_only() returns trigger language plpgsql as $$
          begin raise exception 'kernel.audit is append-only'; end $$`.execute(db);
        await sql`create trigger audit_append_only before update or delete on kernel.audit
          for each row execute function kernel.audit_append_only()`.execute(db);
      } else {
        await sql`create trigger kernel_audit_no_update before update on kernel_audit
          begin select raise(abort, 'kernel_audit is append-only'); end`.execute(db);
        await sql`create trigger kernel_audit_no_delete before delete on kernel_audit
          begin select raise(abort, 'kernel_audit is append-only'); end`.execute(db);
      }
    },
  },
  '20261122_0003_kernel_jobs_settings': {
    async up(db, d) {
      await db.schema
        .createTable('kernel_job_leases')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('holder', 'text', (c) => c.notNull())
        .addColumn('expires_at', d.timestamp, (c) => c.notNull())
        .addColumn('last_run_at', d.timestamp)
        .addColumn('last_error', 'text')
        .execute();
      await db.schema
        .createTable('kernel_settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', d.timestamp, (c) => c.notNull())
        .execute();
    },
  },
};

/** The chain's anchor: the prev_hash of audit record 1. */
export const GENESIS_HASH = '0'.repeat(64);
