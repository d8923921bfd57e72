/** `/org/roles`, `/org/permissions`, `/org/units`: the read-only reference lists (API.md "org"). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PERMISSIONS, ROLES } from '../roles.js';
import type { UnitsRepository } from '../units.repository.js';
import { OrgUnitLevelSchema, OrgUnitSchema, UnitCodeSchema } from './schemas.js';

export function catalogueRoutes(units: UnitsRepository): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/org/roles',
      {
        config: { permission: 'org.read' },
        schema: {
          tags: ['org'],
          summary: 'Built-in roles and their permissions',
          response: {
            200: Type.Object({
              items: Type.Array(
                Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String(), permissions: Type.Array(Type.String()) }),
              ),
            }),
          },
        },
      },
      async () => ({ items: ROLES.map((r) => ({ code: r.code, name: r.name, nameEn: r.nameEn, permissions: [...r.permissions] })) }),
    );

    app.get(
      '/org/permissions',
      {
        config: { permission: 'org.read' },
        schema: {
          tags: ['org'],
          summary: 'The permission catalogue',
          response: {
            200: Type.Object({ items: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String() })) }),
          },
        },
      },
      async () => ({ items: PERMISSIONS.map((p) => ({ ...p })) }),
    );

    app.get(
      '/org/units',
      {
        config: { permission: 'org.read' },
        schema: {
          tags: ['org'],
          summary: 'Org units (city, districts, streets, communities)',
          querystring: Type.Object({ parentCode: Type.Optional(UnitCodeSchema), level: Type.Optional(OrgUnitLevelSchema) }),
          response: { 200: Type.Object({ items: Type.Array(OrgUnitSchema) }) },
        },
      },
      async (request) => ({ items: await units.list(request.query) }),
    );
  };
}
