/**
 * Sends NGSI-LD notifications when readings arrive. It listens to the ingestion path after each
 * durable commit (`onReadings`) and only matches there: which subscriptions watch the changed
 * devices and attributes. The work of a notification (reading the entity, evaluating q, the HTTP
 * POST, recording the status) happens in a bounded queue drained by a few workers, so a slow or
 * dead endpoint never slows ingestion. When the queue is full, new notifications are dropped and
 * counted as failures of their subscription (and logged), never buffered without bound.
 *
 * Each node notifies for the readings it ingested itself, so several nodes never send the same
 * notification twice; subscriptions made on other nodes are picked up by a periodic reload.
 */
import type { Logger } from 'pino';
import { newId } from '../../../kernel/ids.js';
import { inScope } from '../devices.service.js';
import type { AcceptedReading } from '../sensing-types.js';
import type { DeviceTypeDef } from '../thing-model.js';
import { contextMember, linkHeader, restoreContext, type RequestContext } from './json-ld-context.js';
import { renderEntity, typedValue } from './entity-serializer.js';
import { entityId, type EntityStore } from './entity-store.js';
import { evaluateQuery, parseQuery, type QNode } from './query-language.js';
import type { StoredSubscription, SubscriptionsRepository } from './subscriptions.repository.js';
import { resolveTerm } from './json-ld-context.js';

/** Queue and delivery limits. */
export const NOTIFIER_LIMITS = {
  /** Pending notifications kept at most. */
  maxQueue: 10_000,
  /** Concurrent HTTP deliveries. */
  concurrency: 4,
  /** An endpoint gets this long to answer. */
  timeoutMs: 10_000,
  /** How often subscriptions made on other nodes are picked up. */
  reloadMs: 10_000,
};

interface ActiveSub {
  stored: StoredSubscription;
  ctx: RequestContext;
  q: QNode | null;
  patterns: Array<{ type: string; id?: string; re?: RegExp }> | null;
  watched: Set<string> | null;
}

interface Job {
  subId: string;
  deviceId: string;
}

/** What the notifier is built on. */
export interface NotifierDeps {
  repo: SubscriptionsRepository;
  store: EntityStore;
  typeOf: (code: string) => DeviceTypeDef | undefined;
  logger: Logger;
  now: () => number;
}

/** Matches readings to subscriptions and delivers notifications in the background. */
export class Notifier {
  #subs: ActiveSub[] = [];
  readonly #queue: Job[] = [];
  readonly #pending = new Set<string>();
  readonly #lastSent = new Map<string, number>();
  #running = 0;
  #timer: NodeJS.Timeout | null = null;
  #closed = false;
  readonly #idle: Array<() => void> = [];

  constructor(private readonly deps: NotifierDeps) {}

  /** Loads the subscriptions and starts the periodic reload. */
  async start(background: boolean): Promise<void> {
    await this.reload();
    // One-shot CLI commands (seed, import) send no notifications: nothing would wait for them.
    this.#closed = !background;
    if (!background) return;
    this.#timer = setInterval(() => {
      this.reload().catch((err) => this.deps.logger.warn({ err }, 'NGSI-LD subscription reload failed; retrying'));
    }, NOTIFIER_LIMITS.reloadMs);
    this.#timer.unref();
  }

  /** Re-reads the subscriptions (after a change on this node, and periodically). */
  async reload(): Promise<void> {
    const all = await this.deps.repo.all();
    const live = new Set(all.map((s) => s.def.id));
    for (const id of this.#lastSent.keys()) if (!live.has(id)) this.#lastSent.delete(id);
    this.#subs = all.flatMap((s) => {
      try {
        const ctx = restoreContext(s.context);
        return [
          {
            stored: s,
            ctx,
            q: s.def.q ? parseQuery(s.def.q, (t) => resolveTerm(ctx, t)) : null,
            patterns:
              s.def.entities?.map((e) => ({ type: e.type, id: e.id, re: e.idPattern ? new RegExp(e.idPattern) : undefined })) ?? null,
            watched: s.def.watchedAttributes ? new Set(s.def.watchedAttributes) : null,
          },
        ];
      } catch (err) {
        this.deps.logger.warn({ err, id: s.def.id }, 'NGSI-LD subscription cannot be read; skipped');
        return [];
      }
    });
  }

  /** The ingestion listener: matches in memory and queues; never waits. */
  onReadings(batch: readonly AcceptedReading[]): void {
    if (this.#closed || this.#subs.length === 0) return;
    const changed = new Map<string, { type: string; props: Set<string> }>();
    for (const r of batch) {
      let c = changed.get(r.deviceId);
      if (!c) changed.set(r.deviceId, (c = { type: r.deviceType, props: new Set() }));
      c.props.add(r.property);
    }
    const now = this.deps.now();
    for (const sub of this.#subs) {
      const def = sub.stored.def;
      if (!def.isActive || (def.expiresAt && Date.parse(def.expiresAt) <= now)) continue;
      for (const [deviceId, c] of changed) {
        if (sub.watched && ![...c.props].some((p) => sub.watched!.has(p))) continue;
        if (sub.patterns && !sub.patterns.some((p) => p.type === c.type && matchesId(p, c.type, deviceId))) continue;
        this.#enqueue({ subId: def.id, deviceId });
      }
    }
  }

  /** Resolves once the queue is empty and no delivery is running (tests, shutdown). */
  idle(): Promise<void> {
    if (this.#queue.length === 0 && this.#running === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Stops taking work; waits for running deliveries. */
  async stop(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#queue.length = 0;
    this.#pending.clear();
    await this.idle();
  }

  #enqueue(job: Job): void {
    const key = `${job.subId}\u0000${job.deviceId}`;
    // A notification still waiting will read the newest values anyway: one per sub × entity suffices.
    if (this.#pending.has(key)) return;
    if (this.#queue.length >= NOTIFIER_LIMITS.maxQueue) {
      this.deps.logger.warn({ subscriptionId: job.subId }, 'NGSI-LD notification queue full; notification dropped');
      void this.deps.repo.recordDelivery(job.subId, this.deps.now(), false, 'notification queue full; dropped').catch(() => {});
      return;
    }
    this.#pending.add(key);
    this.#queue.push(job);
    this.#pump();
  }

  #pump(): void {
    while (this.#running < NOTIFIER_LIMITS.concurrency && this.#queue.length > 0) {
      const job = this.#queue.shift()!;
      this.#pending.delete(`${job.subId}\u0000${job.deviceId}`);
      this.#running++;
      this.#deliver(job)
        .catch((err) => this.deps.logger.error({ err, subscriptionId: job.subId }, 'NGSI-LD notification failed'))
        .finally(() => {
          this.#running--;
          this.#pump();
          if (this.#queue.length === 0 && this.#running === 0) for (const r of this.#idle.splice(0)) r();
        });
    }
  }

  async #deliver(job: Job): Promise<void> {
    const sub = this.#subs.find((s) => s.stored.def.id === job.subId);
    if (!sub || this.#closed) return;
    const def = sub.stored.def;
    const now = this.deps.now();
    const last = this.#lastSent.get(def.id) ?? sub.stored.status.lastNotification ?? -Infinity;
    if (def.throttling !== undefined && now - last < def.throttling * 1000) return;
    const row = await this.deps.store.get(job.deviceId);
    if (!row || (def.scope && !inScope(row, def.scope))) return;
    const type = this.deps.typeOf(row.type);
    const latest = (await this.deps.store.latest([row.id])).get(row.id) ?? [];
    if (sub.q) {
      const byName = new Map(latest.map((l) => [l.property, l]));
      const ok = evaluateQuery(sub.q, (name) => {
        if (name === 'name') return { value: row.name, observedAt: null, unitCode: null };
        const l = byName.get(name);
        if (!l) return undefined;
        return { value: typedValue(l, type), observedAt: l.ts, unitCode: type?.properties.find((p) => p.name === name)?.unitCode ?? null };
      });
      if (!ok) return;
    }
    this.#lastSent.set(def.id, now);
    const entity = renderEntity(row, latest, type, {
      format: def.notification.format,
      attrs: def.notification.attributes ? new Set(def.notification.attributes) : null,
      sysAttrs: false,
      context: sub.ctx,
    });
    const ld = def.notification.endpoint.accept === 'application/ld+json';
    const body = {
      ...(ld ? { '@context': contextMember(sub.ctx) } : {}),
      id: `urn:ngsi-ld:Notification:${newId(now).toLowerCase()}`,
      type: 'Notification',
      subscriptionId: def.id,
      notifiedAt: new Date(now).toISOString(),
      data: [entity],
    };
    let ok = false;
    let reason: string | null = null;
    try {
      const res = await fetch(def.notification.endpoint.uri, {
        method: 'POST',
        headers: {
          'content-type': ld ? 'application/ld+json' : 'application/json',
          ...(ld ? {} : { link: linkHeader(sub.ctx.url) }),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(NOTIFIER_LIMITS.timeoutMs),
      });
      // The answer's body means nothing to us: drop it rather than wait for an endpoint that dawdles.
      await res.body?.cancel().catch(() => undefined);
      ok = res.status >= 200 && res.status < 300;
      if (!ok) reason = `the endpoint answered ${res.status}`;
    } catch (e) {
      reason = (e as Error).name === 'TimeoutError' ? `no answer within ${NOTIFIER_LIMITS.timeoutMs / 1000} s` : (e as Error).message;
    }
    await this.deps.repo.recordDelivery(def.id, this.deps.now(), ok, reason);
    sub.stored.status.lastNotification = now;
  }
}

function matchesId(p: { id?: string; re?: RegExp }, type: string, deviceId: string): boolean {
  if (!p.id && !p.re) return true;
  const id = entityId(type, deviceId);
  return p.id ? p.id === id : p.re!.test(id);
}
