/** `GET /geo/addresses`: the gazetteer browser (search, grid filter, paging). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { GeoService } from '../geo.service.js';

export function addressesRoutes(geo: GeoService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/geo/addresses',
      {
        config: { permission: 'geo.read' },
        schema: {
          tags: ['geo'],
          summary: 'Addresses of the gazetteer, filtered by text and grid, paged by cursor',
          querystring: Type.Object(
            {
              q: Type.Optional(Type.String({ maxLength: 100, description: 'Substring of the full address' })),
              gridCode: Type.Optional(Type.String({ pattern: '^[0-9]{15}$', description: '15-digit grid code' })),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 50 })),
              cursor: Type.Optional(Type.String({ maxLength: 200 })),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              items: Type.Array(
                Type.Object({
                  id: Type.String(),
                  fullAddress: Type.String(),
                  kind: Type.Enum(['door', 'building', 'poi']),
                  lon: Type.Number(),
                  lat: Type.Number(),
                  gridCode: Type.Union([Type.String(), Type.Null()]),
                }),
              ),
              next: Type.Union([Type.String(), Type.Null()]),
              total: Type.Integer(),
            }),
          },
        },
      },
      async (req) =>
        geo.addresses({ q: req.query.q, gridCode: req.query.gridCode, limit: req.query.limit ?? 50, cursor: req.query.cursor }),
    );
  };
}
