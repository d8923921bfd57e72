import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { PostgresJSDialect } from 'kysely-postgres-js';
import postgres from 'postgres';
import type { Logger } from 'pino';
import { createDialectHelper, type DialectHelper, type DialectName } from './dialect-helper.js';
import { ModuleSchemaPlugin } from './module-schema-plugin.js';
import { openSqlite } from './sqlite-database.js';
import type BetterSqlite3 from 'better-sqlite3';

/** The platform's database handle: one Kysely for both dialects plus the dialect facts. */
export interface Database {
  kysely: Kysely<any>;
  dialect: DialectName;
  /** PostGIS is installed and usable (PostgreSQL only). */
  postgis: boolean;
  sql: DialectHelper;
  /** Where the SQLite file lives (null on PostgreSQL). */
  sqliteFile: string | null;
  /** The raw better-sqlite3 handle, for the online backup API (null on PostgreSQL). */
  sqlite: BetterSqlite3.Database | null;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  dataDir: string;
  databaseUrl: string | null;
  logger?: Logger;
  /** Pool size on PostgreSQL. */
  maxConnections?: number;
}

/**
 * Opens SQLite in `DATA_DIR/zhicheng.db`, or PostgreSQL when `databaseUrl` is set. On PostgreSQL
 * it tries to enable PostGIS and reports whether that worked: PostGIS is an extra, not a need.
 */
export async function openDatabase(opts: OpenDatabaseOptions): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts);
  mkdirSync(opts.dataDir, { recursive: true });
  const file = path.join(opts.dataDir, 'zhicheng.db');
  return sqliteDatabase(openSqlite(file), file);
}

/** Wraps an open better-sqlite3 handle (e.g. a read-only backup file) as a platform Database. */
export function sqliteDatabase(raw: BetterSqlite3.Database, file: string): Database {
  const kysely = new Kysely<any>({ dialect: new SqliteDialect({ database: raw }) });
  return {
    kysely,
    dialect: 'sqlite',
    postgis: false,
    sql: createDialectHelper('sqlite'),
    sqliteFile: file,
    sqlite: raw,
    close: () => kysely.destroy(),
  };
}

async function openPostgres(opts: OpenDatabaseOptions): Promise<Database> {
  const client = postgres(opts.databaseUrl!, {
    max: opts.maxConnections ?? 10,
    onnotice: () => {},
    // bigint columns come back as JS numbers when they fit: ids and counts here are far below 2^53.
    types: { bigint: { to: 20, from: [20], serialize: (x: number) => String(x), parse: (x: string) => Number(x) } },
    connection: { application_name: 'zhicheng', TimeZone: 'UTC' },
  });
  const kysely = new Kysely<any>({
    dialect: new PostgresJSDialect({ postgres: client }),
    plugins: [new ModuleSchemaPlugin()],
  });
  await sql`select 1`.execute(kysely).catch((e: Error) => {
    throw new Error(`Cannot connect to DATABASE_URL: ${e.message}`);
  });
  let postgis = false;
  try {
    await sql`create extension if not exists postgis`.execute(kysely);
    postgis = true;
  } catch (e) {
    opts.logger?.warn({ err: (e as Error).message }, 'PostGIS is not available; geometry stays GeoJSON only');
  }
  return {
    kysely,
    dialect: 'postgres',
    postgis,
    sql: createDialectHelper('postgres'),
    sqliteFile: null,
    sqlite: null,
    close: () => kysely.destroy(),
  };
}
