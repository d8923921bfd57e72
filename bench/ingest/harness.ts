/**
 * What the ingest benchmarks share: starting the platform or a baseline as a child process,
 * API calls, and registering the bench devices.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The admin password the bench platforms start with. */
export const PASSWORD = 'Bench-Admin-2026!';

/** Starts a child (`node --import tsx …` in the repository) and resolves with the first matches of the wanted line patterns. */
export function startChild(
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

export function stopChild(child: ChildProcess): Promise<string> {
  return new Promise((resolve) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.removeAllListeners('exit');
    child.once('exit', () => resolve(out));
    child.kill('SIGTERM');
  });
}

/** A JSON API call; throws on a non-2xx answer. */
export async function api<T>(base: string, method: string, url: string, body: unknown, headers: Record<string, string>): Promise<T> {
  const res = await fetch(`${base}/api/v1${url}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Registers the bench city (one square grid) and `count` air-quality devices named `{prefix}-0001`…; returns their tokens. */
export async function setUp(
  base: string,
  count: number,
  prefix = 'bench',
): Promise<{ key: string; devices: Array<{ id: string; token: string }> }> {
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
  const items = Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-${String(i + 1).padStart(4, '0')}`,
    type: 'AirQualityObserved',
    name: `基准站${i + 1}`,
    location: { lon: 119.601 + (i % 100) * 0.0001, lat: 29.101 + Math.floor(i / 100) * 0.0001 },
  }));
  const imported = await api<{ devices: Array<{ id: string; token: string }> }>(base, 'POST', '/sensing/devices/import', { items }, auth);
  return { key, devices: imported.devices };
}

/** Readings of the bench devices found in the database (hourly count rollups of pm25). */
export async function storedReadings(base: string, key: string, ids: string[]): Promise<number> {
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
