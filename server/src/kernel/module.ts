import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Logger } from 'pino';
import type { AuditLog } from './audit/audit-log.js';
import type { Config } from './config/config.js';
import type { Database } from './db/database.js';
import type { Migration } from './db/migration.js';
import type { EventBus } from './events/event-bus.js';
import type { JobScheduler } from './jobs/job-scheduler.js';
import type { Settings } from './settings.js';
import type { AuthService } from './auth/index.js';

/** What the kernel hands every module. */
export interface KernelContext {
  config: Config;
  db: Database;
  logger: Logger;
  events: EventBus;
  audit: AuditLog;
  jobs: JobScheduler;
  settings: Settings;
  auth: AuthService;
  /** The clock; tests move it. */
  now: () => number;
  /** Prints a CONTRACT.md start-up line (`MQTT broker on mqtt://…`); absent when nobody listens. */
  announce?: (line: string) => void;
  /**
   * False for one-shot CLI commands (`seed demo`, `user create`): a module then opens no
   * listeners of its own (the MQTT broker) and starts no background work.
   */
  background?: boolean;
}

/** A started module: its public service, its routes, its shutdown. */
export interface StartedModule<S> {
  service: S;
  /** Registered under `/api/v1`; routes declare their own sub-path (`/geo/locate`). */
  routes?: FastifyPluginAsyncTypebox;
  /** Registered at the root for standard APIs (`/ngsi-ld/v1`, `/open311/v2`, `/api/3/action`). */
  rootRoutes?: FastifyPluginAsyncTypebox;
  stop?(): Promise<void>;
}

/**
 * A module as the composition root sees it. `deps` holds the public services of the modules
 * started before it (by name), so a module reaches another only through its `index.ts` type.
 */
export interface ZhichengModule<S = unknown> {
  name: string;
  migrations: Record<string, Migration>;
  start(ctx: KernelContext, deps: ModuleDeps): Promise<StartedModule<S>>;
}

/** Public services of started modules, keyed by module name. */
export type ModuleDeps = Record<string, unknown>;
