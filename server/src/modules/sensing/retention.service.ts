/**
 * Retention (reference/iot.md: "retention missing or not applied to deleted devices; disks fill
 * up"). Daily: raw readings and 1-minute rollups older than the device type's retention are
 * deleted, series by series, one day per statement, yielding between statements so ingestion
 * never waits long. Every few minutes: everything of deleted devices is purged the same way,
 * then their tombstone goes (and their id may be used again). Refusals are kept 30 days.
 * Hourly rollups stay (a few MB per device and decade) for long-term views.
 */
import type { Logger } from 'pino';
import type { DeviceTypesService } from './device-types.service.js';
import type { DevicesRepository } from './devices.repository.js';
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
  ) {}

  /** Applies every type's retention to raw readings and minute rollups; returns rows deleted. */
  async applyRetention(): Promise<number> {
    let deleted = 0;
    const now = this.now();
    for (const d of await this.devices.all()) {
      const days = this.types.get(d.type)?.retentionDays;
      if (!days) continue;
      const cutoff = now - days * DAY_MS;
      for (const property of await this.repo.storedProperties(d.id)) {
        for (const table of ['sensing_readings', 'sensing_rollups_1m'] as const) {
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
