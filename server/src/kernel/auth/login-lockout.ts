/**
 * Account lockout (DESIGN.md "Security baseline"): 5 failed logins within 15 minutes lock the
 * username for 15 minutes. Attempts are keyed by the lower-cased username as typed, whether or
 * not the user exists, so guessing names is throttled the same way and reveals nothing.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { newId } from '../ids.js';

/** The lockout policy; the numbers are the security baseline's. */
export const LOCKOUT_POLICY = {
  maxFailures: 5,
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
} as const;

/** Records login attempts and answers whether a username is locked. */
export class LoginLockout {
  constructor(
    private readonly db: Database,
    private readonly now: () => number,
  ) {}

  /** The instant the lock on `username` ends, or null when it is not locked now. */
  async lockedUntil(username: string): Promise<Date | null> {
    const row = await this.db.kysely
      .selectFrom('kernel_auth_lockouts')
      .select('locked_until')
      .where('username', '=', normalise(username))
      .executeTakeFirst();
    if (!row) return null;
    const until = this.db.sql.readTime(row.locked_until);
    return until.getTime() > this.now() ? until : null;
  }

  /** The current locks among `usernames` (for showing `locked` in user lists). */
  async lockedMany(usernames: string[]): Promise<Map<string, Date>> {
    const out = new Map<string, Date>();
    if (usernames.length === 0) return out;
    const rows = await this.db.kysely
      .selectFrom('kernel_auth_lockouts')
      .select(['username', 'locked_until'])
      .where('username', 'in', usernames.map(normalise))
      .where('locked_until', '>', new Date(this.now()))
      .execute();
    for (const r of rows) out.set(r.username, this.db.sql.readTime(r.locked_until));
    return out;
  }

  /**
   * Records a failed attempt; when it is the 5th within the window (since the last success),
   * locks the username and returns the lock's end.
   */
  async recordFailure(username: string, ip: string | null): Promise<Date | null> {
    const name = normalise(username);
    const now = this.now();
    return this.db.kysely.transaction().execute(async (trx) => {
      await trx
        .insertInto('kernel_auth_login_attempts')
        .values({ id: newId(now), username: name, at: new Date(now), success: false, ip })
        .execute();
      const lastSuccess = await trx
        .selectFrom('kernel_auth_login_attempts')
        .select((eb) => eb.fn.max('at').as('at'))
        .where('username', '=', name)
        .where('success', '=', true)
        .executeTakeFirst();
      const since = Math.max(now - LOCKOUT_POLICY.windowMs, lastSuccess?.at == null ? 0 : this.db.sql.readTime(lastSuccess.at).getTime());
      const counted = await trx
        .selectFrom('kernel_auth_login_attempts')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('username', '=', name)
        .where('success', '=', false)
        .where('at', '>', new Date(since))
        .executeTakeFirst();
      if (Number(counted?.n ?? 0) < LOCKOUT_POLICY.maxFailures) return null;
      const until = new Date(now + LOCKOUT_POLICY.lockMs);
      await trx
        .insertInto('kernel_auth_lockouts')
        .values({ username: name, locked_at: new Date(now), locked_until: until })
        .onConflict((oc) => oc.column('username').doUpdateSet({ locked_at: new Date(now), locked_until: until }))
        .execute();
      // The failures that caused this lock must not count again once it ends.
      await trx.deleteFrom('kernel_auth_login_attempts').where('username', '=', name).where('success', '=', false).execute();
      return until;
    });
  }

  /** Records a successful login: earlier failures stop counting. */
  async recordSuccess(trx: Kysely<any>, username: string, ip: string | null): Promise<void> {
    const now = this.now();
    await trx
      .insertInto('kernel_auth_login_attempts')
      .values({ id: newId(now), username: normalise(username), at: new Date(now), success: true, ip })
      .execute();
  }

  /** Lifts a lock (administrator action, password reset) and forgets the failures behind it. */
  async unlock(trx: Kysely<any>, username: string): Promise<boolean> {
    const name = normalise(username);
    const res = await trx.deleteFrom('kernel_auth_lockouts').where('username', '=', name).executeTakeFirst();
    await trx.deleteFrom('kernel_auth_login_attempts').where('username', '=', name).where('success', '=', false).execute();
    return Number(res.numDeletedRows) > 0;
  }

  /** Deletes attempts and expired locks older than `keepMs` (housekeeping). */
  async prune(keepMs: number): Promise<void> {
    const cutoff = new Date(this.now() - keepMs);
    await this.db.kysely.deleteFrom('kernel_auth_login_attempts').where('at', '<', cutoff).execute();
    await this.db.kysely.deleteFrom('kernel_auth_lockouts').where('locked_until', '<', cutoff).execute();
  }
}

function normalise(username: string): string {
  return username.trim().toLowerCase();
}
