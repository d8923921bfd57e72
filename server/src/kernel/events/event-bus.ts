import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/database.js';
import type { LeaseStore } from '../jobs/lease-store.js';

/** An event as a subscriber receives it. */
export interface StoredEvent<P = unknown> {
  id: number;
  name: string;
  payload: P;
  createdAt: Date;
}

export type EventHandler = (event: StoredEvent) => Promise<void>;

interface Subscription {
  subscriber: string;
  names: Set<string>;
  handler: EventHandler;
  timer: NodeJS.Timeout | null;
  running: Promise<void> | null;
  attempts: Map<number, number>;
  /** Serialises polls of one subscriber (timer and drain must never deliver concurrently). */
  lock: Promise<unknown>;
}

/** Advisory lock key that orders outbox writers on PostgreSQL (any stable number). */
const OUTBOX_LOCK = 7_262_019;
/** Failed deliveries of one event before it is parked in kernel_event_failures. */
const MAX_ATTEMPTS = 5;
const POLL_MS = 250;
const BATCH = 200;
/** Offsets are saved at least this often within a batch, bounding replays after a crash. */
const OFFSET_FLUSH_EVERY = 50;

/**
 * The transactional outbox. `publish` writes the event in the caller's transaction, so an event
 * exists exactly when its state change committed. Each subscriber consumes the outbox in id order
 * from its own stored offset (at-least-once, survives restarts); with several nodes a lease makes
 * one node the consumer for each subscriber.
 */
export class EventBus {
  readonly #subs = new Map<string, Subscription>();
  #started = false;

  constructor(
    private readonly db: Database,
    private readonly leases: LeaseStore,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Writes an event inside `trx`; it is delivered after the transaction commits. */
  async publish(trx: Kysely<any>, name: string, payload: unknown): Promise<void> {
    // PostgreSQL sequences hand out ids in allocation order, not commit order: a consumer could
    // read id 7 while id 6 is still uncommitted and skip it for ever. Holding a transaction-scoped
    // lock from the first publish to commit makes ids commit-ordered, so any gap a consumer sees
    // is a rolled-back insert. (State changes already serialise on the audit head row.)
    if (this.db.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${OUTBOX_LOCK})`.execute(trx);
    await trx
      .insertInto('kernel_outbox')
      .values({ name, payload: JSON.stringify(payload), created_at: new Date(this.now()) })
      .execute();
    this.#wakeSoon(name);
  }

  /**
   * Registers a durable subscriber. `subscriber` names its offset: keep it stable across releases
   * (`cases.on-alarm`). New subscribers start at the current end of the outbox.
   */
  subscribe(subscriber: string, names: string[], handler: EventHandler): void {
    if (this.#subs.has(subscriber)) throw new Error(`subscriber ${subscriber} already registered`);
    const sub: Subscription = {
      subscriber,
      names: new Set(names),
      handler,
      timer: null,
      running: null,
      attempts: new Map(),
      lock: Promise.resolve(),
    };
    this.#subs.set(subscriber, sub);
    if (this.#started) void this.#initOffset(sub).then(() => this.#schedule(sub, 0));
  }

  async start(): Promise<void> {
    this.#started = true;
    for (const sub of this.#subs.values()) {
      await this.#initOffset(sub);
      this.#schedule(sub, 0);
    }
  }

  async stop(): Promise<void> {
    this.#started = false;
    const pending: Promise<unknown>[] = [];
    for (const sub of this.#subs.values()) {
      if (sub.timer) clearTimeout(sub.timer);
      sub.timer = null;
      if (sub.running) pending.push(sub.running);
    }
    await Promise.all(pending);
    await Promise.all([...this.#subs.keys()].map((s) => this.leases.release(`events:${s}`).catch(() => {})));
  }

  /** Delivers everything committed so far to every subscriber (tests, CLI). */
  async drain(): Promise<void> {
    for (const sub of this.#subs.values()) {
      await sub.running;
      while ((await this.#exclusive(sub, () => this.#poll(sub))) > 0) {
        /* keep going until caught up */
      }
    }
  }

  async #initOffset(sub: Subscription): Promise<void> {
    const existing = await this.db.kysely
      .selectFrom('kernel_event_offsets')
      .select('position')
      .where('subscriber', '=', sub.subscriber)
      .executeTakeFirst();
    if (existing) return;
    const last = await this.db.kysely
      .selectFrom('kernel_outbox')
      .select((eb) => eb.fn.max('id').as('max'))
      .executeTakeFirst();
    await this.db.kysely
      .insertInto('kernel_event_offsets')
      .values({ subscriber: sub.subscriber, position: Number(last?.max ?? 0), updated_at: new Date(this.now()) })
      .onConflict((oc) => oc.column('subscriber').doNothing())
      .execute();
  }

  #wakeSoon(name: string): void {
    for (const sub of this.#subs.values()) {
      if (sub.names.has(name) && this.#started && !sub.running) this.#schedule(sub, 20);
    }
  }

  #schedule(sub: Subscription, delay: number): void {
    if (sub.timer) clearTimeout(sub.timer);
    sub.timer = setTimeout(() => {
      sub.timer = null;
      sub.running = this.#leasedPoll(sub)
        .catch((e) => this.logger.error({ subscriber: sub.subscriber, err: e }, 'event dispatch failed'))
        .then((n) => {
          sub.running = null;
          if (this.#started) this.#schedule(sub, typeof n === 'number' && n > 0 ? 0 : POLL_MS);
        });
    }, delay);
    sub.timer.unref();
  }

  async #leasedPoll(sub: Subscription): Promise<number> {
    if (!(await this.leases.acquire(`events:${sub.subscriber}`, 15_000))) return 0;
    return this.#exclusive(sub, () => this.#poll(sub));
  }

  #exclusive<T>(sub: Subscription, fn: () => Promise<T>): Promise<T> {
    const run = sub.lock.then(fn, fn);
    sub.lock = run.catch(() => {});
    return run;
  }

  /** One batch for one subscriber; returns how many events it moved past. */
  async #poll(sub: Subscription): Promise<number> {
    const offset = await this.db.kysely
      .selectFrom('kernel_event_offsets')
      .select('position')
      .where('subscriber', '=', sub.subscriber)
      .executeTakeFirst();
    let position = Number(offset?.position ?? 0);
    const rows = await this.db.kysely
      .selectFrom('kernel_outbox')
      .selectAll()
      .where('id', '>', position)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    let moved = 0;
    for (const row of rows) {
      const id = Number(row.id);
      const createdAt = this.db.sql.readTime(row.created_at);
      if (sub.names.has(row.name)) {
        const event: StoredEvent = { id, name: row.name, payload: JSON.parse(row.payload), createdAt };
        try {
          await sub.handler(event);
          sub.attempts.delete(id);
        } catch (e) {
          const n = (sub.attempts.get(id) ?? 0) + 1;
          sub.attempts.set(id, n);
          this.logger.warn({ subscriber: sub.subscriber, event: row.name, id, attempt: n, err: e }, 'event handler failed');
          if (n < MAX_ATTEMPTS) break;
          sub.attempts.delete(id);
          await this.db.kysely
            .insertInto('kernel_event_failures')
            .values({ subscriber: sub.subscriber, event_id: id, error: String((e as Error).message ?? e), failed_at: new Date(this.now()) })
            .onConflict((oc) => oc.columns(['subscriber', 'event_id']).doNothing())
            .execute();
        }
      }
      position = id;
      moved++;
      // The offset is written per batch, not per event: a busy outbox (alarms at ingest rates) would
      // otherwise cost one write per event per subscriber. A crash replays at most one batch, which
      // at-least-once handlers already tolerate.
      if (moved % OFFSET_FLUSH_EVERY === 0) await this.#saveOffset(sub, position);
    }
    if (moved % OFFSET_FLUSH_EVERY !== 0) await this.#saveOffset(sub, position);
    return moved;
  }

  async #saveOffset(sub: Subscription, position: number): Promise<void> {
    await this.db.kysely
      .updateTable('kernel_event_offsets')
      .set({ position, updated_at: new Date(this.now()) })
      .where('subscriber', '=', sub.subscriber)
      .execute();
  }
}
