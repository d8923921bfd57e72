/** Every route of the sensing module, one encapsulated plugin per resource. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AuthService } from '../../../kernel/auth/index.js';
import type { SensingInternals } from '../sensing.service.js';
import { commandsRoutes } from '../commands/index.js';
import { deviceImportRoutes } from './device-import.routes.js';
import { deviceTypesRoutes } from './device-types.routes.js';
import { devicesRoutes } from './devices.routes.js';
import { mqttAuthRoutes } from './mqtt-auth.routes.js';
import { telemetryIngestRoutes } from './telemetry-ingest.routes.js';
import { telemetryRoutes } from './telemetry.routes.js';

/** All sensing routes, registered under `/api/v1`. */
export function sensingRoutes(s: SensingInternals, auth: AuthService): FastifyPluginAsyncTypebox {
  return async (app) => {
    await app.register(deviceTypesRoutes(s.types));
    await app.register(devicesRoutes(s.devices));
    await app.register(deviceImportRoutes(s.bulk));
    await app.register(telemetryIngestRoutes(s.ingest, s.cache, auth));
    await app.register(telemetryRoutes(s.query, s.deviceEvents, (p, id) => s.devices.checkVisible(p, id)));
    await app.register(mqttAuthRoutes(s.devices));
    await app.register(commandsRoutes(s.commands));
  };
}
