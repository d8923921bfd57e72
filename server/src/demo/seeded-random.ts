/**
 * A small seeded pseudo-random generator (mulberry32) so that the demo city is the same on every
 * machine and every run: `Math.random` is never used by the generator.
 *
 * Each concern (outline, partition, roads, addresses, ...) draws from its own stream forked by a
 * label, so adding a draw in one concern does not reshuffle the others.
 */
export class SeededRandom {
  private state: number;

  /** @example new SeededRandom(20261122).next() // same value on every run */
  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A new independent stream derived from this stream's seed and a label. */
  static forLabel(seed: number, label: string): SeededRandom {
    return new SeededRandom(hashString(label) ^ Math.imul(seed >>> 0, 0x9e3779b1));
  }

  /** Uniform in [0, 1). */
  next(): number {
    // mulberry32 (Tommy Ettinger, public domain): 32-bit state, full period, good enough here.
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform in [min, max). */
  range(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Integer uniform in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty array');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = out[i]!;
      out[i] = out[j]!;
      out[j] = tmp;
    }
    return out;
  }
}

/** FNV-1a 32-bit hash of a string, used to derive stream seeds from labels. */
/**
 * The same generator as a plain function, for tests and benchmarks that only need numbers.
 *
 * @example const rnd = mulberry32(7); rnd() // same value on every run
 */
export function mulberry32(seed: number): () => number {
  const r = new SeededRandom(seed);
  return () => r.next();
}

export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
