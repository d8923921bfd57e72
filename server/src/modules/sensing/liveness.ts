/**
 * When a device counts as offline: after 3 reporting intervals without an accepted reading,
 * measured on the server clock (a device clock running ahead cannot keep a device online).
 * A device that never reported is measured from its creation, so it does not stay "online"
 * for ever. Pure functions; the sweep job and the services apply them.
 */

/** Missed intervals after which a device is offline. */
export const MISSED_INTERVALS = 3;

/** The instant after which a device last heard from at `reference` is offline. */
export function offlineAfter(reference: number, intervalS: number): number {
  return reference + MISSED_INTERVALS * intervalS * 1000;
}

/** What a device's liveness should be now, given its last sign of life (or creation) and interval. */
export function evaluateLiveness(
  d: { lastSeenAt: number | null; createdAt: number; intervalS: number },
  now: number,
): { state: 'online' | 'offline'; offlineAfter: number } {
  const after = offlineAfter(d.lastSeenAt ?? d.createdAt, d.intervalS);
  return { state: after < now ? 'offline' : 'online', offlineAfter: after };
}
