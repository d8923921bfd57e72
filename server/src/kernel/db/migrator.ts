import { Migrator, sql, type Migration as KyselyMigration, type MigrationProvider } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from './database.js';
import { migrationDialect, type Migration } from './migration.js';
import { MODULE_SCHEMAS } from './module-schema-plugin.js';

/** A named set of migrations contributed by the kernel or a module. */
export interface MigrationSource {
  name: string;
  migrations: Record<string, Migration>;
}

/**
 * Runs every module's migrations as one ordered history. Kysely's migrator holds a lock row
 * while it runs, so several nodes starting together migrate once and the rest wait.
 */
export async function migrateToLatest(db: Database, sources: MigrationSource[], logger?: Logger): Promise<string[]> {
  const d = migrationDialect(db.dialect, db.postgis);
  const all: Record<string, KyselyMigration> = {};
  for (const src of sources) {
    for (const [name, m] of Object.entries(src.migrations)) {
      if (all[name]) throw new Error(`Duplicate migration name ${name} (module ${src.name})`);
      all[name] = { up: (k) => m.up(k, d) };
    }
  }
  if (db.dialect === 'postgres') {
    for (const schema of MODULE_SCHEMAS) await sql`create schema if not exists ${sql.id(schema)}`.execute(db.kysely);
  }
  const provider: MigrationProvider = { getMigrations: async () => all };
  const migrator = new Migrator({ db: db.kysely, provider });
  const { error, results } = await migrator.migrateToLatest();
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  for (const r of results ?? []) {
    if (r.status === 'Error') logger?.error({ migration: r.migrationName }, 'migration failed');
  }
  if (error) throw error instanceof Error ? error : new Error(String(error));
  if (applied.length) logger?.info({ applied: applied.length }, 'database migrated');
  return applied;
}
