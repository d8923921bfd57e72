/**
 * The sensing module (物联感知平台): thing models, the device registry with online/offline state,
 * telemetry ingestion over MQTT and HTTP with group commit, latest values, rollups and series,
 * retention. This file is the module's only door: other code imports `sensingModule`, the
 * `SensingService` type and the shapes below from here.
 */
import type { ZhichengModule } from '../../kernel/module.js';
import type { GeoService } from '../geo/index.js';
import type { OrgService } from '../org/index.js';
import { commandsMigrations } from './commands/index.js';
import { migrations } from './migrations/index.js';
import { ngsiLdMigrations, startNgsiLd } from './ngsi-ld/index.js';
import { sensingRoutes } from './routes/index.js';
import { createSensing, type SensingService } from './sensing.service.js';
import { rulesMigrations, rulesRoutes } from './rules/index.js';
import { startRules } from './rules-wiring.js';

export type { SensingService };
export {
  ALARM_EVENTS,
  type AlarmRaisedV1,
  type AlarmClearedV1,
  type AlarmAcknowledgedV1,
  type AlarmView,
  type RulesService,
} from './rules/index.js';
export { SENSING_JOBS } from './sensing.service.js';
export type {
  AcceptedReading,
  DeviceFilter,
  DeviceState,
  DeviceView,
  IngestResult,
  IngestSource,
  LatestValue,
  ReadingsListener,
  Rejection,
} from './sensing-types.js';
export type { AttributeDef, CommandDef, DeviceTypeDef, EventDef, PropertyDef, ValueType } from './thing-model.js';
export type { DemoDeviceInput } from './device-bulk.service.js';
export {
  COMMAND_EVENTS,
  COMMAND_STATUSES,
  type CommandEventV1,
  type CommandMessage,
  type CommandStatus,
  type CommandView,
} from './commands/index.js';
export { Simulator, type SimulatorOptions, type SimulatorStats } from './simulator/simulator.js';
export { demoDeviceToken, demoTokenSecret } from './simulator/demo-tokens.js';
export { DEMO_DEVICE_ID, SIMULATOR_JOB } from './simulator/in-process-simulation.js';
export {
  SENSING_EVENTS,
  type DeviceCreatedV1,
  type DeviceEventV1,
  type DeviceOfflineV1,
  type DeviceOnlineV1,
  type DeviceRefV1,
  type DeviceTypeCreatedV1,
  type DeviceUpdatedV1,
} from './events.js';

/** The sensing module as the composition root starts it (after org and geo). */
export const sensingModule: ZhichengModule<SensingService> = {
  name: 'sensing',
  migrations: { ...migrations, ...rulesMigrations, ...commandsMigrations, ...ngsiLdMigrations },
  async start(ctx, deps) {
    const sensing = createSensing(ctx, { geo: deps.geo as GeoService, org: deps.org as OrgService });
    await sensing.start();
    const rules = await startRules(ctx, sensing.service);
    const ngsiLd = await startNgsiLd(ctx, sensing);
    return {
      service: sensing.service,
      routes: async (app) => {
        await app.register(sensingRoutes(sensing, ctx.auth));
        await app.register(rulesRoutes(rules.rules.service, (p) => sensing.devices.departmentScope(p)));
      },
      // NGSI-LD lives at /ngsi-ld/v1 (a standard API, outside /api/v1).
      rootRoutes: ngsiLd.routes,
      stop: async () => {
        await ngsiLd.stop();
        await rules.stop();
        await sensing.stop();
      },
    };
  },
};
