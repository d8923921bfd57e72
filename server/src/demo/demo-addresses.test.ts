import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DemoAddress } from './demo-city-types.js';
import { generateDemoCity } from './generate-demo-city.js';
import { distanceToBoundaryMetres, pointInGeometry, toMetres } from './demo-geometry.js';

const city = generateDemoCity();
const areaByCode = new Map(city.areas.map((a) => [a.code, a]));
const roadByName = new Map(city.roads.map((r) => [r.name, r]));

describe('demo addresses', () => {
  it('generates tens of thousands of door plates, places and compound buildings', () => {
    const count = (kind: DemoAddress['kind']): number => city.addresses.filter((a) => a.kind === kind).length;
    assert.ok(city.addresses.length >= 30_000, `${city.addresses.length}`);
    assert.ok(count('door') >= 20_000, `doors ${count('door')}`);
    assert.ok(count('building') >= 3_000, `buildings ${count('building')}`);
    assert.ok(count('poi') >= 500, `pois ${count('poi')}`);
  });

  it('gives unique ids and unique full addresses', () => {
    assert.equal(new Set(city.addresses.map((a) => a.id)).size, city.addresses.length);
    assert.equal(new Set(city.addresses.map((a) => a.fullAddress)).size, city.addresses.length);
  });

  it('places every address strictly inside the grid whose codes it carries', () => {
    for (const a of city.addresses) {
      const grid = areaByCode.get(a.gridCode);
      assert.ok(grid && grid.level === 'grid', `${a.id} grid ${a.gridCode}`);
      assert.ok(pointInGeometry(grid.geometry, a.lon, a.lat), `${a.id} outside ${a.gridCode}`);
      assert.ok(distanceToBoundaryMetres(grid.geometry, a.lon, a.lat) >= 1, `${a.id} on the edge of ${a.gridCode}`);
    }
  });

  it('carries the grid ancestors as district, street and community codes', () => {
    for (const a of city.addresses) {
      assert.equal(areaByCode.get(a.gridCode)!.parentCode, a.communityCode, a.id);
      assert.equal(areaByCode.get(a.communityCode)!.parentCode, a.streetCode, a.id);
      assert.equal(areaByCode.get(a.streetCode)!.parentCode, a.districtCode, a.id);
    }
  });

  it('writes the canonical full address 示范市<区><街道><路><号>号[<栋>]', () => {
    for (const a of city.addresses) {
      const expected = `示范市${areaByCode.get(a.districtCode)!.name}${areaByCode.get(a.streetCode)!.name}${a.road}${a.houseNumber}号${a.building ?? ''}`;
      assert.equal(a.fullAddress, expected);
      assert.ok(roadByName.has(a.road), `${a.id} road ${a.road}`);
      assert.match(a.houseNumber, /^[1-9]\d*$/);
    }
  });

  it('keeps kind-specific fields: poiName only on places, building (N栋) only on buildings', () => {
    for (const a of city.addresses) {
      assert.equal(a.poiName !== undefined, a.kind === 'poi', a.id);
      assert.equal(a.building !== undefined, a.kind === 'building', a.id);
      if (a.building !== undefined) assert.match(a.building, /^[1-9]\d*栋$/);
    }
  });

  it('makes house numbers unique per road among door plates and places', () => {
    const seen = new Set<string>();
    for (const a of city.addresses) {
      if (a.kind === 'building') continue;
      const key = `${a.road}/${a.houseNumber}`;
      assert.ok(!seen.has(key), `duplicate ${key}`);
      seen.add(key);
    }
  });

  it('addresses compound buildings by a named compound gate on the same road and number', () => {
    const gates = new Map(city.addresses.filter((a) => a.kind === 'poi').map((a) => [`${a.road}/${a.houseNumber}`, a]));
    for (const b of city.addresses.filter((a) => a.kind === 'building')) {
      const gate = gates.get(`${b.road}/${b.houseNumber}`);
      assert.ok(gate?.poiName, `${b.id} has no gate`);
      assert.equal(b.gridCode, gate.gridCode, `${b.id} outside its compound's grid`);
    }
  });

  it('puts odd numbers on the left of the road and even on the right, increasing along it', () => {
    const plates = new Map<string, { n: number; along: number; side: number }[]>();
    for (const a of city.addresses) {
      if (a.kind === 'building') continue;
      const road = roadByName.get(a.road)!;
      const { along, side } = project(
        road.geometry.coordinates.map((c) => toMetres(c[0]!, c[1]!)),
        toMetres(a.lon, a.lat),
      );
      assert.equal(side > 0, Number(a.houseNumber) % 2 === 1, `${a.fullAddress} on the wrong side`);
      const list = plates.get(a.road) ?? [];
      list.push({ n: Number(a.houseNumber), along, side });
      plates.set(a.road, list);
    }
    for (const [road, list] of plates) {
      for (const parity of [0, 1]) {
        const side = list.filter((p) => p.n % 2 === parity).sort((p, q) => p.n - q.n);
        for (let i = 1; i < side.length; i++)
          assert.ok(side[i]!.along > side[i - 1]!.along, `${road} ${side[i]!.n}号 before ${side[i - 1]!.n}号`);
      }
    }
  });

  it('names places plausibly and places each 居民委员会 in its own community', () => {
    const pois = city.addresses.filter((a) => a.kind === 'poi');
    const names = pois.map((a) => a.poiName!);
    assert.equal(new Set(names).size, names.length);
    for (const n of ['示范市人民政府', '示范市第一人民医院', '示范市第一中学']) assert.ok(names.includes(n), n);
    for (const c of city.areas.filter((a) => a.level === 'community')) {
      const office = pois.find((a) => a.poiName === `${c.name}居民委员会`);
      assert.ok(office, `${c.name}居民委员会`);
      assert.equal(office.communityCode, c.code);
    }
  });
});

/** Arc-length position of the nearest point on a path, and the side (+1 left, -1 right). */
function project(path: [number, number][], [x, y]: [number, number]): { along: number; side: number } {
  let best = Infinity;
  let along = 0;
  let side = 0;
  let start = 0;
  for (let i = 1; i < path.length; i++) {
    const [ax, ay] = path[i - 1]!;
    const [bx, by] = path[i]!;
    const dx = bx - ax;
    const dy = by - ay;
    const len = Math.hypot(dx, dy);
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (len * len)));
    const d = Math.hypot(ax + t * dx - x, ay + t * dy - y);
    if (d < best) {
      best = d;
      along = start + t * len;
      side = Math.sign(dx * (y - ay) - dy * (x - ax));
    }
    start += len;
  }
  return { along, side };
}
