/**
 * The offline sweep, run every 15 s under a lease by one node: devices marked online whose
 * `offline_after` passed (3 intervals without an accepted reading, or since creation for a device
 * that never reported) become offline, each with a `sensing.device.offline.v1` event in the same
 * transaction. The state is re-checked in the UPDATE itself, so a reading committed meanwhile wins.
 */
import type { Database } from '../../kernel/db/database.js';
import type { EventBus } from '../../kernel/events/event-bus.js';
import type { DevicesRepository } from './devices.repository.js';
import { SENSING_EVENTS, type DeviceOfflineV1 } from './events.js';

/** How often the sweep runs. Offline is detected at most this late. */
export const SWEEP_INTERVAL_MS = 15_000;
/** Devices per transaction. */
const SWEEP_BATCH = 500;

/** Marks overdue devices offline (run by the leased job). */
export class OfflineSweep {
  constructor(
    private readonly db: Database,
    private readonly events: EventBus,
    private readonly repo: DevicesRepository,
    private readonly now: () => number,
  ) {}

  /** Marks every overdue device offline; returns how many. */
  async run(): Promise<number> {
    let total = 0;
    for (;;) {
      const now = this.now();
      const due = await this.repo.dueOffline(now, SWEEP_BATCH);
      if (due.length === 0) return total;
      const changed = await this.db.kysely.transaction().execute(async (trx) => {
        const rows = await this.repo.markOffline(trx, due, now);
        for (const r of rows) {
          await this.events.publish(trx, SENSING_EVENTS.deviceOffline, {
            deviceId: r.id,
            type: r.type,
            at: new Date(now).toISOString(),
            lastSeenAt: r.lastSeenAt === null ? null : new Date(r.lastSeenAt).toISOString(),
          } satisfies DeviceOfflineV1);
        }
        return rows.length;
      });
      total += changed;
      if (due.length < SWEEP_BATCH) return total;
    }
  }
}
