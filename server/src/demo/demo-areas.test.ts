import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Position } from 'geojson';
import type { DemoArea } from './demo-city-types.js';
import { generateDemoCity } from './generate-demo-city.js';
import { generateAreas } from './demo-areas.js';
import { geometryArea, METRES_PER_DEG_LAT, METRES_PER_DEG_LON, polygonsOf, ringSignedArea, round7 } from './demo-geometry.js';

const city = generateDemoCity();
const byCode = new Map(city.areas.map((a) => [a.code, a]));
const level = (l: DemoArea['level']): DemoArea[] => city.areas.filter((a) => a.level === l);
const childrenOf = (code: string): DemoArea[] => city.areas.filter((a) => a.parentCode === code);
const CODE_LENGTH = { city: 6, district: 6, street: 9, community: 12, grid: 15 } as const;

describe('demo areas: codes and hierarchy', () => {
  it('codes the city 330799 and its districts 330791..330794', () => {
    assert.deepEqual(
      level('city').map((a) => a.code),
      ['330799'],
    );
    assert.deepEqual(
      level('district').map((a) => a.code),
      ['330791', '330792', '330793', '330794'],
    );
  });

  it('gives every area a unique code of its level length, all digits', () => {
    assert.equal(byCode.size, city.areas.length);
    for (const a of city.areas) assert.match(a.code, new RegExp(`^\\d{${CODE_LENGTH[a.level]}}$`), a.code);
  });

  it('gives every area but the city an existing parent one level up whose code prefixes its own', () => {
    const up = { district: 'city', street: 'district', community: 'street', grid: 'community' } as const;
    for (const a of city.areas) {
      if (a.level === 'city') {
        assert.equal(a.parentCode, null);
        continue;
      }
      const parent = byCode.get(a.parentCode!);
      assert.ok(parent, `parent of ${a.code}`);
      assert.equal(parent.level, up[a.level]);
      if (a.level !== 'district') assert.ok(a.code.startsWith(parent.code), `${a.code} under ${parent.code}`);
    }
  });

  it('numbers children with consecutive 3-digit sequences starting at 001', () => {
    for (const parent of city.areas.filter((a) => a.level !== 'city' && a.level !== 'grid')) {
      const seqs = childrenOf(parent.code).map((c) => Number(c.code.slice(-3)));
      assert.deepEqual(
        seqs,
        seqs.map((_, i) => i + 1),
        parent.code,
      );
    }
  });

  it('names areas with unique names and grids <社区名>第NNN网格', () => {
    for (const l of ['district', 'street', 'community'] as const) {
      const names = level(l).map((a) => a.name);
      assert.equal(new Set(names).size, names.length, l);
    }
    for (const s of level('street')) assert.match(s.name, /街道$/);
    for (const c of level('community')) assert.match(c.name, /社区$/);
    for (const g of level('grid')) assert.equal(g.name, `${byCode.get(g.parentCode!)!.name}第${g.code.slice(-3)}网格`);
  });

  it('numbers grids west→east within a lattice row, rows north→south', () => {
    const { lattice, grids } = generateAreas(20261122);
    const cellOf = (code: string) => lattice.cells[grids.find((g) => g.code === code)!.cellIndex]!;
    for (const c of level('community')) {
      const cells = childrenOf(c.code).map((g) => cellOf(g.code));
      for (let i = 1; i < cells.length; i++) {
        const a = cells[i - 1]!;
        const b = cells[i]!;
        assert.ok(b.row > a.row || (b.row === a.row && b.col > a.col), `${c.code} grid ${i + 1}`);
      }
    }
    // ...and lattice rows do run north→south, columns west→east, on the map.
    for (const g of grids) {
      const cell = lattice.cells[g.cellIndex]!;
      const [lon, lat] = centroid(g.geometry.coordinates[0]!);
      const east = grids.find((o) => lattice.cells[o.cellIndex]!.row === cell.row && lattice.cells[o.cellIndex]!.col === cell.col + 1);
      if (east) assert.ok(centroid(east.geometry.coordinates[0]!)[0] > lon, `${east.code} east of ${g.code}`);
      const south = grids.find((o) => lattice.cells[o.cellIndex]!.row === cell.row + 1 && lattice.cells[o.cellIndex]!.col === cell.col);
      if (south) assert.ok(centroid(south.geometry.coordinates[0]!)[1] < lat, `${south.code} south of ${g.code}`);
    }
  });
});

describe('demo areas: geometry', () => {
  it('makes every area one Polygon (contiguous) with closed rings, CCW outer and CW holes', () => {
    for (const a of city.areas) {
      assert.equal(a.geometry.type, 'Polygon', `${a.code} is not contiguous`);
      for (const polygon of polygonsOf(a.geometry)) {
        polygon.forEach((ring, i) => {
          assert.ok(ring.length >= 4);
          assert.deepEqual(ring[0], ring[ring.length - 1], `${a.code} ring not closed`);
          assert.equal(ringSignedArea(ring) > 0, i === 0, `${a.code} ring ${i} winding`);
        });
      }
    }
  });

  it('rounds every coordinate to 7 decimals', () => {
    for (const a of city.areas) {
      for (const ring of polygonsOf(a.geometry).flat()) for (const p of ring) assert.ok(round7(p[0]!) === p[0] && round7(p[1]!) === p[1]);
    }
  });

  it('sizes unit grids like 250–350 m cells (0.05–0.15 km²)', () => {
    for (const g of level('grid')) {
      const km2 = (geometryArea(g.geometry) * METRES_PER_DEG_LON * METRES_PER_DEG_LAT) / 1e6;
      assert.ok(km2 > 0.05 && km2 < 0.15, `${g.code}: ${km2} km²`);
    }
  });

  it('makes each area exactly as large as the sum of its children (within 1e-9 relative)', () => {
    for (const parent of city.areas.filter((a) => a.level !== 'grid')) {
      const sum = childrenOf(parent.code).reduce((s, c) => s + geometryArea(c.geometry), 0);
      const own = geometryArea(parent.geometry);
      assert.ok(Math.abs(sum - own) / own < 1e-9, `${parent.code}: ${own} vs ${sum}`);
    }
  });

  it('tiles the city seamlessly: each grid edge is shared, reversed, by exactly one neighbour or lies on the city boundary', () => {
    const edges = new Map<string, number>();
    const key = (a: Position, b: Position): string => `${a[0]},${a[1]}>${b[0]},${b[1]}`;
    for (const g of level('grid')) {
      const ring = polygonsOf(g.geometry)[0]![0]!;
      for (let i = 1; i < ring.length; i++) {
        const k = key(ring[i - 1]!, ring[i]!);
        assert.ok(!edges.has(k), `edge ${k} used twice in the same direction (overlap)`);
        edges.set(k, 1);
      }
    }
    const cityEdges = new Set<string>();
    const cityRing = polygonsOf(level('city')[0]!.geometry)[0]![0]!;
    for (let i = 1; i < cityRing.length; i++) cityEdges.add(key(cityRing[i - 1]!, cityRing[i]!));
    let boundary = 0;
    for (const k of edges.keys()) {
      const [a, b] = k.split('>');
      if (edges.has(`${b}>${a}`)) continue;
      assert.ok(cityEdges.has(k), `edge ${k} has no neighbour and is not on the city boundary (gap)`);
      boundary++;
    }
    assert.equal(boundary, cityEdges.size);
  });

  it('shares every interior grid vertex between at least two grids', () => {
    const uses = new Map<string, number>();
    for (const g of level('grid')) {
      const ring = polygonsOf(g.geometry)[0]![0]!;
      for (const p of ring.slice(1)) uses.set(`${p[0]},${p[1]}`, (uses.get(`${p[0]},${p[1]}`) ?? 0) + 1);
    }
    const onBoundary = new Set(polygonsOf(level('city')[0]!.geometry)[0]![0]!.map((p) => `${p[0]},${p[1]}`));
    for (const [v, n] of uses) if (!onBoundary.has(v)) assert.ok(n >= 2, `vertex ${v} used by ${n} grid`);
  });
});

function centroid(ring: readonly Position[]): [number, number] {
  let x = 0;
  let y = 0;
  for (const p of ring.slice(1)) {
    x += p[0]!;
    y += p[1]!;
  }
  return [x / (ring.length - 1), y / (ring.length - 1)];
}
