/**
 * Tokens of the demo devices. A device token is stored only as a hash, yet the simulator must
 * connect as each of the 2,000 demo devices: so their tokens are not random but derived,
 * HMAC-SHA256(secret, device id), from one random secret that the demo load creates and keeps in
 * the platform settings (the database). The simulator derives the same tokens wherever the
 * database is reachable: in the platform process, from `zhicheng simulate` on the same data,
 * after a restart, on SQLite and PostgreSQL, and on every node of a cluster.
 *
 * Only demo devices get derived tokens; devices registered through the API or an import keep
 * random ones. Whoever can read the database can act as a demo device (they could replace its
 * token hash anyway); rotate a demo device's token to take it out of the simulation.
 *
 * @example
 * const secret = await demoTokenSecret(ctx.settings, { create: true });
 * demoDeviceToken(secret, 'zc-aq-0001') // 'zd_…', the same on every call
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Settings } from '../../../kernel/settings.js';
import { DEVICE_TOKEN_PREFIX } from '../device-token.js';

/** The settings key of the secret. */
export const DEMO_TOKEN_SECRET_KEY = 'sensing.demo-device-token-secret';

/** The demo token secret; created when `create` is set and none exists, else null when missing. */
export async function demoTokenSecret(settings: Pick<Settings, 'get' | 'set'>, opts: { create?: boolean } = {}): Promise<string | null> {
  const existing = await settings.get<string>(DEMO_TOKEN_SECRET_KEY);
  if (typeof existing === 'string' && existing.length >= 32) return existing;
  if (!opts.create) return null;
  const secret = randomBytes(32).toString('hex');
  await settings.set(DEMO_TOKEN_SECRET_KEY, secret);
  return secret;
}

/** The token of a demo device (`zd_` + 43 base64url characters, like a random token). */
export function demoDeviceToken(secret: string, deviceId: string): string {
  return DEVICE_TOKEN_PREFIX + createHmac('sha256', secret).update(deviceId, 'utf8').digest('base64url');
}
