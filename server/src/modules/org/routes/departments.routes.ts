/** `/org/departments` (API.md "org"). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { DepartmentsService } from '../departments.service.js';
import {
  ActiveStatusSchema,
  CursorSchema,
  DepartmentCodeSchema,
  DepartmentKindSchema,
  DepartmentSchema,
  LimitSchema,
  Nullable,
  PageSchema,
  PhoneSchema,
  UnitCodeSchema,
} from './schemas.js';

const NameSchema = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });
const CodeParams = Type.Object({ code: DepartmentCodeSchema });

export function departmentsRoutes(departments: DepartmentsService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/org/departments',
      {
        config: { permission: 'org.read' },
        schema: {
          tags: ['org'],
          summary: 'List departments',
          querystring: Type.Object({
            q: Type.Optional(Type.String({ maxLength: 100, description: 'part of the name or code' })),
            kind: Type.Optional(DepartmentKindSchema),
            orgUnitCode: Type.Optional(UnitCodeSchema),
            status: Type.Optional(ActiveStatusSchema),
            limit: LimitSchema,
            cursor: Type.Optional(CursorSchema),
          }),
          response: { 200: PageSchema(DepartmentSchema) },
        },
      },
      async (request) => departments.list(request.query),
    );

    app.get(
      '/org/departments/:code',
      {
        config: { permission: 'org.read' },
        schema: { tags: ['org'], summary: 'One department', params: CodeParams, response: { 200: DepartmentSchema } },
      },
      async (request) => departments.get(request.params.code),
    );

    app.post(
      '/org/departments',
      {
        config: { permission: 'org.write' },
        schema: {
          tags: ['org'],
          summary: 'Create a department (409 when the code is taken)',
          body: Type.Object(
            {
              code: DepartmentCodeSchema,
              name: NameSchema,
              kind: DepartmentKindSchema,
              orgUnitCode: UnitCodeSchema,
              parentCode: Type.Optional(Nullable(DepartmentCodeSchema)),
              phone: Type.Optional(Nullable(PhoneSchema)),
            },
            { additionalProperties: false },
          ),
          response: { 201: DepartmentSchema },
        },
      },
      async (request, reply) => reply.status(201).send(await departments.create(request.principal, request.body)),
    );

    app.patch(
      '/org/departments/:code',
      {
        config: { permission: 'org.write' },
        schema: {
          tags: ['org'],
          summary: 'Change a department',
          params: CodeParams,
          body: Type.Object(
            {
              name: Type.Optional(NameSchema),
              kind: Type.Optional(DepartmentKindSchema),
              orgUnitCode: Type.Optional(UnitCodeSchema),
              parentCode: Type.Optional(Nullable(DepartmentCodeSchema)),
              phone: Type.Optional(Nullable(PhoneSchema)),
              status: Type.Optional(ActiveStatusSchema),
            },
            { additionalProperties: false, minProperties: 1 },
          ),
          response: { 200: DepartmentSchema },
        },
      },
      async (request) => departments.update(request.principal, request.params.code, request.body),
    );
  };
}
