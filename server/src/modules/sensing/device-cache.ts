/**
 * What ingestion needs to know about a device, from memory: its type, interval, whether it is
 * enabled and its token hash. Changes made on this node apply at once; changes made on other
 * nodes arrive by a sync every few seconds (rows updated or deleted since the last sync), and an
 * unknown id is looked up in the database, so a device created elsewhere works immediately.
 *
 * Listeners learn when a device's credentials stop being valid (token rotated, disabled,
 * deleted), so the MQTT broker can drop its connection.
 */
import type { DeviceRow, DevicesRepository } from './devices.repository.js';

/** The part of a device the hot path uses. */
export interface CachedDevice {
  id: string;
  type: string;
  intervalS: number;
  enabled: boolean;
  tokenHash: string;
}

/** Rows changed this close before the last sync are read again (clock differences between nodes). */
const SYNC_OVERLAP_MS = 30_000;

/** In-memory device facts for the hot path, kept in step across nodes. */
export class DeviceCache {
  readonly #map = new Map<string, CachedDevice>();
  readonly #revoked = new Set<(deviceId: string) => void>();
  #syncedAt = 0;

  constructor(
    private readonly repo: DevicesRepository,
    private readonly now: () => number,
  ) {}

  /** Loads every device. */
  async start(): Promise<void> {
    const started = this.now();
    for (const r of await this.repo.all()) this.#map.set(r.id, cached(r));
    this.#syncedAt = started;
  }

  /** A device, from memory or the database; undefined when it does not exist. */
  async get(id: string): Promise<CachedDevice | undefined> {
    const hit = this.#map.get(id);
    if (hit) return hit;
    const row = await this.repo.get(id);
    if (!row) return undefined;
    const c = cached(row);
    this.#map.set(id, c);
    return c;
  }

  /** Records a device written on this node. */
  put(row: DeviceRow): void {
    const before = this.#map.get(row.id);
    const c = cached(row);
    this.#map.set(row.id, c);
    if (before && (before.tokenHash !== c.tokenHash || (before.enabled && !c.enabled))) this.#notify(row.id);
  }

  /** Forgets a deleted device. */
  remove(id: string): void {
    if (this.#map.delete(id)) this.#notify(id);
  }

  /** Registers a listener of revoked credentials; returns its removal. */
  onRevoked(listener: (deviceId: string) => void): () => void {
    this.#revoked.add(listener);
    return () => this.#revoked.delete(listener);
  }

  /** Picks up changes other nodes made since the last sync. */
  async sync(): Promise<void> {
    const started = this.now();
    const since = this.#syncedAt - SYNC_OVERLAP_MS;
    for (const r of await this.repo.changedSince(since)) this.put(r);
    for (const id of await this.repo.deletedSince(since)) {
      // A tombstone of an id that was re-created since is not a deletion of the new device.
      if (this.#map.has(id) && !(await this.repo.get(id))) this.remove(id);
    }
    this.#syncedAt = started;
  }

  #notify(id: string): void {
    for (const l of this.#revoked) l(id);
  }
}

function cached(r: DeviceRow): CachedDevice {
  return { id: r.id, type: r.type, intervalS: r.intervalS, enabled: r.enabled, tokenHash: r.tokenHash };
}
