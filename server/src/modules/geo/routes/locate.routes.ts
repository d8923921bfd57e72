/** `GET /geo/locate`: the grid (and ancestors) of a point. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { GeoService } from '../geo.service.js';
import { Lat, LocationProperties, Lon } from './schemas.js';

export function locateRoutes(geo: GeoService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/geo/locate',
      {
        config: { permission: 'geo.read' },
        schema: {
          tags: ['geo'],
          summary: 'Grid, community, street and district of a point (404 outside the city)',
          querystring: Type.Object({ lon: Lon, lat: Lat }, { additionalProperties: false }),
          response: { 200: Type.Object(LocationProperties) },
        },
      },
      async (req) => geo.locateOrThrow(req.query.lon, req.query.lat),
    );
  };
}
