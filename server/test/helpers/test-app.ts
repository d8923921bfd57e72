/**
 * Starts a real platform for API and browser tests: a fresh data directory (SQLite) or a fresh
 * PostgreSQL database created from DATABASE_URL and dropped afterwards.
 *
 * @example
 *   forEachDialect((dialect) => describe(`geo (${dialect})`, () => { ... startTestApp({ dialect, demo: true }) ... }));
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import postgres from 'postgres';
import { loadConfig } from '../../src/kernel/config/config.js';
import { startPlatform, type Platform } from '../../src/main.js';
import { postgresDemoDatabase, sqliteDemoInto } from './demo-template.js';

/** The admin password of every test platform (meets the complexity rule). */
export const TEST_ADMIN_PASSWORD = 'Zc-Test-Admin-2026!';

export { forEachDialect, warnOnce, type TestDialect } from './dialects.js';
import type { TestDialect } from './dialects.js';

export interface TestInjectOptions extends InjectOptions {
  /** Log in as this user first (admin or any demo user) and send its cookie and CSRF token. */
  as?: string;
}

export interface TestApp {
  platform: Platform;
  dialect: TestDialect;
  /** Base URL when started with `listen: true`. */
  url: string;
  adminPassword: string;
  dataDir: string;
  inject(opts: TestInjectOptions | string): Promise<LightMyRequestResponse>;
  /** Logs in and returns the cookie header value and CSRF token. */
  login(username: string, password?: string): Promise<{ cookie: string; csrfToken: string }>;
  close(): Promise<void>;
}

export interface StartTestAppOptions {
  dialect?: TestDialect;
  demo?: boolean;
  listen?: boolean;
  now?: () => number;
  env?: Record<string, string>;
}

export async function startTestApp(opts: StartTestAppOptions = {}): Promise<TestApp> {
  const dialect = opts.dialect ?? 'sqlite';
  const dataDir = mkdtempSync(path.join(tmpdir(), 'zc-test-'));
  let databaseUrl: string | undefined;
  let dropDb: (() => Promise<void>) | null = null;
  const fromTemplate = !!opts.demo && !opts.env && !opts.now;
  if (dialect === 'postgres') {
    const created = await createFreshPostgresDatabase(fromTemplate);
    databaseUrl = created.url;
    dropDb = created.drop;
  } else if (fromTemplate) {
    await sqliteDemoInto(dataDir, TEST_ADMIN_PASSWORD);
  }
  const config = loadConfig(
    {
      PORT: '0',
      HOST: '127.0.0.1',
      MQTT_PORT: '0',
      DATA_DIR: dataDir,
      ZC_DEMO: opts.demo ? '1' : '0',
      ZC_SIMULATE: '0',
      ZC_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
      LOG_LEVEL: process.env.ZC_TEST_LOG_LEVEL ?? 'silent',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      ...(opts.env ?? {}),
    },
    dataDir,
    false,
  );
  let platform: Platform;
  try {
    platform = await startPlatform(config, { listen: opts.listen ?? false, now: opts.now });
  } catch (e) {
    await dropDb?.();
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  const sessions = new Map<string, { cookie: string; csrfToken: string }>();

  const login = async (username: string, password = TEST_ADMIN_PASSWORD) => {
    const res = await platform.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
    if (res.statusCode !== 200) throw new Error(`login as ${username} failed: ${res.statusCode} ${res.body}`);
    const setCookie = res.headers['set-cookie'];
    const first = Array.isArray(setCookie) ? setCookie[0]! : String(setCookie);
    return { cookie: first.split(';')[0]!, csrfToken: (res.json() as { csrfToken: string }).csrfToken };
  };

  return {
    platform,
    dialect,
    url: platform.url ?? '',
    adminPassword: TEST_ADMIN_PASSWORD,
    dataDir,
    login,
    async inject(o) {
      if (typeof o === 'string') return platform.app.inject(o);
      const { as, ...rest } = o;
      if (!as) return platform.app.inject(rest);
      let s = sessions.get(as);
      if (!s) sessions.set(as, (s = await login(as)));
      return platform.app.inject({ ...rest, headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken, ...(rest.headers ?? {}) } });
    },
    async close() {
      await platform.stop();
      await dropDb?.();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function createFreshPostgresDatabase(withDemo: boolean): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('DATABASE_URL is not set');
  const name = `zc_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  if (withDemo) {
    await postgresDemoDatabase(base, name, TEST_ADMIN_PASSWORD);
  } else {
    const admin = postgres(base, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`create database ${name}`);
    } finally {
      await admin.end();
    }
  }
  const u = new URL(base);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const a = postgres(base, { max: 1, onnotice: () => {} });
      try {
        await a.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}
