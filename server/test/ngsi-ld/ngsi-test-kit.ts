/**
 * Helpers of the NGSI-LD tests: a tiny-city platform with an API key holding sensing.read and
 * sensing.write, and requests to `/ngsi-ld/v1` with that key (or none).
 */
import assert from 'node:assert/strict';
import type { TestApp, TestDialect } from '../helpers/test-app.js';
import { startTinyCity } from '../sensing/sensing-test-kit.js';

const keys = new WeakMap<TestApp, string>();

/** A tiny city and an API key for NGSI-LD. */
export async function startNgsiCity(dialect: TestDialect, opts: { listen?: boolean; now?: () => number } = {}): Promise<TestApp> {
  const t = await startTinyCity(dialect, opts);
  const res = await t.inject({
    method: 'POST',
    url: '/api/v1/org/api-keys',
    as: 'admin',
    payload: { name: 'fiware app', permissions: ['sensing.read', 'sensing.write'] },
  });
  assert.equal(res.statusCode, 201, res.body);
  keys.set(t, res.json().key);
  return t;
}

/** One NGSI-LD request; `auth: false` sends no credentials. */
export async function ngsi<T = any>(
  t: TestApp,
  method: string,
  path: string,
  opts: { body?: unknown; headers?: Record<string, string>; auth?: boolean; contentType?: string } = {},
) {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.auth !== false) headers.authorization = `Bearer ${keys.get(t)}`;
  if (opts.body !== undefined) headers['content-type'] = opts.contentType ?? 'application/json';
  const res = await t.inject({
    method: method as 'GET',
    url: `/ngsi-ld/v1${path}`,
    headers,
    ...(opts.body !== undefined ? { payload: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) } : {}),
  });
  let body: T;
  try {
    body = res.json() as T;
  } catch {
    body = res.body as T;
  }
  return { status: res.statusCode, body, headers: res.headers, raw: res.body };
}

/** The URN of a device. */
export const urn = (type: string, id: string) => `urn:ngsi-ld:${type}:${id}`;

/** Creates an entity (device) over NGSI-LD and asserts 201. */
export async function createEntity(t: TestApp, type: string, id: string, lonLat: [number, number], attrs: Record<string, unknown> = {}) {
  const res = await ngsi(t, 'POST', '/entities', {
    body: {
      id: urn(type, id),
      type,
      name: { type: 'Property', value: `${id} 站` },
      location: { type: 'GeoProperty', value: { type: 'Point', coordinates: lonLat } },
      ...attrs,
    },
  });
  assert.equal(res.status, 201, res.raw);
  return res;
}

/** Asserts an NGSI-LD problem of a type. */
export function assertProblem(res: { status: number; body: any; raw: string }, status: number, type: string, detail?: RegExp) {
  assert.equal(res.status, status, res.raw);
  assert.equal(res.body.type, `https://uri.etsi.org/ngsi-ld/errors/${type}`, res.raw);
  if (detail) assert.match(res.body.detail, detail);
}
