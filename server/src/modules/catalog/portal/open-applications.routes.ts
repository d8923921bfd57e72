/**
 * Applications for 有条件开放 data: the public form (`POST /open-data/datasets/{id}/applications`,
 * anonymous, tightly rate-limited), the applicant's status check, and the stewards' inbox and
 * decision (`/catalog/open-applications`).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, Nullable } from '../routes/schemas.js';
import type { OpenApplicationsService } from './open-applications.js';

/** Applications per client address per minute: a person fills a form, a script does not get far. */
export const APPLICATION_RATE = { max: 5, timeWindow: '1 minute' };

const Status = Type.Enum(['pending', 'approved', 'refused']);

const ApplicationSchema = Type.Object({
  id: Type.String(),
  resourceId: Type.String(),
  resourceName: Nullable(Type.String()),
  departmentCode: Type.String(),
  applicantName: Type.String(),
  organization: Nullable(Type.String()),
  email: Type.String(),
  phone: Nullable(Type.String()),
  purpose: Type.String(),
  status: Status,
  reason: Nullable(Type.String()),
  createdAt: Type.String(),
  decidedAt: Nullable(Type.String()),
  decidedBy: Nullable(Type.String()),
});

const PublicStatusSchema = Type.Object({
  id: Type.String(),
  resourceId: Type.String(),
  resourceName: Nullable(Type.String()),
  status: Status,
  reason: Nullable(Type.String()),
  createdAt: Type.String(),
  decidedAt: Nullable(Type.String()),
});

export function openApplicationsRoutes(apps: OpenApplicationsService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/open-data/datasets/:id/applications',
      {
        config: { public: true, rateLimit: APPLICATION_RATE },
        schema: {
          tags: ['open-data'],
          summary: 'Apply for a 有条件开放 dataset (public): who you are and why; the providing department decides',
          security: [],
          params: IdParams,
          body: Type.Object(
            {
              applicantName: Type.String({ minLength: 1, maxLength: 50 }),
              organization: Type.Optional(Type.String({ maxLength: 100 })),
              email: Type.String({ minLength: 3, maxLength: 200, pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$' }),
              phone: Type.Optional(Type.String({ maxLength: 20, pattern: '^[0-9+\\- ]*$' })),
              purpose: Type.String({ minLength: 5, maxLength: 1000 }),
            },
            { additionalProperties: false },
          ),
          response: { 201: PublicStatusSchema },
        },
      },
      async (req, reply) => {
        const a = await apps.submit(req.params.id, req.body);
        return reply.status(201).send(await apps.status(a.id));
      },
    );

    app.get(
      '/open-data/applications/:id',
      {
        config: { public: true, rateLimit: APPLICATION_RATE },
        schema: {
          tags: ['open-data'],
          summary: 'The status of an application (public; the id is the receipt the applicant was given)',
          security: [],
          params: IdParams,
          response: { 200: PublicStatusSchema },
        },
      },
      async (req) => apps.status(req.params.id),
    );

    app.get(
      '/catalog/open-applications',
      {
        config: { permission: 'catalog.read' },
        schema: {
          tags: ['open-data'],
          summary: "Applications for the department's 有条件开放 datasets (all departments for the administrator), newest first",
          querystring: Type.Object(
            { status: Type.Optional(Status), limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }) },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ items: Type.Array(ApplicationSchema) }) },
        },
      },
      async (req) => ({ items: await apps.list(req.principal!, req.query.status, req.query.limit) }),
    );

    app.post(
      '/catalog/open-applications/:id/decision',
      {
        config: { permission: 'catalog.write' },
        schema: {
          tags: ['open-data'],
          summary: 'Approve or refuse a pending application (a refusal gives its reason)',
          params: IdParams,
          body: Type.Object(
            { decision: Type.Enum(['approved', 'refused']), reason: Type.Optional(Type.String({ maxLength: 1000 })) },
            { additionalProperties: false },
          ),
          response: { 200: ApplicationSchema },
        },
      },
      async (req) => apps.decide(req.principal!, req.params.id, req.body.decision, req.body.reason),
    );
  };
}
