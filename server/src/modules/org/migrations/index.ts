import type { Migration } from '../../../kernel/db/migration.js';

/** The org module's tables: org units, departments, users and their roles. */
export const migrations: Record<string, Migration> = {
  '20261122_0100_org_units': {
    async up(db) {
      await db.schema
        .createTable('org_units')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('level', 'text', (c) => c.notNull())
        .addColumn('parent_code', 'text')
        .execute();
      await db.schema.createIndex('org_units_parent_idx').on('org_units').column('parent_code').execute();
      await db.schema.createIndex('org_units_level_idx').on('org_units').column('level').execute();
    },
  },
  '20261122_0101_org_departments': {
    async up(db, d) {
      await db.schema
        .createTable('org_departments')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('org_unit_code', 'text', (c) => c.notNull())
        .addColumn('parent_code', 'text')
        .addColumn('phone', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', d.timestamp, (c) => c.notNull())
        .addColumn('updated_at', d.timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('org_departments_unit_idx').on('org_departments').column('org_unit_code').execute();
      await db.schema.createIndex('org_departments_parent_idx').on('org_departments').column('parent_code').execute();
    },
  },
  '20261122_0102_org_users': {
    async up(db, d) {
      await db.schema
        .createTable('org_users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        // Stored lower-cased: usernames are case-insensitive.
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('department_code', 'text')
        .addColumn('phone', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('must_change_password', d.bool, (c) => c.notNull())
        .addColumn('last_login_at', d.timestamp)
        .addColumn('password_changed_at', d.timestamp, (c) => c.notNull())
        .addColumn('created_at', d.timestamp, (c) => c.notNull())
        .addColumn('updated_at', d.timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('org_users_department_idx').on('org_users').column('department_code').execute();
      await db.schema
        .createTable('org_user_roles')
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('org_user_roles_pk', ['user_id', 'role'])
        .execute();
      await db.schema.createIndex('org_user_roles_role_idx').on('org_user_roles').columns(['role', 'user_id']).execute();
    },
  },
};
