/** `GET /geo/roads`: the road network as GeoJSON LineStrings. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { GeoService } from '../geo.service.js';
import { BBoxQuery, featureCollectionSchema, parseBBoxParam } from './schemas.js';

export function roadsRoutes(geo: GeoService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/geo/roads',
      {
        config: { permission: 'geo.read' },
        schema: {
          tags: ['geo'],
          summary: 'Roads (optionally those touching a box) as a FeatureCollection of LineStrings',
          querystring: Type.Object({ bbox: Type.Optional(BBoxQuery) }, { additionalProperties: false }),
          response: { 200: featureCollectionSchema(Type.Object({ id: Type.String(), name: Type.String(), kind: Type.String() })) },
        },
      },
      async (req) => geo.roads(parseBBoxParam(req.query.bbox)),
    );
  };
}
