/** `/sensing/devices`: the device registry (list, map layer, one, create, change, delete, new token). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../../../kernel/auth/index.js';
import type { DevicesService } from '../devices.service.js';
import {
  AreaCode,
  CreateDeviceBody,
  Cursor,
  DepartmentCode,
  DeviceIdParams,
  DeviceSchema,
  DeviceStateSchema,
  Limit,
  Nullable,
  TypeCode,
  UpdateDeviceBody,
} from './schemas.js';

const Filters = {
  type: Type.Optional(TypeCode),
  areaCode: Type.Optional(AreaCode),
  districtCode: Type.Optional(Type.String({ pattern: '^[0-9]{6}$', description: 'District code (same as areaCode with 6 digits)' })),
  departmentCode: Type.Optional(DepartmentCode),
  state: Type.Optional(DeviceStateSchema),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Part of the id or name' })),
};

const FeatureCollection = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      id: Type.String(),
      geometry: Type.Object({ type: Type.Literal('Point'), coordinates: Type.Array(Type.Number(), { minItems: 2, maxItems: 2 }) }),
      properties: Type.Object({
        id: Type.String(),
        name: Type.String(),
        type: Type.String(),
        state: DeviceStateSchema,
        lastSeenAt: Nullable(Type.String()),
        gridCode: Nullable(Type.String()),
        districtCode: Nullable(Type.String()),
        departmentCode: Nullable(Type.String()),
      }),
    }),
  ),
});

/** The device registry routes. */
export function devicesRoutes(devices: DevicesService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/sensing/devices',
      {
        config: { permission: 'sensing.read' },
        schema: {
          tags: ['sensing'],
          summary: 'Devices, filtered by type, area, department, state and text, paged by cursor, with the total',
          querystring: Type.Object(
            { ...Filters, limit: Type.Optional(Limit(1000, 50)), cursor: Type.Optional(Cursor) },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ items: Type.Array(DeviceSchema), next: Nullable(Type.String()), total: Type.Integer() }) },
        },
      },
      async (req) => {
        const { limit, cursor, districtCode, areaCode, ...rest } = req.query;
        return devices.page(await devices.scoped(req.principal, { ...rest, areaCode: areaCode ?? districtCode }), limit ?? 50, cursor);
      },
    );

    app.get(
      '/sensing/devices.geojson',
      {
        config: { permission: 'sensing.read' },
        schema: {
          tags: ['sensing'],
          summary: 'Every device matching the filters as a GeoJSON FeatureCollection of points (the map layer), with its state',
          querystring: Type.Object(Filters, { additionalProperties: false }),
          response: { 200: FeatureCollection },
        },
      },
      async (req, reply) => {
        const { districtCode, areaCode, ...rest } = req.query;
        const list = await devices.all(await devices.scoped(req.principal, { ...rest, areaCode: areaCode ?? districtCode }));
        reply.type('application/geo+json; charset=utf-8');
        return {
          type: 'FeatureCollection' as const,
          features: list.map((d) => ({
            type: 'Feature' as const,
            id: d.id,
            geometry: { type: 'Point' as const, coordinates: [d.location.lon, d.location.lat] },
            properties: {
              id: d.id,
              name: d.name,
              type: d.type,
              state: d.state,
              lastSeenAt: d.lastSeenAt,
              gridCode: d.grid?.code ?? null,
              districtCode: d.district?.code ?? null,
              departmentCode: d.departmentCode,
            },
          })),
        };
      },
    );

    app.get(
      '/sensing/devices/:id',
      {
        config: { permission: 'sensing.read' },
        schema: {
          tags: ['sensing'],
          summary: 'One device with its state and last sign of life',
          params: DeviceIdParams,
          response: { 200: DeviceSchema },
        },
      },
      async (req) => devices.getVisible(req.principal, req.params.id),
    );

    app.post(
      '/sensing/devices',
      {
        config: { permission: 'sensing.write' },
        schema: {
          tags: ['sensing'],
          summary: 'Register a device; its area comes from its location; the token is in this answer only',
          body: CreateDeviceBody,
          response: {
            201: Type.Intersect([
              DeviceSchema,
              Type.Object({ token: Type.String({ description: 'MQTT password / HTTP Bearer token; shown once' }) }),
            ]),
          },
        },
      },
      async (req, reply) => {
        const { device, token } = await devices.create(actorOf(req.principal), req.body);
        return reply.status(201).send({ ...device, token });
      },
    );

    app.patch(
      '/sensing/devices/:id',
      {
        config: { permission: 'sensing.write' },
        schema: {
          tags: ['sensing'],
          summary: 'Change a device (name, location, interval, enabled, department, install date, metadata); liveness is re-evaluated',
          params: DeviceIdParams,
          body: UpdateDeviceBody,
          response: { 200: DeviceSchema },
        },
      },
      async (req) => devices.update(actorOf(req.principal), req.params.id, req.body),
    );

    app.delete(
      '/sensing/devices/:id',
      {
        config: { permission: 'sensing.write' },
        schema: {
          tags: ['sensing'],
          summary: 'Delete a device; its telemetry is purged in the background',
          params: DeviceIdParams,
          response: { 204: Type.Null() },
        },
      },
      async (req, reply) => {
        await devices.remove(actorOf(req.principal), req.params.id);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/sensing/devices/:id/token',
      {
        config: { permission: 'sensing.write' },
        schema: {
          tags: ['sensing'],
          summary: 'Issue a new device token (shown once); the old one stops working and open MQTT connections are closed',
          params: DeviceIdParams,
          response: { 200: Type.Object({ id: Type.String(), token: Type.String() }) },
        },
      },
      async (req) => devices.rotateToken(actorOf(req.principal), req.params.id),
    );
  };
}
