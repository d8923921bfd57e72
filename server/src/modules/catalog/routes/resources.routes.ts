/** `/catalog/resources`: register, find (text + facets), read, edit, publish and retire resources. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ResourceInput } from '../catalog-types.js';
import type { ResourcesService } from '../resources.service.js';
import {
  CreateResourceBody,
  IdParams,
  PatchResourceBody,
  ResourceListQuery,
  ResourcePageSchema,
  ResourceSchema,
  StatusSchema,
} from './schemas.js';

export function resourcesRoutes(resources: ResourcesService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/catalog/resources',
      {
        config: { permission: 'catalog.write' },
        schema: {
          tags: ['catalog'],
          summary: 'Register a resource (信息资源) with its fields (信息项); stewards register for their own department',
          body: CreateResourceBody,
          response: { 201: ResourceSchema },
        },
      },
      async (req, reply) => reply.status(201).send(await resources.create(req.principal!, req.body as ResourceInput)),
    );

    app.get(
      '/catalog/resources',
      {
        config: { permission: 'catalog.read' },
        schema: {
          tags: ['catalog'],
          summary: 'Search the catalog: Chinese text and facets (department, class, share/open type, grade, theme, format, update cycle)',
          querystring: ResourceListQuery,
          response: { 200: ResourcePageSchema },
        },
      },
      async (req) => {
        const { limit, cursor, ...filter } = req.query;
        return resources.search({ kind: 'staff', principal: req.principal! }, filter, limit, cursor);
      },
    );

    app.get(
      '/catalog/resources/:id',
      {
        config: { permission: 'catalog.read' },
        schema: {
          tags: ['catalog'],
          summary: 'One resource with its metadata and fields',
          params: IdParams,
          response: { 200: ResourceSchema },
        },
      },
      async (req) => resources.get({ kind: 'staff', principal: req.principal! }, req.params.id),
    );

    app.patch(
      '/catalog/resources/:id',
      {
        config: { permission: 'catalog.write' },
        schema: {
          tags: ['catalog'],
          summary: 'Change metadata (own department only); fields with data keep their name, type and key',
          params: IdParams,
          body: PatchResourceBody,
          response: { 200: ResourceSchema },
        },
      },
      async (req) => resources.update(req.principal!, req.params.id, req.body as Partial<ResourceInput>),
    );

    app.post(
      '/catalog/resources/:id/status',
      {
        config: { permission: 'catalog.write' },
        schema: {
          tags: ['catalog'],
          summary: 'Publish or retire a resource (draft → published → retired → published)',
          params: IdParams,
          body: Type.Object({ status: StatusSchema }, { additionalProperties: false }),
          response: { 200: ResourceSchema },
        },
      },
      async (req) => resources.setStatus(req.principal!, req.params.id, req.body.status),
    );
  };
}
