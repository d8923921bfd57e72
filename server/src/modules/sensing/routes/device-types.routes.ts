/** `/sensing/device-types`: the thing models (built-in Smart Data Models types and the city's own). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../../../kernel/auth/index.js';
import type { DeviceTypesService } from '../device-types.service.js';
import { CreateDeviceTypeBody, DeviceTypeSchema, TypeCode } from './schemas.js';

/** The thing-model routes. */
export function deviceTypesRoutes(types: DeviceTypesService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/sensing/device-types',
      {
        config: { permission: 'sensing.read' },
        schema: {
          tags: ['sensing'],
          summary: 'Thing models: built-in types (FIWARE Smart Data Models names) and user-defined ones',
          querystring: Type.Object({}, { additionalProperties: false }),
          response: { 200: Type.Object({ items: Type.Array(DeviceTypeSchema) }) },
        },
      },
      async () => ({ items: types.list() }),
    );

    app.get(
      '/sensing/device-types/:code',
      {
        config: { permission: 'sensing.read' },
        schema: {
          tags: ['sensing'],
          summary: 'One thing model with its properties, attributes, events and commands',
          params: Type.Object({ code: TypeCode }),
          response: { 200: DeviceTypeSchema },
        },
      },
      async (req) => types.require(req.params.code),
    );

    app.post(
      '/sensing/device-types',
      {
        config: { permission: 'sensing.write' },
        schema: {
          tags: ['sensing'],
          summary: 'Define a device type (409 when the code is built in or taken)',
          body: CreateDeviceTypeBody,
          response: { 201: DeviceTypeSchema },
        },
      },
      async (req, reply) => reply.status(201).send(await types.create(actorOf(req.principal), req.body)),
    );
  };
}
