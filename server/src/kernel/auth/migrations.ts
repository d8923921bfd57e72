import { sql } from 'kysely';
import type { Migration } from '../db/migration.js';

/**
 * Tables of the kernel's authentication: sessions, API keys, login attempts and lockouts.
 * Secrets are never stored in clear: a session row is keyed by the SHA-256 of its cookie token,
 * an API key row holds the SHA-256 of the key.
 */
export const authMigrations: Record<string, Migration> = {
  '20261122_0010_auth_sessions': {
    async up(db, d) {
      await db.schema
        .createTable('kernel_auth_sessions')
        // SHA-256 (hex) of the cookie token: a stolen table does not yield usable cookies.
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', d.timestamp, (c) => c.notNull())
        .addColumn('last_seen_at', d.timestamp, (c) => c.notNull())
        .addColumn('ip', 'text')
        .addColumn('user_agent', 'text')
        .execute();
      await db.schema.createIndex('kernel_auth_sessions_user_idx').on('kernel_auth_sessions').column('user_id').execute();
      await db.schema.createIndex('kernel_auth_sessions_seen_idx').on('kernel_auth_sessions').column('last_seen_at').execute();
    },
  },
  '20261122_0011_auth_api_keys': {
    async up(db, d) {
      await db.schema
        .createTable('kernel_auth_api_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('prefix', 'text', (c) => c.notNull().unique())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('permissions', d.json, (c) => c.notNull())
        .addColumn('department_code', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', d.timestamp, (c) => c.notNull())
        .addColumn('last_used_at', d.timestamp)
        .addColumn('revoked_at', d.timestamp)
        .execute();
    },
  },
  '20261122_0012_auth_login_attempts': {
    async up(db, d) {
      await db.schema
        .createTable('kernel_auth_login_attempts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        // Lower-cased as typed, whether or not such a user exists, so probing names gets locked too.
        .addColumn('username', 'text', (c) => c.notNull())
        .addColumn('at', d.timestamp, (c) => c.notNull())
        .addColumn('success', d.bool, (c) => c.notNull())
        .addColumn('ip', 'text')
        .execute();
      await db.schema
        .createIndex('kernel_auth_login_attempts_user_idx')
        .on('kernel_auth_login_attempts')
        .columns(['username', 'at'])
        .execute();
      await db.schema
        .createTable('kernel_auth_lockouts')
        .addColumn('username', 'text', (c) => c.primaryKey())
        .addColumn('locked_at', d.timestamp, (c) => c.notNull())
        .addColumn('locked_until', d.timestamp, (c) => c.notNull())
        .execute();
    },
  },
  '20261122_0401_auth_api_key_permissions_json': {
    async up(db, d) {
      // API-key permissions were written as JSON text into jsonb, which PostgreSQL stored as a
      // jsonb string; unwrap them into the arrays they describe (dialect-helper writeJson).
      if (d.name !== 'postgres') return;
      await sql`update kernel.auth_api_keys set permissions = (permissions #>> '{}')::jsonb
        where jsonb_typeof(permissions) = 'string'`.execute(db);
    },
  },
};
