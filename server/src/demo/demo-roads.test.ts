import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateDemoCity } from './generate-demo-city.js';

const city = generateDemoCity();

describe('demo roads', () => {
  it('has 100–200 roads with unique ids and unique names', () => {
    assert.ok(city.roads.length >= 100 && city.roads.length <= 200, `${city.roads.length}`);
    assert.equal(new Set(city.roads.map((r) => r.id)).size, city.roads.length);
    assert.equal(new Set(city.roads.map((r) => r.name)).size, city.roads.length);
  });

  it('names roads after their kind: 大道 trunks, 路 primaries, 路/街 secondaries, 巷 lanes', () => {
    const pattern = { trunk: /大道$/, primary: /[^大]路$/, secondary: /[^大][路街]$/, branch: /巷$/ } as const;
    for (const r of city.roads) assert.match(r.name, pattern[r.kind], r.name);
    for (const kind of ['trunk', 'primary', 'secondary', 'branch'] as const) {
      assert.ok(
        city.roads.some((r) => r.kind === kind),
        kind,
      );
    }
    assert.ok(city.roads.some((r) => r.name === '人民大道'));
  });

  it('draws every road as a LineString of at least two distinct points', () => {
    for (const r of city.roads) {
      assert.equal(r.geometry.type, 'LineString');
      assert.ok(r.geometry.coordinates.length >= 2);
      assert.notDeepEqual(r.geometry.coordinates[0], r.geometry.coordinates[r.geometry.coordinates.length - 1]);
    }
  });

  it('runs roads along grid boundaries: every road vertex is a grid vertex', () => {
    const vertices = new Set<string>();
    for (const a of city.areas) {
      if (a.level !== 'grid' || a.geometry.type !== 'Polygon') continue;
      for (const p of a.geometry.coordinates[0]!) vertices.add(`${p[0]},${p[1]}`);
    }
    for (const r of city.roads) for (const p of r.geometry.coordinates) assert.ok(vertices.has(`${p[0]},${p[1]}`), r.name);
  });
});
