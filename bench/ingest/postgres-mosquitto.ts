/**
 * The city-scale variant of the ingest benchmark: the platform on PostgreSQL behind an external
 * Mosquitto (`MQTT_URL=mqtt://127.0.0.1:1883`, the platform's shared subscriptions), the way
 * several nodes would run. This is a benchmark, not a test: it uses the machine's Mosquitto when
 * one listens on 127.0.0.1:1883 (anonymous publishing allowed) and is skipped otherwise.
 *
 * With an external broker the device's PUBACK comes from Mosquitto, so "durable" is measured on
 * the database: readings stored per second from the first publish until the platform has caught
 * up with everything Mosquitto acknowledged, and publish → queryable latency from a probe device
 * (a reading published, then polled for in the latest-value table). Baselines in the same run:
 *  - raw broker: the same clients against the same Mosquitto with one plain subscriber;
 *  - raw COPY: COPY into a table of the same shape (day partitions, same key), and the
 *    platform's own insert statement, in batches of a group commit's size (pg-write.ts).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import postgres from 'postgres';
import { setUp, startChild, stopChild, PASSWORD } from './harness.js';
import { quantile, runLoad, sleep, VALUES_PER_READING } from './mqtt-load.js';
import { freshDatabase, measurePgWrite, printPgWrite } from './pg-write.js';

const MOSQUITTO = 'mqtt://127.0.0.1:1883';

/** Whether something accepts connections on 127.0.0.1:1883. */
export function mosquittoListening(): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(1883, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** Options of the run (the same as the SQLite run's). */
export interface PgRunOptions {
  devices: number;
  seconds: number;
  warmupSeconds: number;
  window: number;
}

/** Runs the PostgreSQL + Mosquitto variant and prints its figures. */
export async function runPostgresMosquitto(o: PgRunOptions): Promise<void> {
  const base = process.env.DATABASE_URL!;
  const run = `b${process.pid.toString(36)}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'zc-bench-ingest-pg-'));
  const db = await freshDatabase(base, 'zc_bench_ingest');
  const pg = postgres(db.url, { max: 1, onnotice: () => {} });
  let platform: Awaited<ReturnType<typeof startChild>>['child'] | null = null;
  try {
    console.log(
      `ingest postgres+mosquitto: ${o.devices} devices, QoS 1, ${VALUES_PER_READING} values per reading, window ${o.window}, ${o.seconds} s`,
    );
    const started = await startChild(
      ['server/src/cli.ts', 'start'],
      {
        DATA_DIR: dataDir,
        DATABASE_URL: db.url,
        MQTT_URL: MOSQUITTO,
        PORT: '0',
        HOST: '127.0.0.1',
        ZC_DEMO: '0',
        ZC_SIMULATE: '0',
        ZC_ADMIN_PASSWORD: PASSWORD,
        LOG_LEVEL: 'warn',
      },
      [/Zhicheng ready on (http:\/\/\S+)/],
    );
    platform = started.child;
    const httpUrl = started.matches[0]![1]!;
    const { devices } = await setUp(httpUrl, o.devices + 1, run);
    const probe = devices.pop()!;
    const stored = async () =>
      Number((await pg`select count(*)::int8 as n from sensing.readings where device_id like ${`${run}-%`}`)[0]!.n);

    // Probe: publish → queryable latency while the load runs.
    const probeClient = await mqtt.connectAsync(MOSQUITTO, { clientId: probe.id, reconnectPeriod: 0 });
    const probeLatencies: number[] = [];
    let probing = true;
    const probes = (async () => {
      await sleep(o.warmupSeconds * 1000);
      while (probing) {
        const ts = Date.now();
        const t0 = performance.now();
        await probeClient.publishAsync(`devices/${probe.id}/telemetry`, JSON.stringify({ ts, values: { pm25: 1 } }), { qos: 1 });
        const deadline = t0 + 30_000;
        while (performance.now() < deadline) {
          const r = await pg`select 1 from sensing.latest where device_id = ${probe.id} and property = 'pm25' and ts >= ${new Date(ts)}`;
          if (r.length > 0) break;
          await sleep(2);
        }
        probeLatencies.push(performance.now() - t0);
        await sleep(200);
      }
    })();

    const t0 = performance.now();
    const load = await runLoad({
      url: MOSQUITTO,
      devices: devices.map((d) => ({ id: d.id, token: null })),
      seconds: o.seconds,
      warmupSeconds: o.warmupSeconds,
      window: o.window,
    });
    const published = [...load.perDevice.values()].reduce((s, n) => s + n, 0) * VALUES_PER_READING;
    const stopAt = performance.now();
    const atStop = await stored();
    probing = false;
    await probes;
    await probeClient.endAsync(true);
    // Until everything Mosquitto acknowledged is in the database (or it stops growing for 20 s).
    let count = await stored();
    let lastGrowth = performance.now();
    while (count < published && performance.now() - lastGrowth < 20_000) {
      await sleep(250);
      const n = await stored();
      if (n > count) lastGrowth = performance.now();
      count = n;
    }
    const seconds = (lastGrowth - t0) / 1000;
    const durable = count / seconds;
    const brokerRate = (load.acked / load.seconds) * VALUES_PER_READING;
    await stopChild(platform);
    platform = null;
    await dropSessions(dataDir);

    // Raw broker: the same clients, the same Mosquitto, a plain subscriber.
    let received = 0;
    const sub = await mqtt.connectAsync(MOSQUITTO, { clientId: `${run}-raw-sub`, reconnectPeriod: 0, clean: true });
    sub.on('message', (topic, payload) => {
      if (!topic.startsWith(`devices/${run}-`)) return;
      JSON.parse(payload.toString('utf8'));
      received++;
    });
    await sub.subscribeAsync('devices/+/telemetry', { qos: 1 });
    const raw = await runLoad({
      url: MOSQUITTO,
      devices: devices.map((d) => ({ id: d.id, token: null })),
      seconds: o.seconds,
      warmupSeconds: o.warmupSeconds,
      window: o.window,
    });
    await sleep(1000);
    await sub.endAsync(true);
    const rawRate = (raw.acked / raw.seconds) * VALUES_PER_READING;

    console.log(
      `ingest postgres+mosquitto zhicheng: ${Math.round(durable)} durable points/s (${count} of ${published} points Mosquitto acknowledged are stored, ` +
        `${seconds.toFixed(1)} s from first publish to the last stored; ${Math.round(atStop / ((stopAt - t0) / 1000))} points/s while publishers ran ` +
        `${((stopAt - t0) / 1000).toFixed(1)} s at ${Math.round(brokerRate)} points/s)`,
    );
    const probeSorted = Float64Array.from(probeLatencies).sort();
    console.log(
      `ingest postgres+mosquitto latency publish→queryable (probe, ${probeSorted.length} samples under load): p50 ${quantile(probeSorted, 0.5).toFixed(0)} ms, p99 ${quantile(probeSorted, 0.99).toFixed(0)} ms`,
    );
    console.log(
      `ingest postgres+mosquitto raw broker: ${Math.round(rawRate)} points/s PUBACKed (subscriber received ${received} messages); p50/p99 publish→PUBACK ${quantile(raw.latencies, 0.5).toFixed(1)} / ${quantile(raw.latencies, 0.99).toFixed(1)} ms`,
    );
    console.log(`ingest postgres+mosquitto ratio (durable / raw broker): ${(durable / rawRate).toFixed(2)}`);
    if (count < published) {
      console.log(
        `ingest postgres+mosquitto: ${published - count} points acknowledged by Mosquitto never reached the platform ` +
          `(Mosquitto drops QoS 1 messages beyond a session's queue, max_queued_messages = 1000 by default, when its subscribers fall behind)`,
      );
    }
    printPgWrite(await measurePgWrite(db.url, Number(process.env.BENCH_PG_ROWS ?? 200_000), [2_000, 10_000]));
  } finally {
    if (platform) await stopChild(platform);
    await dropSessions(dataDir).catch(() => {});
    await pg.end();
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Ends the platform's persistent Mosquitto sessions (external-broker.ts names them after the
 * host, data directory and port): left alone, Mosquitto would keep queueing telemetry for them
 * in the shared group for an hour, stealing a share of every later run's messages.
 */
async function dropSessions(dataDir: string): Promise<void> {
  const nodeKey = createHash('sha256').update(`${dataDir}:0`).digest('hex').slice(0, 8);
  const base = `zc-${hostname().slice(0, 20)}-${nodeKey}`;
  await Promise.all(
    Array.from({ length: 8 }, async (_, i) => {
      const c = await mqtt.connectAsync(MOSQUITTO, {
        clientId: `${base}-${i}`,
        clean: true,
        protocolVersion: 5,
        properties: { sessionExpiryInterval: 0 },
        reconnectPeriod: 0,
      });
      await c.endAsync();
    }),
  );
}
