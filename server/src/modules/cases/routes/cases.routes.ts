/** `/cases` (CONTRACT.md "Cases"): intake, list, detail with timeline, transitions, duplicates, notifications. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CHANNELS } from '../case-types.js';
import type { CasesService } from '../cases.service.js';
import { CaseDetailSchema, CaseSchema, CreateCaseBody, DuplicateSchema, IdParams, Location, Nullable, TransitionBody } from './schemas.js';

/** The case routes. */
export function casesRoutes(cases: CasesService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/cases',
      {
        config: { permission: 'cases.create' },
        schema: {
          tags: ['cases'],
          summary: 'Register a case: routed to its grid and department, deadline on the working-day calendar',
          body: CreateCaseBody,
          response: { 201: CaseDetailSchema },
        },
      },
      async (request, reply) => reply.code(201).send(await cases.create(request.principal, request.body)),
    );

    app.get(
      '/cases',
      {
        config: { permission: 'cases.read' },
        schema: {
          tags: ['cases'],
          summary: 'Cases (department-scoped for handlers; callers masked), newest first or by deadline',
          querystring: Type.Object(
            {
              status: Type.Optional(Type.String({ maxLength: 300, description: 'comma list of statuses, or open' })),
              departmentCode: Type.Optional(Type.String({ maxLength: 20 })),
              gridCode: Type.Optional(Type.String({ maxLength: 20 })),
              categoryCode: Type.Optional(Type.String({ maxLength: 8, description: 'a 大类 code includes its 小类' })),
              channel: Type.Optional(Type.Enum([...CHANNELS])),
              card: Type.Optional(Type.Enum(['none', 'yellow', 'red'])),
              from: Type.Optional(Type.String({ format: 'date-time', description: 'created at or after' })),
              to: Type.Optional(Type.String({ format: 'date-time', description: 'created before' })),
              q: Type.Optional(Type.String({ maxLength: 100, description: 'text in the description or address, or a case number' })),
              sort: Type.Optional(Type.Enum(['created', 'deadline'])),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 50 })),
              cursor: Type.Optional(Type.String({ maxLength: 300 })),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ items: Type.Array(CaseSchema), next: Nullable(Type.String()), total: Type.Integer() }) },
        },
      },
      async (request) => cases.list(request.principal, request.query),
    );

    app.post(
      '/cases/duplicate-check',
      {
        config: { permission: 'cases.create' },
        schema: {
          tags: ['cases'],
          summary: 'Open cases that look like the same problem (same category, same or neighbouring place, similar text, last 7 days)',
          body: Type.Object(
            {
              description: Type.String({ minLength: 1, maxLength: 4000 }),
              categoryCode: Type.String({ minLength: 2, maxLength: 8 }),
              location: Type.Optional(Location),
              address: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ items: Type.Array(DuplicateSchema) }) },
        },
      },
      async (request) => ({ items: await cases.duplicateCheck(request.body) }),
    );

    app.get(
      '/cases/caller-history',
      {
        config: { permission: 'cases.personal.read' },
        schema: {
          tags: ['cases'],
          summary: "The caller's earlier cases by phone number, newest first (audited)",
          querystring: Type.Object(
            { phone: Type.String({ minLength: 3, maxLength: 20 }), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ items: Type.Array(CaseSchema) }) },
        },
      },
      async (request) => ({ items: await cases.callerHistory(request.principal, request.query.phone, request.query.limit) }),
    );

    app.get(
      '/cases/:id',
      {
        config: { permission: 'cases.read' },
        schema: {
          tags: ['cases'],
          summary: 'One case with its timeline (a cleartext caller read is audited)',
          params: IdParams,
          response: { 200: CaseDetailSchema },
        },
      },
      async (request) => cases.get(request.principal, request.params.id),
    );

    app.post(
      '/cases/:id/transitions',
      {
        config: { permission: 'cases.read' },
        schema: {
          tags: ['cases'],
          summary: 'Take a workflow action (409 when not possible now, 403 when not yours to take); see docs/cases.md',
          params: IdParams,
          body: TransitionBody,
          response: { 200: CaseDetailSchema },
        },
      },
      async (request) => cases.transition(request.principal, request.params.id, request.body),
    );

    app.get(
      '/cases/:id/duplicates',
      {
        config: { permission: 'cases.read' },
        schema: {
          tags: ['cases'],
          summary: 'Possible duplicates of a case',
          params: IdParams,
          response: { 200: Type.Object({ items: Type.Array(DuplicateSchema) }) },
        },
      },
      async (request) => ({ items: await cases.duplicatesOf(request.principal, request.params.id) }),
    );

    app.get(
      '/cases/:id/notifications',
      {
        config: { permission: 'cases.read' },
        schema: {
          tags: ['cases'],
          summary: "Messages recorded for the case's reporter (merge notices)",
          params: IdParams,
          response: {
            200: Type.Object({
              items: Type.Array(
                Type.Object({
                  id: Type.String(),
                  channel: Type.String(),
                  recipient: Nullable(Type.String()),
                  message: Type.String(),
                  at: Type.String(),
                }),
              ),
            }),
          },
        },
      },
      async (request) => ({ items: await cases.notifications(request.principal, request.params.id) }),
    );
  };
}
