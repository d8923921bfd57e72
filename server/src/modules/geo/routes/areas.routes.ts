/** `GET /geo/areas` (FeatureCollection) and `GET /geo/areas/{code}` (one area with its path). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DomainError } from '../../../kernel/errors.js';
import type { GeoService } from '../geo.service.js';
import { AreaCode, AreaLevelSchema, BBoxQuery, BBoxSchema, featureCollectionSchema, GeometrySchema, parseBBoxParam } from './schemas.js';

const AreaProperties = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: AreaLevelSchema,
  parentCode: Type.Union([Type.String(), Type.Null()]),
});

export function areasRoutes(geo: GeoService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/geo/areas',
      {
        config: { permission: 'geo.read' },
        schema: {
          tags: ['geo'],
          summary: 'Areas of a level and / or under a parent, optionally within a box, as GeoJSON',
          querystring: Type.Object(
            {
              level: Type.Optional(AreaLevelSchema),
              parentCode: Type.Optional(AreaCode),
              bbox: Type.Optional(BBoxQuery),
            },
            { additionalProperties: false },
          ),
          response: { 200: featureCollectionSchema(AreaProperties) },
        },
      },
      async (req) => {
        const { level, parentCode } = req.query;
        const bbox = parseBBoxParam(req.query.bbox);
        if (!level && !parentCode) {
          throw new DomainError('invalid', 'Give a level or a parentCode', [
            { path: '/query/level', message: 'is required when parentCode is not given' },
          ]);
        }
        return geo.areas({ level, parentCode, bbox });
      },
    );

    app.get(
      '/geo/areas/:code',
      {
        config: { permission: 'geo.read' },
        schema: {
          tags: ['geo'],
          summary: 'One area: its path from the district down, child count, area and geometry',
          params: Type.Object({ code: AreaCode }),
          response: {
            200: Type.Object({
              code: Type.String(),
              name: Type.String(),
              level: AreaLevelSchema,
              parentCode: Type.Union([Type.String(), Type.Null()]),
              path: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), level: AreaLevelSchema })),
              childCount: Type.Integer(),
              areaSqm: Type.Number(),
              bbox: BBoxSchema,
              center: Type.Array(Type.Number(), { minItems: 2, maxItems: 2, description: 'A point inside the area [lon, lat]' }),
              geometry: GeometrySchema,
            }),
          },
        },
      },
      async (req) => geo.area(req.params.code),
    );
  };
}
