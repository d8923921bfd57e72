/**
 * The sensing module's Prometheus metrics on `/metrics`: devices by state, values accepted and
 * refused, the group-commit queue and batch sizes, MQTT connections of the embedded broker,
 * open alarms by severity and commands by status. Counts come from the database at scrape time
 * (they hold for the whole cluster); counters of this node's ingestion come from memory.
 */
import type { Database } from '../../kernel/db/database.js';
import type { Metrics } from '../../kernel/http/metrics.js';
import { COMMAND_STATUSES, type CommandsService } from './commands/index.js';
import type { IngestService } from './ingest.service.js';
import type { EmbeddedBroker } from './mqtt/embedded-broker.js';
import { SEVERITIES } from './rules/index.js';

/** What the metrics read. */
export interface SensingMetricsDeps {
  db: Database;
  ingest: Pick<IngestService, 'stats'>;
  commands: Pick<CommandsService, 'countByStatus'>;
  broker: () => Pick<EmbeddedBroker, 'clientCount'> | null;
}

const DEVICE_STATES = ['online', 'offline', 'disabled'] as const;

/** Registers the sensing metrics. */
export function registerSensingMetrics(metrics: Metrics, deps: SensingMetricsDeps): void {
  const { db } = deps;
  metrics.family('zhicheng_sensing_devices', 'Devices by state (the whole cluster).', 'gauge', async () => {
    const rows = await db.kysely
      .selectFrom('sensing_devices')
      .select(['state', 'enabled', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['state', 'enabled'])
      .execute();
    const counts = { online: 0, offline: 0, disabled: 0 };
    for (const r of rows) {
      const key = db.sql.readBool(r.enabled) ? (r.state as 'online' | 'offline') : 'disabled';
      if (key in counts) counts[key] += Number(r.n);
    }
    return DEVICE_STATES.map((state) => ({ labels: { state }, value: counts[state] }));
  });
  metrics.family('zhicheng_sensing_values_total', 'Reading values stored or refused by this node since start.', 'counter', () => {
    const s = deps.ingest.stats();
    return [
      { labels: { outcome: 'accepted' }, value: s.accepted },
      { labels: { outcome: 'rejected' }, value: s.rejected },
    ];
  });
  metrics.family('zhicheng_sensing_ingest_commits_total', 'Group commits of telemetry by this node since start.', 'counter', () => [
    { labels: {}, value: deps.ingest.stats().commits },
  ]);
  metrics.gauge(
    'zhicheng_sensing_ingest_queue_depth',
    'Telemetry submissions waiting for the next group commit.',
    () => deps.ingest.stats().queued,
  );
  metrics.gauge(
    'zhicheng_sensing_ingest_last_batch_size',
    'Values and refusals in the last group commit.',
    () => deps.ingest.stats().lastBatch,
  );
  metrics.gauge(
    'zhicheng_sensing_mqtt_clients_connected',
    'Device connections to the embedded MQTT broker of this node.',
    () => deps.broker()?.clientCount ?? 0,
  );
  metrics.family('zhicheng_sensing_alarms_active', 'Open (not cleared) alarms by severity.', 'gauge', async () => {
    const rows = await db.kysely
      .selectFrom('sensing_alarms')
      .select(['severity', (eb) => eb.fn.countAll<number>().as('n')])
      .where('status', '<>', 'cleared')
      .groupBy('severity')
      .execute();
    const by = new Map(rows.map((r) => [r.severity as string, Number(r.n)]));
    const known = [...SEVERITIES, ...[...by.keys()].filter((s) => !(SEVERITIES as readonly string[]).includes(s))];
    return known.map((severity) => ({ labels: { severity }, value: by.get(severity) ?? 0 }));
  });
  metrics.family('zhicheng_sensing_commands', 'Downlink commands by status.', 'gauge', async () => {
    const by = await deps.commands.countByStatus();
    return COMMAND_STATUSES.map((status) => ({ labels: { status }, value: by[status] ?? 0 }));
  });
}
