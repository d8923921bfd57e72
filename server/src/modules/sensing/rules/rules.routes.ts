/** `/sensing/rules` (CONTRACT.md "Sensing"): alarm rules, one permission line and one service call each. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from 'typebox';
import { MAX_DURATION_SECONDS, RULE_OPERATORS, SEVERITIES } from './rule-types.js';
import type { RulesService } from './rules.service.js';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const IsoTime = Type.String({ format: 'date-time' });

const Name = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S', description: 'e.g. 水位超警戒' });
const Description = Type.String({ maxLength: 500 });
const DeviceId = Type.String({ minLength: 1, maxLength: 64, description: 'watch this one device' });
const DeviceType = Type.String({ minLength: 1, maxLength: 64, description: 'watch every device of this type (WaterLevel …)' });
const AreaCode = Type.String({
  pattern: '^[0-9]{6,15}$',
  description: 'watch every device whose grid code starts with this district (6), street (9), community (12) or grid (15) code',
});
const Property = Type.String({ minLength: 1, maxLength: 64, description: 'thing-model property, e.g. level, pm25' });
const Operator = Type.Enum([...RULE_OPERATORS], {
  description:
    '> >= < <= compare with threshold; between/outside with range; rate: |Δvalue/Δminutes| > threshold; nodata: no reading for durationSeconds',
});
const Threshold = Type.Number({ description: 'for > >= < <= and rate' });
const Range = Type.Array(Type.Number(), { minItems: 2, maxItems: 2, description: '[low, high] for between and outside' });
const Duration = Type.Integer({
  minimum: 0,
  maximum: MAX_DURATION_SECONDS,
  description: 'the condition must hold this long before the alarm is raised; for nodata, the silence that raises it',
});
const Hysteresis = Type.Number({
  minimum: 0,
  description: 'the value must move this far back past the threshold before the alarm clears (absolute; default 0)',
});
const SeverityEnum = Type.Enum([...SEVERITIES], { description: 'warning colour, most severe first' });

const RuleSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  deviceId: Nullable(Type.String()),
  deviceType: Nullable(Type.String()),
  areaCode: Nullable(Type.String()),
  property: Type.String(),
  operator: Operator,
  threshold: Nullable(Type.Number()),
  range: Nullable(Type.Array(Type.Number())),
  durationSeconds: Type.Integer(),
  clearHysteresis: Type.Number(),
  severity: SeverityEnum,
  perceivedSeverity: Type.Enum(['critical', 'major', 'minor', 'warning'], { description: 'ITU-T X.733 / ThingsBoard name' }),
  enabled: Type.Boolean(),
  condition: Type.String({ description: 'readable condition, e.g. level > 3.2 for 600 s' }),
  revision: Type.Integer(),
  createdBy: Type.String(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
});

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

/** `GET/POST /sensing/rules`, `GET/PATCH/DELETE /sensing/rules/{id}`. */
export function rulesCrudRoutes(service: RulesService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/sensing/rules',
      {
        config: { permission: 'sensing.read' },
        schema: {
          tags: ['sensing'],
          summary: 'List alarm rules',
          querystring: Type.Object(
            {
              deviceId: Type.Optional(DeviceId),
              deviceType: Type.Optional(DeviceType),
              areaCode: Type.Optional(AreaCode),
              property: Type.Optional(Property),
              enabled: Type.Optional(Type.Boolean()),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 50 })),
              cursor: Type.Optional(Type.String({ maxLength: 200, description: 'opaque; the `next` of the previous page' })),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ items: Type.Array(RuleSchema), next: Nullable(Type.String()), total: Type.Integer() }) },
        },
      },
      async (request) => service.list(request.query),
    );

    app.get(
      '/sensing/rules/:id',
      {
        config: { permission: 'sensing.read' },
        schema: { tags: ['sensing'], summary: 'One alarm rule', params: IdParams, response: { 200: RuleSchema } },
      },
      async (request) => service.get(request.params.id),
    );

    app.post(
      '/sensing/rules',
      {
        config: { permission: 'sensing.write' },
        schema: {
          tags: ['sensing'],
          summary: 'Create an alarm rule (exactly one of deviceId, deviceType, areaCode)',
          body: Type.Object(
            {
              name: Name,
              description: Type.Optional(Nullable(Description)),
              deviceId: Type.Optional(DeviceId),
              deviceType: Type.Optional(DeviceType),
              areaCode: Type.Optional(AreaCode),
              property: Property,
              operator: Operator,
              threshold: Type.Optional(Threshold),
              range: Type.Optional(Range),
              durationSeconds: Type.Optional(Duration),
              clearHysteresis: Type.Optional(Hysteresis),
              severity: SeverityEnum,
              enabled: Type.Optional(Type.Boolean()),
            },
            { additionalProperties: false },
          ),
          response: { 201: RuleSchema },
        },
      },
      async (request, reply) => reply.status(201).send(await service.create(request.principal, request.body)),
    );

    app.patch(
      '/sensing/rules/:id',
      {
        config: { permission: 'sensing.write' },
        schema: {
          tags: ['sensing'],
          summary: 'Change an alarm rule (a changed condition or target clears its open alarms)',
          params: IdParams,
          body: Type.Object(
            {
              name: Type.Optional(Name),
              description: Type.Optional(Nullable(Description)),
              deviceId: Type.Optional(Nullable(DeviceId)),
              deviceType: Type.Optional(Nullable(DeviceType)),
              areaCode: Type.Optional(Nullable(AreaCode)),
              property: Type.Optional(Property),
              operator: Type.Optional(Operator),
              threshold: Type.Optional(Nullable(Threshold)),
              range: Type.Optional(Nullable(Range)),
              durationSeconds: Type.Optional(Duration),
              clearHysteresis: Type.Optional(Hysteresis),
              severity: Type.Optional(SeverityEnum),
              enabled: Type.Optional(Type.Boolean()),
            },
            { additionalProperties: false, minProperties: 1 },
          ),
          response: { 200: RuleSchema },
        },
      },
      async (request) => service.update(request.principal, request.params.id, request.body),
    );

    app.delete(
      '/sensing/rules/:id',
      {
        config: { permission: 'sensing.write' },
        schema: {
          tags: ['sensing'],
          summary: 'Delete an alarm rule (its open alarms clear; alarms and their history stay)',
          params: IdParams,
          response: { 204: Type.Null() },
        },
      },
      async (request, reply) => {
        await service.delete(request.principal, request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
}
