/**
 * Device facts for rule matching and alarm payloads, kept for a minute. Area rules need a
 * device's grid for every reading they might watch; asking the registry each time would turn one
 * reading into one query. A device that moves is matched at its new place within a minute.
 */
import type { DeviceDirectory, DeviceFacts } from './device-directory.js';

/** How long facts are reused. */
export const DEVICE_FACTS_TTL_MS = 60_000;
/** Entries kept at most (a city's devices fit; beyond that the oldest go first). */
const MAX_ENTRIES = 100_000;

interface Entry {
  at: number;
  facts: Promise<DeviceFacts | null>;
}

/** Device facts by id, reused for {@link DEVICE_FACTS_TTL_MS}. */
export class DeviceFactsCache {
  readonly #entries = new Map<string, Entry>();

  constructor(
    private readonly directory: DeviceDirectory,
    private readonly now: () => number,
    private readonly ttlMs = DEVICE_FACTS_TTL_MS,
  ) {}

  /** The device's facts (null when unknown), from memory when fresh. Concurrent asks share one lookup. */
  get(id: string): Promise<DeviceFacts | null> {
    const now = this.now();
    const e = this.#entries.get(id);
    if (e && now - e.at < this.ttlMs) return e.facts;
    const facts = this.directory.getDevice(id);
    this.#entries.delete(id);
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(id, { at: now, facts });
    // A failed lookup is not remembered: the next reading asks again.
    facts.catch(() => {
      if (this.#entries.get(id)?.facts === facts) this.#entries.delete(id);
    });
    return facts;
  }

  /** Forgets one device, or all. */
  invalidate(id?: string): void {
    if (id === undefined) this.#entries.clear();
    else this.#entries.delete(id);
  }
}
