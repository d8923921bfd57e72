/**
 * The NGSI-LD API of the sensing module (`/ngsi-ld/v1`): devices as entities, attribute updates
 * through ingestion, batch operations, subscriptions with HTTP notifications, the temporal API
 * and the built-in core @context. See docs/ngsi-ld.md for what is supported.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { KernelContext } from '../../../kernel/module.js';
import type { SensingInternals } from '../sensing.service.js';
import { TelemetryRepository } from '../telemetry.repository.js';
import { EntityStore } from './entity-store.js';
import { EntityWriter } from './entity-writer.js';
import { entitiesRoutes } from './entities.routes.js';
import { ngsiLdPlugin, NGSI_LD_PREFIX } from './ngsi-ld.routes.js';
import type { ScopeOf } from './ngsi-ld-http.js';
import { Notifier } from './notifier.js';
import { subscriptionsRoutes } from './subscriptions.routes.js';
import { SubscriptionsRepository } from './subscriptions.repository.js';
import { TemporalReader } from './temporal-query.js';
import { temporalRoutes } from './temporal.routes.js';
import { typesRoutes } from './types.routes.js';

export { ngsiLdMigrations } from './migrations.js';
export { NGSI_LD_PREFIX };

/** The started NGSI-LD component. */
export interface NgsiLd {
  /** Root routes (register at `/`; they carry the `/ngsi-ld/v1` prefix). */
  routes: FastifyPluginAsyncTypebox;
  /** Waits until queued notifications are sent (tests). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the NGSI-LD API over the sensing module's parts. */
export async function startNgsiLd(ctx: KernelContext, s: SensingInternals): Promise<NgsiLd> {
  const typeOf = (code: string) => s.types.get(code);
  const store = new EntityStore(ctx.db, () => s.types.list());
  const writer = new EntityWriter({ devices: s.devices, types: s.types, ingest: s.ingest, store, now: ctx.now });
  const subs = new SubscriptionsRepository(ctx.db);
  const notifier = new Notifier({ repo: subs, store, typeOf, logger: ctx.logger, now: ctx.now });
  await notifier.start(ctx.background !== false);
  const unsubscribe = s.service.onReadings((batch) => notifier.onReadings(batch));
  const scopeOf: ScopeOf = (p) => s.devices.departmentScope(p);
  const reader = new TemporalReader({ db: ctx.db, telemetry: new TelemetryRepository(ctx.db) });
  const plugin = ngsiLdPlugin([
    entitiesRoutes(store, writer, typeOf, scopeOf),
    subscriptionsRoutes(subs, notifier, ctx.now, scopeOf),
    temporalRoutes(store, reader, typeOf, ctx.now, scopeOf),
    typesRoutes(store, typeOf, scopeOf),
  ]);
  return {
    routes: async (app) => {
      await app.register(plugin, { prefix: NGSI_LD_PREFIX });
    },
    idle: () => notifier.idle(),
    async stop() {
      unsubscribe();
      await notifier.stop();
    },
  };
}
