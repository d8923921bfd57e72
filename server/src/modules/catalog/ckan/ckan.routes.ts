/**
 * `/api/3/action/{name}` (and CKAN's unversioned `/api/action/{name}`): GET with a query string or
 * POST with a JSON body, answered in CKAN's envelope. Public and rate-limited per client address;
 * a consumer key (`Authorization: Bearer …`) opens the data of
 * the 有条件开放 resource it was granted on.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../../kernel/errors.js';
import type { CatalogInternals } from '../catalog.service.js';
import { actionNamed } from './ckan-actions.js';
import { CkanError, CKAN_ERROR_TYPES } from './ckan-error.js';
import { CkanParams } from './ckan-params.js';

/** Calls per client address per minute: generous for a harvester paging through, bounded for scrapers. */
export const CKAN_RATE = { max: 300, timeWindow: '1 minute' };

/** The site URL the request came in on (links in the answers point back to it). */
export function siteUrl(req: FastifyRequest): string {
  return `${req.protocol}://${req.host}`;
}

const DOMAIN_TO_CKAN: Record<string, keyof typeof CKAN_ERROR_TYPES> = {
  not_found: 'Not Found Error',
  forbidden: 'Authorization Error',
  unauthorized: 'Authorization Error',
  invalid: 'Validation Error',
  conflict: 'Validation Error',
};

export function ckanRoutes(c: CatalogInternals): FastifyPluginAsyncTypebox {
  return async (app) => {
    const help = (req: FastifyRequest) => {
      const name = (req.params as { name?: string } | undefined)?.name ?? 'help_show';
      return `${siteUrl(req)}/api/3/action/help_show?name=${encodeURIComponent(name)}`;
    };

    // Every failure in this scope — ours, the catalog's, the body parser's, the rate limiter's — in CKAN's envelope.
    app.setErrorHandler((err, req, reply) => {
      const error = err as Error;
      const statusCode = (err as { statusCode?: number }).statusCode;
      let type: string;
      let status: number;
      let message = error.message;
      let fields: Record<string, unknown> = {};
      if (error instanceof CkanError) {
        type = error.type;
        status = error.status;
        fields = error.fields;
      } else if (error instanceof DomainError && DOMAIN_TO_CKAN[error.code]) {
        type = DOMAIN_TO_CKAN[error.code]!;
        status = CKAN_ERROR_TYPES[type as keyof typeof CKAN_ERROR_TYPES];
        if (error.errors.length) fields = Object.fromEntries(error.errors.map((e) => [e.path.split('/').pop() || 'error', [e.message]]));
      } else if (statusCode === 429) {
        type = 'Throttled';
        status = 429;
        if (!reply.getHeader('retry-after')) reply.header('retry-after', '60');
      } else if (statusCode && statusCode < 500) {
        type = 'Bad request';
        status = 400;
        message = `Bad request - ${error.message}`;
      } else {
        req.log.error({ err: error, reqId: req.id }, 'CKAN action failed');
        type = 'Internal Server Error';
        status = 500;
        message = 'Internal server error';
      }
      return reply
        .status(status)
        .type('application/json; charset=utf-8')
        .send({ help: help(req), success: false, error: { __type: type, message, ...fields } });
    });

    for (const prefix of ['/api/3/action', '/api/action']) {
      app.route({
        method: ['GET', 'POST'],
        url: `${prefix}/:name`,
        config: { public: true, rateLimit: CKAN_RATE },
        schema: { hide: true },
        handler: async (req, reply) => {
          const { name } = req.params as { name: string };
          const action = actionNamed(name);
          let raw: Record<string, unknown> = { ...(req.query as Record<string, unknown>) };
          if (req.method === 'POST' && req.body !== undefined && req.body !== null && req.body !== '') {
            if (typeof req.body !== 'object' || Array.isArray(req.body)) {
              throw new CkanError('Bad request', 'Bad request - JSON Error: the body must be a JSON object');
            }
            raw = { ...raw, ...(req.body as Record<string, unknown>) };
          }
          const result = await action({ c, params: new CkanParams(raw), principal: req.principal, base: siteUrl(req) });
          reply.header('access-control-allow-origin', '*');
          return { help: help(req), success: true, result };
        },
      });
    }
  };
}
