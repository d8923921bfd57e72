/**
 * Helpers shared by the geo API tests: fetching the demo city's areas through the API, a
 * deterministic sampler, the address writing styles the geocoder must understand.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import type { TestApp } from '../helpers/test-app.js';
import { mulberry32 } from '../../src/demo/seeded-random.js';

/** An area feature as `/geo/areas` returns it. */
export interface AreaFeature {
  id: string;
  properties: { code: string; name: string; level: string; parentCode: string | null };
  geometry: Polygon | MultiPolygon;
}

/** GET as admin and parse JSON, failing loudly on a non-200. */
export async function getJson<T>(t: TestApp, url: string, as = 'admin'): Promise<T> {
  const res = await t.inject({ method: 'GET', url, as });
  if (res.statusCode !== 200) throw new Error(`GET ${url} → ${res.statusCode} ${res.body}`);
  return res.json() as T;
}

/** Every area of a level through the API. */
export async function areasOf(t: TestApp, level: string): Promise<AreaFeature[]> {
  const fc = await getJson<{ features: AreaFeature[] }>(t, `/api/v1/geo/areas?level=${level}`);
  return fc.features;
}

/** `n` distinct items picked with a fixed seed. */
export function sample<T>(items: readonly T[], n: number, seed: number): T[] {
  const rnd = mulberry32(seed);
  const picked = new Set<number>();
  while (picked.size < Math.min(n, items.length)) picked.add(Math.floor(rnd() * items.length));
  return [...picked].sort((a, b) => a - b).map((i) => items[i]!);
}

/** ASCII letters and digits → their full-width forms (１２８号). */
export function fullWidth(s: string): string {
  return s.replace(/[0-9A-Za-z]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
}

/** The address without its city and district prefix (示范市东城区…). */
export function withoutCityAndDistrict(fullAddress: string): string {
  return fullAddress.replace(/^示范市/, '').replace(/^[^市区县]{1,6}[区县]/, '');
}
