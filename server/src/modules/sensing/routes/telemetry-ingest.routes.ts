/**
 * `POST /sensing/devices/{id}/telemetry`: readings over HTTP, in the MQTT payload shape. The
 * caller is the device itself (`Authorization: Bearer <device token>`) or a system or user with
 * `sensing.telemetry.write`. The device token is not a kernel principal, so the route is declared
 * public and checks the credentials here: 401 without valid ones, 403 without the permission.
 *
 * Answers 200 when every value was stored and 207 (Multi-Status) when some readings or values
 * were refused; both carry `{accepted, rejected}` and everything accepted is durable.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { hasPermission, type AuthService } from '../../../kernel/auth/index.js';
import { DomainError } from '../../../kernel/errors.js';
import type { DeviceCache } from '../device-cache.js';
import { DEVICE_TOKEN_PREFIX, verifyDeviceToken } from '../device-token.js';
import type { IngestService } from '../ingest.service.js';
import { MAX_READINGS_PER_BATCH } from '../reading-validator.js';
import { DeviceIdParams, IngestResultSchema, ReadingSchema } from './schemas.js';

/** The permission that lets a user or API key submit readings for any device. */
export const TELEMETRY_WRITE = 'sensing.telemetry.write';

/** The HTTP ingestion route. */
export function telemetryIngestRoutes(ingest: IngestService, cache: DeviceCache, auth: AuthService): FastifyPluginAsyncTypebox {
  /** Whether the caller may submit for this device; throws 401 / 403 problems. */
  const authorize = async (req: FastifyRequest, deviceId: string): Promise<void> => {
    const header = req.headers.authorization;
    const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : null;
    if (bearer?.startsWith(DEVICE_TOKEN_PREFIX)) {
      const device = await cache.get(deviceId);
      if (!device || !verifyDeviceToken(bearer, device.tokenHash)) {
        throw new DomainError('unauthorized', `This token is not the token of device ${deviceId}.`);
      }
      return;
    }
    const principal = req.principal;
    if (!principal) {
      throw new DomainError(
        'unauthorized',
        'Send the device token (Authorization: Bearer zd_…) or an API key with sensing.telemetry.write.',
      );
    }
    if (principal.kind === 'user') auth.verifyCsrf(req, principal);
    if (!hasPermission(principal, TELEMETRY_WRITE)) {
      throw new DomainError('forbidden', `This needs the permission ${TELEMETRY_WRITE}, which your roles do not grant.`);
    }
  };

  return async (app) => {
    app.post(
      '/sensing/devices/:id/telemetry',
      {
        config: { public: true },
        schema: {
          tags: ['sensing'],
          summary: 'Submit readings of a device (device token as Bearer, or sensing.telemetry.write); 200 all stored, 207 some refused',
          description: `One reading or an array of at most ${MAX_READINGS_PER_BATCH}, each \`{"ts"?: ISO-8601 | epoch-ms, "values": {property: value}}\`. Values are checked against the thing model; refused ones are listed with the reading's index and the property, recorded (GET …/rejections), and the rest is stored. Readings more than 5 min in the future are refused; old ones are placed in time.`,
          params: DeviceIdParams,
          body: Type.Union([ReadingSchema, Type.Array(ReadingSchema, { maxItems: MAX_READINGS_PER_BATCH })]),
          response: { 200: IngestResultSchema, 207: IngestResultSchema },
        },
      },
      async (req, reply) => {
        await authorize(req, req.params.id);
        const result = await ingest.ingest(req.params.id, req.body, { channel: 'http' });
        return reply.status(result.rejected.length > 0 ? 207 : 200).send(result);
      },
    );
  };
}
