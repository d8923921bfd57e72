import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpuUsage } from 'node:process';
import { generateDemoCity } from './generate-demo-city.js';

// CPU time, not wall time: the check is about the generator's cost, and must not flake when
// other processes share the machine.
const before = cpuUsage();
const city = generateDemoCity();
const used = cpuUsage(before);
const cpuMs = (used.user + used.system) / 1000;

describe('generateDemoCity', () => {
  it('generates the whole city in under 2 s of CPU time, cold', () => {
    assert.ok(cpuMs < 2000, `took ${cpuMs.toFixed(0)} ms`);
  });

  it('gives byte-identical JSON for the same seed', () => {
    assert.equal(JSON.stringify(generateDemoCity()), JSON.stringify(city));
  });

  it('uses 20261122 as the default seed and records the seed', () => {
    assert.equal(city.seed, 20261122);
    assert.equal(generateDemoCity(7).seed, 7);
  });

  it('gives a different city for a different seed, still with the right shape', () => {
    const other = generateDemoCity(42);
    assert.notEqual(JSON.stringify(other.areas), JSON.stringify(city.areas));
    assert.equal(other.areas.filter((a) => a.level === 'district').length, 4);
    assert.ok(other.addresses.length >= 30_000);
  });

  it('produces counts in the ranges the design promises', () => {
    const count = (level: string): number => city.areas.filter((a) => a.level === level).length;
    assert.equal(count('city'), 1);
    assert.equal(count('district'), 4);
    assert.ok(count('street') >= 18 && count('street') <= 24, `streets ${count('street')}`);
    assert.ok(count('community') >= 70 && count('community') <= 90, `communities ${count('community')}`);
    assert.ok(count('grid') >= 1100 && count('grid') <= 1300, `grids ${count('grid')}`);
    assert.ok(city.addresses.length >= 30_000 && city.addresses.length <= 50_000, `addresses ${city.addresses.length}`);
    assert.ok(city.roads.length >= 100 && city.roads.length <= 200, `roads ${city.roads.length}`);
    assert.ok(city.departments.length >= 60, `departments ${city.departments.length}`);
  });

  it('keeps every coordinate inside the box lon 119.55–119.75, lat 29.03–29.17', () => {
    const check = (lon: number, lat: number): void => {
      assert.ok(lon > 119.55 && lon < 119.75 && lat > 29.03 && lat < 29.17, `${lon},${lat}`);
    };
    for (const a of city.areas) {
      const polygons = a.geometry.type === 'Polygon' ? [a.geometry.coordinates] : a.geometry.coordinates;
      for (const ring of polygons.flat()) for (const [lon, lat] of ring) check(lon!, lat!);
    }
    for (const r of city.roads) for (const [lon, lat] of r.geometry.coordinates) check(lon!, lat!);
    for (const a of city.addresses) check(a.lon, a.lat);
  });
});
