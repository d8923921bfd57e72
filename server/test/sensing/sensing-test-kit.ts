/**
 * Helpers of the sensing API tests: a tiny city (one district of two grids) for platforms started
 * with a moved clock (the demo template cannot be used then), device creation, a movable clock,
 * and JSON requests as admin.
 */
import assert from 'node:assert/strict';
import type { Polygon } from 'geojson';
import { startTestApp, type TestApp, type TestDialect } from '../helpers/test-app.js';

/** Two 1 km grids side by side; the west one holds (119.605, 29.105), the east one (119.615, 29.105). */
export const WEST: [number, number] = [119.605, 29.105];
export const EAST: [number, number] = [119.615, 29.105];
export const OUTSIDE: [number, number] = [116.397, 39.909];

const square = (x0: number, y0: number, x1: number, y1: number): Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ],
  ],
});

/** The tiny city's areas: city → district → street → community → two grids. */
export function tinyCity() {
  const all = square(119.6, 29.1, 119.62, 29.11);
  return {
    areas: [
      { code: '330799', name: '测试市', level: 'city' as const, parentCode: null, geometry: all },
      { code: '330791', name: '测试区', level: 'district' as const, parentCode: '330799', geometry: all },
      { code: '330791001', name: '测试街道', level: 'street' as const, parentCode: '330791', geometry: all },
      { code: '330791001001', name: '测试社区', level: 'community' as const, parentCode: '330791001', geometry: all },
      {
        code: '330791001001001',
        name: '西网格',
        level: 'grid' as const,
        parentCode: '330791001001',
        geometry: square(119.6, 29.1, 119.61, 29.11),
      },
      {
        code: '330791001001002',
        name: '东网格',
        level: 'grid' as const,
        parentCode: '330791001001',
        geometry: square(119.61, 29.1, 119.62, 29.11),
      },
    ],
    roads: [],
    addresses: [],
  };
}

/** A clock tests move by hand. */
export class TestClock {
  constructor(public t: number) {}
  readonly now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

/** A platform on the tiny city (no demo), optionally with a moved clock. */
export async function startTinyCity(
  dialect: TestDialect,
  opts: { now?: () => number; listen?: boolean; env?: Record<string, string> } = {},
): Promise<TestApp> {
  const t = await startTestApp({ dialect, now: opts.now, listen: opts.listen, env: opts.env });
  try {
    await t.platform.services.geo.loadDemo(tinyCity());
    const key = await call(t, 'POST', '/org/api-keys', {
      name: 'sensing tests',
      permissions: ['sensing.read', 'sensing.write', 'sensing.telemetry.write'],
    });
    assert.equal(key.status, 201, key.raw);
    keys.set(t, key.body.key);
    return t;
  } catch (e) {
    await t.close();
    throw e;
  }
}

/** API keys of platforms whose clock moves (a session would expire after 30 idle minutes). */
const keys = new WeakMap<TestApp, string>();

/**
 * Sends JSON and returns status and parsed body: as the given user (admin by default), with the
 * platform's admin API key on a tiny-city platform, or anonymously (`as` null).
 */
export async function call<T = any>(t: TestApp, method: string, url: string, payload?: unknown, as: string | null = 'admin') {
  const key = as === 'admin' ? keys.get(t) : undefined;
  const res = await t.inject({
    method: method as 'GET',
    url: `/api/v1${url}`,
    ...(key ? { headers: { authorization: `Bearer ${key}` } } : as ? { as } : {}),
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
  let body: T;
  try {
    body = res.json() as T;
  } catch {
    body = res.body as T;
  }
  return { status: res.statusCode, body, headers: res.headers, raw: res.body };
}

/** Creates a device through the API and returns its id and token. */
export async function createDevice(
  t: TestApp,
  input: {
    id?: string;
    type?: string;
    name?: string;
    lonLat?: [number, number];
    reportingIntervalSeconds?: number;
    metadata?: Record<string, unknown>;
  } = {},
): Promise<{ id: string; token: string; body: any }> {
  const [lon, lat] = input.lonLat ?? WEST;
  const res = await call(t, 'POST', '/sensing/devices', {
    ...(input.id ? { id: input.id } : {}),
    type: input.type ?? 'AirQualityObserved',
    name: input.name ?? '测试站',
    location: { lon, lat },
    ...(input.reportingIntervalSeconds ? { reportingIntervalSeconds: input.reportingIntervalSeconds } : {}),
    ...(input.metadata ? { metadata: input.metadata } : {}),
  });
  assert.equal(res.status, 201, res.raw);
  return { id: res.body.id, token: res.body.token, body: res.body };
}

/** Posts readings with a device token. */
export async function postReadings(t: TestApp, id: string, token: string, payload: unknown) {
  const res = await t.inject({
    method: 'POST',
    url: `/api/v1/sensing/devices/${id}/telemetry`,
    headers: { authorization: `Bearer ${token}` },
    payload: payload as object,
  });
  return {
    status: res.statusCode,
    body: res.json() as { accepted: number; rejected: Array<{ index: number; property: string | null; reason: string }> },
  };
}

/** Outbox events of a name, oldest first. */
export async function outboxEvents(t: TestApp, name: string): Promise<any[]> {
  const rows = await t.platform.db.kysely.selectFrom('kernel_outbox').select(['payload']).where('name', '=', name).orderBy('id').execute();
  return rows.map((r) => JSON.parse(r.payload as string));
}
