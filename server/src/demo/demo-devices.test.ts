import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GridIndex } from '../modules/geo/grid-index.js';
import { generateDemoDevices } from './demo-devices.js';
import { toMetres } from './demo-geometry.js';
import { generateDemoCity } from './generate-demo-city.js';

const city = generateDemoCity();
const devices = generateDemoDevices(city);

/** Distance in metres from a point to a polyline. */
function distanceToLine(coords: number[][], lon: number, lat: number): number {
  const [px, py] = toMetres(lon, lat);
  let best = Infinity;
  for (let i = 1; i < coords.length; i++) {
    const [ax, ay] = toMetres(coords[i - 1]![0]!, coords[i - 1]![1]!);
    const [bx, by] = toMetres(coords[i]![0]!, coords[i]![1]!);
    const dx = bx - ax;
    const dy = by - ay;
    const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy || 1)));
    best = Math.min(best, Math.hypot(ax + t * dx - px, ay + t * dy - py));
  }
  return best;
}

describe('demo devices', () => {
  it('are the same on every run', () => {
    assert.deepEqual(generateDemoDevices(generateDemoCity()), devices);
  });

  it('number about 2,000 in the planned mix, with stable ids per kind', () => {
    const count = (type: string) => devices.filter((d) => d.type === type).length;
    assert.equal(devices.length, 2000);
    assert.deepEqual(
      [
        count('AirQualityObserved'),
        count('WaterLevel'),
        count('TrafficFlowObserved'),
        count('OffStreetParking'),
        count('ManholeCover'),
        count('Streetlight'),
        count('NoiseLevelObserved'),
      ],
      [40, 60, 300, 150, 800, 600, 50],
    );
    assert.equal(new Set(devices.map((d) => d.id)).size, devices.length);
    assert.ok(devices.some((d) => d.id === 'zc-aq-0001' && d.type === 'AirQualityObserved'));
    assert.ok(devices.every((d) => /^zc-(aq|wl|tf|pk|mh|sl|ns)-\d{4}$/.test(d.id) && d.name.length > 0));
  });

  it('all stand inside a unit grid of the city (the platform places them with the same index)', () => {
    const index = GridIndex.build(city.areas);
    const outside = devices.filter((d) => index.gridAt(d.location.lon, d.location.lat) === null);
    assert.deepEqual(
      outside.map((d) => d.id),
      [],
    );
  });

  it('belong to the departments that run them', () => {
    const nameOf = new Map(city.departments.map((d) => [d.code, d.name]));
    const owner = (type: string) => new Set(devices.filter((d) => d.type === type).map((d) => nameOf.get(d.departmentCode!)));
    assert.deepEqual([...owner('AirQualityObserved')], ['市生态环境局']);
    assert.deepEqual([...owner('TrafficFlowObserved')], ['市公安局交警支队']);
    assert.deepEqual([...owner('Streetlight')], ['市城市管理局']);
    assert.deepEqual([...owner('WaterLevel')], ['示范水务集团']);
  });

  it('put traffic detectors 5–15 m beside a trunk or primary road', () => {
    const roads = city.roads.filter((r) => r.kind === 'trunk' || r.kind === 'primary');
    for (const d of devices.filter((x) => x.type === 'TrafficFlowObserved')) {
      const road = roads.find((r) => r.name === d.metadata?.road)!;
      assert.ok(road, `${d.id} names its road`);
      const m = distanceToLine(road.geometry.coordinates, d.location.lon, d.location.lat);
      assert.ok(m >= 4.9 && m <= 15.1, `${d.id} is ${m.toFixed(1)} m from ${road.name}`);
    }
  });

  it('give water-level gauges a warning level below the guaranteed level', () => {
    for (const d of devices.filter((x) => x.type === 'WaterLevel')) {
      const m = d.metadata as { warningLevel: number; alertLevel: number };
      assert.ok(m.warningLevel > 0 && m.alertLevel > m.warningLevel, d.id);
    }
  });
});
