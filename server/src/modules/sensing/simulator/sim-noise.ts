/**
 * Deterministic randomness for the simulator: the same device at the same instant gives the same
 * value on every run and every node, without state, so a restarted simulator continues the same
 * weather and the same faults. Everything is a hash of labels and a time slot.
 *
 * @example
 * unit('rain', 20415) // the same number in [0, 1) on every machine
 * smooth('pm25', 'zc-aq-0001', t, 3_600_000) // in [-1, 1], continuous in t
 */

/** A 32-bit hash of strings and numbers (FNV-1a with a final avalanche). */
export function hash32(...parts: Array<string | number>): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const s = typeof part === 'number' ? String(part) : part;
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0x1f; // separates ('ab', 'c') from ('a', 'bc')
    h = Math.imul(h, 0x01000193);
  }
  // murmur3 fmix32: spreads small input differences over every bit.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Uniform in [0, 1) from labels. */
export function unit(...parts: Array<string | number>): number {
  return hash32(...parts) / 4294967296;
}

/** Uniform in [min, max) from labels. */
export function between(min: number, max: number, ...parts: Array<string | number>): number {
  return min + (max - min) * unit(...parts);
}

/**
 * Value noise in [-1, 1] that changes smoothly with time: one random value per `periodMs` slot,
 * joined by cosine interpolation, so readings drift instead of jumping.
 */
export function smooth(label: string, key: string, t: number, periodMs: number): number {
  const x = t / periodMs;
  const k = Math.floor(x);
  const f = x - k;
  const a = unit(label, key, k) * 2 - 1;
  const b = unit(label, key, k + 1) * 2 - 1;
  const w = (1 - Math.cos(Math.PI * f)) / 2;
  return a + (b - a) * w;
}

/** Bell curve of height 1 at `centre` hours with width `sigma` hours, on a 24-hour circle. */
export function bell(hour: number, centre: number, sigma: number): number {
  let d = Math.abs(hour - centre);
  if (d > 12) d = 24 - d;
  return Math.exp(-(d * d) / (2 * sigma * sigma));
}
