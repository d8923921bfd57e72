/** `/cases/categories` (CONTRACT.md "Cases"): the taxonomy tree and its management; sensor mappings. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { CategoriesService } from '../categories/categories.service.js';
import { CategoryNodeSchema, CategorySchema, CreateCategoryBody, UpdateCategoryBody } from './schemas.js';

const CodeParams = Type.Object({ code: Type.String({ pattern: '^\\d{2,8}$' }) });

export function categoriesRoutes(categories: CategoriesService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/cases/categories',
      {
        config: { permission: 'cases.read' },
        schema: {
          tags: ['cases'],
          summary: 'The case taxonomy: 大类 with their 小类 (components, events, hotline topics)',
          querystring: Type.Object(
            { enabled: Type.Optional(Type.Boolean({ description: 'true = only enabled ones' })) },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ items: Type.Array(CategoryNodeSchema) }) },
        },
      },
      async (request) => ({ items: categories.tree(request.query.enabled !== true) }),
    );

    app.post(
      '/cases/categories',
      {
        config: { permission: 'cases.config.write' },
        schema: { tags: ['cases'], summary: 'Add a category', body: CreateCategoryBody, response: { 201: CategorySchema } },
      },
      async (request, reply) => reply.code(201).send(await categories.create(request.principal, request.body)),
    );

    app.patch(
      '/cases/categories/:code',
      {
        config: { permission: 'cases.config.write' },
        schema: {
          tags: ['cases'],
          summary: 'Change a category: name, department, time limit, required fields, routing rules, enabled',
          params: CodeParams,
          body: UpdateCategoryBody,
          response: { 200: CategorySchema },
        },
      },
      async (request) => categories.update(request.principal, request.params.code, request.body),
    );

    app.delete(
      '/cases/categories/:code',
      {
        config: { permission: 'cases.config.write' },
        schema: { tags: ['cases'], summary: 'Delete an unused category (used ones can only be disabled)', params: CodeParams },
      },
      async (request, reply) => {
        await categories.delete(request.principal, request.params.code);
        return reply.code(204).send();
      },
    );

    app.get(
      '/cases/alarm-mappings',
      {
        config: { permission: 'cases.read' },
        schema: {
          tags: ['cases'],
          summary: 'Sensor alarm → category: which alarms become cases',
          response: {
            200: Type.Object({
              items: Type.Array(Type.Object({ deviceType: Type.String(), property: Type.String(), categoryCode: Type.String() })),
            }),
          },
        },
      },
      async () => ({ items: await categories.repo.mappings() }),
    );

    app.put(
      '/cases/alarm-mappings',
      {
        config: { permission: 'cases.config.write' },
        schema: {
          tags: ['cases'],
          summary: 'Map a device type and property to a category',
          body: Type.Object(
            {
              deviceType: Type.String({ minLength: 1, maxLength: 64 }),
              property: Type.String({ minLength: 1, maxLength: 64 }),
              categoryCode: Type.String({ pattern: '^\\d{2,8}$' }),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ deviceType: Type.String(), property: Type.String(), categoryCode: Type.String() }) },
        },
      },
      async (request) => {
        await categories.setMapping(request.principal, request.body.deviceType, request.body.property, request.body.categoryCode);
        return request.body;
      },
    );
  };
}
