/** Every route of the geo module, one encapsulated plugin per resource. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { GeoService } from '../geo.service.js';
import { addressesRoutes } from './addresses.routes.js';
import { areasRoutes } from './areas.routes.js';
import { geocodeRoutes } from './geocode.routes.js';
import { importsRoutes } from './imports.routes.js';
import { locateRoutes } from './locate.routes.js';
import { roadsRoutes } from './roads.routes.js';
import { summaryRoutes } from './summary.routes.js';

export function geoRoutes(geo: GeoService): FastifyPluginAsyncTypebox {
  return async (app) => {
    for (const plugin of [summaryRoutes, locateRoutes, areasRoutes, roadsRoutes, geocodeRoutes, addressesRoutes, importsRoutes]) {
      await app.register(plugin(geo));
    }
  };
}
