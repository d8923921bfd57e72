/**
 * The `/ngsi-ld/v1` plugin, registered at the root (not under `/api/v1`): JSON-LD body types,
 * NGSI-LD errors for everything under it, the tenant header refusal, the served core context,
 * and the resource routes.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CORE_CONTEXT, CORE_CONTEXT_URL } from './json-ld-context.js';
import { NgsiLdError, sendNgsiLdError } from './ngsi-ld-errors.js';

/** The prefix every NGSI-LD route lives under. */
export const NGSI_LD_PREFIX = '/ngsi-ld/v1';

/** Wraps the resource plugins with what the whole NGSI-LD surface shares. */
export function ngsiLdPlugin(resources: FastifyPluginAsyncTypebox[]): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.setErrorHandler((error, request, reply) => sendNgsiLdError(error, request, reply));
    const notFound = (request: FastifyRequest, reply: FastifyReply) =>
      sendNgsiLdError(
        new NgsiLdError('ResourceNotFound', `No NGSI-LD resource ${request.method} ${request.url.split('?')[0]}; see docs/ngsi-ld.md`),
        request,
        reply,
      );
    app.setNotFoundHandler(notFound);
    // The web UI's static files claim GET /* at the root; this keeps unknown NGSI-LD paths NGSI-LD errors.
    app.route({ method: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'], url: '/*', config: { public: true }, handler: notFound });
    const json = (_req: unknown, body: string | Buffer, done: (err: Error | null, body?: unknown) => void) => {
      const text = body.toString();
      if (text.trim() === '') return done(new NgsiLdError('InvalidRequest', 'The body is empty; send a JSON document.'));
      try {
        done(null, JSON.parse(text));
      } catch (e) {
        done(new NgsiLdError('InvalidRequest', `The body is not valid JSON: ${(e as Error).message}`));
      }
    };
    app.addContentTypeParser(['application/ld+json', 'application/merge-patch+json'], { parseAs: 'string' }, json);
    app.addHook('onRequest', async (req) => {
      if (req.headers['ngsild-tenant'] !== undefined)
        throw new NgsiLdError('NoMultiTenantSupport', 'This broker has one tenant; send no NGSILD-Tenant header');
    });

    app.get('/jsonldContexts/ngsi-ld-core-context.jsonld', { config: { public: true } }, async (_req, reply) =>
      reply.header('cache-control', 'public, max-age=86400').type('application/ld+json').send(CORE_CONTEXT),
    );
    app.get('/jsonldContexts', { config: { public: true } }, async (_req, reply) =>
      reply.type('application/json').send([CORE_CONTEXT_URL]),
    );
    for (const r of resources) await app.register(r);
  };
}
