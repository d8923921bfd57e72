/** Reading telemetry back: latest values, series (raw or bucketed), CSV export, refusals, device events. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Principal } from '../../../kernel/auth/index.js';
import type { DeviceEventsService } from '../device-events.service.js';
import type { TelemetryQueryService } from '../telemetry-query.service.js';
import { Cursor, DeviceIdParams, IsoTime, Limit, Nullable, Value } from './schemas.js';

const MemberName = Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$' });
const BucketSchema = Type.Enum(['1m', '5m', '1h', '1d'], {
  description: '1m/5m from minute rollups, 1h/1d (Asia/Shanghai days) from hourly ones',
});
const AggSchema = Type.Enum(['avg', 'min', 'max', 'sum', 'count', 'last'], { description: 'Aggregation per bucket (default avg)' });
const Range = {
  from: Type.Optional({ ...IsoTime, description: 'Start (inclusive); default: 24 h before `to`' }),
  to: Type.Optional({ ...IsoTime, description: 'End (exclusive); default: now' }),
};

/**
 * The telemetry read routes. `checkVisible` is department scoping: it throws not_found for a
 * device outside the caller's departments, before any of these routes reads its data.
 */
export function telemetryRoutes(
  query: TelemetryQueryService,
  deviceEvents: DeviceEventsService,
  checkVisible: (principal: Principal | null, deviceId: string) => Promise<void> = async () => {},
): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.addHook('preHandler', async (req) => {
      const id = (req.params as { id?: unknown } | undefined)?.id;
      if (typeof id === 'string') await checkVisible(req.principal, id);
    });
    app.get(
      '/sensing/devices/:id/latest',
      {
        config: { permission: 'sensing.read' },
        schema: {
          tags: ['sensing'],
          summary: 'The newest value of every property the device reported',
          params: DeviceIdParams,
          response: {
            200: Type.Object({
              deviceId: Type.String(),
              values: Type.Record(Type.String(), Type.Object({ value: Value, ts: Type.String() })),
            }),
          },
        },
      },
      async (req) => query.latest(req.params.id),
    );

    app.get(
      '/sensing/devices/:id/telemetry',
      {
        config: { permission: 'sensing.read' },
        schema: {
          tags: ['sensing'],
          summary: 'A series of one property: raw values (paged, oldest first) or aggregated buckets',
          params: DeviceIdParams,
          querystring: Type.Object(
            {
              property: MemberName,
              ...Range,
              bucket: Type.Optional(BucketSchema),
              agg: Type.Optional(AggSchema),
              limit: Type.Optional({ ...Limit(10_000, 1000), description: 'Raw values per page' }),
              cursor: Type.Optional(Cursor),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              deviceId: Type.String(),
              property: Type.String(),
              bucket: Nullable(Type.String()),
              agg: Nullable(Type.String()),
              points: Type.Array(Type.Object({ ts: Type.String({ description: 'Instant, or bucket start' }), value: Value })),
              next: Nullable(Type.String({ description: 'Cursor of the next raw page' })),
            }),
          },
        },
      },
      async (req) => query.series(req.params.id, req.query),
    );

    app.get(
      '/sensing/devices/:id/telemetry.csv',
      {
        config: { permission: 'sensing.read' },
        schema: {
          tags: ['sensing'],
          summary: 'CSV export (ts in Beijing time, property, value) of one property or all, raw or bucketed',
          params: DeviceIdParams,
          querystring: Type.Object(
            { property: Type.Optional(MemberName), ...Range, bucket: Type.Optional(BucketSchema), agg: Type.Optional(AggSchema) },
            { additionalProperties: false },
          ),
          produces: ['text/csv'],
          response: { 200: Type.String({ description: 'text/csv; charset=utf-8 with a BOM' }) },
        },
      },
      async (req, reply) => {
        const csv = await query.csv(req.params.id, req.query);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${req.params.id}-telemetry.csv"`)
          .send(csv);
      },
    );

    app.get(
      '/sensing/devices/:id/rejections',
      {
        config: { permission: 'sensing.read' },
        schema: {
          tags: ['sensing'],
          summary: 'Readings and values the platform refused from this device (kept 30 days), newest first',
          params: DeviceIdParams,
          querystring: Type.Object(
            { limit: Type.Optional(Limit(1000, 50)), cursor: Type.Optional(Cursor) },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              items: Type.Array(
                Type.Object({
                  id: Type.Integer(),
                  receivedAt: Type.String(),
                  channel: Type.String({ description: 'http | mqtt' }),
                  index: Type.Integer(),
                  property: Nullable(Type.String()),
                  reason: Type.String(),
                  excerpt: Nullable(Type.String({ description: 'The start of what was sent' })),
                }),
              ),
              next: Nullable(Type.String()),
            }),
          },
        },
      },
      async (req) => query.rejections(req.params.id, req.query.limit ?? 50, req.query.cursor),
    );

    app.get(
      '/sensing/devices/:id/events',
      {
        config: { permission: 'sensing.read' },
        schema: {
          tags: ['sensing'],
          summary: 'Events the device reported (devices/{id}/events), newest first',
          params: DeviceIdParams,
          querystring: Type.Object({ ...Range, limit: Type.Optional(Limit(1000, 100)) }, { additionalProperties: false }),
          response: {
            200: Type.Object({
              items: Type.Array(
                Type.Object({
                  id: Type.Integer(),
                  event: Type.String(),
                  ts: Type.String(),
                  data: Type.Record(Type.String(), Type.Unknown()),
                  receivedAt: Type.String(),
                }),
              ),
            }),
          },
        },
      },
      async (req) => ({
        items: await deviceEvents.list(req.params.id, { from: req.query.from, to: req.query.to, limit: req.query.limit ?? 100 }),
      }),
    );
  };
}
