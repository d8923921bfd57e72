/** `/org/users`: staff accounts (API.md "org"). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { UsersService } from '../users.service.js';
import {
  ActiveStatusSchema,
  CursorSchema,
  DepartmentCodeSchema,
  DisplayNameSchema,
  IdSchema,
  LimitSchema,
  Nullable,
  PageSchema,
  PasswordSchema,
  PhoneSchema,
  RoleCodeSchema,
  UserDetailSchema,
  UserSummarySchema,
  UsernameSchema,
} from './schemas.js';

const Roles = Type.Array(RoleCodeSchema, { minItems: 1, maxItems: 8, uniqueItems: true });
const IdParams = Type.Object({ id: IdSchema });

export function usersRoutes(users: UsersService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/org/users',
      {
        config: { permission: 'org.read' },
        schema: {
          tags: ['org'],
          summary: 'List users (phones masked unless you may manage users)',
          querystring: Type.Object({
            q: Type.Optional(Type.String({ maxLength: 100, description: 'part of the username or name' })),
            role: Type.Optional(RoleCodeSchema),
            departmentCode: Type.Optional(DepartmentCodeSchema),
            status: Type.Optional(ActiveStatusSchema),
            limit: LimitSchema,
            cursor: Type.Optional(CursorSchema),
          }),
          response: { 200: PageSchema(UserSummarySchema) },
        },
      },
      async (request) => users.list(request.query, request.principal),
    );

    app.get(
      '/org/users/:id',
      {
        config: { permission: 'org.read' },
        schema: { tags: ['org'], summary: 'One user', params: IdParams, response: { 200: UserDetailSchema } },
      },
      async (request) => users.get(request.params.id, request.principal),
    );

    app.post(
      '/org/users',
      {
        config: { permission: 'org.users.write' },
        schema: {
          tags: ['org'],
          summary: 'Create a user; without `password` one is generated and returned once',
          body: Type.Object(
            {
              username: UsernameSchema,
              displayName: DisplayNameSchema,
              password: Type.Optional(PasswordSchema),
              roles: Roles,
              departmentCode: Type.Optional(Nullable(DepartmentCodeSchema)),
              phone: Type.Optional(Nullable(PhoneSchema)),
            },
            { additionalProperties: false },
          ),
          response: { 201: Type.Object({ user: UserDetailSchema, password: Type.Optional(Type.String()) }) },
        },
      },
      async (request, reply) => {
        const created = await users.create(request.principal, request.body);
        return reply.status(201).send(created);
      },
    );

    app.patch(
      '/org/users/:id',
      {
        config: { permission: 'org.users.write' },
        schema: {
          tags: ['org'],
          summary: 'Change a user (status: disabled ends their sessions; active also lifts a lockout)',
          params: IdParams,
          body: Type.Object(
            {
              displayName: Type.Optional(DisplayNameSchema),
              roles: Type.Optional(Roles),
              departmentCode: Type.Optional(Nullable(DepartmentCodeSchema)),
              phone: Type.Optional(Nullable(PhoneSchema)),
              status: Type.Optional(ActiveStatusSchema),
            },
            { additionalProperties: false, minProperties: 1 },
          ),
          response: { 200: UserDetailSchema },
        },
      },
      async (request) => users.update(request.principal, request.params.id, request.body),
    );

    app.post(
      '/org/users/:id/reset-password',
      {
        config: { permission: 'org.users.write' },
        schema: {
          tags: ['org'],
          summary: 'Set a new password (given or generated), shown once; the user must change it at next sign-in',
          params: IdParams,
          body: Type.Object({ password: Type.Optional(PasswordSchema) }, { additionalProperties: false }),
          response: { 200: Type.Object({ password: Type.String() }) },
        },
        // The body is optional: a bare POST means "generate one".
        preValidation: async (request) => {
          if (request.body === undefined || request.body === null) (request as { body: unknown }).body = {};
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        return users.resetPassword(request.principal, request.params.id, request.body.password);
      },
    );
  };
}
