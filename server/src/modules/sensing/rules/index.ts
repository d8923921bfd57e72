/**
 * Rules and alarms of the sensing module: what the sensing module's `index.ts` wires. Ingestion
 * hands stored readings to `service.handleReadings`; the routes go under `/api/v1`; the module's
 * migrations include `rulesMigrations`.
 *
 * @example
 *   const rules = createRulesComponent(ctx, deviceDirectory);
 *   await rules.start();
 *   await rules.service.handleReadings([{ deviceId, deviceType: 'WaterLevel', property: 'level', ts, value: 3.4 }]);
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { DeviceScope } from '../sensing-types.js';
import type { Principal } from '../../../kernel/auth/index.js';
import type { KernelContext } from '../../../kernel/module.js';
import { alarmsRoutes } from '../alarms/alarms.routes.js';
import type { DeviceDirectory } from './device-directory.js';
import { rulesCrudRoutes } from './rules.routes.js';
import { RulesService } from './rules.service.js';

export { rulesMigrations } from './migrations.js';
export { RulesService, NODATA_JOB, NODATA_INTERVAL_MS, type RuleView, type RuleListQuery, type RulesServiceDeps } from './rules.service.js';
export type { DeviceDirectory, DeviceFacts, DeviceFilter } from './device-directory.js';
export type { ReadingInput, EvaluationSummary } from './rule-evaluator.js';
export type { RuleInput, RulePatch } from './rule-validation.js';
export { RULE_OPERATORS, SEVERITIES, type RuleOperator, type Severity, type Rule, type RuleTarget } from './rule-types.js';
export type { AlarmsService } from '../alarms/alarms.service.js';
export type { AlarmView, AlarmDetailView, AlarmPage, AlarmListQuery, AlarmStatusFilter } from '../alarms/alarm-types.js';
export { PERCEIVED_SEVERITY, type AlarmStatus, type PerceivedSeverity } from '../alarms/alarm-lifecycle.js';
export {
  ALARM_EVENTS,
  type AlarmRaisedV1,
  type AlarmAcknowledgedV1,
  type AlarmClearedV1,
  type RuleChangedV1,
  type ClearReason,
} from '../alarms/events.js';

/**
 * Every route of rules and alarms, as one encapsulated plugin (register under `/api/v1`);
 * `scopeOf` gives the devices whose alarms a caller sees (null: the whole city).
 */
export function rulesRoutes(
  service: RulesService,
  scopeOf?: (principal: Principal | null) => Promise<DeviceScope | null>,
): FastifyPluginAsyncTypebox {
  return async (app) => {
    await app.register(rulesCrudRoutes(service));
    await app.register(alarmsRoutes(service.alarms, scopeOf));
  };
}

/** The started component: its service, its routes, and its lifecycle. */
export interface RulesComponent {
  service: RulesService;
  routes: FastifyPluginAsyncTypebox;
  /** Loads the rules and declares the `nodata` job (call once, before `ctx.jobs.start()` or after). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Builds rules and alarms on the kernel's services and a device directory. */
export function createRulesComponent(ctx: KernelContext, devices: DeviceDirectory): RulesComponent {
  const service = new RulesService({
    db: ctx.db,
    audit: ctx.audit,
    events: ctx.events,
    jobs: ctx.jobs,
    now: ctx.now,
    logger: ctx.logger,
    devices,
  });
  return {
    service,
    routes: rulesRoutes(service),
    start: () => service.start(),
    stop: () => service.stop(),
  };
}
