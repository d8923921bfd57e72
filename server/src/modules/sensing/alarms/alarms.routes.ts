/** `/sensing/alarms` (CONTRACT.md "Sensing"): list, detail with history, acknowledge. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { DeviceScope } from '../sensing-types.js';
import type { Principal } from '../../../kernel/auth/index.js';
import { Type, type TSchema } from 'typebox';
import { SEVERITIES } from '../rules/rule-types.js';
import { ALARM_STATUSES } from './alarm-lifecycle.js';
import type { AlarmsService } from './alarms.service.js';
import { ACK_COMMENT_MAX } from './alarms.service.js';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const IsoTime = Type.String({ format: 'date-time' });
const Value = Type.Union([Type.Number(), Type.String(), Type.Boolean(), Type.Null()], {
  description: 'a reading value as the device sent it; null when no reading decided (nodata)',
});

const AlarmSchema = Type.Object({
  id: Type.String(),
  ruleId: Type.String(),
  ruleName: Type.String(),
  condition: Type.String({ description: 'the rule condition when it was raised, e.g. level > 3.2 for 600 s' }),
  deviceId: Type.String(),
  deviceType: Type.String(),
  property: Type.String(),
  status: Type.Enum([...ALARM_STATUSES]),
  acknowledged: Type.Boolean({ description: 'false on a cleared alarm nobody acknowledged' }),
  severity: Type.Enum([...SEVERITIES]),
  perceivedSeverity: Type.Enum(['critical', 'major', 'minor', 'warning'], { description: 'ITU-T X.733 / ThingsBoard name' }),
  count: Type.Integer({ description: 'breaching readings while open (1 at raise)' }),
  raisedAt: IsoTime,
  lastSeenAt: IsoTime,
  clearedAt: Nullable(IsoTime),
  clearReason: Nullable(Type.Enum(['recovered', 'rule_changed', 'rule_disabled', 'rule_deleted', 'device_disabled', 'device_removed'])),
  acknowledgedAt: Nullable(IsoTime),
  acknowledgedBy: Nullable(Type.String()),
  ackComment: Nullable(Type.String()),
  firstValue: Value,
  lastValue: Value,
  gridCode: Nullable(Type.String()),
  location: Nullable(Type.Object({ lon: Type.Number(), lat: Type.Number() })),
});

const AlarmDetailSchema = Type.Object({
  ...AlarmSchema.properties,
  history: Type.Array(
    Type.Object({
      action: Type.Enum(['raised', 'repeated', 'acknowledged', 'cleared']),
      at: IsoTime,
      by: Type.String({ description: '`system` (the rule engine), a user id or apikey:<id>' }),
      comment: Nullable(Type.String()),
      value: Value,
    }),
  ),
});

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

/**
 * `GET /sensing/alarms`, `GET /sensing/alarms/{id}`, `POST /sensing/alarms/{id}/acknowledge`.
 * `scopeOf` is department scoping: the devices whose alarms a caller sees (null: all).
 */
export function alarmsRoutes(
  alarms: AlarmsService,
  scopeOf: (principal: Principal | null) => Promise<DeviceScope | null> = async () => null,
): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/sensing/alarms',
      {
        config: { permission: 'sensing.read' },
        schema: {
          tags: ['sensing'],
          summary: 'Alarms, newest first',
          querystring: Type.Object(
            {
              status: Type.Optional(Type.Enum([...ALARM_STATUSES, 'open'], { description: 'open = active or acknowledged' })),
              deviceId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
              ruleId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
              severity: Type.Optional(Type.Enum([...SEVERITIES])),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 50 })),
              cursor: Type.Optional(Type.String({ maxLength: 200, description: 'opaque; the `next` of the previous page' })),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ items: Type.Array(AlarmSchema), next: Nullable(Type.String()), total: Type.Integer() }) },
        },
      },
      async (request) => alarms.list(request.query, await scopeOf(request.principal)),
    );

    app.get(
      '/sensing/alarms/:id',
      {
        config: { permission: 'sensing.read' },
        schema: { tags: ['sensing'], summary: 'One alarm with its history', params: IdParams, response: { 200: AlarmDetailSchema } },
      },
      async (request) => alarms.get(request.params.id, await scopeOf(request.principal)),
    );

    app.post(
      '/sensing/alarms/:id/acknowledge',
      {
        config: { permission: 'sensing.alarms.write' },
        schema: {
          tags: ['sensing'],
          summary: 'Acknowledge an alarm with a comment (409 when already acknowledged)',
          params: IdParams,
          body: Type.Object(
            { comment: Type.String({ minLength: 1, maxLength: ACK_COMMENT_MAX, pattern: '\\S', description: 'what was done' }) },
            { additionalProperties: false },
          ),
          response: { 200: AlarmDetailSchema },
        },
      },
      async (request) => alarms.acknowledge(request.principal, request.params.id, request.body.comment, await scopeOf(request.principal)),
    );
  };
}
