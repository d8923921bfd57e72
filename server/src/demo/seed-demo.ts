/**
 * Loads the demo city 示范市 into a database through the modules' public services. Runs on an
 * empty database at start (unless ZC_DEMO=0) and from `zhicheng seed demo`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { KernelContext } from '../kernel/module.js';
import type { GeoService } from '../modules/geo/index.js';
import type { OrgService } from '../modules/org/index.js';
import type { SensingService } from '../modules/sensing/index.js';
import type { CalendarService } from '../modules/calendar/index.js';
import type { CasesService } from '../modules/cases/index.js';
import type { CatalogService } from '../modules/catalog/index.js';
import { seedDemoCatalog } from './catalog/seed-demo-catalog.js';
import { seedDemoCases } from './cases/demo-cases.js';
import { generateDemoDevices } from './demo-devices.js';
import { generateDemoCity } from './generate-demo-city.js';

export interface DemoServices {
  org: OrgService;
  geo: GeoService;
  sensing: SensingService;
  calendar: CalendarService;
  cases: CasesService;
  catalog: CatalogService;
}

const DEMO_FLAG = 'demo.loaded';

/** The password demo users get: the admin's initial password, so one secret opens the demo. */
export function demoUserPassword(ctx: KernelContext): string {
  if (ctx.config.adminPassword) return ctx.config.adminPassword;
  const file = path.join(ctx.config.dataDir, 'initial-admin-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  throw new Error('No admin password to give the demo users: set ZC_ADMIN_PASSWORD');
}

/** Loads the demo city when ZC_DEMO allows and the database holds no city yet. Returns whether it loaded. */
export async function seedDemoIfEmpty(
  ctx: KernelContext,
  services: DemoServices,
  opts: { logger: Logger; announce?: (line: string) => void },
): Promise<boolean> {
  if (ctx.config.demo === false) return false;
  if (await ctx.settings.get<boolean>(DEMO_FLAG)) return false;
  const summary = await services.geo.summary();
  if (summary.counts.district + summary.counts.grid > 0) return false;
  await seedDemo(ctx, services, opts);
  return true;
}

/** Loads the demo city unconditionally (the CLI refuses a non-empty database before calling). */
export async function seedDemo(
  ctx: KernelContext,
  services: DemoServices,
  opts: { logger: Logger; announce?: (line: string) => void },
): Promise<void> {
  const started = Date.now();
  const city = generateDemoCity();
  const units = city.areas
    .filter((a) => a.level !== 'grid')
    .map((a) => ({ code: a.code, name: a.name, level: a.level as 'city' | 'district' | 'street' | 'community', parentCode: a.parentCode }));
  await services.org.loadDemo({ units, departments: city.departments, users: city.users }, demoUserPassword(ctx));
  await services.geo.loadDemo({ areas: city.areas, roads: city.roads, addresses: city.addresses });
  const devices = generateDemoDevices(city);
  await services.sensing.loadDemo(devices);
  const cases = await seedDemoCases(ctx, services);
  const catalog = await seedDemoCatalog(services.catalog, services.org, city);
  await ctx.settings.set(DEMO_FLAG, true);
  await ctx.audit.recordNow({
    actor: 'system',
    action: 'demo.seeded',
    target: 'city:330799',
    detail: {
      areas: city.areas.length,
      roads: city.roads.length,
      addresses: city.addresses.length,
      departments: city.departments.length,
      users: city.users.length,
      devices: devices.length,
      cases,
      catalog,
    },
  });
  const ms = Date.now() - started;
  opts.logger.info({ ms, areas: city.areas.length, addresses: city.addresses.length }, 'demo city loaded');
  opts.announce?.(
    `Demo city 示范市 loaded in ${(ms / 1000).toFixed(1)} s (${city.areas.length} areas, ${city.addresses.length} addresses, ${city.departments.length} departments, ${city.users.length} users, ${devices.length} devices)`,
  );
}
