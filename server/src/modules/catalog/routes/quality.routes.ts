/** Data quality of a resource and the data bureau's overview. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { QualityService } from '../quality.service.js';
import { IdParams, Nullable } from './schemas.js';

const QualitySchema = Type.Object({
  resourceId: Type.String(),
  code: Type.String(),
  name: Type.String(),
  version: Nullable(Type.Integer()),
  rows: Type.Integer(),
  completeness: Nullable(Type.Record(Type.String(), Type.Number())),
  validity: Nullable(Type.Number()),
  freshness: Type.Object({
    dataUpdatedAt: Nullable(Type.String()),
    ageHours: Nullable(Type.Number()),
    maxAgeHours: Nullable(Type.Number()),
    fresh: Nullable(Type.Boolean()),
  }),
});

const OverviewSchema = Type.Object({
  resourcesByDepartment: Type.Array(
    Type.Object({
      departmentCode: Type.String(),
      departmentName: Nullable(Type.String()),
      draft: Type.Integer(),
      published: Type.Integer(),
      retired: Type.Integer(),
    }),
  ),
  requests: Type.Object({
    byStatus: Type.Record(Type.String(), Type.Integer()),
    pending: Type.Array(
      Type.Object({
        id: Type.String(),
        resourceId: Type.String(),
        provider: Type.String(),
        consumer: Type.String(),
        ageDays: Type.Number(),
        dueAt: Type.String(),
        overdue: Type.Boolean(),
        escalated: Type.Boolean(),
      }),
    ),
  }),
  reads: Type.Array(
    Type.Object({
      consumerDepartmentCode: Nullable(Type.String()),
      resourceId: Type.String(),
      reads: Type.Integer(),
      rows: Type.Integer(),
    }),
  ),
  quality: Type.Object({
    resources: Type.Integer(),
    withData: Type.Integer(),
    stale: Type.Integer(),
    averageValidity: Nullable(Type.Number()),
  }),
});

export function qualityRoutes(quality: QualityService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/catalog/resources/:id/quality',
      {
        config: { permission: 'catalog.read' },
        schema: {
          tags: ['catalog'],
          summary: 'Completeness per field, validity (rejected rows share) and freshness against the update cycle',
          params: IdParams,
          response: { 200: QualitySchema },
        },
      },
      async (req) => quality.resource(req.params.id),
    );

    app.get(
      '/catalog/overview',
      {
        config: { permission: 'catalog.read' },
        schema: {
          tags: ['catalog'],
          summary:
            'The data bureau overview: resources per department, share requests and their ages, reads per consumer × resource, quality',
          response: { 200: OverviewSchema },
        },
      },
      async (req) => quality.overview(req.principal!),
    );
  };
}
