/**
 * Authentication for every request: who is calling (session cookie or API key), is the CSRF
 * token right, and sign-in with lockout. Users themselves live in the org module, which plugs in
 * as the {@link PrincipalSource}: the kernel never imports a module.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { AuditLog } from '../audit/audit-log.js';
import type { Config } from '../config/config.js';
import type { Database } from '../db/database.js';
import { DomainError } from '../errors.js';
import { looksLikeApiKey } from './api-key.js';
import { ApiKeyStore, type ApiKeyInfo, type CreateApiKeyInput, type CreatedApiKey } from './api-key-store.js';
import { clearedSessionCookie, readCookie, SESSION_COOKIE, sessionCookie } from './cookies.js';
import { LoginLockout } from './login-lockout.js';
import { MAX_PASSWORD_LENGTH } from './password.js';
import type { Principal } from './principal.js';
import { SessionStore, type SessionInfo } from './session-store.js';

/** Outcome of checking a username and password against the user directory. */
export type CredentialCheck =
  | { ok: true; userId: string }
  /** Right password, but the account may not sign in (disabled). */
  | { ok: false; reason: 'disabled'; userId: string }
  | { ok: false; reason: 'bad_credentials' };

/**
 * How users are found and their passwords checked; supplied by the org module at start
 * (`auth.usePrincipalSource(...)`).
 */
export interface PrincipalSource {
  /** Checks credentials. Must spend comparable time whether or not the user exists. */
  verifyCredentials(username: string, password: string): Promise<CredentialCheck>;
  /** The principal of an active user, or null when the user is gone or disabled. */
  loadPrincipal(userId: string): Promise<Principal | null>;
}

/** A successful sign-in. `sessionToken` goes into the cookie only. */
export interface LoginResult {
  principal: Principal;
  sessionToken: string;
  csrfToken: string;
  sessionId: string;
}

export interface LoginInput {
  username: string;
  password: string;
  ip?: string | null;
  userAgent?: string | null;
}

/** The authentication service every request passes through. */
export interface AuthService {
  /** The clock auth uses (injected so tests can move time). */
  readonly now: () => number;
  /** Called once by the org module: where users come from. */
  usePrincipalSource(source: PrincipalSource): void;
  /**
   * The caller of a request: `Authorization: Bearer zk_…` (a bad or revoked key throws
   * `unauthorized`), else the `zc_session` cookie (an unknown or expired session gives null).
   * Other Bearer credentials (device tokens) are not this function's business: null.
   */
  authenticate(request: FastifyRequest): Promise<Principal | null>;
  /** Cookie sessions on POST/PUT/PATCH/DELETE must send the session's `X-CSRF-Token`. */
  verifyCsrf(request: FastifyRequest, principal: Principal): void;
  /** The cookie session behind an authenticated request (null for API keys / anonymous). */
  sessionOf(request: FastifyRequest): SessionInfo | null;
  /** Signs in: lockout, credential check, session, audit. */
  login(input: LoginInput): Promise<LoginResult>;
  /** Ends the request's cookie session, if any. */
  logout(request: FastifyRequest): Promise<void>;
  /** Sets / clears the session cookie on a reply. */
  setSessionCookie(reply: FastifyReply, token: string): void;
  clearSessionCookie(reply: FastifyReply): void;
  /** Ends a user's sessions inside `trx` (disabled, password changed), optionally keeping one. */
  destroyUserSessions(trx: Kysely<any>, userId: string, keepSessionId?: string): Promise<number>;
  /** When each of the given usernames is locked until (only the locked ones). */
  lockedUsers(usernames: string[]): Promise<Map<string, Date>>;
  /** Lifts a lockout inside `trx`; true when there was one. */
  unlock(trx: Kysely<any>, username: string): Promise<boolean>;
  createApiKey(trx: Kysely<any>, input: CreateApiKeyInput): Promise<CreatedApiKey>;
  listApiKeys(): Promise<ApiKeyInfo[]>;
  getApiKey(id: string): Promise<ApiKeyInfo | null>;
  revokeApiKey(trx: Kysely<any>, id: string): Promise<boolean>;
  /** Deletes expired sessions and old login attempts (a periodic job). */
  prune(): Promise<void>;
}

export interface AuthServiceDeps {
  db: Database;
  config: Pick<Config, 'cookieSecure'>;
  logger: Logger;
  audit: AuditLog;
  now?: () => number;
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Login attempts are kept this long for the record (the audit log keeps them longer). */
const ATTEMPT_RETENTION_MS = 7 * 24 * 3600_000;

/**
 * Builds the authentication service.
 *
 * @example
 *   const auth = createAuthService({ db, config, logger, audit, now });
 *   const principal = await auth.authenticate(request);
 */
export function createAuthService(deps: AuthServiceDeps): AuthService {
  const now = deps.now ?? Date.now;
  const { db, audit, logger } = deps;
  const sessions = new SessionStore(db, now);
  const keys = new ApiKeyStore(db, now);
  const lockout = new LoginLockout(db, now);
  // Per-request session facts, so verifyCsrf and /auth/me need no second lookup.
  const requestSessions = new WeakMap<FastifyRequest, SessionInfo>();
  let source: PrincipalSource | null = null;

  function requireSource(): PrincipalSource {
    if (!source) throw new DomainError('unavailable', 'User directory is not ready yet');
    return source;
  }

  function keyPrincipal(k: ApiKeyInfo): Principal {
    return { kind: 'apikey', id: k.id, displayName: k.name, roles: [], permissions: k.permissions, departmentCode: k.departmentCode };
  }

  async function recordFailure(username: string, ip: string | null, reason: string): Promise<Date | null> {
    const until = await lockout.recordFailure(username, ip);
    await audit.recordNow({
      actor: 'anonymous',
      action: until ? 'auth.locked' : 'auth.login.failed',
      target: `username:${username.trim().toLowerCase().slice(0, 64)}`,
      detail: { ip, reason, ...(until ? { lockedUntil: until.toISOString() } : {}) },
    });
    return until;
  }

  function lockedError(until: Date): DomainError {
    const retryAfterSeconds = Math.max(1, Math.ceil((until.getTime() - now()) / 1000));
    return new DomainError('locked', `Too many failed sign-ins; try again after ${until.toISOString()}`, [], { retryAfterSeconds });
  }

  return {
    now,

    usePrincipalSource(s) {
      if (source && source !== s) logger.warn('auth principal source replaced');
      source = s;
    },

    async authenticate(request) {
      const header = request.headers.authorization;
      if (header && /^bearer\s/i.test(header)) {
        const token = header.slice(7).trim();
        if (looksLikeApiKey(token)) {
          const key = await keys.verify(token);
          if (!key) throw new DomainError('unauthorized', 'API key is invalid or revoked');
          return keyPrincipal(key);
        }
        // Not ours (e.g. a device token): leave it to the route that accepts it; fall through so
        // a browser session on the same request still counts.
      }
      const token = readCookie(request, SESSION_COOKIE);
      if (!token || !source) return null;
      const session = await sessions.resolve(token);
      if (!session) return null;
      const principal = await source.loadPrincipal(session.userId);
      if (!principal) {
        // The user was disabled or deleted since: the session is of no further use.
        await sessions.destroy(db.kysely, session.id);
        return null;
      }
      requestSessions.set(request, session);
      return principal;
    },

    verifyCsrf(request, principal) {
      if (principal.kind !== 'user' || !UNSAFE_METHODS.has(request.method.toUpperCase())) return;
      const session = requestSessions.get(request);
      if (!session) return; // not a cookie session
      const sent = request.headers['x-csrf-token'];
      const value = Array.isArray(sent) ? sent[0] : sent;
      if (!value || !safeEqual(value, session.csrfToken)) {
        throw new DomainError('forbidden', 'CSRF token missing or wrong');
      }
    },

    sessionOf(request) {
      return requestSessions.get(request) ?? null;
    },

    async login(input) {
      const src = requireSource();
      const ip = input.ip ?? null;
      const locked = await lockout.lockedUntil(input.username);
      if (locked) throw lockedError(locked);
      if (input.password.length > MAX_PASSWORD_LENGTH) {
        await recordFailure(input.username, ip, 'bad_credentials');
        throw new DomainError('unauthorized', 'Wrong username or password');
      }
      const check = await src.verifyCredentials(input.username, input.password);
      if (!check.ok && check.reason === 'bad_credentials') {
        // The 5th failure locks, but it still answers 401: the next attempt meets the lock (423).
        await recordFailure(input.username, ip, 'bad_credentials');
        throw new DomainError('unauthorized', 'Wrong username or password');
      }
      if (!check.ok) {
        await audit.recordNow({
          actor: check.userId,
          action: 'auth.login.refused',
          target: `user:${check.userId}`,
          detail: { ip, reason: check.reason },
        });
        throw new DomainError('forbidden', 'This account is disabled; ask an administrator to enable it');
      }
      const principal = await src.loadPrincipal(check.userId);
      if (!principal) throw new DomainError('forbidden', 'This account is disabled; ask an administrator to enable it');
      const session = await db.kysely.transaction().execute(async (trx) => {
        await lockout.recordSuccess(trx, input.username, ip);
        const s = await sessions.create(trx, check.userId, { ip, userAgent: input.userAgent });
        await audit.record(trx, { actor: check.userId, action: 'auth.login', target: `user:${check.userId}`, detail: { ip } });
        return s;
      });
      return { principal, sessionToken: session.token, csrfToken: session.csrfToken, sessionId: session.id };
    },

    async logout(request) {
      const token = readCookie(request, SESSION_COOKIE);
      if (!token) return;
      const session = requestSessions.get(request) ?? (await sessions.resolve(token));
      if (!session) return;
      await db.kysely.transaction().execute(async (trx) => {
        await sessions.destroy(trx, session.id);
        await audit.record(trx, { actor: session.userId, action: 'auth.logout', target: `user:${session.userId}` });
      });
      requestSessions.delete(request);
    },

    setSessionCookie(reply, token) {
      reply.header('set-cookie', sessionCookie(token, deps.config.cookieSecure));
    },

    clearSessionCookie(reply) {
      reply.header('set-cookie', clearedSessionCookie(deps.config.cookieSecure));
    },

    destroyUserSessions: (trx, userId, keep) => sessions.destroyForUser(trx, userId, keep),
    lockedUsers: (usernames) => lockout.lockedMany(usernames),
    unlock: (trx, username) => lockout.unlock(trx, username),
    createApiKey: (trx, input) => keys.create(trx, input),
    listApiKeys: () => keys.list(),
    getApiKey: (id) => keys.get(id),
    revokeApiKey: (trx, id) => keys.revoke(trx, id),

    async prune() {
      await sessions.prune();
      await lockout.prune(ATTEMPT_RETENTION_MS);
    },
  };
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
