/**
 * API key format and hashing. A key looks like `zk_<prefix>_<secret>`: the prefix (8 characters)
 * is stored in clear so a key can be found and shown in lists; only the SHA-256 of the whole key
 * is stored, so a database leak does not leak usable keys. The key itself is shown once.
 *
 * SHA-256 (not scrypt) is enough here because the secret is 192 random bits, not a human choice.
 */
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const PREFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
export const API_KEY_PREFIX_LENGTH = 8;
/** 32 characters of 62 ≈ 190 bits. */
export const API_KEY_SECRET_LENGTH = 32;

const KEY_PATTERN = new RegExp(`^zk_([a-z0-9]{${API_KEY_PREFIX_LENGTH}})_([A-Za-z0-9]{${API_KEY_SECRET_LENGTH}})$`);

function randomString(alphabet: string, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** A freshly generated key: the full key (to show once), its prefix and its hash (to store). */
export interface GeneratedApiKey {
  key: string;
  prefix: string;
  hash: string;
}

/**
 * Generates a new key.
 *
 * @example generateApiKey().key // 'zk_k3v9q0ab_Xr2…'
 */
export function generateApiKey(): GeneratedApiKey {
  const prefix = randomString(PREFIX_ALPHABET, API_KEY_PREFIX_LENGTH);
  const key = `zk_${prefix}_${randomString(ALNUM, API_KEY_SECRET_LENGTH)}`;
  return { key, prefix, hash: hashApiKey(key) };
}

/** The prefix of a well-formed key, or null when `key` is not in the `zk_…` format. */
export function parseApiKey(key: string): { prefix: string } | null {
  const m = KEY_PATTERN.exec(key);
  return m ? { prefix: m[1]! } : null;
}

/** True when the string looks like one of our API keys (used to route `Bearer` credentials). */
export function looksLikeApiKey(token: string): boolean {
  return token.startsWith('zk_');
}

/** Hex SHA-256 of the whole key, the only form stored. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Constant-time comparison of a presented key against a stored hash. */
export function apiKeyMatches(key: string, storedHash: string): boolean {
  const a = Buffer.from(hashApiKey(key), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
