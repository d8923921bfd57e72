/** `GET /cases/status`: the citizen's status lookup — public, rate-limited, nothing personal. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { CasesService } from '../cases.service.js';

/** Lookups per client address per minute: enough for a person, too few to probe numbers. */
export const STATUS_RATE = { max: 20, timeWindow: '1 minute' };

export function publicStatusRoutes(cases: CasesService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/cases/status',
      {
        config: { public: true, rateLimit: STATUS_RATE },
        schema: {
          tags: ['cases'],
          summary: 'Public status of a case by its number and the last 4 digits of the reporter phone',
          security: [],
          querystring: Type.Object(
            {
              number: Type.String({ pattern: '^[A-Za-z]{2}\\d{13}$', description: 'e.g. ZC2026112200001' }),
              phoneLast4: Type.String({ pattern: '^\\d{4}$' }),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              number: Type.String(),
              status: Type.String(),
              statusLabel: Type.String(),
              categoryName: Type.Union([Type.String(), Type.Null()]),
              createdAt: Type.String(),
              deadline: Type.String(),
              closedAt: Type.Union([Type.String(), Type.Null()]),
              timeline: Type.Array(
                Type.Object({ action: Type.String(), status: Type.String(), statusLabel: Type.String(), at: Type.String() }),
              ),
            }),
          },
        },
      },
      async (request) => cases.publicStatus(request.query.number, request.query.phoneLast4),
    );
  };
}
