/**
 * Password hashing, the complexity rule and a generator that meets it (DESIGN.md "Security
 * baseline": scrypt, complexity rule). Pure: no database, no clock.
 */
import { randomBytes, randomInt, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt cost parameters stored in every hash so they can be raised later without a migration. */
export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
}

/**
 * N = 2^15, r = 8, p = 1: 32 MiB and roughly 50–100 ms per hash on a small server, the
 * interactive-login setting recommended by the scrypt paper and OWASP's cheat sheet.
 */
export const DEFAULT_SCRYPT: ScryptParams = { N: 32768, r: 8, p: 1 };

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
/** Longer inputs are refused before hashing so a login cannot be used to burn CPU. */
export const MAX_PASSWORD_LENGTH = 128;
export const MIN_PASSWORD_LENGTH = 10;

function scrypt(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCb(password.normalize('NFKC'), salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

function maxmem({ N, r, p }: ScryptParams): number {
  // scrypt needs 128·N·r bytes plus 128·r·p; Node's default limit (32 MiB) is exactly too small.
  return 128 * N * r + 128 * r * p + 1024 * 1024;
}

/**
 * Hashes a password with a fresh random salt. The result carries its parameters:
 * `scrypt$N$r$p$<salt base64>$<key base64>`.
 *
 * @example const stored = await hashPassword('Zhicheng-2026!');
 */
export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await scrypt(password, salt, KEY_LENGTH, { N: params.N, r: params.r, p: params.p, maxmem: maxmem(params) });
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/**
 * True when `password` matches `stored` (a string from {@link hashPassword}). Compares in
 * constant time; a malformed stored value never matches.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (password.length > MAX_PASSWORD_LENGTH) return false;
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((x) => Number.isInteger(x) && x > 0)) return false;
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  if (expected.length === 0) return false;
  const actual = await scrypt(password, salt, expected.length, { N, r, p, maxmem: maxmem({ N, r, p }) });
  return timingSafeEqual(actual, expected);
}

/** A stored hash that never verifies, used to spend the same time when the user does not exist. */
let dummyHash: Promise<string> | null = null;

/**
 * Spends about as long as {@link verifyPassword} on a real hash and returns false, so an
 * attacker cannot tell a missing username from a wrong password by timing.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword(randomBytes(12).toString('hex'));
  await verifyPassword(password.slice(0, MAX_PASSWORD_LENGTH), await dummyHash);
  return false;
}

const CLASSES: { name: string; test: RegExp }[] = [
  { name: 'uppercase letters', test: /[A-Z]/ },
  { name: 'lowercase letters', test: /[a-z]/ },
  { name: 'digits', test: /[0-9]/ },
  { name: 'symbols', test: /[^A-Za-z0-9]/ },
];

/** The rule in words, for forms and error messages. */
export const PASSWORD_RULE = `at least ${MIN_PASSWORD_LENGTH} characters with at least 3 of: uppercase letters, lowercase letters, digits, symbols`;

/**
 * Checks the complexity rule (≥ 10 characters, 3 of the 4 classes). Returns null when the
 * password is acceptable, else a message that says what is missing.
 *
 * @example checkPasswordComplexity('short') // 'Password must be at least 10 characters ...'
 */
export function checkPasswordComplexity(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return `Password must be ${PASSWORD_RULE} (it has only ${password.length} characters)`;
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    return `Password must be at most ${MAX_PASSWORD_LENGTH} characters`;
  }
  const missing = CLASSES.filter((c) => !c.test.test(password)).map((c) => c.name);
  if (missing.length > 1) {
    return `Password must be ${PASSWORD_RULE} (missing ${missing.join(', ')})`;
  }
  return null;
}

// Look-alike characters (0/O, 1/l/I) are left out: generated passwords are read off a screen.
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const DIGITS = '23456789';
const SYMBOLS = '!#%+-=?@^_';

/**
 * A random password that always meets the complexity rule: all four classes present, drawn with
 * a CSPRNG and shuffled so the class positions are not predictable.
 */
export function generatePassword(length = 16): string {
  const n = Math.max(length, MIN_PASSWORD_LENGTH);
  const all = UPPER + LOWER + DIGITS + SYMBOLS;
  const pick = (set: string) => set[randomInt(set.length)]!;
  const chars = [pick(UPPER), pick(LOWER), pick(DIGITS), pick(SYMBOLS)];
  while (chars.length < n) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}
