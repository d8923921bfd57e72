/**
 * Server-side sessions for the web client. The cookie carries a random token; the table keeps
 * only its SHA-256, the user, the CSRF token and when it was last used. Sessions end after 30
 * minutes without a request (sliding) and in any case 12 hours after sign-in.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';

/** Session lifetimes (DESIGN.md "Security baseline": idle expiry 30 min). */
export const SESSION_POLICY = {
  idleMs: 30 * 60_000,
  /** A working shift; after it the user signs in again even when active. */
  absoluteMs: 12 * 60 * 60_000,
  /** `last_seen_at` is written at most this often, so reads do not each cost a write. */
  touchEveryMs: 15_000,
} as const;

/** A live session as the rest of auth sees it. */
export interface SessionInfo {
  id: string;
  userId: string;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
}

/** A session just created: the token goes into the cookie and is never stored. */
export interface NewSession extends SessionInfo {
  token: string;
}

/** Hex SHA-256 of a session token: the session's primary key. */
export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Sessions table access with the expiry rules applied. */
export class SessionStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => number,
  ) {}

  /** Creates a session for `userId` inside `trx`. */
  async create(trx: Kysely<any>, userId: string, meta: { ip?: string | null; userAgent?: string | null }): Promise<NewSession> {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const at = new Date(this.now());
    const id = sessionIdOf(token);
    await trx
      .insertInto('kernel_auth_sessions')
      .values({
        id,
        user_id: userId,
        csrf_token: csrfToken,
        created_at: at,
        last_seen_at: at,
        ip: meta.ip ?? null,
        user_agent: meta.userAgent?.slice(0, 300) ?? null,
      })
      .execute();
    return { id, token, userId, csrfToken, createdAt: at, lastSeenAt: at };
  }

  /**
   * The live session for a cookie token, sliding its idle expiry; null (and the row deleted)
   * when it is unknown, idle for longer than 30 minutes or older than 12 hours.
   */
  async resolve(token: string): Promise<SessionInfo | null> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
    const id = sessionIdOf(token);
    const row = await this.db.kysely.selectFrom('kernel_auth_sessions').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return null;
    const now = this.now();
    const createdAt = this.db.sql.readTime(row.created_at);
    const lastSeenAt = this.db.sql.readTime(row.last_seen_at);
    if (now - lastSeenAt.getTime() > SESSION_POLICY.idleMs || now - createdAt.getTime() > SESSION_POLICY.absoluteMs) {
      await this.db.kysely.deleteFrom('kernel_auth_sessions').where('id', '=', id).execute();
      return null;
    }
    let seen = lastSeenAt;
    if (now - lastSeenAt.getTime() >= SESSION_POLICY.touchEveryMs) {
      seen = new Date(now);
      await this.db.kysely.updateTable('kernel_auth_sessions').set({ last_seen_at: seen }).where('id', '=', id).execute();
    }
    return { id, userId: row.user_id, csrfToken: row.csrf_token, createdAt, lastSeenAt: seen };
  }

  /** Ends one session. */
  async destroy(trx: Kysely<any>, id: string): Promise<void> {
    await trx.deleteFrom('kernel_auth_sessions').where('id', '=', id).execute();
  }

  /** Ends every session of a user (disabled, password reset), optionally keeping one. */
  async destroyForUser(trx: Kysely<any>, userId: string, keepSessionId?: string): Promise<number> {
    let q = trx.deleteFrom('kernel_auth_sessions').where('user_id', '=', userId);
    if (keepSessionId) q = q.where('id', '<>', keepSessionId);
    const res = await q.executeTakeFirst();
    return Number(res.numDeletedRows);
  }

  /** Deletes sessions that can no longer be used (housekeeping). */
  async prune(): Promise<number> {
    const now = this.now();
    const res = await this.db.kysely
      .deleteFrom('kernel_auth_sessions')
      .where((eb) =>
        eb.or([
          eb('last_seen_at', '<', new Date(now - SESSION_POLICY.idleMs)),
          eb('created_at', '<', new Date(now - SESSION_POLICY.absoluteMs)),
        ]),
      )
      .executeTakeFirst();
    return Number(res.numDeletedRows);
  }
}
