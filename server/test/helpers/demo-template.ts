/**
 * Seeding the demo city takes seconds (more on PostgreSQL); dozens of test files each need it.
 * The first test process seeds it once into a template — a SQLite file or a PostgreSQL template
 * database — named by a hash of the server sources, and later apps start from a copy. Any source
 * change makes a new hash, so a stale template is never used.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { loadConfig } from '../../src/kernel/config/config.js';
import { startPlatform } from '../../src/main.js';

const serverSrc = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'src');
let cachedHash: string | null = null;

function sourceHash(): string {
  if (cachedHash) return cachedHash;
  const h = createHash('sha256');
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) h.update(p).update(readFileSync(p));
    }
  };
  walk(serverSrc);
  return (cachedHash = h.digest('hex').slice(0, 12));
}

function baseEnv(dataDir: string, adminPassword: string): Record<string, string> {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    MQTT_PORT: '0',
    DATA_DIR: dataDir,
    ZC_DEMO: '1',
    ZC_SIMULATE: '0',
    ZC_ADMIN_PASSWORD: adminPassword,
    LOG_LEVEL: 'silent',
  };
}

/** Copies a seeded SQLite demo database into `dataDir` (seeding the template first if needed). */
export async function sqliteDemoInto(dataDir: string, adminPassword: string): Promise<void> {
  const dir = path.join(tmpdir(), 'zc-demo-templates');
  mkdirSync(dir, { recursive: true });
  const template = path.join(dir, `sqlite-${sourceHash()}.db`);
  if (!existsSync(template)) {
    for (const f of readdirSync(dir)) {
      const p = path.join(dir, f);
      if (!f.startsWith('sqlite-') || p === template) continue;
      // Templates of older sources; an hour leaves any process still copying one alone. Another
      // process may rename or remove a file between the listing and the stat: skip it then.
      const age = (() => {
        try {
          return Date.now() - statSync(p).mtimeMs;
        } catch {
          return 0;
        }
      })();
      if (age > 3_600_000) rmSync(p, { force: true });
    }
    const work = mkdtempSync(path.join(dir, 'seeding-'));
    try {
      const p = await startPlatform(loadConfig(baseEnv(work, adminPassword), work, false), { listen: false, background: false });
      await p.stop();
      // WAL is checkpointed on close; rename makes the template appear atomically for other processes.
      renameSync(path.join(work, 'zhicheng.db'), `${template}.${process.pid}`);
      renameSync(`${template}.${process.pid}`, template);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  mkdirSync(dataDir, { recursive: true });
  copyFileSync(template, path.join(dataDir, 'zhicheng.db'));
}

/** Creates database `name` as a copy of a seeded PostgreSQL demo template. */
export async function postgresDemoDatabase(baseUrl: string, name: string, adminPassword: string): Promise<void> {
  const template = `zc_tpl_${sourceHash()}`;
  const admin = postgres(baseUrl, { max: 2, onnotice: () => {} });
  const lock = await admin.reserve();
  try {
    // One process seeds; others wait on the advisory lock and then find the template.
    await lock`select pg_advisory_lock(hashtext(${template}))`;
    const exists = await admin`select 1 from pg_database where datname = ${template}`;
    if (exists.length === 0) {
      const stale = await admin`select datname from pg_database where datname like 'zc\_tpl\_%'`;
      // Without force: a template another test process still copies from stays until the next run.
      for (const r of stale) await admin.unsafe(`drop database if exists ${r.datname as string}`).catch(() => {});
      const seeding = `${template}_seeding`;
      await admin.unsafe(`drop database if exists ${seeding} with (force)`);
      await admin.unsafe(`create database ${seeding}`);
      const u = new URL(baseUrl);
      u.pathname = `/${seeding}`;
      const work = mkdtempSync(path.join(tmpdir(), 'zc-pg-seed-'));
      try {
        const p = await startPlatform(loadConfig({ ...baseEnv(work, adminPassword), DATABASE_URL: u.toString() }, work, false), {
          listen: false,
          background: false,
        });
        // The seed is committed once startPlatform returns. Stopping has been seen to never settle
        // here on PostgreSQL (an open defect, not yet traced): wait a while, then cut its sessions
        // rather than hold every other test process on the lock for ever.
        let timer: NodeJS.Timeout | undefined;
        const stopped = await Promise.race([
          p.stop().then(() => true),
          new Promise<boolean>((r) => (timer = setTimeout(() => r(false), 60_000)).unref()),
        ]);
        clearTimeout(timer);
        if (!stopped) console.warn(`# demo template: platform stop did not finish within 60 s; closing its sessions on ${seeding}`);
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
      await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${seeding} and pid <> pg_backend_pid()`;
      for (let attempt = 0; ; attempt++) {
        try {
          await admin.unsafe(`alter database ${seeding} rename to ${template}`);
          break;
        } catch (e) {
          // A terminated session takes a moment to leave.
          if (attempt >= 20) throw e;
          await new Promise((r) => setTimeout(r, 250));
        }
      }
    }
    await lock`select pg_advisory_unlock(hashtext(${template}))`;
    await admin.unsafe(`create database ${name} template ${template}`);
  } finally {
    lock.release();
    await admin.end();
  }
}
