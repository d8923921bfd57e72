/**
 * The IoT path: a `sensing.alarm.raised.v1` on a mapped device type and property becomes a case
 * (channel `sensor`) linked to the alarm. Delivery is at-least-once, so intake is idempotent on
 * the alarm id (checked first, and the unique column catches a race between nodes).
 */
import { isDomainError } from '../../kernel/errors.js';
import type { StoredEvent } from '../../kernel/events/event-bus.js';
import type { KernelContext } from '../../kernel/module.js';
import type { AlarmRaisedV1 } from '../sensing/index.js';
import type { CasesService } from './cases.service.js';
import type { CategoriesService } from './categories/categories.service.js';

/** Durable subscriber name (its offset is stored under this name: never rename). */
export const ALARM_SUBSCRIBER = 'cases.on-alarm';

/** Turns one raised alarm into a case when mapped; returns the case id, or null when not mapped. */
export async function caseFromAlarm(
  ctx: KernelContext,
  cases: CasesService,
  categories: CategoriesService,
  alarm: AlarmRaisedV1,
): Promise<string | null> {
  const mappings = await categories.repo.mappings();
  const m = mappings.find((x) => x.deviceType === alarm.deviceType && x.property === alarm.property);
  if (!m || !categories.get(m.categoryCode)?.enabled) return null;
  const existing = await cases.repo.byAlarm(alarm.alarmId);
  if (existing) return existing.id;
  const category = categories.get(m.categoryCode)!;
  try {
    const c = await cases.create(
      { system: true, name: '物联感知' },
      {
        channel: 'sensor',
        description: `【设备告警】${category.name}：设备 ${alarm.deviceId}（${alarm.deviceType}）${alarm.ruleName}，${alarm.condition}，读数 ${String(alarm.value)}`,
        categoryCode: m.categoryCode,
        location: alarm.location ?? undefined,
      },
      { sourceAlarmId: alarm.alarmId, classifiedBy: 'mapping' },
    );
    return c.id;
  } catch (e) {
    // Another node won the race: the unique alarm id makes the second insert fail.
    const again = await cases.repo.byAlarm(alarm.alarmId);
    if (again) return again.id;
    if (isDomainError(e, 'invalid')) {
      // Retrying cannot fix it (e.g. a device placed outside the city): log and move on.
      ctx.logger.warn({ err: e, alarm: alarm.alarmId }, 'alarm not turned into a case: it lacks what the category requires');
      return null;
    }
    ctx.logger.warn({ err: e, alarm: alarm.alarmId }, 'alarm could not become a case');
    throw e;
  }
}

/** Subscribes the IoT path. */
export function subscribeAlarms(ctx: KernelContext, cases: CasesService, categories: CategoriesService, eventName: string): void {
  ctx.events.subscribe(ALARM_SUBSCRIBER, [eventName], async (event: StoredEvent) => {
    await caseFromAlarm(ctx, cases, categories, event.payload as AlarmRaisedV1);
  });
}
