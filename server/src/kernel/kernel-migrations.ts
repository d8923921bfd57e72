import { sql } from 'kysely';
import type { Migration } from './db/migration.js';

/** Tables the kernel owns: outbox + offsets, audit chain, job leases, settings, the text index. */
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
  '20261122_0400_kernel_search': {
    async up(db, d) {
      // The Chinese text index (kernel/search/text-index.ts): one row per (document, token), the
      // same on both dialects, carrying the document length (dl) so ranking needs no join. The
      // primary key serves a query's posting lists; the second index replacing or removing a
      // document. kernel_search_docs holds each scope's document count and total length.
      // Byte-order text on PostgreSQL (SQLite's default already is): tokens and ids are keys,
      // not prose, and need no locale-aware comparison when postings are sorted and grouped.
      const key = d.name === 'postgres' ? sql`text collate "C"` : sql`text`;
      await db.schema
        .createTable('kernel_search_tokens')
        .addColumn('scope', key, (c) => c.notNull())
        .addColumn('doc_id', key, (c) => c.notNull())
        .addColumn('token', key, (c) => c.notNull())
        .addColumn('tf', d.double, (c) => c.notNull())
        .addColumn('dl', d.double, (c) => c.notNull())
        // SQLite: the rows live in the primary-key b-tree (without rowid), so a posting list is
        // one range scan with tf and dl in hand. PostgreSQL: the key carries tf and dl too
        // (include), so a query reads the index only instead of one heap page per posting.
        .$call((b) =>
          d.name === 'sqlite'
            ? b.addPrimaryKeyConstraint('kernel_search_tokens_pk', ['scope', 'token', 'doc_id']).modifyEnd(sql`without rowid`)
            : b,
        )
        .execute();
      if (d.name === 'postgres') {
        await sql`alter table kernel.search_tokens add constraint kernel_search_tokens_pk
          primary key (scope, token, doc_id) include (tf, dl)`.execute(db);
      }
      await db.schema.createIndex('kernel_search_tokens_doc_idx').on('kernel_search_tokens').columns(['scope', 'doc_id']).execute();
      await db.schema
        .createTable('kernel_search_docs')
        .addColumn('scope', key, (c) => c.notNull())
        .addColumn('doc_id', key, (c) => c.notNull())
        .addColumn('length', d.double, (c) => c.notNull())
        .addPrimaryKeyConstraint('kernel_search_docs_pk', ['scope', 'doc_id'])
        .execute();
    },
  },
};

/** The chain's anchor: the prev_hash of audit record 1. */
export const GENESIS_HASH = '0'.repeat(64);
