/**
 * Wires the sensing module (registry, ingestion, queries, liveness, retention, MQTT) over the
 * kernel context, and defines {@link SensingService}: what other modules, the demo seeder and
 * the CLI may call.
 */
import { createHash } from 'node:crypto';
import type { Metrics } from '../../kernel/http/metrics.js';
import type { KernelContext } from '../../kernel/module.js';
import type { GeoService } from '../geo/index.js';
import type { OrgService } from '../org/index.js';
import { DeviceBulkService, type DemoDeviceInput } from './device-bulk.service.js';
import { DeviceCache } from './device-cache.js';
import { DeviceEventsService } from './device-events.service.js';
import { DeviceTypesService } from './device-types.service.js';
import { DevicesRepository } from './devices.repository.js';
import { DevicesService } from './devices.service.js';
import { IngestService } from './ingest.service.js';
import { COMMAND_TIMEOUT_SWEEP_MS, CommandsRepository, CommandsService, type CommandPublisher } from './commands/index.js';
import { DeviceMessages } from './mqtt/device-messages.js';
import { demoDeviceToken, demoTokenSecret } from './simulator/demo-tokens.js';
import { simulatorBrokerUrl } from './simulator/broker-url.js';
import { startInProcessSimulation } from './simulator/in-process-simulation.js';
import { EmbeddedBroker } from './mqtt/embedded-broker.js';
import { ExternalBroker } from './mqtt/external-broker.js';
import { OfflineSweep, SWEEP_INTERVAL_MS } from './offline-sweep.service.js';
import { registerSensingMetrics } from './sensing-metrics.js';
import { PARTITION_INTERVAL_MS, ReadingPartitions } from './partitions.js';
import { PURGE_INTERVAL_MS, RETENTION_INTERVAL_MS, RetentionService } from './retention.service.js';
import type { DeviceFilter, DeviceView, IngestResult, IngestSource, LatestValue, ReadingsListener } from './sensing-types.js';
import { TelemetryQueryService } from './telemetry-query.service.js';
import { createTelemetryWriter } from './telemetry-writer.js';
import { TelemetryRepository } from './telemetry.repository.js';
import type { DeviceTypeDef } from './thing-model.js';

/** Names of the module's leased jobs (for `ctx.jobs.runNow` in tests and the CLI). */
export const SENSING_JOBS = {
  offlineSweep: 'sensing.offline-sweep',
  retention: 'sensing.retention',
  purgeDeleted: 'sensing.purge-deleted',
  /** Downlink commands nobody answered before their deadline become `timed_out`. */
  commandTimeouts: 'sensing.command-timeouts',
  /** PostgreSQL only: day partitions of raw readings ahead of time and out of the default partition. */
  partitions: 'sensing.partitions',
} as const;

/** How often each node picks up device changes made on other nodes. */
const CACHE_SYNC_MS = 5_000;

/** What other code may ask of the sensing module. */
export interface SensingService {
  /** Every thing model (built-in first). */
  deviceTypes(): DeviceTypeDef[];
  getDeviceType(code: string): DeviceTypeDef | undefined;
  /** One device (with `state` and `lastSeenAt`), or null. */
  getDevice(id: string): Promise<DeviceView | null>;
  /** Every device matching the filter (`areaCode` = district, street, community or grid code). */
  listDevices(filter?: DeviceFilter): Promise<DeviceView[]>;
  /** Validates and stores readings (`{ts?, values}` or an array); resolves once durable. */
  ingest(deviceId: string, readings: unknown, source: IngestSource): Promise<IngestResult>;
  /**
   * Calls `listener` after each durable commit with the values it stored (all devices mixed,
   * duplicates of stored values left out). Runs on the ingestion path: keep it quick and
   * queue heavier work. Returns a function that removes the listener.
   */
  onReadings(listener: ReadingsListener): () => void;
  /** Latest value per property of a device. */
  latest(deviceId: string): Promise<Record<string, LatestValue>>;
  /** Bulk-loads the demo devices (tokens derived from the demo secret for the simulator, never shown). */
  loadDemo(devices: readonly DemoDeviceInput[]): Promise<{ loaded: number }>;
  /** `mqtt://host:port` of the embedded broker; null with an external broker or without background work. */
  mqttUrl(): string | null;
  /** Waits until every queued reading is committed. */
  drain(): Promise<void>;
  /** Adds the module's gauges and counters to `/metrics`. */
  registerMetrics(metrics: Metrics): void;
}

/** The module's parts, for its routes and index.ts. */
export interface SensingInternals {
  service: SensingService;
  types: DeviceTypesService;
  devices: DevicesService;
  cache: DeviceCache;
  bulk: DeviceBulkService;
  ingest: IngestService;
  query: TelemetryQueryService;
  deviceEvents: DeviceEventsService;
  commands: CommandsService;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Builds the module over the kernel context and the geo and org services. */
export function createSensing(ctx: KernelContext, deps: { geo: GeoService; org: OrgService }): SensingInternals {
  const { db, audit, events, now, logger } = ctx;
  const repo = new DevicesRepository(db);
  const telemetry = new TelemetryRepository(db);
  const cache = new DeviceCache(repo, now);
  const types = new DeviceTypesService({ db, audit, events, now });
  const devices = new DevicesService({ db, audit, events, now, geo: deps.geo, org: deps.org, types, repo, cache });
  const bulk = new DeviceBulkService({ db, audit, events, now, org: deps.org, repo, cache, devices });
  const partitions = db.dialect === 'postgres' ? new ReadingPartitions(db, now, logger) : null;
  const ingest = new IngestService({ db, events, logger, now, types, cache, writer: createTelemetryWriter(db, partitions) });
  const deviceEvents = new DeviceEventsService({ db, events, now, types, cache, ingest, repo: telemetry });
  const query = new TelemetryQueryService(repo, types, telemetry, now);
  const sweep = new OfflineSweep(db, events, repo, now);
  const retention = new RetentionService(repo, types, telemetry, now, logger, partitions);
  const background = ctx.background !== false;
  let embedded: EmbeddedBroker | null = null;
  let external: ExternalBroker | null = null;
  const publisher = (): CommandPublisher | null => {
    const e = embedded;
    if (e) return { publish: (topic, payload) => e.publish(topic, payload), connected: (id) => e.connected(id) };
    const x = external;
    if (x) return { publish: (topic, payload) => x.publish(topic, payload), connected: () => null };
    return null;
  };
  const commands = new CommandsService({
    db,
    audit,
    events,
    logger,
    now,
    types,
    devices: { find: (id) => devices.find(id) },
    repo: new CommandsRepository(db),
    publisher,
  });
  const messages = new DeviceMessages(ingest, deviceEvents, commands, logger);
  let syncTimer: NodeJS.Timeout | null = null;
  let simulation: { stop(): Promise<void> } | null = null;

  const service: SensingService = {
    deviceTypes: () => types.list(),
    getDeviceType: (code) => types.get(code),
    getDevice: (id) => devices.find(id),
    listDevices: (filter) => devices.all(filter),
    ingest: (id, readings, source) => ingest.ingest(id, readings, source),
    onReadings: (listener) => ingest.onReadings(listener),
    latest: async (id) => (await query.latest(id)).values,
    loadDemo: async (list) => {
      const secret = (await demoTokenSecret(ctx.settings, { create: true }))!;
      return bulk.loadDemo(list, (id) => demoDeviceToken(secret, id));
    },
    mqttUrl: () => (embedded?.address ? `mqtt://${hostForUrl(embedded.address.host)}:${embedded.address.port}` : null),
    drain: () => ingest.drain(),
    registerMetrics: (metrics) => registerSensingMetrics(metrics, { db, ingest, commands, broker: () => embedded }),
  };

  return {
    service,
    types,
    devices,
    cache,
    bulk,
    ingest,
    query,
    deviceEvents,
    commands,
    async start() {
      await types.start();
      await cache.start();
      if (partitions) {
        await partitions.load();
        ctx.jobs.every({
          name: SENSING_JOBS.partitions,
          intervalMs: PARTITION_INTERVAL_MS,
          run: async () => void (await partitions.maintain()),
        });
      }
      ctx.jobs.every({ name: SENSING_JOBS.offlineSweep, intervalMs: SWEEP_INTERVAL_MS, run: async () => void (await sweep.run()) });
      ctx.jobs.every({
        name: SENSING_JOBS.retention,
        intervalMs: RETENTION_INTERVAL_MS,
        run: async () => void (await retention.applyRetention()),
      });
      ctx.jobs.every({
        name: SENSING_JOBS.purgeDeleted,
        intervalMs: PURGE_INTERVAL_MS,
        run: async () => void (await retention.purgeDeleted()),
      });
      ctx.jobs.every({
        name: SENSING_JOBS.commandTimeouts,
        intervalMs: COMMAND_TIMEOUT_SWEEP_MS,
        run: async () => void (await commands.expire()),
      });
      if (!background) return;
      syncTimer = setInterval(() => {
        cache.sync().catch((e) => logger.warn({ err: e }, 'device cache sync failed; retrying'));
      }, CACHE_SYNC_MS);
      syncTimer.unref();
      if (ctx.config.mqttUrl) {
        const nodeKey = createHash('sha256').update(`${ctx.config.dataDir}:${ctx.config.port}`).digest('hex').slice(0, 8);
        external = new ExternalBroker({ url: ctx.config.mqttUrl, logger, messages, nodeKey });
        await external.start();
        logger.info({ url: redact(ctx.config.mqttUrl) }, 'subscribed to the external MQTT broker');
      } else {
        embedded = new EmbeddedBroker({ host: ctx.config.host, port: ctx.config.mqttPort, logger, devices, cache, messages });
        const addr = await embedded.start();
        ctx.announce?.(`MQTT broker on mqtt://${hostForUrl(addr.host)}:${addr.port}`);
      }
      if (ctx.config.simulate !== false) {
        simulation = startInProcessSimulation({
          jobs: ctx.jobs,
          settings: ctx.settings,
          logger,
          now,
          listDevices: () => devices.all(),
          typeOf: (code) => types.get(code),
          brokerUrl: () => simulatorBrokerUrl(embedded?.address ?? null, ctx.config.mqttUrl),
        });
      }
    },
    async stop() {
      await simulation?.stop();
      simulation = null;
      if (syncTimer) clearInterval(syncTimer);
      syncTimer = null;
      await embedded?.stop();
      await external?.stop();
      await ingest.close();
      await partitions?.settled();
    },
  };
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}
