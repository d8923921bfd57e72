/**
 * A bare database (kernel migrations only, or the given sources) on SQLite or a fresh PostgreSQL
 * database, for medium tests of kernel pieces without the whole platform.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { openDatabase, type Database } from '../../src/kernel/db/database.js';
import { migrateToLatest, type MigrationSource } from '../../src/kernel/db/migrator.js';
import { kernelMigrations } from '../../src/kernel/kernel-migrations.js';
import type { TestDialect } from './dialects.js';

export interface TestDatabase {
  db: Database;
  dataDir: string;
  databaseUrl: string | null;
  /** Opens a second handle on the same database (a "restart"). */
  reopen(): Promise<Database>;
  close(): Promise<void>;
}

export async function openTestDatabase(
  dialect: TestDialect,
  sources: MigrationSource[] = [{ name: 'kernel', migrations: kernelMigrations }],
): Promise<TestDatabase> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'zc-db-'));
  let databaseUrl: string | null = null;
  let drop = async () => {};
  if (dialect === 'postgres') {
    const base = process.env.DATABASE_URL!;
    const name = `zc_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    const admin = postgres(base, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    await admin.end();
    const u = new URL(base);
    u.pathname = `/${name}`;
    databaseUrl = u.toString();
    drop = async () => {
      const a = postgres(base, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    };
  }
  const db = await openDatabase({ dataDir, databaseUrl });
  await migrateToLatest(db, sources);
  const extra: Database[] = [];
  return {
    db,
    dataDir,
    databaseUrl,
    async reopen() {
      const d = await openDatabase({ dataDir, databaseUrl });
      extra.push(d);
      return d;
    },
    async close() {
      for (const d of extra) await d.close().catch(() => {});
      await db.close();
      await drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
