/**
 * Retention (reference/iot.md: "retention missing or not applied to deleted devices; disks fill
 * up"). Daily: raw readings and 1-minute rollups older than the device type's retention are
 * deleted, series by series, one day per statement, yielding between statements so ingestion
 * never waits long. Every few minutes: everything of deleted devices is purged the same way,
 * then their tombstone goes (and their id may be used again). Refusals are kept 30 days.
 * Hourly rollups stay (a few MB per device and decade) for long-term views.
 *
 * On PostgreSQL raw readings live in day partitions (partitions.ts): every partition that ends
 * before the longest retention of any type is dropped whole first, so the series-by-series
 * deletes only touch the boundary partition and the types with a shorter retention.
 */
import type { Logger } from 'pino';
import type { DeviceTypesService } from './device-types.service.js';
import type { DevicesRepository } from './devices.repository.js';
import type { ReadingPartitions } from './partitions.js';
import { DAY_MS } from './rollup.js';
import type { SeriesTable, TelemetryRepository } from './telemetry.repository.js';

/** How long refusals are kept. */
export const REJECTION_RETENTION_DAYS = 30;
/** How often retention runs (daily). */
export const RETENTION_INTERVAL_MS = DAY_MS;
/** How often deleted devices are purged. */
export const PURGE_INTERVAL_MS = 5 * 60_000;

/** Rows per delete stay near a day of 1 Hz raw values whatever the table. */
const WINDOW_MS: Record<SeriesTable, number> = {
  sensing_readings: DAY_MS,
  sensing_rollups_1m: 30 * DAY_MS,
  sensing_rollups_1h: 3650 * DAY_MS,
};

const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Deletes telemetry past its retention and purges deleted devices. */
export class RetentionService {
  constructor(
    private readonly devices: DevicesRepository,
    private readonly types: DeviceTypesService,
    private readonly repo: TelemetryRepository,
    private readonly now: () => number,
    private readonly logger: Logger,
    private readonly partitions: ReadingPartitions | null = null,
  ) {}

  /** Applies every type's retention to raw readings and minute rollups; returns rows deleted (not counting dropped partitions). */
  async applyRetention(): Promise<number> {
    let deleted = 0;
    const now = this.now();
    const all = await this.devices.all();
    if (this.partitions) {
      const longest = Math.max(0, ...this.types.list().map((t) => t.retentionDays));
      // Devices of a type that no longer exists have no retention: keep their partitions then.
      const orphaned = all.some((d) => !this.types.get(d.type));
      if (longest > 0 && !orphaned) await this.partitions.dropBefore(now - longest * DAY_MS);
      // What is left past a type's retention: the boundary partition, the partitions of types
      // with a shorter retention, and the default partition; one delete per type and partition.
      const byType = new Map<string, string[]>();
      for (const d of all) {
        const ids = byType.get(d.type);
        if (ids) ids.push(d.id);
        else byType.set(d.type, [d.id]);
      }
      for (const [type, ids] of byType) {
        const days = this.types.get(type)?.retentionDays;
        if (days) deleted += await this.partitions.deleteBefore(ids, now - days * DAY_MS);
      }
    }
    const tables = this.partitions ? (['sensing_rollups_1m'] as const) : (['sensing_readings', 'sensing_rollups_1m'] as const);
    for (const d of all) {
      const days = this.types.get(d.type)?.retentionDays;
      if (!days) continue;
      const cutoff = now - days * DAY_MS;
      for (const property of await this.repo.storedProperties(d.id)) {
        for (const table of tables) {
          deleted += await this.deleteBefore(table, d.id, property, cutoff);
        }
      }
    }
    let n: number;
    do {
      n = await this.repo.deleteRejectionsBefore(now - REJECTION_RETENTION_DAYS * DAY_MS, 5_000);
      deleted += n;
      await yieldToIo();
    } while (n > 0);
    if (deleted > 0) this.logger.info({ deleted }, 'telemetry retention applied');
    return deleted;
  }

  /** Purges the telemetry of deleted devices; returns how many devices were finished. */
  async purgeDeleted(): Promise<number> {
    let finished = 0;
    for (const id of await this.repo.tombstones(100)) {
      for (const property of await this.repo.storedProperties(id)) {
        for (const table of ['sensing_readings', 'sensing_rollups_1m', 'sensing_rollups_1h'] as const) {
          await this.deleteBefore(table, id, property, Number.MAX_SAFE_INTEGER);
        }
      }
      await this.repo.finishPurge(id);
      finished++;
    }
    if (finished > 0) this.logger.info({ devices: finished }, 'telemetry of deleted devices purged');
    return finished;
  }

  /** Deletes a series' rows before `cutoff`, one window per statement (raw: a day; rollups: about the same row count). */
  private async deleteBefore(table: SeriesTable, deviceId: string, property: string, cutoff: number): Promise<number> {
    let deleted = 0;
    const window = WINDOW_MS[table];
    for (;;) {
      const oldest = await this.repo.oldest(table, deviceId, property);
      if (oldest === null || oldest >= cutoff) return deleted;
      deleted += await this.repo.deleteRange(table, deviceId, property, oldest, Math.min(cutoff, oldest + window));
      await yieldToIo();
    }
  }
}
