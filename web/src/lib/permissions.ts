/**
 * Permission checks on the client, mirroring the server's rule: `*` grants everything and
 * `module.*` grants a whole module. The server still decides; this only hides what would fail.
 */
import type { SessionUser } from '../api/types.js';

/** True when the user holds `code` directly or through a wildcard. */
export function hasPermission(user: Pick<SessionUser, 'permissions'> | null | undefined, code: string): boolean {
  if (!user) return false;
  for (const granted of user.permissions) {
    if (granted === '*' || granted === code) return true;
    if (granted.endsWith('.*') && code.startsWith(granted.slice(0, -1))) return true;
  }
  return false;
}
