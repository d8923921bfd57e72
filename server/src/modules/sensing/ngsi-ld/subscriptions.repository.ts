/** SQL of NGSI-LD subscriptions and their delivery status. */
import type { Database } from '../../../kernel/db/database.js';
import type { SubscriptionDef, SubscriptionStatus } from './subscription-model.js';

/** A stored subscription with its context and status. */
export interface StoredSubscription {
  def: SubscriptionDef;
  /** The subscriber's @context: a URL or the inline value. */
  context: { url: string; inline?: unknown };
  status: SubscriptionStatus;
}

/** Reads and writes `sensing_ngsi_subscriptions`. */
export class SubscriptionsRepository {
  constructor(private readonly db: Database) {}

  async insert(s: StoredSubscription, createdBy: string): Promise<void> {
    await this.db.kysely
      .insertInto('sensing_ngsi_subscriptions')
      .values({
        id: s.def.id,
        ...this.columns(s),
        times_sent: 0,
        times_failed: 0,
        created_by: createdBy,
        created_at: new Date(s.status.createdAt),
      })
      .execute();
  }

  /** Replaces the definition (status kept). */
  async update(s: StoredSubscription): Promise<void> {
    await this.db.kysely.updateTable('sensing_ngsi_subscriptions').set(this.columns(s)).where('id', '=', s.def.id).execute();
  }

  async delete(id: string): Promise<boolean> {
    const r = await this.db.kysely.deleteFrom('sensing_ngsi_subscriptions').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async get(id: string): Promise<StoredSubscription | undefined> {
    const r = await this.db.kysely.selectFrom('sensing_ngsi_subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? this.read(r) : undefined;
  }

  /** A page by id and the total. */
  async page(limit: number, offset: number): Promise<{ items: StoredSubscription[]; total: number }> {
    const total = await this.db.kysely
      .selectFrom('sensing_ngsi_subscriptions')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    const rows =
      limit === 0
        ? []
        : await this.db.kysely.selectFrom('sensing_ngsi_subscriptions').selectAll().orderBy('id').limit(limit).offset(offset).execute();
    return { items: rows.map((r) => this.read(r)), total: Number(total?.n ?? 0) };
  }

  /** Every subscription (the notifier's cache). */
  async all(): Promise<StoredSubscription[]> {
    const rows = await this.db.kysely.selectFrom('sensing_ngsi_subscriptions').selectAll().orderBy('id').execute();
    return rows.map((r) => this.read(r));
  }

  /** Records one delivery attempt. */
  async recordDelivery(id: string, at: number, ok: boolean, reason: string | null): Promise<void> {
    await this.db.kysely
      .updateTable('sensing_ngsi_subscriptions')
      .set((eb) =>
        ok
          ? { times_sent: eb('times_sent', '+', 1), last_notification: new Date(at), last_success: new Date(at) }
          : {
              times_sent: eb('times_sent', '+', 1),
              times_failed: eb('times_failed', '+', 1),
              last_notification: new Date(at),
              last_failure: new Date(at),
              last_failure_reason: reason?.slice(0, 500) ?? null,
            },
      )
      .where('id', '=', id)
      .execute();
  }

  private columns(s: StoredSubscription) {
    return {
      definition: JSON.stringify(s.def),
      context: JSON.stringify(s.context),
      is_active: s.def.isActive,
      expires_at: s.def.expiresAt ? new Date(s.def.expiresAt) : null,
      updated_at: new Date(s.status.updatedAt),
    };
  }

  private read(r: Record<string, any>): StoredSubscription {
    const t = (v: unknown) => this.db.sql.readTimeOrNull(v)?.getTime() ?? null;
    return {
      def: this.db.sql.readJson<SubscriptionDef>(r.definition),
      context: this.db.sql.readJson<{ url: string; inline?: unknown }>(r.context),
      status: {
        timesSent: Number(r.times_sent),
        timesFailed: Number(r.times_failed),
        lastNotification: t(r.last_notification),
        lastSuccess: t(r.last_success),
        lastFailure: t(r.last_failure),
        lastFailureReason: r.last_failure_reason ?? null,
        createdAt: t(r.created_at)!,
        updatedAt: t(r.updated_at)!,
      },
    };
  }
}
