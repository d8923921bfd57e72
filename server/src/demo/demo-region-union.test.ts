import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Polygon } from 'geojson';
import { SeededRandom } from './seeded-random.js';
import { buildLattice, ringOf } from './demo-lattice.js';
import { unionOfCells } from './demo-region-union.js';
import { geometryArea, pointInGeometry, polygonsOf, ringSignedArea } from './demo-geometry.js';

const lattice = buildLattice(new SeededRandom(1));
const at = (row: number, col: number): number => row * lattice.cols + col;
const cellArea = (i: number): number => ringSignedArea(ringOf(lattice, lattice.cells[i]!.vertices));

describe('unionOfCells', () => {
  it('merges two neighbouring cells into one ring with their summed area', () => {
    const cells = [at(10, 10), at(10, 11)];
    const union = unionOfCells(lattice, cells);
    assert.equal(union.type, 'Polygon');
    assert.equal((union as Polygon).coordinates.length, 1);
    const sum = cellArea(cells[0]!) + cellArea(cells[1]!);
    assert.ok(Math.abs(geometryArea(union) - sum) / sum < 1e-12);
  });

  it('returns a clockwise hole for a ring of cells around a missing one', () => {
    const ring: number[] = [];
    const centre = at(20, 20);
    for (const n of [centre, ...lattice.neighbours[centre]!]) {
      for (const m of lattice.neighbours[n]!) if (m !== centre && !ring.includes(m)) ring.push(m);
    }
    const union = unionOfCells(lattice, ring);
    assert.equal(union.type, 'Polygon');
    const [outer, hole] = (union as Polygon).coordinates;
    assert.ok(ringSignedArea(outer!) > 0);
    assert.ok(hole && ringSignedArea(hole) < 0, 'hole is clockwise');
    assert.ok(Math.abs(-ringSignedArea(hole) - cellArea(centre)) / cellArea(centre) < 1e-12, 'hole is the missing cell');
    const c = lattice.cells[centre]!.vertices.map((v) => [lattice.lon[v]!, lattice.lat[v]!]);
    const [lon, lat] = [c.reduce((s, p) => s + p[0]!, 0) / 6, c.reduce((s, p) => s + p[1]!, 0) / 6];
    assert.equal(pointInGeometry(union, lon, lat), false);
  });

  it('returns a MultiPolygon for cells that do not touch', () => {
    const union = unionOfCells(lattice, [at(5, 5), at(30, 30)]);
    assert.equal(union.type, 'MultiPolygon');
    assert.equal(polygonsOf(union).length, 2);
  });

  it('never produces a self-touching ring: every lattice vertex joins at most three cells', () => {
    const uses = new Map<number, number>();
    for (const c of lattice.cells) for (const v of c.vertices) uses.set(v, (uses.get(v) ?? 0) + 1);
    assert.ok(Math.max(...uses.values()) <= 3);
    // A diagonal pair, which on a square lattice would pinch at a shared corner.
    assert.doesNotThrow(() => unionOfCells(lattice, [at(11, 11), at(12, 12), at(12, 11)]));
  });
});

describe('demo geometry', () => {
  it('tells points inside a polygon from points in its hole and outside', () => {
    const square: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [4, 0],
          [4, 4],
          [0, 4],
          [0, 0],
        ],
        [
          [1, 1],
          [1, 3],
          [3, 3],
          [3, 1],
          [1, 1],
        ],
      ],
    };
    assert.equal(pointInGeometry(square, 0.5, 0.5), true);
    assert.equal(pointInGeometry(square, 2, 2), false);
    assert.equal(pointInGeometry(square, 5, 2), false);
    assert.equal(geometryArea(square), 12);
  });
});
