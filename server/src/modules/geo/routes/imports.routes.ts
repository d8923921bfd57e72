/**
 * `POST /geo/imports/areas` (GeoJSON) and `POST /geo/imports/addresses` (CSV or JSON).
 * All-or-nothing: any rejected row answers 422 with the full `rejected` list and writes nothing.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { actorOf } from '../../../kernel/auth/index.js';
import { problem, sendProblem } from '../../../kernel/http/problem.js';
import type { ImportResult } from '../geo-service-types.js';
import type { GeoService } from '../geo.service.js';

/** Imports may be large (a city's grids, a gazetteer): 64 MB. */
const IMPORT_BODY_LIMIT = 64 * 1024 * 1024;

const Rejected = Type.Array(
  Type.Object({ row: Type.Integer({ description: '1-based feature / data row' }), field: Type.String(), reason: Type.String() }),
);
const Result = Type.Object({ imported: Type.Integer(), rejected: Rejected });

/** 200 with the count, or 422 (RFC 9457) carrying every rejected row. */
function answer(req: FastifyRequest, reply: FastifyReply, result: ImportResult, what: string) {
  if (result.rejected.length === 0) return reply.send(result);
  const n = result.rejected.length;
  const detail = `${n} problem${n === 1 ? '' : 's'} in the ${what}; nothing was imported. Fix the rows listed in \`rejected\` and send the whole file again.`;
  return sendProblem(
    reply,
    problem(422, 'Unprocessable content', detail, {
      instance: req.url,
      imported: 0,
      rejected: result.rejected,
      errors: result.rejected.slice(0, 100).map((r) => ({ path: `/body/${r.row}/${r.field}`, message: r.reason })),
    }),
  );
}

export function importsRoutes(geo: GeoService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/geo/imports/areas',
      {
        config: { permission: 'geo.write' },
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          tags: ['geo'],
          summary: 'Import areas from a GeoJSON FeatureCollection (properties code, name, level, parentCode); all or nothing',
          body: Type.Unsafe<unknown>({
            type: 'object',
            description: 'GeoJSON FeatureCollection (application/json or application/geo+json)',
          }),
          response: { 200: Result },
        },
      },
      async (req, reply) => answer(req, reply, await geo.importAreas(req.body, actorOf(req.principal)), 'areas'),
    );

    app.post(
      '/geo/imports/addresses',
      {
        config: { permission: 'geo.write' },
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          tags: ['geo'],
          summary: 'Import addresses from CSV (text/csv, header row) or JSON (array or {items}); all or nothing',
          description:
            'Columns: fullAddress, lon, lat (required); id, kind (door|building|poi), gridCode, road, houseNumber, building, poiName (optional). Missing codes come from the grid containing the point.',
          body: Type.Unsafe<unknown>({ description: 'CSV text or JSON' }),
          response: { 200: Result },
        },
      },
      async (req, reply) => answer(req, reply, await geo.importAddresses(req.body, actorOf(req.principal)), 'addresses'),
    );
  };
}
