/**
 * Consistent snapshots. SQLite: the online backup API copies a live database page-consistently;
 * the copy is then checked (integrity_check, schema, audit chain) before we call it a backup.
 * PostgreSQL: pg_dump custom format, checked with pg_restore --list.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { AuditLog } from '../kernel/audit/audit-log.js';
import type { Config } from '../kernel/config/config.js';
import { openDatabase, sqliteDatabase } from '../kernel/db/database.js';

/** Why a file is not a usable backup, or null when it is. */
export async function verifySqliteBackup(file: string): Promise<string | null> {
  if (!existsSync(file)) return `${file} does not exist`;
  let raw: BetterSqlite3.Database;
  try {
    raw = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  } catch (e) {
    return `${file} is not a SQLite database (${(e as Error).message})`;
  }
  try {
    const check = raw.pragma('integrity_check', { simple: true });
    if (check !== 'ok') return `integrity check failed: ${String(check)}`;
    const tables = new Set(
      (raw.prepare("select name from sqlite_master where type='table'").all() as { name: string }[]).map((r) => r.name),
    );
    for (const t of ['kysely_migration', 'kernel_audit', 'kernel_audit_head', 'org_users']) {
      if (!tables.has(t)) return `${file} is not a Zhicheng database (table ${t} is missing)`;
    }
    // Not closed through the wrapper: `raw` is closed in the finally below.
    const audit = new AuditLog(sqliteDatabase(raw, file));
    const v = await audit.verify();
    if (!v.ok) return `the audit chain in the backup is broken: ${v.reason}`;
    return null;
  } catch (e) {
    return `${file} cannot be read as a Zhicheng database: ${(e as Error).message}`;
  } finally {
    raw.close();
  }
}

export async function backup(config: Config, file: string): Promise<string> {
  const target = path.resolve(file);
  if (config.databaseUrl) {
    const r = spawnSync('pg_dump', ['--format=custom', '--no-owner', `--file=${target}`, `--dbname=${config.databaseUrl}`], {
      encoding: 'utf8',
    });
    if (r.error) throw new Error(`pg_dump is needed for PostgreSQL backups: ${r.error.message}`);
    if (r.status !== 0) throw new Error(`pg_dump failed: ${r.stderr.trim()}`);
    const list = spawnSync('pg_restore', ['--list', target], { encoding: 'utf8' });
    if (list.status !== 0) throw new Error(`the dump cannot be read back: ${list.stderr.trim()}`);
    return `PostgreSQL backup written to ${target} (${statSync(target).size} bytes)`;
  }
  const db = await openDatabase({ dataDir: config.dataDir, databaseUrl: null });
  try {
    if (existsSync(target)) throw new Error(`${target} exists already; choose a new file name`);
    await db.sqlite!.backup(target);
  } finally {
    await db.close();
  }
  const problem = await verifySqliteBackup(target);
  if (problem) {
    rmSync(target, { force: true });
    throw new Error(`the backup did not verify and was removed: ${problem}`);
  }
  return `Backup written to ${target} (${statSync(target).size} bytes), verified`;
}

/** Restores a verified backup. The platform must be stopped. */
export async function restore(config: Config, file: string): Promise<string> {
  const source = path.resolve(file);
  if (config.databaseUrl) {
    const list = spawnSync('pg_restore', ['--list', source], { encoding: 'utf8' });
    if (list.error) throw new Error(`pg_restore is needed for PostgreSQL restores: ${list.error.message}`);
    if (list.status !== 0) throw new Error(`refusing to restore: ${source} is not a readable pg_dump archive (${list.stderr.trim()})`);
    const r = spawnSync(
      'pg_restore',
      ['--clean', '--if-exists', '--no-owner', '--single-transaction', `--dbname=${config.databaseUrl}`, source],
      { encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(`pg_restore failed: ${r.stderr.trim()}`);
    return `Restored PostgreSQL database from ${source}`;
  }
  const problem = await verifySqliteBackup(source);
  if (problem) throw new Error(`refusing to restore: ${problem}`);
  const live = path.join(config.dataDir, 'zhicheng.db');
  let kept = '';
  if (existsSync(live)) {
    kept = `${live}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(live, kept);
  }
  for (const suffix of ['-wal', '-shm']) rmSync(live + suffix, { force: true });
  copyFileSync(source, live);
  return `Restored ${live} from ${source}${kept ? `; the previous database was kept as ${kept}` : ''}`;
}
