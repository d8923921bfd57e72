/**
 * MQTT ingestion end to end: the platform (SQLite, embedded broker, free ports, no demo city)
 * runs as a child process; N devices are registered through the API; N MQTT clients publish
 * QoS 1 readings of 3 values each for a fixed time, each PUBACK meaning "durable". Then the
 * baseline in the same run: the same clients against a plain Aedes broker with a plain
 * subscriber (nothing checked, nothing stored). Prints readings/s, data points/s, p50/p99
 * publish → PUBACK latency for both, the ratio, and how many acknowledged readings are found
 * in the database afterwards. Loopback only.
 *
 * Then, with DATABASE_URL set and a broker on 127.0.0.1:1883, the PostgreSQL + external
 * Mosquitto variant (postgres-mosquitto.ts) with its own baselines in the same run.
 *
 *   npx tsx bench/ingest/index.ts   (BENCH_DEVICES=200 BENCH_SECONDS=30 BENCH_WINDOW=10 BENCH_ONLY=sqlite|postgres)
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PASSWORD, setUp, startChild, stopChild, storedReadings } from './harness.js';
import { quantile, runLoad, VALUES_PER_READING, type LoadResult } from './mqtt-load.js';
import { mosquittoListening, runPostgresMosquitto } from './postgres-mosquitto.js';

const DEVICES = Number(process.env.BENCH_DEVICES ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const WINDOW = Number(process.env.BENCH_WINDOW ?? 10);
const WARMUP = 3;
/** Clients of the light-load run, which shows latency without queueing. */
const LIGHT_CLIENTS = 20;
/** The target for one node on SQLite (issue "Sensing"). */
const TARGET_POINTS = 30_000;

function report(name: string, r: LoadResult): number {
  const readings = r.acked / r.seconds;
  const points = readings * VALUES_PER_READING;
  console.log(
    `ingest ${name}: ${Math.round(points)} points/s (${Math.round(readings)} readings/s, ${r.acked} acknowledged in ${r.seconds.toFixed(1)} s, ${r.errors} errors)`,
  );
  console.log(
    `ingest ${name} latency publish→PUBACK: p50 ${quantile(r.latencies, 0.5).toFixed(1)} ms, p99 ${quantile(r.latencies, 0.99).toFixed(1)} ms`,
  );
  return points;
}

/** The SQLite + embedded broker run and its raw Aedes baseline. */
async function runSqlite(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'zc-bench-ingest-'));
  let platform: ChildProcess | null = null;
  let raw: ChildProcess | null = null;
  try {
    console.log(
      `ingest: ${DEVICES} devices, QoS 1, ${VALUES_PER_READING} values per reading, window ${WINDOW} per client, ${SECONDS} s (+${WARMUP} s warm-up) each run`,
    );
    const started = await startChild(
      ['server/src/cli.ts', 'start'],
      { DATA_DIR: dataDir, PORT: '0', MQTT_PORT: '0', HOST: '127.0.0.1', ZC_DEMO: '0', ZC_ADMIN_PASSWORD: PASSWORD, LOG_LEVEL: 'warn' },
      [/MQTT broker on (mqtt:\/\/\S+)/, /Zhicheng ready on (http:\/\/\S+)/],
    );
    platform = started.child;
    const [mqttUrl, httpUrl] = [started.matches[0]![1]!, started.matches[1]![1]!];
    const { key, devices } = await setUp(httpUrl, DEVICES);
    const zc = await runLoad({ url: mqttUrl, devices, seconds: SECONDS, warmupSeconds: WARMUP, window: WINDOW });
    const zcLight = await runLoad({ url: mqttUrl, devices: devices.slice(0, LIGHT_CLIENTS), seconds: 5, warmupSeconds: 1, window: 1 });
    const acknowledged = [...zc.perDevice.values(), ...zcLight.perDevice.values()].reduce((s, n) => s + n, 0);
    const stored = await storedReadings(
      httpUrl,
      key,
      devices.map((d) => d.id),
    );
    await stopChild(platform);
    platform = null;

    const rawStarted = await startChild(['bench/ingest/raw-broker.ts'], {}, [/raw broker on (mqtt:\/\/\S+)/]);
    raw = rawStarted.child;
    const base = await runLoad({
      url: rawStarted.matches[0]![1]!,
      devices: devices.map((d) => ({ id: d.id, token: null })),
      seconds: SECONDS,
      warmupSeconds: WARMUP,
      window: WINDOW,
    });
    const baseLight = await runLoad({
      url: rawStarted.matches[0]![1]!,
      devices: devices.slice(0, LIGHT_CLIENTS).map((d) => ({ id: d.id, token: null })),
      seconds: 5,
      warmupSeconds: 1,
      window: 1,
    });
    await stopChild(raw);
    raw = null;

    const zcPoints = report('zhicheng', zc);
    const rawPoints = report('raw broker', base);
    console.log(`ingest ratio: ${(zcPoints / rawPoints).toFixed(2)}`);
    for (const [name, r] of [
      ['zhicheng', zcLight],
      ['raw broker', baseLight],
    ] as const) {
      console.log(
        `ingest ${name} light load (${LIGHT_CLIENTS} clients, 1 in flight each) latency: p50 ${quantile(r.latencies, 0.5).toFixed(1)} ms, p99 ${quantile(r.latencies, 0.99).toFixed(1)} ms`,
      );
    }
    console.log(
      `ingest durability: ${stored} of ${acknowledged} acknowledged readings found in the database${stored >= acknowledged ? '' : ' — MISSING READINGS'}`,
    );
    console.log(`ingest target ≥ ${TARGET_POINTS} points/s on SQLite: ${zcPoints >= TARGET_POINTS ? 'met' : 'NOT met'}`);
    if (stored < acknowledged) process.exitCode = 1;
  } finally {
    if (platform) await stopChild(platform);
    if (raw) await stopChild(raw);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.env.BENCH_ONLY !== 'postgres') await runSqlite();
if (process.env.BENCH_ONLY !== 'sqlite') {
  if (!process.env.DATABASE_URL) console.log('ingest postgres+mosquitto: skipped (DATABASE_URL is not set)');
  else if (!(await mosquittoListening())) console.log('ingest postgres+mosquitto: skipped (no MQTT broker on 127.0.0.1:1883)');
  else await runPostgresMosquitto({ devices: DEVICES, seconds: SECONDS, warmupSeconds: WARMUP, window: WINDOW });
}
