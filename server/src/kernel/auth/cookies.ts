/**
 * The session cookie, written and read by hand so that authentication does not depend on a
 * cookie plugin being registered before it.
 */
import type { FastifyRequest } from 'fastify';

/** Name of the session cookie (CONTRACT.md "Authentication"). */
export const SESSION_COOKIE = 'zc_session';

/** Reads one cookie from the request (the plugin's parsed cookies when present, else the header). */
export function readCookie(request: FastifyRequest, name: string): string | null {
  const parsed = (request as FastifyRequest & { cookies?: Record<string, string | undefined> }).cookies;
  if (parsed && typeof parsed[name] === 'string') return parsed[name]!;
  const header = request.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return null;
}

/**
 * `Set-Cookie` value for a new session: HttpOnly (no script access), SameSite=Strict (not sent on
 * cross-site requests), no Max-Age (gone with the browser; the server expires it on idle anyway).
 */
export function sessionCookie(token: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

/** `Set-Cookie` value that removes the session cookie. */
export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;
}
