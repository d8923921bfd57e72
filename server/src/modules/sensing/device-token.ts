/**
 * Device tokens: 32 random bytes, shown once, stored as SHA-256. A slow password hash would add
 * nothing here (the secret has 256 bits of entropy, nobody can guess it) and would cost every
 * MQTT connect and HTTP post.
 *
 * @example
 * const token = newDeviceToken(); // 'zd_q3…' (46 characters)
 * verifyDeviceToken(token, hashDeviceToken(token)); // true
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Prefix that tells a device token from an API key (`zk_`) in an Authorization header. */
export const DEVICE_TOKEN_PREFIX = 'zd_';

/** A new random device token (`zd_` + 43 base64url characters). */
export function newDeviceToken(): string {
  return DEVICE_TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** The stored form of a token (SHA-256, hex). */
export function hashDeviceToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time comparison of a presented token with a stored hash. */
export function verifyDeviceToken(token: string, storedHash: string): boolean {
  const a = Buffer.from(hashDeviceToken(token), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
