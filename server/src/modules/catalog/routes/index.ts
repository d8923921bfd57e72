/** Every route of the catalog module, one encapsulated plugin per resource. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DomainError } from '../../../kernel/errors.js';
import type { CatalogInternals } from '../catalog.service.js';
import { auditExportRoutes } from './audit-export.routes.js';
import { dataRoutes } from './data.routes.js';
import { loadsRoutes, versionsRoutes } from './loads.routes.js';
import { qualityRoutes } from './quality.routes.js';
import { resourcesRoutes } from './resources.routes.js';
import { sharingRoutes } from './sharing.routes.js';

/** What a consumer key bound to a grant may call: its resource's metadata and data, nothing else. */
const GRANT_KEY_ROUTES = ['/catalog/resources/:id', '/catalog/resources/:id/data'];

export function catalogRoutes(c: CatalogInternals): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.addHook('preHandler', async (req) => {
      const p = req.principal;
      if (!p || p.kind !== 'apikey') return;
      const grant = await c.sharingRepo.grantByKey(p.id);
      if (!grant) return;
      const url = req.routeOptions.url ?? '';
      const id = (req.params as { id?: string } | undefined)?.id;
      if (!GRANT_KEY_ROUTES.some((r) => url.endsWith(r)) || id !== grant.resourceId) {
        throw new DomainError('forbidden', `This key is scoped to grant ${grant.id}: it reads resource ${grant.resourceId} only.`);
      }
    });
    await app.register(resourcesRoutes(c.resources));
    await app.register(loadsRoutes(c.loads));
    await app.register(versionsRoutes(c.loads, c.resourcesRepo));
    await app.register(dataRoutes(c.data, c.resourcesRepo, c.sharingRepo));
    await app.register(sharingRoutes(c.sharing));
    await app.register(qualityRoutes(c.quality));
    await app.register(auditExportRoutes(c.ctx, c.resourcesRepo, c.sharingRepo, c.sharing));
  };
}
