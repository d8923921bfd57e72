/**
 * `/sensing/devices/{id}/commands`: send a command of the device's thing model (202 once the
 * broker took it), the device's command history, one command. Devices answer over MQTT on
 * `devices/{id}/commands/ack` (docs/sensing.md).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../../../kernel/auth/index.js';
import { Cursor, DeviceId, IsoTime, Limit, Nullable } from '../routes/schemas.js';
import { COMMAND_STATUSES } from './command-types.js';
import { MAX_COMMAND_TIMEOUT_S, DEFAULT_COMMAND_TIMEOUT_S, type CommandsService } from './commands.service.js';

const ParamValue = Type.Union([Type.Number(), Type.String({ maxLength: 500 }), Type.Boolean()]);

const CommandSchema = Type.Object({
  id: Type.String(),
  deviceId: Type.String(),
  deviceType: Type.String(),
  name: Type.String(),
  params: Type.Record(Type.String(), ParamValue),
  status: Type.Enum([...COMMAND_STATUSES], {
    description: 'pending (being published) → sent → acknowledged | failed | timed_out',
  }),
  createdBy: Type.String({ description: 'audit actor: a user id or apikey:<id>' }),
  createdAt: IsoTime,
  sentAt: Nullable(IsoTime),
  expiresAt: Type.String({ format: 'date-time', description: 'times out at this instant unless answered' }),
  completedAt: Nullable(IsoTime),
  result: Nullable(Type.Record(Type.String(), Type.Unknown(), { description: 'what the device returned with ok' })),
  message: Nullable(Type.String({ description: "the device's or the platform's explanation" })),
});

const DeviceParams = Type.Object({ id: DeviceId });
const CommandParams = Type.Object({ id: DeviceId, commandId: Type.String({ minLength: 1, maxLength: 64 }) });

/** The command routes. */
export function commandsRoutes(commands: CommandsService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/sensing/devices/:id/commands',
      {
        config: { permission: 'sensing.write' },
        schema: {
          tags: ['sensing'],
          summary:
            "Send a command of the device's thing model (202 once published; 409 when the device is disabled, offline or not connected)",
          description:
            'Published QoS 1 on `devices/{id}/commands` as `{id, name, params, ts}`. The device answers on `devices/{id}/commands/ack` with `{id, status: "ok" | "failed", result?, message?}`; without an answer the command times out.',
          params: DeviceParams,
          body: Type.Object(
            {
              name: Type.String({ minLength: 1, maxLength: 64, description: 'a command of the thing model, e.g. dim' }),
              params: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), ParamValue, { maxProperties: 50 })),
              timeoutSeconds: Type.Optional(
                Type.Integer({
                  minimum: 1,
                  maximum: MAX_COMMAND_TIMEOUT_S,
                  description: `seconds the device has to answer (default ${DEFAULT_COMMAND_TIMEOUT_S})`,
                }),
              ),
            },
            { additionalProperties: false },
          ),
          response: { 202: CommandSchema },
        },
      },
      async (request, reply) => reply.status(202).send(await commands.send(actorOf(request.principal), request.params.id, request.body)),
    );

    app.get(
      '/sensing/devices/:id/commands',
      {
        config: { permission: 'sensing.read' },
        schema: {
          tags: ['sensing'],
          summary: "A device's commands, newest first",
          params: DeviceParams,
          querystring: Type.Object(
            {
              status: Type.Optional(Type.Enum([...COMMAND_STATUSES])),
              limit: Type.Optional(Limit(1000, 50)),
              cursor: Type.Optional(Cursor),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ items: Type.Array(CommandSchema), next: Nullable(Type.String()) }) },
        },
      },
      async (request) =>
        commands.list(request.params.id, { limit: request.query.limit ?? 50, cursor: request.query.cursor, status: request.query.status }),
    );

    app.get(
      '/sensing/devices/:id/commands/:commandId',
      {
        config: { permission: 'sensing.read' },
        schema: {
          tags: ['sensing'],
          summary: 'One command of a device with its state',
          params: CommandParams,
          response: { 200: CommandSchema },
        },
      },
      async (request) => commands.get(request.params.id, request.params.commandId),
    );
  };
}
