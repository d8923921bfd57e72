/** Helpers for the cases API tests: places in the demo city, departments, intake and actions as a user. */
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from '../helpers/test-app.js';

/** A point that the geo index places in a known grid. */
export interface GridPoint {
  lon: number;
  lat: number;
  gridCode: string;
  districtCode: string;
}

/** `n` points in distinct grids (grid centres that locate to their own grid), in code order. */
export async function gridPoints(t: TestApp, n: number, opts: { district?: string; skip?: number } = {}): Promise<GridPoint[]> {
  const geo = t.platform.services.geo;
  const fc = await geo.areas({ level: 'grid' });
  const out: GridPoint[] = [];
  let skip = opts.skip ?? 0;
  for (const f of fc.features) {
    if (opts.district && !f.properties.code.startsWith(opts.district)) continue;
    const [minLon, minLat, maxLon, maxLat] = f.bbox!;
    const lon = (minLon + maxLon) / 2;
    const lat = (minLat + maxLat) / 2;
    const loc = geo.locate(lon, lat);
    if (loc?.grid?.code !== f.properties.code) continue;
    if (skip-- > 0) continue;
    out.push({ lon, lat, gridCode: f.properties.code, districtCode: loc.district!.code });
    if (out.length === n) break;
  }
  assert.equal(out.length, n, 'enough grids in the demo city');
  return out;
}

/** A department's code by name. */
export async function departmentCode(t: TestApp, name: string): Promise<string> {
  const all = await t.platform.services.org.listDepartments();
  const d = all.find((x) => x.name === name);
  assert.ok(d, `department ${name}`);
  return d.code;
}

/** POST /cases as a user; asserts 201 unless `expect` says otherwise. */
export async function intake(t: TestApp, as: string, body: Record<string, unknown>, expect = 201): Promise<any> {
  const res = await t.inject({ as, method: 'POST', url: '/api/v1/cases', payload: body });
  assert.equal(res.statusCode, expect, `POST /cases as ${as}: ${res.body}`);
  return res.json();
}

/** POST /cases/{id}/transitions as a user. */
export async function act(t: TestApp, as: string, id: string, body: Record<string, unknown>): Promise<LightMyRequestResponse> {
  return t.inject({ as, method: 'POST', url: `/api/v1/cases/${id}/transitions`, payload: body });
}

/** Like {@link act} but asserts 200 and returns the case. */
export async function step(t: TestApp, as: string, id: string, body: Record<string, unknown>, status?: string): Promise<any> {
  const res = await act(t, as, id, body);
  assert.equal(res.statusCode, 200, `${String(body.action)} as ${as}: ${res.body}`);
  const c = res.json();
  if (status) assert.equal(c.status, status, `${String(body.action)} leads to ${status}`);
  return c;
}

/** The field paths of a 400 problem. */
export function fieldPaths(res: LightMyRequestResponse): string[] {
  return ((res.json().errors ?? []) as Array<{ path: string }>).map((e) => e.path);
}
