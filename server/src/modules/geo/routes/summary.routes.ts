/** `GET /geo/summary`: counts and extent of the loaded city. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { GeoService } from '../geo.service.js';
import { AreaRefSchema, BBoxSchema } from './schemas.js';

export function summaryRoutes(geo: GeoService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/geo/summary',
      {
        config: { permission: 'geo.read' },
        schema: {
          tags: ['geo'],
          summary: 'The city, how many areas / addresses / roads it has, and its extent',
          response: {
            200: Type.Object({
              city: Type.Union([AreaRefSchema, Type.Null()]),
              counts: Type.Object({
                district: Type.Integer(),
                street: Type.Integer(),
                community: Type.Integer(),
                grid: Type.Integer(),
                address: Type.Integer(),
                road: Type.Integer(),
              }),
              bbox: Type.Union([BBoxSchema, Type.Null()]),
            }),
          },
        },
      },
      async () => geo.summary(),
    );
  };
}
