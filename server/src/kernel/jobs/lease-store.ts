import type { Database } from '../db/database.js';

/**
 * Named leases in the database, so that among several nodes exactly one runs a periodic job or
 * consumes an event stream at a time. A holder keeps its lease by renewing before it expires; a
 * node that dies loses it after `ttlMs`.
 */
export class LeaseStore {
  constructor(
    private readonly db: Database,
    readonly holder: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes or renews the lease; true when this holder has it afterwards. */
  async acquire(name: string, ttlMs: number): Promise<boolean> {
    const now = this.now();
    const expires = new Date(now + ttlMs);
    await this.db.kysely
      .insertInto('kernel_job_leases')
      .values({ name, holder: this.holder, expires_at: expires })
      .onConflict((oc) =>
        oc
          .column('name')
          .doUpdateSet({ holder: this.holder, expires_at: expires })
          .where((eb) => eb.or([eb('kernel_job_leases.expires_at', '<', new Date(now)), eb('kernel_job_leases.holder', '=', this.holder)])),
      )
      .execute();
    const row = await this.db.kysely.selectFrom('kernel_job_leases').select('holder').where('name', '=', name).executeTakeFirst();
    return row?.holder === this.holder;
  }

  /** Gives the lease up (on shutdown) so another node can take over at once. */
  async release(name: string): Promise<void> {
    await this.db.kysely
      .updateTable('kernel_job_leases')
      .set({ expires_at: new Date(0) })
      .where('name', '=', name)
      .where('holder', '=', this.holder)
      .execute();
  }

  async markRun(name: string, error: string | null): Promise<void> {
    await this.db.kysely
      .updateTable('kernel_job_leases')
      .set({ last_run_at: new Date(this.now()), last_error: error })
      .where('name', '=', name)
      .execute();
  }
}
