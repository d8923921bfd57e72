import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32, as ULID

/**
 * A time-ordered, 26-character identifier (ULID layout: 48-bit ms time + 80 random bits).
 * Sorting ids sorts by creation time, which keeps cursors and indexes cheap on both dialects.
 *
 * @example newId() // '01JD3Q8W6ZK9V4T2R7XNB5C1MA'
 */
export function newId(now: number = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = randomBytes(16);
  let rand = '';
  for (let i = 0; i < 16; i++) rand += ALPHABET[bytes[i]! % 32];
  return time + rand;
}
