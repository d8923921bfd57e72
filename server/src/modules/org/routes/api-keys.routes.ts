/** `/org/api-keys`: keys for other systems (API.md "org"). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DomainError } from '../../../kernel/errors.js';
import type { ApiKeysService } from '../api-keys.service.js';
import { ApiKeySchema, IdSchema } from './schemas.js';

export function apiKeysRoutes(keys: ApiKeysService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/org/api-keys',
      {
        config: { permission: 'org.apikeys.write' },
        schema: {
          tags: ['org'],
          summary: 'List API keys (never the keys themselves)',
          response: { 200: Type.Object({ items: Type.Array(ApiKeySchema) }) },
        },
      },
      async () => ({ items: await keys.list() }),
    );

    app.post(
      '/org/api-keys',
      {
        config: { permission: 'org.apikeys.write' },
        schema: {
          tags: ['org'],
          summary: 'Create an API key; `key` (zk_…) is shown only in this response',
          body: Type.Object(
            {
              name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
              permissions: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 100, uniqueItems: true }),
            },
            { additionalProperties: false },
          ),
          response: { 201: Type.Object({ ...ApiKeySchema.properties, key: Type.String() }) },
        },
      },
      async (request, reply) => {
        if (!request.principal) throw new DomainError('unauthorized', 'Not signed in');
        reply.header('cache-control', 'no-store');
        return reply.status(201).send(await keys.create(request.principal, request.body));
      },
    );

    app.delete(
      '/org/api-keys/:id',
      {
        config: { permission: 'org.apikeys.write' },
        schema: {
          tags: ['org'],
          summary: 'Revoke an API key (at once)',
          params: Type.Object({ id: IdSchema }),
          response: { 204: Type.Null() },
        },
      },
      async (request, reply) => {
        await keys.revoke(request.principal, request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
}
