/** `/catalog/share-requests` and `/catalog/grants`: the sharing workflow. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { SharingService } from '../sharing.service.js';
import {
  ApproveBody,
  BoxSchema,
  CreateShareRequestBody,
  Cursor,
  GrantSchema,
  Limit,
  Nullable,
  ResourceId,
  ShareRequestSchema,
  ShareStatusSchema,
} from './schemas.js';

const RequestId = Type.Object({ id: Type.String({ pattern: '^[0-9A-Z]{26}$' }) });

export function sharingRoutes(sharing: SharingService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/catalog/share-requests',
      {
        config: { permission: 'catalog.share.request' },
        schema: {
          tags: ['catalog'],
          summary:
            'Request access to a conditionally shared resource (有条件共享): fields, purpose, period; answered within 10 working days',
          body: CreateShareRequestBody,
          response: { 201: ShareRequestSchema },
        },
      },
      async (req, reply) => reply.status(201).send(await sharing.request(req.principal!, req.body)),
    );

    app.get(
      '/catalog/share-requests',
      {
        config: { permission: 'catalog.read' },
        schema: {
          tags: ['catalog'],
          summary: 'Share requests: inbox (to my department), outbox (from it) or all (data bureau, admin), newest first',
          querystring: Type.Object(
            {
              box: Type.Optional(BoxSchema),
              status: Type.Optional(ShareStatusSchema),
              resourceId: Type.Optional(ResourceId),
              limit: Limit(1000, 50),
              cursor: Type.Optional(Cursor),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ items: Type.Array(ShareRequestSchema), next: Nullable(Type.String()) }) },
        },
      },
      async (req) => sharing.list(req.principal!, { ...req.query, box: req.query.box ?? 'inbox' }),
    );

    app.get(
      '/catalog/share-requests/:id',
      {
        config: { permission: 'catalog.read' },
        schema: { tags: ['catalog'], summary: 'One share request', params: RequestId, response: { 200: ShareRequestSchema } },
      },
      async (req) => sharing.get(req.principal!, req.params.id),
    );

    app.post(
      '/catalog/share-requests/:id/approve',
      {
        config: { permission: 'catalog.share.approve' },
        schema: {
          tags: ['catalog'],
          summary:
            'Approve: creates a grant (requested fields, optional cleartext fields and row filter, until) and the consumer key, shown once',
          params: RequestId,
          body: ApproveBody,
          response: {
            200: Type.Object({
              grantId: Type.String(),
              key: Type.String({ description: 'The consumer API key (zk_…), shown only now' }),
              requestId: Type.String(),
              until: Type.String(),
            }),
          },
        },
      },
      async (req) => sharing.approve(req.principal!, req.params.id, req.body),
    );

    app.post(
      '/catalog/share-requests/:id/refuse',
      {
        config: { permission: 'catalog.share.approve' },
        schema: {
          tags: ['catalog'],
          summary: 'Refuse with reasons (required)',
          params: RequestId,
          body: Type.Object({ reason: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
          response: { 200: ShareRequestSchema },
        },
      },
      async (req) => sharing.refuse(req.principal!, req.params.id, req.body.reason),
    );

    app.post(
      '/catalog/share-requests/:id/withdraw',
      {
        config: { permission: 'catalog.share.request' },
        schema: {
          tags: ['catalog'],
          summary: 'Withdraw a pending request (requesting department)',
          params: RequestId,
          response: { 200: ShareRequestSchema },
        },
      },
      async (req) => sharing.withdraw(req.principal!, req.params.id),
    );

    app.get(
      '/catalog/grants',
      {
        config: { permission: 'catalog.read' },
        schema: {
          tags: ['catalog'],
          summary: 'Grants given by my department (inbox), received by it (outbox) or all (data bureau, admin)',
          querystring: Type.Object(
            { box: Type.Optional(BoxSchema), resourceId: Type.Optional(ResourceId) },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ items: Type.Array(GrantSchema) }) },
        },
      },
      async (req) => ({ items: await sharing.grants(req.principal!, req.query.box ?? 'inbox', req.query.resourceId) }),
    );

    app.post(
      '/catalog/grants/:id/revoke',
      {
        config: { permission: 'catalog.share.approve' },
        schema: {
          tags: ['catalog'],
          summary: 'Revoke a grant and its key at once (providing department)',
          params: RequestId,
          body: Type.Object({ reason: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
          response: { 200: GrantSchema },
        },
      },
      async (req) => sharing.revokeGrant(req.principal!, req.params.id, req.body.reason),
    );
  };
}
