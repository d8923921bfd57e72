/**
 * MQTT ingestion end to end: the platform (SQLite, embedded broker, free ports, no demo city)
 * runs as a child process; N devices are registered through the API; N MQTT clients publish
 * QoS 1 readings of 3 values each for a fixed time, each PUBACK meaning "durable". Then the
 * baseline in the same run: the same clients against a plain Aedes broker with a plain
 * subscriber (nothing checked, nothing stored). Prints readings/s, data points/s, p50/p99
 * publish → PUBACK latency for both, the ratio, and how many acknowledged readings are found
 * in the database afterwards. Loopback only.
 *
 *   npx tsx bench/ingest/index.ts            (BENCH_DEVICES=200 BENCH_SECONDS=30 BENCH_WINDOW=10)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { quantile, runLoad, VALUES_PER_READING, type LoadResult } from './mqtt-load.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEVICES = Number(process.env.BENCH_DEVICES ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const WINDOW = Number(process.env.BENCH_WINDOW ?? 10);
const WARMUP = 3;
/** Clients of the light-load run, which shows latency without queueing. */
const LIGHT_CLIENTS = 20;
const PASSWORD = 'Bench-Admin-2026!';
/** The target for one node on SQLite (issue "Sensing"). */
const TARGET_POINTS = 30_000;

/** Starts a child and resolves with the first matches of the wanted line patterns. */
function startChild(
  args: string[],
  env: Record<string, string>,
  wanted: RegExp[],
): Promise<{ child: ChildProcess; matches: RegExpMatchArray[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`child not ready in 120 s:\n${out.slice(-2000)}`)), 120_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const matches = wanted.map((w) => out.match(w));
      if (matches.every((m) => m)) {
        clearTimeout(timer);
        resolve({ child, matches: matches as RegExpMatchArray[] });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`child exited ${code}:\n${out.slice(-2000)}`)));
  });
}

function stopChild(child: ChildProcess): Promise<string> {
  return new Promise((resolve) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.removeAllListeners('exit');
    child.once('exit', () => resolve(out));
    child.kill('SIGTERM');
  });
}

async function api<T>(base: string, method: string, url: string, body: unknown, headers: Record<string, string>): Promise<T> {
  const res = await fetch(`${base}/api/v1${url}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Registers the bench city (one square grid) and N air-quality devices; returns their tokens. */
async function setUp(base: string): Promise<{ key: string; devices: Array<{ id: string; token: string }> }> {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const { key } = await api<{ key: string }>(
    base,
    'POST',
    '/org/api-keys',
    { name: 'bench', permissions: ['geo.write', 'sensing.read', 'sensing.write'] },
    { cookie, 'x-csrf-token': csrfToken },
  );
  const auth = { authorization: `Bearer ${key}` };
  const ring = [
    [119.6, 29.1],
    [119.62, 29.1],
    [119.62, 29.12],
    [119.6, 29.12],
    [119.6, 29.1],
  ];
  const levels: Array<[string, string, string | null]> = [
    ['330799', 'city', null],
    ['330791', 'district', '330799'],
    ['330791001', 'street', '330791'],
    ['330791001001', 'community', '330791001'],
    ['330791001001001', 'grid', '330791001001'],
  ];
  await api(
    base,
    'POST',
    '/geo/imports/areas',
    {
      type: 'FeatureCollection',
      features: levels.map(([code, level, parentCode]) => ({
        type: 'Feature',
        properties: { code, name: `基准${level}`, level, parentCode },
        geometry: { type: 'Polygon', coordinates: [ring] },
      })),
    },
    auth,
  );
  const items = Array.from({ length: DEVICES }, (_, i) => ({
    id: `bench-${String(i + 1).padStart(4, '0')}`,
    type: 'AirQualityObserved',
    name: `基准站${i + 1}`,
    location: { lon: 119.601 + (i % 100) * 0.0001, lat: 29.101 + Math.floor(i / 100) * 0.0001 },
  }));
  const imported = await api<{ devices: Array<{ id: string; token: string }> }>(base, 'POST', '/sensing/devices/import', { items }, auth);
  return { key, devices: imported.devices };
}

/** Readings of the bench devices found in the database (hourly count rollups of pm25). */
async function storedReadings(base: string, key: string, ids: string[]): Promise<number> {
  let total = 0;
  const from = new Date(Date.now() - 2 * 3_600_000).toISOString();
  for (const id of ids) {
    const r = await api<{ points: Array<{ value: number }> }>(
      base,
      'GET',
      `/sensing/devices/${id}/telemetry?property=pm25&bucket=1h&agg=count&from=${from}`,
      undefined,
      {
        authorization: `Bearer ${key}`,
      },
    );
    total += r.points.reduce((s, p) => s + p.value, 0);
  }
  return total;
}

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
  const { key, devices } = await setUp(httpUrl);
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
