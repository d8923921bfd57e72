/**
 * The only reader of `process.env`. Every setting is declared once, validated once, and a bad
 * value stops the start with one line naming the variable, the value and what is allowed
 * (CONTRACT.md "Configuration").
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseDotenv } from 'dotenv';

/** Validated configuration, as the rest of the platform sees it. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  mqttUrl: string | null;
  mqttPort: number;
  /** null = decide at start (demo on an empty database). */
  demo: boolean | null;
  /** null = follow the demo city (simulate when it is loaded). */
  simulate: boolean | null;
  adminPassword: string | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Secure cookies (set when served over HTTPS behind a proxy). */
  cookieSecure: boolean;
  /** Trust X-Forwarded-* from a reverse proxy. */
  trustProxy: boolean;
}

/** A configuration value that cannot be used; the message is the one line printed on start. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly value: string,
    readonly allowed: string,
  ) {
    super(`Invalid ${variable}=${JSON.stringify(value)}: ${allowed}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

interface Setting<K extends keyof Config> {
  key: K;
  variable: string;
  /** The default when the variable is unset or empty. */
  fallback: (env: Env, cwd: string) => Config[K];
  parse: (raw: string, cwd: string) => Config[K];
  allowed: string;
  doc: string;
}

function port(raw: string): number {
  if (!/^\d+$/.test(raw)) throw new Error();
  const n = Number(raw);
  if (n < 0 || n > 65535) throw new Error();
  return n;
}

function flag(raw: string): boolean {
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new Error();
}

function url(protocols: string[]) {
  return (raw: string): string => {
    const u = new URL(raw);
    if (!protocols.includes(u.protocol)) throw new Error();
    return raw;
  };
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Every setting: the table in docs/configuration.md is written from this list. */
export const SETTINGS: Setting<keyof Config>[] = [
  {
    key: 'port',
    variable: 'PORT',
    fallback: () => 8080,
    parse: port,
    allowed: 'an integer 0–65535 (0 = pick a free port)',
    doc: 'HTTP port',
  },
  {
    key: 'host',
    variable: 'HOST',
    fallback: () => '127.0.0.1',
    parse: (r) => {
      if (!/^[\w.:-]+$/.test(r)) throw new Error();
      return r;
    },
    allowed: 'a host name or IP address',
    doc: 'HTTP bind address',
  },
  {
    key: 'dataDir',
    variable: 'DATA_DIR',
    fallback: (_e, cwd) => path.resolve(cwd, 'data'),
    parse: (r, cwd) => path.resolve(cwd, r),
    allowed: 'a directory path',
    doc: 'database file, uploaded files, secrets',
  },
  {
    key: 'databaseUrl',
    variable: 'DATABASE_URL',
    fallback: () => null,
    parse: url(['postgres:', 'postgresql:']),
    allowed: 'a postgres:// or postgresql:// URL',
    doc: 'selects PostgreSQL (PostGIS used when present)',
  },
  {
    key: 'mqttUrl',
    variable: 'MQTT_URL',
    fallback: () => null,
    parse: url(['mqtt:', 'mqtts:', 'ws:', 'wss:', 'tcp:']),
    allowed: 'an mqtt://, mqtts://, ws:// or wss:// URL',
    doc: 'external MQTT broker instead of the embedded one',
  },
  {
    key: 'mqttPort',
    variable: 'MQTT_PORT',
    fallback: () => 1883,
    parse: port,
    allowed: 'an integer 0–65535 (0 = pick a free port)',
    doc: 'embedded broker port',
  },
  {
    key: 'demo',
    variable: 'ZC_DEMO',
    fallback: () => null,
    parse: flag,
    allowed: '1 or 0',
    doc: '0 starts empty, without the demo city; 1 loads it on an empty database',
  },
  {
    key: 'simulate',
    variable: 'ZC_SIMULATE',
    fallback: () => null,
    parse: flag,
    allowed: '1 or 0',
    doc: '0 keeps the demo city still (no simulated readings); by default the demo devices report over MQTT (docs/sensing.md)',
  },
  {
    key: 'adminPassword',
    variable: 'ZC_ADMIN_PASSWORD',
    fallback: () => null,
    parse: (r) => r,
    allowed: 'a password',
    doc: "the first admin's password instead of a random one",
  },
  {
    key: 'logLevel',
    variable: 'LOG_LEVEL',
    fallback: () => 'info',
    parse: (r) => {
      const v = r.toLowerCase();
      if (!(LOG_LEVELS as readonly string[]).includes(v)) throw new Error();
      return v as Config['logLevel'];
    },
    allowed: LOG_LEVELS.join(', '),
    doc: 'pino log level',
  },
  {
    key: 'cookieSecure',
    variable: 'ZC_COOKIE_SECURE',
    fallback: () => false,
    parse: flag,
    allowed: '1 or 0',
    doc: 'mark session cookies Secure (set behind HTTPS)',
  },
  {
    key: 'trustProxy',
    variable: 'ZC_TRUST_PROXY',
    fallback: () => false,
    parse: flag,
    allowed: '1 or 0',
    doc: 'trust X-Forwarded-For/-Proto from a reverse proxy',
  },
];

/**
 * Reads the environment (and `.env` in `cwd`, which never overrides a real variable) into a
 * validated Config. Throws ConfigError on the first bad value.
 *
 * @example loadConfig({ PORT: '0', DATA_DIR: '/tmp/zc' })
 */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd(), readDotenv = true): Config {
  const merged: Env = { ...(readDotenv ? readDotenvFile(cwd) : {}), ...env };
  const out: Partial<Record<keyof Config, unknown>> = {};
  for (const s of SETTINGS) {
    const raw = merged[s.variable];
    if (raw === undefined || raw === '') {
      out[s.key] = s.fallback(merged, cwd);
      continue;
    }
    try {
      out[s.key] = s.parse(raw, cwd);
    } catch {
      throw new ConfigError(s.variable, s.variable === 'ZC_ADMIN_PASSWORD' ? '***' : raw, s.allowed);
    }
  }
  return out as unknown as Config;
}

function readDotenvFile(cwd: string): Env {
  const file = path.join(cwd, '.env');
  if (!existsSync(file)) return {};
  return parseDotenv(readFileSync(file));
}
