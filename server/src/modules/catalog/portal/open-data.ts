/**
 * How the open-data faces plug into the catalog module: the portal's public API joins the
 * module's `/api/v1` routes; the CKAN Action API and the DCAT-AP export are root routes, at the
 * paths harvesters expect (`/api/3/action/*`, `/catalog.ttl`, `/catalog.jsonld`).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Migration } from '../../../kernel/db/migration.js';
import type { KernelContext } from '../../../kernel/module.js';
import type { CatalogInternals } from '../catalog.service.js';
import { ckanRoutes } from '../ckan/ckan.routes.js';
import { dcatRoutes } from '../dcat/dcat.routes.js';
import { openApplicationMigrations, OpenApplicationsService } from './open-applications.js';
import { openApplicationsRoutes } from './open-applications.routes.js';
import { portalRoutes } from './portal.routes.js';

/** The catalog's migrations plus the open-data ones (applications). */
export function withOpenDataMigrations(catalog: Record<string, Migration>): Record<string, Migration> {
  return { ...catalog, ...openApplicationMigrations };
}

/** The module's `/api/v1` routes plus the portal's public API, each its own encapsulated plugin. */
export function withOpenDataRoutes(
  ctx: KernelContext,
  c: CatalogInternals,
  catalogRoutes: FastifyPluginAsyncTypebox,
): FastifyPluginAsyncTypebox {
  const applications = new OpenApplicationsService(ctx, c);
  return async (app) => {
    await app.register(catalogRoutes);
    await app.register(portalRoutes(c));
    await app.register(openApplicationsRoutes(applications));
  };
}

/** CKAN and DCAT at the root. */
export function openDataRootRoutes(c: CatalogInternals): FastifyPluginAsyncTypebox {
  return async (app) => {
    await app.register(ckanRoutes(c));
    await app.register(dcatRoutes(c));
  };
}
