import type { KernelContext } from '../../kernel/module.js';
import type { DeviceDirectory, DeviceFacts } from './rules/index.js';
import { createRulesComponent } from './rules/index.js';
import type { SensingService } from './sensing.service.js';
import type { DeviceView } from './sensing-types.js';

/** The device registry as the rule engine sees it. */
export function deviceDirectory(sensing: SensingService): DeviceDirectory {
  const facts = (d: DeviceView): DeviceFacts => ({
    id: d.id,
    type: d.type,
    name: d.name,
    enabled: d.enabled,
    gridCode: d.grid?.code ?? '',
    communityCode: d.community?.code ?? '',
    streetCode: d.street?.code ?? '',
    districtCode: d.district?.code ?? '',
    lon: d.location.lon,
    lat: d.location.lat,
    lastSeenAt: d.lastSeenAt ? new Date(d.lastSeenAt) : null,
    createdAt: new Date(d.createdAt),
  });
  return {
    async getDevice(id) {
      const d = await sensing.getDevice(id);
      return d ? facts(d) : null;
    },
    async listDevices(filter) {
      return (await sensing.listDevices({ type: filter.type, areaCode: filter.areaCode })).map(facts);
    },
  };
}

/**
 * Starts rules and alarms on top of the ingestion path: every durable batch of readings is
 * evaluated (after commit, so an alarm never points at a reading that was rolled back).
 */
export async function startRules(ctx: KernelContext, sensing: SensingService) {
  const rules = createRulesComponent(ctx, deviceDirectory(sensing));
  await rules.start();
  const unsubscribe = sensing.onReadings((batch) => {
    rules.service
      .handleReadings(
        batch.map((r) => ({ deviceId: r.deviceId, deviceType: r.deviceType, property: r.property, ts: new Date(r.ts), value: r.value })),
      )
      .catch((err) => ctx.logger.error({ err }, 'rule evaluation failed'));
  });
  return {
    rules,
    async stop() {
      unsubscribe();
      await rules.stop();
    },
  };
}
