/**
 * The composition root: config → db → kernel services → modules → http. Nothing else wires
 * things together, and nothing here is global, so a test can start two platforms in one process.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino, { type Logger } from 'pino';
import { AuditLog } from './kernel/audit/audit-log.js';
import { createAuthService, authMigrations } from './kernel/auth/index.js';
import type { Config } from './kernel/config/config.js';
import { openDatabase, type Database } from './kernel/db/database.js';
import { migrateToLatest, type MigrationSource } from './kernel/db/migrator.js';
import { EventBus } from './kernel/events/event-bus.js';
import { auditRoutes } from './kernel/http/audit-routes.js';
import { createHttpApp, type HttpApp } from './kernel/http/create-http-app.js';
import { Metrics } from './kernel/http/metrics.js';
import { JobScheduler } from './kernel/jobs/job-scheduler.js';
import { LeaseStore } from './kernel/jobs/lease-store.js';
import { kernelMigrations } from './kernel/kernel-migrations.js';
import type { KernelContext, ModuleDeps, StartedModule, ZhichengModule } from './kernel/module.js';
import { Settings } from './kernel/settings.js';
import { geoModule, type GeoService } from './modules/geo/index.js';
import { orgModule, type OrgService } from './modules/org/index.js';
import { sensingModule, type SensingService } from './modules/sensing/index.js';
import { calendarModule, type CalendarService } from './modules/calendar/index.js';
import { casesModule, type CasesService } from './modules/cases/index.js';
import { catalogModule, type CatalogService } from './modules/catalog/index.js';
import { seedDemoIfEmpty } from './demo/seed-demo.js';

/** The modules in start order: a module may use the services of those before it. */
export const MODULES: ZhichengModule[] = [
  orgModule as ZhichengModule,
  geoModule as ZhichengModule,
  calendarModule as ZhichengModule,
  sensingModule as ZhichengModule,
  casesModule as ZhichengModule,
  catalogModule as ZhichengModule,
];

/** The public services of the started modules. */
export interface PlatformServices {
  org: OrgService;
  geo: GeoService;
  calendar: CalendarService;
  sensing: SensingService;
  cases: CasesService;
  catalog: CatalogService;
}

/** A running platform. */
export interface Platform {
  config: Config;
  app: HttpApp;
  db: Database;
  ctx: KernelContext;
  services: PlatformServices;
  /** The base URL once listening (null when started with `listen: false`). */
  url: string | null;
  /** Whether this start loaded the demo city. */
  demoLoaded: boolean;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Bind the HTTP port (false for `app.inject` tests). */
  listen?: boolean;
  logger?: Logger;
  now?: () => number;
  /** Print the CONTRACT.md start-up lines (the CLI does). */
  announce?: (line: string) => void;
  /** Skip the demo city regardless of config (CLI `migrate`). */
  noDemo?: boolean;
  /** Run event subscribers and periodic jobs (false for one-shot CLI commands). */
  background?: boolean;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

export function createLogger(config: Config): Logger {
  return pino({ level: config.logLevel, base: { svc: 'zhicheng' }, timestamp: pino.stdTimeFunctions.isoTime });
}

/** Every migration of the kernel and the modules. */
export function migrationSources(): MigrationSource[] {
  return [
    { name: 'kernel', migrations: kernelMigrations },
    { name: 'auth', migrations: authMigrations },
    ...MODULES.map((m) => ({ name: m.name, migrations: m.migrations })),
  ];
}

/** Starts the platform and resolves once it is ready to serve. */
export async function startPlatform(config: Config, opts: StartOptions = {}): Promise<Platform> {
  const logger = opts.logger ?? createLogger(config);
  const now = opts.now ?? Date.now;
  const announce = opts.announce ?? (() => {});
  let ready = false;

  const db = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, logger });
  const stops: Array<() => Promise<void>> = [];
  try {
    await migrateToLatest(db, migrationSources(), logger);

    const nodeId = `${process.pid}-${randomBytes(4).toString('hex')}`;
    const leases = new LeaseStore(db, nodeId, now);
    const audit = new AuditLog(db, now);
    const events = new EventBus(db, leases, logger, now);
    const jobs = new JobScheduler(leases, logger);
    const settings = new Settings(db, now);
    const auth = createAuthService({ db, config, logger, audit, now });
    const ctx: KernelContext = {
      config,
      db,
      logger,
      events,
      audit,
      jobs,
      settings,
      auth,
      now,
      announce,
      background: opts.background !== false,
    };

    const deps: ModuleDeps = { auth };
    const started: StartedModule<unknown>[] = [];
    for (const m of MODULES) {
      const s = await m.start(ctx, deps);
      deps[m.name] = s.service;
      started.push(s);
      if (s.stop) stops.unshift(s.stop);
    }
    const services: PlatformServices = {
      org: deps.org as OrgService,
      geo: deps.geo as GeoService,
      calendar: deps.calendar as CalendarService,
      sensing: deps.sensing as SensingService,
      cases: deps.cases as CasesService,
      catalog: deps.catalog as CatalogService,
    };

    const adminPassword = await services.org.ensureAdmin();
    if (adminPassword.created) announce(`Initial admin password written to ${adminPassword.file}`);
    let demoLoaded = false;
    if (!opts.noDemo) {
      demoLoaded = await seedDemoIfEmpty(ctx, services, { logger, announce });
    }

    const metrics = new Metrics();
    services.sensing.registerMetrics(metrics);
    const webDist = path.join(root, 'web', 'dist');
    const app = await createHttpApp({ config, logger, auth, metrics, isReady: () => ready, webDist, version: packageVersion() });
    await app.register(
      async (api) => {
        for (const s of started) if (s.routes) await api.register(s.routes);
        await api.register(auditRoutes(audit));
      },
      { prefix: '/api/v1' },
    );
    for (const s of started) if (s.rootRoutes) await app.register(s.rootRoutes);
    await app.ready();

    if (opts.background !== false) {
      await events.start();
      jobs.start();
    }

    let url: string | null = null;
    if (opts.listen !== false) {
      await app.listen({ port: config.port, host: config.host });
      const addr = app.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : config.port;
      url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    }
    ready = true;
    if (url) announce(`Zhicheng ready on ${url}`);

    let stopping: Promise<void> | null = null;
    const stop = () =>
      (stopping ??= (async () => {
        ready = false;
        await app.close();
        await jobs.stop();
        await events.stop();
        for (const s of stops) await s().catch((e) => logger.warn({ err: e }, 'module stop failed'));
        await db.close();
      })());
    return { config, app, db, ctx, services, url, demoLoaded, stop };
  } catch (e) {
    for (const s of stops) await s().catch(() => {});
    await db.close().catch(() => {});
    throw e;
  }
}
