/**
 * Events devices report on `devices/{id}/events` (`{"ts"?, "event": "opened", "data"?: {...}}`):
 * checked against the thing model's events, stored, and published as `sensing.device.event.v1`
 * in the same transaction, so the rule engine and `cases` can react. Refusals are recorded like
 * refused readings.
 */
import type { Database } from '../../kernel/db/database.js';
import { DomainError } from '../../kernel/errors.js';
import type { EventBus } from '../../kernel/events/event-bus.js';
import type { DeviceCache } from './device-cache.js';
import type { DeviceTypesService } from './device-types.service.js';
import { SENSING_EVENTS, type DeviceEventV1 } from './events.js';
import type { IngestService } from './ingest.service.js';
import { MAX_FUTURE_SKEW_MS } from './reading-validator.js';
import type { DeviceEventView, IngestSource } from './sensing-types.js';
import type { TelemetryRepository } from './telemetry.repository.js';

/** What the device-events service is built on. */
export interface DeviceEventsDeps {
  db: Database;
  events: EventBus;
  now: () => number;
  types: DeviceTypesService;
  cache: DeviceCache;
  ingest: IngestService;
  repo: TelemetryRepository;
}

/** Stores and lists the events devices report. */
export class DeviceEventsService {
  constructor(private readonly deps: DeviceEventsDeps) {}

  /** Stores a device event; returns false (and records the refusal) when it does not fit the thing model. */
  async record(deviceId: string, payload: unknown, source: IngestSource): Promise<boolean> {
    const device = await this.deps.cache.get(deviceId);
    if (!device) throw new DomainError('not_found', `No device ${deviceId}`);
    const type = await this.deps.types.resolve(device.type);
    const receivedAt = this.deps.now();
    const p = (payload ?? {}) as { ts?: unknown; event?: unknown; data?: unknown };
    const def = type?.events.find((e) => e.name === p.event);
    let ts = receivedAt;
    if (typeof p.ts === 'number' && Number.isInteger(p.ts)) ts = p.ts;
    else if (typeof p.ts === 'string' && !Number.isNaN(Date.parse(p.ts))) ts = Date.parse(p.ts);
    const problem =
      typeof payload !== 'object' || payload === null || Array.isArray(payload)
        ? 'an event must be an object {"ts"?, "event", "data"?}'
        : !def
          ? `${String(p.event)} is not an event of ${device.type}`
          : p.data !== undefined && (typeof p.data !== 'object' || p.data === null || Array.isArray(p.data))
            ? 'data must be an object'
            : ts > receivedAt + MAX_FUTURE_SKEW_MS
              ? 'ts is more than 5 min ahead of the server clock'
              : null;
    if (problem || !def) {
      await this.deps.ingest.reject(
        deviceId,
        { index: 0, property: 'event', reason: problem ?? 'unknown event' },
        source.channel,
        safeJson(payload),
      );
      return false;
    }
    const data = (p.data ?? {}) as Record<string, unknown>;
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      await this.deps.repo.insertEvent(trx, { deviceId, ts, event: def.name, data, receivedAt });
      await this.deps.events.publish(trx, SENSING_EVENTS.deviceEvent, {
        deviceId,
        type: device.type,
        event: def.name,
        level: def.level,
        ts: new Date(ts).toISOString(),
        data,
      } satisfies DeviceEventV1);
    });
    return true;
  }

  /** Events of a device in [from, to) (default: the last 30 days), newest first. */
  async list(deviceId: string, query: { from?: string; to?: string; limit: number }): Promise<DeviceEventView[]> {
    if (!(await this.deps.cache.get(deviceId))) throw new DomainError('not_found', `No device ${deviceId}`);
    const to = query.to ? Date.parse(query.to) : this.deps.now() + MAX_FUTURE_SKEW_MS;
    const from = query.from ? Date.parse(query.from) : to - 30 * 86_400_000;
    if (from >= to) throw new DomainError('invalid', 'from must be before to', [{ path: '/query/from', message: 'must be before to' }]);
    return this.deps.repo.events(deviceId, from, to, query.limit);
  }
}

function safeJson(v: unknown): string | null {
  try {
    return JSON.stringify(v) ?? null;
  } catch {
    return null;
  }
}
