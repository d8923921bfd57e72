/** `GET /geo/geocode` (address → ranked candidates) and `GET /geo/reverse` (point → nearest address). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { GeoService } from '../geo.service.js';
import { Lat, LocationProperties, Lon } from './schemas.js';

/** Longest address accepted: real addresses stay far below; a cap keeps parsing cheap. */
export const MAX_QUERY_LENGTH = 200;

const Parsed = Type.Object(
  {
    province: Type.Optional(Type.String()),
    city: Type.Optional(Type.String()),
    district: Type.Optional(Type.String()),
    street: Type.Optional(Type.String()),
    community: Type.Optional(Type.String()),
    road: Type.Optional(Type.String()),
    number: Type.Optional(Type.String()),
    building: Type.Optional(Type.String()),
    unit: Type.Optional(Type.String()),
    floor: Type.Optional(Type.String()),
    room: Type.Optional(Type.String()),
    poi: Type.Optional(Type.String()),
  },
  { description: 'The address as parsed (normalised: half-width digits, canonical names)' },
);

const Candidate = Type.Object({
  address: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
  score: Type.Number({ minimum: 0, maximum: 1 }),
  kind: Type.Enum(['door', 'building', 'poi', 'interpolated', 'road', 'area']),
  addressId: Type.Union([Type.String(), Type.Null()]),
  name: Type.Union([Type.String(), Type.Null()], { description: 'Name of the place (POI) or area, when the answer is one' }),
  ...LocationProperties,
});

export function geocodeRoutes(geo: GeoService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/geo/geocode',
      {
        config: { permission: 'geo.read' },
        schema: {
          tags: ['geo'],
          summary: 'Geocode a Chinese address: ranked candidates (score 0..1), best first',
          querystring: Type.Object(
            {
              q: Type.String({
                minLength: 1,
                maxLength: MAX_QUERY_LENGTH,
                description: 'Address text, e.g. 示范市东城区城东街道八一路128号',
              }),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, default: 5 })),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ query: Type.String(), parsed: Parsed, candidates: Type.Array(Candidate) }) },
        },
      },
      async (req) => geo.geocode(req.query.q, req.query.limit ?? 5),
    );

    app.get(
      '/geo/reverse',
      {
        config: { permission: 'geo.read' },
        schema: {
          tags: ['geo'],
          summary: 'The nearest gazetteer address within 500 m of a point (the area name when none); 404 outside the city',
          querystring: Type.Object({ lon: Lon, lat: Lat }, { additionalProperties: false }),
          response: {
            200: Type.Object({
              address: Type.String(),
              lon: Type.Number(),
              lat: Type.Number(),
              distanceMeters: Type.Number(),
              kind: Type.Enum(['door', 'building', 'poi', 'area']),
              addressId: Type.Union([Type.String(), Type.Null()]),
              ...LocationProperties,
            }),
          },
        },
      },
      async (req) => geo.reverse(req.query.lon, req.query.lat),
    );
  };
}
